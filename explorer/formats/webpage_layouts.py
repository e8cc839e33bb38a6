"""The comment layouts of saved pages: where each site's markup puts a comment and its parts.

A layout finds the comment elements of a page (in document order), the parent each
stands under, each one's fields and the page's post. Nesting is the page's own: the
nearest enclosing comment (WordPress' ``children`` lists, Blogger's reply threads,
Disqus' ``children``), or on Hacker News the indent width of each row. Class names are
matched as whole words of the ``class`` attribute, never by searching the markup.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from ..text import parse_datetime
from .htmltext import html_to_text
from .records import Record, parse_time

Element = Any  # an lxml.html element; lxml is imported only where a page is read


def _has_class(element: Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def _classed(element: Element, *names: str, tag: str = "*") -> list[Element]:
    """Descendants (the element too) of ``tag`` carrying any of the classes, in order."""
    tests = " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in names
    )
    return element.xpath(f"descendant-or-self::{tag}[{tests}]")


def _first(element: Element, *names: str, tag: str = "*") -> Element | None:
    found = _classed(element, *names, tag=tag)
    return found[0] if found else None


def _words(element: Element | None) -> str:
    """An element's text as one line: what a name or a date reads as on screen."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _markup_text(element: Element | None, *furniture: str) -> str:
    """An element's text through the HTML converter, without its furniture (reply links)."""
    if element is None:
        return ""
    import lxml.html

    for part in _classed(element, *furniture) if furniture else []:
        if part is not element and part.getparent() is not None:
            part.drop_tree()
    return html_to_text(lxml.html.tostring(element, encoding="unicode", with_tail=False))


def read_time(value: str | None) -> datetime | None:
    """A time as pages give it: ISO or Unix in an attribute, else a printed date."""
    if not value or not value.strip():
        return None
    try:
        moment = parse_time(value.strip())
    except ValueError:
        return parse_datetime(value)
    return moment


_NUMBER = re.compile(r"\d[\d,.\u00a0 ]*")
_SHOW_COMMENT = re.compile(r"[?&]showComment=(\d{10,14})")


def _stated_number(text: str) -> int | None:
    """The first number of a heading ("142 comments", "1 comentario:", "21 thoughts on")."""
    match = _NUMBER.search(text)
    if not match:
        return None
    digits = re.sub(r"\D", "", match.group(0))
    return int(digits) if digits and len(digits) < 9 else None


class Page:
    """A parsed page and where it came from."""

    def __init__(self, document: Element, source: str | None) -> None:
        self.document = document
        self.source = source

    def meta(self, *names: str) -> str | None:
        for name in names:
            for attribute in ("property", "name", "itemprop"):
                found = self.document.xpath(f"//meta[@{attribute}='{name}']/@content")
                if found and found[0].strip():
                    return found[0].strip()
        return None

    def canonical(self) -> str | None:
        links = self.document.xpath("//link[@rel='canonical']/@href")
        return (links[0].strip() if links else None) or self.meta("og:url")

    def title(self) -> str | None:
        titles = self.document.xpath("//title")
        return self.meta("og:title") or (_words(titles[0]) if titles else None) or None


