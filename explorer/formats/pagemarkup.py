"""The parts every saved-page layout shares: the parsed page, the layout base, class lookups.

A layout finds the comment elements of a page (in document order), the parent each
stands under, each one's fields and the page's post. Class names are matched as whole
words of the ``class`` attribute, never by searching the markup.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .htmltext import html_to_text
from .pagedates import find_datetime
from .records import Record, parse_time

Element = Any  # an lxml.html element; lxml is imported only where a page is read


def has_class(element: Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def classed(element: Element, *names: str, tag: str = "*") -> list[Element]:
    """Descendants (the element too) of ``tag`` carrying any of the classes, in order."""
    tests = " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in names
    )
    return element.xpath(f"descendant-or-self::{tag}[{tests}]")


def first(element: Element, *names: str, tag: str = "*") -> Element | None:
    found = classed(element, *names, tag=tag)
    return found[0] if found else None


def ending(element: Element, *names: str) -> list[Element]:
    """Descendants (the element too) with a class that is one of the names or ends in
    ``-name``: a plugin's ``epoch-comment-content`` is a ``comment-content``.

    It walks the tree in Python, as ``tagged`` does: lxml's XPath, asked this inside each
    of thousands of comments, took time growing with the page (quadratic in all)."""
    tails = tuple(f"-{name}" for name in names)
    return [node for node in element.iter() if isinstance(node.tag, str)
            and any(word in names or word.endswith(tails) for word in _classes(node))]


def _classes(node: Element) -> list[str]:
    value = node.get("class")
    return value.split() if value else []


def tagged(element: Element, *tags: str) -> list[Element]:
    """Descendants (not the element) of these tags, in document order."""
    return [node for node in element.iter(*tags) if node is not element]


def first_of(element: Element, *names: str) -> Element | None:
    """The first descendant (the element too) of the first name found, as ``ending`` finds
    them (names in order of preference): one walk, stopped once the first name is hit."""
    tails = tuple(f"-{name}" for name in names)
    best, rank = None, len(names)
    for node in element.iter():
        value = node.get("class") if isinstance(node.tag, str) else None
        if not value:
            continue
        for word in value.split():
            if word in names or word.endswith(tails):
                hit = min(index for index in range(len(names))
                          if word == names[index] or word.endswith(tails[index]))
                if hit < rank:
                    best, rank = node, hit
        if rank == 0:
            break
    return best


def cut(element: Element | None) -> None:
    """Cut an element out of its tree (its tail text stays), unless it has no parent:
    cut already, or a root."""
    if element is not None and element.getparent() is not None:
        element.drop_tree()


def apart_from_comments(element: Element) -> bool:
    """True for an element neither inside a comment (or the comments) nor holding one."""
    def commentish(node: Element) -> bool:
        place = node.get("id") or ""
        return place == "comments" or place.startswith("comment-")

    return not any(map(commentish, element.iterancestors())) and not any(
        map(commentish, (node for node in element.iter() if isinstance(node.tag, str))))


def drop(element: Element, *furniture: str) -> None:
    """Cut the furniture (reply links, avatars, report buttons) out of an element."""
    for part in ending(element, *furniture):
        if part is not element:
            cut(part)


def words(element: Element | None) -> str:
    """An element's text as one line: what a name or a date reads as on screen."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def markup_text(element: Element | None, *furniture: str) -> str:
    """An element's text through the HTML converter, without its furniture (reply links)."""
    if element is None:
        return ""
    import lxml.html

    for part in classed(element, *furniture) if furniture else []:
        if part is not element:
            cut(part)
    if element.tag in ("li", "blockquote"):  # the comment's own box, not a list item or quote
        element.tag = "div"
    return html_to_text(lxml.html.tostring(element, encoding="unicode", with_tail=False))


def stamped_time(machine: str | None, printed: str | None) -> datetime | None:
    """A comment's time from its ``datetime``/``title`` attribute and its printed words:
    the attribute, unless it holds a date alone (or nothing readable) and the printed
    words give that date with its clock time."""
    stated = read_time(machine)
    shown = find_datetime(printed)
    if stated is None:
        return shown
    dated_only = machine is not None and not re.search(r"\d[:h]\d", machine) \
        and not machine.strip().isdigit()
    if dated_only and shown is not None and shown.date() == stated.date():
        return shown
    return stated


def read_time(value: str | None) -> datetime | None:
    """A time as pages give it: ISO or Unix in an attribute, else a printed date."""
    if not value or not value.strip():
        return None
    try:
        return parse_time(value.strip())
    except ValueError:
        return find_datetime(value)


_NUMBER = re.compile(r"\d[\d,.\u00a0 ]*")


def stated_number(text: str) -> int | None:
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
        return self.meta("og:title") or (words(titles[0]) if titles else None) or None


class Layout:
    """A site's comment markup. Subclasses say where comments and their parts are."""

    name = ""  # the site or engine, as the error for a page without comments names it
    platform = "blog"
    label_pattern = re.compile(r"(\d+)$")
    item_class = ""
    id_pattern = re.compile(r"$^")

    def find(self, document: Element) -> list[Element]:
        """The comments: ``<li>`` items of ``item_class`` whose id fits ``id_pattern``."""
        return [element for element in classed(document, self.item_class, tag="li")
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
