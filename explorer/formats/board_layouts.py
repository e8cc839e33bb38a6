"""Saved Reddit thread pages and imageboard threads, read from their markup.

old.reddit nests each ``div.thing.comment`` in the ``child`` list of the comment it
answers; new Reddit's ``shreddit-comment`` elements name their parent (``parentid``) and
depth. Both give the author, the time and the score, and count the thread's comments,
so a page that folded some ("load more comments") warns how many of how many it shows.
4chan (``div.postContainer``) and vichan (``div.post.reply``) threads are flat: as in
the imageboard JSON reader, a reply's first ``>>N`` link to a post on the page is its
stated parent, one without answers the opening post.
"""

from __future__ import annotations

import re

from .imageboard import LINK
from .pagemarkup import (
    Element,
    Layout,
    Page,
    classed,
    first,
    has_class,
    markup_text,
    read_time,
    stated_number,
    words,
)
from .records import Record

_DELETED = ("[deleted]", "[removed]")


def _score(value: str | None) -> int | None:
    match = re.fullmatch(r"\s*(-?\d+)\s*", value or "")
    return int(match.group(1)) if match else None


def _record(label: str, text: str, author: str, published: str | None,
            meta: dict, post: bool = False) -> Record:
    if text.strip() in _DELETED or not text.strip():
        meta["deleted"] = True
        text = text.strip() or _DELETED[0]
    if author in _DELETED:
        author = ""
    return Record(label=label, text=text, author=author or None, published=read_time(published),
                  post=post, stated=True, meta={k: v for k, v in meta.items() if v is not None})


class OldReddit(Layout):
    """old.reddit.com: ``div.thing.comment`` with ``data-fullname``, nested in ``child``."""

    name = "Reddit"
    platform = "reddit"

    def find(self, document: Element) -> list[Element]:
        return [thing for thing in classed(document, "comment", tag="div")
                if has_class(thing, "thing") and (thing.get("data-fullname") or "")
                .startswith("t1_")]

    def label(self, element: Element) -> str:
        return element.get("data-fullname").removeprefix("t1_")

    def comment(self, element: Element) -> Record:
        entry = first(element, "entry")
        entry = element if entry is None else entry
        tagline = first(entry, "tagline")
        stamps = tagline.xpath(".//time/@datetime") if tagline is not None else []
        author = element.get("data-author") or words(first(entry, "author"))
        score = first(entry, "unvoted", tag="span")
        meta = {"score": _score(score.get("title") if score is not None else None)}
        body = first(entry, "md")
        return _record(self.label(element), markup_text(body), author,
                       stamps[0] if stamps else None, meta)

    def post(self, page: Page) -> Record | None:
        link = self._link(page)
        if link is None:
            return None
        stamps = [stamp for tagline in classed(link, "tagline")
                  for stamp in tagline.xpath(".//time/@datetime")]
        title = first(link, "title", tag="a")
        body = first(link, "md")
        text = "\n\n".join(part for part in (words(title), markup_text(body)) if part)
        return _record("post", text, link.get("data-author") or "",
                       stamps[0] if stamps else None,
                       {"score": _score(link.get("data-score"))}, post=True)

    def _link(self, page: Page) -> Element | None:
        links = [thing for thing in classed(page.document, "link", tag="div")
                 if (thing.get("data-fullname") or "").startswith("t3_")]
        return links[0] if links else None

    def stated_count(self, page: Page) -> int | None:
        link = self._link(page)
        count = link.get("data-comments-count") if link is not None else None
        return int(count) if count and count.isdecimal() else None

    def more_pages(self, page: Page) -> bool:
        """"load more comments" and, past the tenth level, "continue this thread"."""
        return bool(classed(page.document, "morechildren", "morecomments", "deepthread"))

    def thread_id(self, page: Page) -> str | None:
        link = self._link(page)
        return link.get("data-fullname").removeprefix("t3_") if link is not None else None