class Layout:
    """A site's comment markup. Subclasses say where comments and their parts are."""

    platform = "blog"
    label_pattern = re.compile(r"(\d+)$")
    item_class = ""
    id_pattern = re.compile(r"$^")

    def find(self, document: Element) -> list[Element]:
        """The comments: ``<li>`` items of ``item_class`` whose id fits ``id_pattern``."""
        return [element for element in _classed(document, self.item_class, tag="li")
                if self.id_pattern.match(element.get("id") or "")]

    def parents(self, elements: list[Element]) -> list[int | None]:
        """The index of the comment each one stands in, None at top level."""
        position = {id(element): index for index, element in enumerate(elements)}
        parents: list[int | None] = []
        for element in elements:
            parent = None
            for ancestor in element.iterancestors():
                if id(ancestor) in position:
                    parent = position[id(ancestor)]
                    break
            parents.append(parent)
        return parents

    def label(self, element: Element) -> str:
        match = self.label_pattern.search(element.get("id") or "")
        return match.group(1) if match else (element.get("id") or "")

    def comment(self, element: Element) -> Record:
        raise NotImplementedError

    def post(self, page: Page) -> Record | None:
        return None

    def stated_count(self, page: Page) -> int | None:
        return None

    def more_pages(self, page: Page) -> bool:
        return False

    def paging(self, page: Page, found: int) -> list[str]:
        """Warnings when the page shows part of its comments."""
        problems = []
        stated = self.stated_count(page)
        if stated is not None and stated > found:
            problems.append(
                f"the page says {stated} comments and shows {found} ({found} of {stated} "
                "shown): the rest are on other pages or folded; save each page to read them all"
            )
        elif self.more_pages(page):
            problems.append(
                f"the page links to more comments; only the {found} it shows are read"
            )
        return problems

    def thread_id(self, page: Page) -> str | None:
        return None

    def title(self, page: Page) -> str | None:
        return page.title()


class WordPress(Layout):
    """WordPress themes: ``<li id="comment-N">`` (or article/div), replies in ``children``."""

    _ID = re.compile(r"^comment-(\d+)$")
    _FURNITURE = ("reply", "comment-reply-link", "comment-author", "comment-meta",
                  "comment-metadata", "commentmetadata", "says", "avatar", "edit-link",
                  "comment-likes")

    def find(self, document: Element) -> list[Element]:
        return [
            element for element in document.iter()
            if isinstance(element.tag, str) and self._ID.match(element.get("id") or "")
        ]

    def comment(self, element: Element) -> Record:
        author_box = _first(element, "comment-author", "vcard")
        name = _first(author_box, "fn") if author_box is not None else _first(element, "fn")
        author = _words(name if name is not None else author_box)
        if name is None and author_box is not None:
            author = re.sub(r"\s*\S*\s*:$", "", author)  # "Jane says:", "Jean dit :"
        stamps = element.xpath(".//time[@datetime]")
        published = read_time(stamps[0].get("datetime")) if stamps else None
        if published is None:
            published = read_time(_words(_first(element, "comment-metadata", "comment-meta",
                                               "commentmetadata")))
        body = _first(element, "comment-content", "comment-text", "comment-body")
        text = _markup_text(body if body is not None else element, *self._FURNITURE)
        classes = (element.get("class") or "").split()
        kind = next((name for name in ("pingback", "trackback") if name in classes), "comment")
        return Record(
            label=self.label(element), text=text, author=author or None,
            published=published, stated=True, meta={"comment_type": kind},
        )

    def post(self, page: Page) -> Record | None:
        body = _first(page.document, "entry-content", "post-content", "entry")
        if body is None:
            return None
        stamps = page.document.xpath("//time[contains(@class, 'entry-date')]/@datetime")
        published = read_time(stamps[0] if stamps else page.meta("article:published_time"))
        author = _words(_first(page.document, "author", tag="span")) or page.meta("author")
        return Record(label="post", text=_markup_text(body, "sharedaddy", "jp-relatedposts"),
                      author=author or None, published=published, post=True, stated=True)

    def stated_count(self, page: Page) -> int | None:
        # Themes title the list by class or, since Twenty Ten, by id.
        headings = _classed(page.document, "comments-title", "comment-title") or \
            page.document.xpath("//*[@id='comments-title']")
        return _stated_number(_words(headings[0])) if headings else None

    def more_pages(self, page: Page) -> bool:
        return bool(
            _classed(page.document, "comment-navigation", "comments-pagination")
            or page.document.xpath("//a[contains(@href, '/comment-page-')]")
        )

    def thread_id(self, page: Page) -> str | None:
        articles = page.document.xpath("//article[starts-with(@id, 'post-')]/@id")
        return articles[0].removeprefix("post-") if articles else None


