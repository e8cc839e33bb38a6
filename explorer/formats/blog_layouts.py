"""Saved-page layouts of more blog engines: Drupal, SPIP and PIXNET (痞客邦).

Drupal (7 and later) marks each comment's place with an empty ``<a id="comment-N">``
before its ``comment`` block and indents replies in a ``div.indented`` right after the
comment they answer. SPIP, the CMS of many French sites, lists its forum as
``li.comment-li`` items (replies nested in the item they answer) with the name after a
localised "par" in ``span.reviewer``. PIXNET, Taiwan's largest blog host, prints each comment as a
``ul.single-post`` (name, ``於 2017/01/18 14:41``, text) with the blogger's answer inside
it as ``li.reply-text``: that answer is a reply node of its own.
"""

from __future__ import annotations

import re

from .pagemarkup import (
    Element,
    Layout,
    Page,
    apart_from_comments,
    classed,
    drop,
    first,
    first_of,
    has_class,
    markup_text,
    read_time,
    stamped_time,
    tagged,
    words,
)
from .records import Record


def _post(page: Page, *names: str) -> Record | None:
    """The post's text from the first body of these classes apart from the comments."""
    for name in names:
        for body in classed(page.document, name):
            if apart_from_comments(body):
                published = read_time(page.meta("article:published_time"))
                return Record(label="post", text=markup_text(body), author=page.meta("author"),
                              published=published, post=True, stated=True)
    return None


class Drupal(Layout):
    """Drupal: ``<a id="comment-N"></a>`` then the comment, replies in ``div.indented``."""

    name = "Drupal"
    _ID = re.compile(r"^comment-(\d+)$")

    def find(self, document: Element) -> list[Element]:
        found = []
        for anchor in document.xpath("//a[starts-with(@id, 'comment-')]"):
            block = anchor.getnext()
            if (self._ID.match(anchor.get("id")) and len(anchor) == 0
                    and not (anchor.text or "").strip() and block is not None
                    and has_class(block, "comment")):
                block.set("data-explorer-label", self._ID.match(anchor.get("id")).group(1))
                found.append(block)
        return found

    def parents(self, elements: list[Element]) -> list[int | None]:
        """A comment in ``div.indented`` answers the comment just before that block."""
        position = {id(element): index for index, element in enumerate(elements)}
        parents: list[int | None] = []
        for element in elements:
            parent = None
            for indented in element.iterancestors():
                if has_class(indented, "indented"):
                    before = indented.getprevious()
                    while before is not None and id(before) not in position:
                        before = before.getprevious()
                    parent = position[id(before)] if before is not None else None
                    break
            parents.append(parent)
        return parents

    def label(self, element: Element) -> str:
        return element.get("data-explorer-label") or ""

    def comment(self, element: Element) -> Record:
        # Drupal 8 themes stamp Unix seconds on a hidden mark; others print a time element.
        stamps = [node.get("data-comment-timestamp") or node.get("datetime")
                  for node in element.iter() if isinstance(node.tag, str)
                  and (node.get("data-comment-timestamp") or node.tag == "time"
                       and node.get("datetime"))]
        printed = words(first_of(element, "submitted", "comment__time", "comment-meta",
                                 "meta", "date"))
        published = stamped_time(str(stamps[0]) if stamps else None, printed)
        author = words(first_of(element, "username", "comment__author", "comment-author",
                                "author"))
        body = first_of(element, "field-comment-body", "field--name-comment-body",
                        "comment-body", "content")
        if body is None:
            body = element
        drop(body, "links", "comment-reply", "submitted", "username", "user-picture")
        return Record(label=self.label(element), text=markup_text(body),
                      author=author or None, published=published, stated=True)

    def post(self, page: Page) -> Record | None:
        return _post(page, "field-name-body", "field--name-body", "node-content")

    def more_pages(self, page: Page) -> bool:
        return any(classed(comments, "pager") for comments in page.document.xpath(
            "//*[@id='comments']"))


class Spip(Layout):
    """SPIP's forum under an article: ``li.comment-li`` with ``a#commentN`` and a hReview."""

    name = "SPIP"
    item_class = "comment-li"
    _ID = re.compile(r"^(?:comment|forum)(\d+)$")
    # "par Horus", "by Horus": the one word before the name, in SPIP's languages.
    _BY = re.compile(r"^(?:par|by|von|de|di|door|por|av|af|przez|от|da)\s+", re.IGNORECASE)

    def find(self, document: Element) -> list[Element]:
        return [item for item in classed(document, self.item_class, tag="li")
                if any(self._ID.match(a) for a in item.xpath("./a/@id"))]

    def label(self, element: Element) -> str:
        return next(m.group(1) for m in map(self._ID.match, element.xpath("./a/@id")) if m)

    def comment(self, element: Element) -> Record:
        stamps = tagged(element, "time")
        published = stamped_time(stamps[0].get("datetime") if stamps else None,
                                 words(stamps[0]) if stamps else None)
        reviewer = first(element, "reviewer")
        if reviewer is not None:
            drop(reviewer, "sep")
        author = self._BY.sub("", words(reviewer).lstrip(", "))
        return Record(label=self.label(element),
                      text=markup_text(first(element, "comment-content")),
                      author=author or None, published=published, stated=True)


class Pixnet(Layout):
    """PIXNET blogs: ``ul.single-post`` per comment, the blogger's answer in ``reply-text``."""

    name = "PIXNET"
    _NAME = re.compile(r"^comment-(\d+)$")

    def find(self, document: Element) -> list[Element]:
        posts = [post for post in classed(document, "single-post", tag="ul")
                 if any(has_class(item, "post-text") for item in post.iterchildren("li"))]
        found = []
        for place, post in enumerate(posts, start=1):
            anchors = (link.get("name") or "" for link in tagged(post, "a"))
            names = [m.group(1) for m in map(self._NAME.match, anchors) if m]
            # A private comment ("悄悄話", class "secret") shows no anchor: its place names it.
            label = names[0] if names else f"private-{place}"
            post.set("data-explorer-label", label)
            found.append(post)
            for answer in classed(post, "reply-text", tag="li"):
                answer.set("data-explorer-label", f"{label}-reply")
                found.append(answer)
        return found

    def label(self, element: Element) -> str:
        return element.get("data-explorer-label") or ""

    def comment(self, element: Element) -> Record:
        if element.tag == "li":  # the blogger's answer: text, then "name 於 date 回覆"
            signature = element.xpath("./p[last()]")
            said = words(signature[0]) if signature else ""
            names = tagged(signature[0], "a") if signature else []
            if signature:
                signature[0].drop_tree()
            return Record(label=self.label(element), text=markup_text(element),
                          author=words(names[0]) if names else None,
                          published=stamped_time(None, said), stated=True)
        return Record(
            label=self.label(element), text=markup_text(first(element, "post-text")),
            author=words(first(element, "user-name")) or None,
            published=stamped_time(None, words(first(element, "post-time"))), stated=True,
            meta={"private": True} if has_class(element, "secret") else None,
        )

    def post(self, page: Page) -> Record | None:
        return _post(page, "article-content-inner", "article-content")