class NewReddit(Layout):
    """reddit.com since 2023: ``shreddit-comment`` elements naming their ``parentid``."""

    name = "Reddit"
    platform = "reddit"

    def find(self, document: Element) -> list[Element]:
        return document.xpath("descendant::shreddit-comment[@thingid]")

    def parents(self, elements: list[Element]) -> list[int | None]:
        position = {element.get("thingid"): index for index, element in enumerate(elements)}
        return [position.get(element.get("parentid")) for element in elements]

    def label(self, element: Element) -> str:
        return element.get("thingid").removeprefix("t1_")

    def comment(self, element: Element) -> Record:
        body = element.xpath("./*[@slot='comment']")
        stamps = element.xpath(".//faceplate-timeago/@ts | .//time/@datetime")
        meta = {"score": _score(element.get("score")), "depth": _score(element.get("depth"))}
        text = markup_text(body[0]) if body else ""
        if element.get("is-comment-deleted") == "true" or (not body and element.get(
                "author") in _DELETED):
            text = text or _DELETED[0]
        return _record(self.label(element), text, element.get("author") or "",
                       stamps[0] if stamps else None, meta)

    def post(self, page: Page) -> Record | None:
        posts = page.document.xpath("descendant::shreddit-post")
        if not posts:
            return None
        shown = posts[0]
        body = shown.xpath(".//*[@slot='text-body']")
        text = "\n\n".join(part for part in (shown.get("post-title") or "",
                                             markup_text(body[0]) if body else "") if part)
        return _record("post", text, shown.get("author") or "", shown.get("created-timestamp"),
                       {"score": _score(shown.get("score"))}, post=True)

    def stated_count(self, page: Page) -> int | None:
        counts = page.document.xpath("descendant::shreddit-post/@comment-count")
        return stated_number(counts[0]) if counts else None

    def more_pages(self, page: Page) -> bool:
        return bool(page.document.xpath(
            "descendant::faceplate-partial[contains(@src, 'more-comments')]"))

    def thread_id(self, page: Page) -> str | None:
        ids = page.document.xpath("descendant::shreddit-post/@id")
        return ids[0].removeprefix("t3_") if ids else None

    def title(self, page: Page) -> str | None:
        titles = page.document.xpath("descendant::shreddit-post/@post-title")
        return titles[0] if titles else page.title()


class Imageboard(Layout):
    """4chan (``div.postContainer``) and vichan (``div.post.op``, ``div.post.reply``)."""

    name = "4chan, vichan"
    platform = "imageboard"
    _ID = re.compile(r"^(?:pc|op_|reply_)(\d+)$")

    def find(self, document: Element) -> list[Element]:
        """Every post but the first opening post, which is the page's post; a thread without
        replies is found by its opening post, read as the thread's post alone. (A board's
        index shows several threads: their other opening posts are comments, not lost.)"""
        posts = self._posts(document)
        first = self._first_opening(posts)
        return [post for post in posts if post is not first] or posts

    def _posts(self, document: Element) -> list[Element]:
        return [post for post in document.xpath("descendant::div[@id]")
                if self._ID.match(post.get("id")) and (
                    has_class(post, "postContainer") or has_class(post, "post"))]

    def _opening(self, element: Element) -> bool:
        return has_class(element, "opContainer") or has_class(element, "op")

    def _first_opening(self, posts: list[Element]) -> Element | None:
        return next((post for post in posts if self._opening(post)), None)

    def post(self, page: Page) -> Record | None:
        posts = self._posts(page.document)
        first = self._first_opening(posts)
        if first is None or len(posts) == 1:
            return None  # none, or the opening post alone, which ``find`` found
        return self._record(first, "post")

    def label(self, element: Element) -> str:
        return self._ID.match(element.get("id")).group(1)

    def parents(self, elements: list[Element]) -> list[int | None]:
        position = {self.label(element): index for index, element in enumerate(elements)}
        parents: list[int | None] = []
        for index, element in enumerate(elements):
            body = self._body(element)
            links = LINK.findall(words(body)) if body is not None else []
            linked = [position[number] for number in links
                      if position.get(number) is not None and position[number] != index]
            parents.append(linked[0] if linked else None)
        return parents

    def _body(self, element: Element) -> Element | None:
        message = first(element, "postMessage")
        return message if message is not None else first(element, "body", tag="div")

    def comment(self, element: Element) -> Record:
        # Only the first opening post is ever the post, and only when found alone: the
        # posts after it are read (and cut out) first.
        alone = self._opening(element) and self._first_opening(
            self._posts(element.getroottree().getroot())) is element
        return self._record(element, "post" if alone else "comment")

    def _record(self, element: Element, kind: str) -> Record:
        body = self._body(element)
        name = first(element, "name", tag="span")
        trip = first(element, "postertrip", "trip")
        author = " ".join(part for part in (words(name), words(trip)) if part)
        stamps = element.xpath(".//*[@data-utc]/@data-utc | .//time/@datetime")
        files = [words(link) for box in classed(element, "fileText", "fileinfo")
                 for link in box.iterchildren("a")]
        text = "\n".join([f"[image: {shown}]" for shown in files if shown]
                          + [markup_text(body)])
        return _record(self.label(element), text.strip(), author,
                       stamps[0] if stamps else None, {}, post=kind == "post")

    def thread_id(self, page: Page) -> str | None:
        for shown in (box.get("id") or "" for box in classed(page.document, "thread", tag="div")):
            match = re.fullmatch(r"t(?:hread_)?(\d+)", shown)  # 4chan "t100", vichan "thread_1"
            if match:
                return match.group(1)
        return None

    def title(self, page: Page) -> str | None:
        subject = first(page.document, "subject", tag="span")
        return words(subject) or page.title()


LAYOUTS: tuple[Layout, ...] = (OldReddit(), NewReddit(), Imageboard())