class BloggerThreaded(Layout):
    """Blogger since 2012: ``<li class="comment" id="cN">``, replies in ``comment-replies``."""

    item_class = "comment"
    id_pattern = re.compile(r"^c\d+$")

    def comment(self, element: Element) -> Record:
        author = _words(_first(element, "user", tag="cite"))
        stamp = _first(element, "datetime")
        published = _blogger_time(stamp)
        body = _first(element, "comment-content")
        deleted = body is not None and _first(body, "deleted-comment") is not None
        return Record(
            label=self.label(element), text=_markup_text(body), author=author or None,
            published=published, stated=True, meta={"deleted": True} if deleted else None,
        )

    def post(self, page: Page) -> Record | None:
        return _blogger_post(page)

    def stated_count(self, page: Page) -> int | None:
        return _blogger_count(page)

    def more_pages(self, page: Page) -> bool:
        return any(not _has_class(more, "hidden") for more in _classed(page.document, "loadmore"))

    def thread_id(self, page: Page) -> str | None:
        return page.meta("postId")


class BloggerClassic(Layout):
    """Blogger before 2012: ``<dl id="comments-block">``, a ``dt`` and ``dd``s per comment."""

    _SAID = re.compile(r"\s*\S*(?:\.\.\.|…)\s*$")  # "said...", "dijo...", "a dit…"

    def find(self, document: Element) -> list[Element]:
        return document.xpath("//dl[@id='comments-block']/dt")

    def parents(self, elements: list[Element]) -> list[int | None]:
        return [None] * len(elements)  # the classic layout shows no nesting

    def label(self, element: Element) -> str:
        anchors = element.xpath(".//a[@name]/@name") + [element.get("id") or ""]
        match = next((re.search(r"(\d+)$", a) for a in anchors if re.search(r"\d+$", a)), None)
        return match.group(1) if match else str(element.sourceline or "")

    def comment(self, element: Element) -> Record:
        links = [_words(a) for a in element.xpath(".//a[not(@name)]") if _words(a)]
        author = links[0] if links else self._SAID.sub("", _words(element))
        body = footer = None
        for sibling in element.itersiblings():
            if sibling.tag == "dt":
                break
            if _has_class(sibling, "comment-body") and body is None:
                body = sibling
            elif _has_class(sibling, "comment-footer") and footer is None:
                footer = sibling
        return Record(
            label=self.label(element), text=_markup_text(body, "comment-delete"),
            author=author or None, published=_blogger_time(footer), stated=True,
        )

    def post(self, page: Page) -> Record | None:
        return _blogger_post(page)

    def stated_count(self, page: Page) -> int | None:
        return _blogger_count(page)

    def thread_id(self, page: Page) -> str | None:
        return page.meta("postId")


def _blogger_time(holder: Element | None) -> datetime | None:
    """Blogger's comment link carries the exact time (``showComment=`` milliseconds)."""
    if holder is None:
        return None
    for link in holder.xpath(".//a/@href") + [holder.get("href") or ""]:
        match = _SHOW_COMMENT.search(link)
        if match:
            return read_time(match.group(1))
    return read_time(_words(holder))


def _blogger_post(page: Page) -> Record | None:
    body = _first(page.document, "post-body")
    if body is None:
        return None
    stamps = page.document.xpath(
        "//abbr[contains(@class, 'published')]/@title | //time[@datetime]/@datetime"
    )
    author = _words(_first(page.document, "fn", tag="span")) or _words(
        _first(page.document, "post-author")
    ).removeprefix("Posted by").strip()
    return Record(label="post", text=_markup_text(body), author=author or None,
                  published=read_time(stamps[0]) if stamps else None, post=True, stated=True)


def _blogger_count(page: Page) -> int | None:
    headings = page.document.xpath("//*[@id='comments']/h4")
    return _stated_number(_words(headings[0])) if headings else None


