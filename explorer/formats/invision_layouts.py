"""Saved Invision Community (IPS 4) topic pages, read as the other forums are.

Each post is an ``article`` with ``id="elComment_N"`` (after an ``<a id="comment-N">``
anchor, which is why this layout is tried before WordPress'); its text is the
``commentContent`` box, a quote's "Anna said:" citation becomes a line above it, and the
author pane (post count, rank) and signature are left out. These follow IPS 4's default
theme; no real page was at hand.
"""

from __future__ import annotations

import re
from datetime import datetime

from .forum_layouts import ForumLayout, attribute_quote
from .pagemarkup import Element, classed, cut, first, read_time, words


class Invision(ForumLayout):
    """IPS 4: ``article#elComment_N`` holding ``div[data-role=commentContent]``."""

    name = "Invision"
    _ID = re.compile(r"^elComment_(\d+)$")
    furniture = ("ipsItemControls",)

    def posts(self, document: Element) -> list[Element]:
        articles = document.xpath("descendant::article[starts-with(@id, 'elComment_')]")
        return [post for post in articles if self.is_post(post)]

    def is_post(self, element: Element) -> bool:
        return (element.tag == "article" and bool(self._ID.match(element.get("id") or ""))
                and self.body(element) is not None)

    def label(self, element: Element) -> str:
        return self._ID.match(element.get("id")).group(1)

    def first_page(self, document: Element) -> bool:
        current = classed(document, "ipsPagination_active", tag="li")
        return not current or words(current[0]) in ("", "1")

    def body(self, element: Element) -> Element | None:
        found = element.xpath(".//*[@data-role='commentContent']")
        return found[0] if found else None

    def author(self, element: Element) -> str:
        return words(first(element, "cAuthorPane_author"))

    def published(self, element: Element) -> datetime | None:
        meta = first(element, "ipsComment_meta")
        stamps = meta.xpath(".//time/@datetime") if meta is not None else []
        return read_time(stamps[0]) if stamps else None

    def tidy(self, body: Element) -> None:
        for quote in classed(body, "ipsQuote", tag="blockquote"):
            citation = first(quote, "ipsQuote_citation")
            said = words(citation) or (f"{quote.get('data-ipsquote-username')} said:"
                                        if quote.get("data-ipsquote-username") else "")
            cut(citation)
            attribute_quote(quote, said)


LAYOUTS: tuple[ForumLayout, ...] = (Invision(),)
