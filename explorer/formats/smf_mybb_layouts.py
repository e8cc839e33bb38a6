"""Saved SMF and MyBB topic pages, read as the other forums are (``forum_layouts``).

Both print each post's number ("#3", SMF 2.0's "Reply #2"), so the topic's first post is
known on any page; quotes become an attribution line ("Quote from: Anna on ...",
"Anna Wrote:") above ``> `` lines, and the code box's label ("Code: [Select]") goes.
These follow the default themes' markup (SMF 2.0 Curve and 2.1, MyBB 1.8).
"""

from __future__ import annotations

import re
from datetime import datetime

from .forum_layouts import (
    ForumLayout,
    attribute_quote,
    day_first,
    mark_date_order,
    printed_time,
)
from .pagemarkup import Element, classed, cut, first, words

_HASH = re.compile(r"#\s*(\d+)")


class SMF(ForumLayout):
    """SMF 2: a ``post_wrapper`` per post holding ``div.inner`` with ``id="msg_N"``."""

    name = "SMF"
    _ID = re.compile(r"^msg_(\d+)$")
    furniture = ("codeheader", "quotefooter")

    def posts(self, document: Element) -> list[Element]:
        return [wrapper for wrapper in classed(document, "post_wrapper", tag="div")
                if self._inner(wrapper) is not None]

    def _inner(self, element: Element) -> Element | None:
        found = [inner for inner in classed(element, "inner", tag="div")
                 if self._ID.match(inner.get("id") or "")]
        return found[0] if found else None

    def label(self, element: Element) -> str:
        inner = self._inner(element)  # gone when a broken page nests a post in another's
        return self._ID.match(inner.get("id")).group(1) if inner is not None \
            else str(element.sourceline)

    def number(self, element: Element) -> int | None:
        shown = first(element, "page_number")  # SMF 2.1: "#3"
        match = _HASH.search(words(shown))
        if match:
            return int(match.group(1))
        info = first(element, "keyinfo")  # SMF 2.0: "« Reply #2 on: ... »", the first "« on:"
        match = _HASH.search(words(first(info, "smalltext") if info is not None else None))
        return int(match.group(1)) + 1 if match else None

    def body(self, element: Element) -> Element | None:
        return self._inner(element)

    def author(self, element: Element) -> str:
        poster = first(element, "poster")
        names = poster.xpath(".//h4") if poster is not None else []
        return words(names[0]) if names else ""

    def published(self, element: Element) -> datetime | None:
        info = first(element, "keyinfo")
        dated = first(info, "smalltext") if info is not None else None
        return printed_time(re.sub(r"^.*?\bon:\s*", "", words(dated)).strip("«» "))

    def tidy(self, body: Element) -> None:
        for header in classed(body, "quoteheader"):  # SMF 2.0: the header before the quote
            said = words(header)
            quote = header.getnext()
            cut(header)
            if quote is not None and quote.tag == "blockquote":
                attribute_quote(quote, said)
        for quote in list(body.iter("blockquote")):  # SMF 2.1: a <cite> inside
            cites = quote.xpath("./cite")
            if cites:
                said = words(cites[0])
                cut(cites[0])
                attribute_quote(quote, said)


class MyBB(ForumLayout):
    """MyBB 1.8: ``div.post`` with ``id="post_N"``, its text in ``div.post_body``."""

    name = "MyBB"
    _ID = re.compile(r"^post_(\d+)$")
    furniture = ("quick_jump",)

    def posts(self, document: Element) -> list[Element]:
        posts = [post for post in classed(document, "post", tag="div") if self.is_post(post)]
        if posts:
            mark_date_order(document, [shown for date in classed(document, "post_date")
                                       for shown in date.xpath(".//text() | .//@title")])
        return posts

    def is_post(self, element: Element) -> bool:
        match = self._ID.match(element.get("id") or "") if isinstance(element.tag, str) else None
        return bool(match) and bool(element.xpath(f".//*[@id='pid_{match.group(1)}']"))

    def label(self, element: Element) -> str:
        return self._ID.match(element.get("id")).group(1)

    def number(self, element: Element) -> int | None:
        head = first(element, "post_head")
        links = head.xpath(".//a") if head is not None else []
        match = next((_HASH.fullmatch(words(link)) for link in links
                      if _HASH.fullmatch(words(link))), None)
        return int(match.group(1)) if match else None

    def body(self, element: Element) -> Element | None:
        found = element.xpath(f".//*[@id='pid_{self.label(element)}']")
        return found[0] if found else None

    def author(self, element: Element) -> str:
        box = first(element, "author_information")
        name = first(box, "largetext") if box is not None else None
        return words(name if name is not None else box)

    def published(self, element: Element) -> datetime | None:
        date = first(element, "post_date")
        if date is None:
            return None
        exact = date.xpath(".//span[@title]/@title")  # "Yesterday" keeps the date in a title
        for edit in classed(date, "post_edit"):
            cut(edit)
        return printed_time(exact[0] if exact else words(date), day_first(element))

    def tidy(self, body: Element) -> None:
        for block in classed(body, "codeblock", tag="div"):
            cut(first(block, "title", tag="div"))  # "Code:"
        for quote in list(body.iter("blockquote")):
            cites = quote.xpath("./cite")
            if not cites:
                continue
            for date in cites[0].xpath("./span"):
                cut(date)  # " (01-05-2020, 10:00 AM)"
            said = words(cites[0])
            cut(cites[0])
            attribute_quote(quote, said)


LAYOUTS: tuple[ForumLayout, ...] = (SMF(), MyBB())