class HackerNews(Layout):
    """Hacker News item pages: a flat table of ``comtr`` rows, nesting by indent width."""

    platform = "hackernews"
    _INDENT = 40  # pixels per level of the spacer image before each comment

    def find(self, document: Element) -> list[Element]:
        return _classed(document, "comtr", tag="tr")

    def parents(self, elements: list[Element]) -> list[int | None]:
        parents: list[int | None] = []
        open_rows: list[tuple[int, int]] = []  # (depth, index) of the rows still open
        for index, element in enumerate(elements):
            depth = self._depth(element)
            while open_rows and open_rows[-1][0] >= depth:
                open_rows.pop()
            parents.append(open_rows[-1][1] if open_rows else None)
            open_rows.append((depth, index))
        return parents

    def _depth(self, row: Element) -> int:
        cell = _first(row, "ind", tag="td")
        if cell is None:
            return 0
        if (cell.get("indent") or "").isdecimal():
            return int(cell.get("indent"))
        widths = cell.xpath(".//img/@width")
        return int(widths[0]) // self._INDENT if widths and widths[0].isdecimal() else 0

    def comment(self, element: Element) -> Record:
        author = _words(_first(element, "hnuser"))
        body = _first(element, "commtext")
        text = _markup_text(body, "reply")
        meta = {"id": element.get("id")}
        if body is None:  # "[deleted]", "[flagged]": the comment box says which
            text = _words(_first(element, "comment")) or "[deleted]"
        if text in ("[deleted]", "[flagged]", "[dead]"):
            meta["deleted"] = True
        return Record(label=self.label(element) or element.get("id"), text=text,
                      author=author or None, published=_hn_time(element), stated=True,
                      meta=meta)

    def post(self, page: Page) -> Record | None:
        rows = page.document.xpath("//table[contains(@class, 'fatitem')]//tr[@id]")
        if not rows:
            return None
        story = rows[0]
        subtext = _first(page.document, "subtext")
        text = _markup_text(_first(page.document, "toptext"))
        return Record(label="post", text=text, author=_words(_first(subtext, "hnuser")) or None
                      if subtext is not None else None,
                      published=_hn_time(subtext) if subtext is not None else None,
                      post=True, stated=True, meta={"id": story.get("id")})

    def stated_count(self, page: Page) -> int | None:
        subtext = _first(page.document, "subtext")
        for link in subtext.xpath(".//a") if subtext is not None else []:
            words = _words(link)
            if re.fullmatch(r"\d+\s+comments?", words):
                return _stated_number(words)
        return None

    def more_pages(self, page: Page) -> bool:
        return bool(_classed(page.document, "morelink"))

    def thread_id(self, page: Page) -> str | None:
        rows = page.document.xpath("//table[contains(@class, 'fatitem')]//tr[@id]/@id")
        return rows[0] if rows else None

    def title(self, page: Page) -> str | None:
        return _words(_first(page.document, "titleline")) or page.title()


def _hn_time(holder: Element) -> datetime | None:
    """HN's ``age`` title: "2025-03-07T22:54:58 1741388098" (UTC, then Unix seconds)."""
    age = _first(holder, "age")
    value = (age.get("title") or "").split() if age is not None else []
    if not value:
        return None
    moment = read_time(value[-1])
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


class Disqus(Layout):
    """Disqus' embedded thread as a browser saves it: ``<li class="post" id="post-N">``."""

    item_class = "post"
    id_pattern = re.compile(r"^post-\d+$")

    def comment(self, element: Element) -> Record:
        stamp = _first(element, "time-ago")
        published = read_time(stamp.get("title")) if stamp is not None else None
        body = _first(element, "post-message")
        content = _first(element, "post-content")
        deleted = body is None or (content is not None and _has_class(content, "deleted"))
        meta = {"deleted": True} if deleted else None
        return Record(
            label=self.label(element), text=_markup_text(body) or "[deleted]",
            author=_words(_first(element, "author")) or None, published=published,
            stated=True, meta=meta,
        )

    def more_pages(self, page: Page) -> bool:
        return any(not _has_class(more, "hidden") for more in _classed(page.document,
                                                                        "load-more"))


from .site_layouts import LAYOUTS as SITE_LAYOUTS  # noqa: E402  (they build on Layout)

LAYOUTS: tuple[Layout, ...] = (*SITE_LAYOUTS, WordPress(), BloggerThreaded(), BloggerClassic(),
                               HackerNews(), Disqus())
"""Tried in order; the first that finds comments reads the page."""
