"""Saved web pages (File > Save Page As): the post and its comments from the page's markup.

A page is parsed with lxml's HTML parser, as a browser would, and read by the first
layout in ``LAYOUTS`` that finds comments in it (``webpage_layouts``): WordPress
(self-hosted and wordpress.com, any theme keeping the ``comment-N`` ids), Blogger (the
threaded ``comment-thread`` lists and the older ``comments-block``), Hacker News item
pages (nesting by indent width), Disqus' embedded thread, Drupal, SPIP and PIXNET
(``blog_layouts``), and, tried first, Stack Exchange questions, Reddit and imageboard
threads and forum topics (``site_layouts``). Each comment gets its
author, time (the page's ``datetime``/``title`` attributes, Blogger's ``showComment``
stamp, else the printed date) and the parent the page nests it under; its text goes
through the one HTML converter. Where the page shows fewer comments than it says it
has, or links to more ("Older comments", "Load more"), a warning says so. Comment boxes
with no text in any of them are an error, never a thread of empty comments, and so is a
page whose comments a script draws once it is open (Disqus, giscus, ...: ``SCRIPTED``). A page in
none of these layouts is read from its visible text by the Blogger page-text reader.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from ..errors import ExplorerError
from ..model import Thread
from . import blogger
from .htmltext import html_to_text
from .protocol import Format
from .records import Record, build_thread
from .webpage_layouts import LAYOUTS, Layout, Page

NAME = "webpage"
EXTENSIONS = (".html", ".htm", ".xhtml")
EXTRA = "html"
_DOCUMENT = ("<!doctype html", "<html", "<!-- saved from url", "<head", "<body")
# Comment markup that says "a page of comments" even in a fragment saved without <html>.
MARKERS = (
    'id="comment-', "id='comment-", 'class="athing comtr', "comment-thread toplevel-thread",
    "id='comments-block'", 'id="comments-block"', 'class="post-message',
    "data-answerid=", "postcontainer", 'data-fullname="t1_', "<shreddit-comment",
    "crawler-post", "message--post", "post_message_", "elcomment_",
)  # matched in the lowered head of the text
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
SCRIPTED = (
    ("//*[@id='disqus_thread']", "Disqus"),
    ("//*[contains(@class, 'fb-comments')]", "Facebook's comments plugin"),
    ("//*[@id='commento']", "Commento"),
    ("//script[contains(@src, 'utteranc.es')]", "utterances"),
    ("//script[contains(@src, 'giscus.app')]", "giscus"),
    ("//*[@id='isso-thread']", "Isso"),
    ("//*[@id='remark42']", "Remark42"),
    ("//*[contains(@class, 'vf-comments')]", "Viafoura"),
    ("//*[@id='coral_thread' or @id='coral-thread']", "Coral"),
    ("//*[starts-with(@id, 'livefyre')]", "Livefyre"),
    ("//*[@data-spotim-module] | //script[contains(@src, 'spot.im')]", "OpenWeb (Spot.IM)"),
    ("//*[@id='hyvor-talk-view'] | //hyvor-talk-comments", "Hyvor Talk"),
)
"""Comment systems a page draws with a script once open: a saved page holds their empty
box only, and the error says which system it is and where its comments can be had."""


def sniff(text: str) -> bool:
    """True for an HTML document, or a fragment holding a known comment layout's markup:
    one that starts with markup, or with a static site's front matter (``---``). A table
    or JSON whose texts quote such markup starts otherwise."""
    head = text.lstrip("\ufeff \t\r\n")[:65536].lower()
    if head.startswith(_DOCUMENT):
        return True
    return head.startswith(("<", "---\n", "---\r\n")) and any(
        marker in head for marker in MARKERS
    )


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read the post and comments of a saved page as one thread."""
    document = _document(text, source)
    unread = 0
    for layout in LAYOUTS:
        elements = layout.find(document)
        if not elements:
            continue
        thread = _thread(Page(document, source), layout, elements)
        if thread is not None:
            return [thread]
        # Markup that looked like comments but held no text: another layout may read it.
        unread = max(unread, len(elements))
        document = _document(text, source)
    try:
        return _visible_text(document, source)
    except ExplorerError:
        if not unread:
            raise
    raise ExplorerError(
        f"found {unread} comment boxes in this page but no text in any of them: its "
        "comment markup is one explorer does not read yet",
        source,
    )


def _document(text: str, source: str | None) -> Any:
    try:
        import lxml.html
        from lxml.etree import ParserError
    except ImportError as err:
        raise ExplorerError(
            f"saved web pages need lxml: pip install 'explorer[{EXTRA}]'", source
        ) from err
    # lxml refuses a str that declares its own encoding (XHTML pages do): it is decoded.
    markup = _DECLARATION.sub("", text.lstrip("\ufeff"))
    # libxml2 drops elements nested over 256 deep unless told otherwise: a reply chain of
    # nested comment lists gets that deep, and the page's size is bounded before it is read.
    try:
        return lxml.html.document_fromstring(markup, parser=lxml.html.HTMLParser(huge_tree=True))
    except (ParserError, ValueError) as err:
        raise ExplorerError(f"not an HTML page: {err}", source) from err


def _thread(page: Page, layout: Layout, elements: list[Any]) -> Thread | None:
    """The thread of the comments a layout found, nested as the page nests them; None when
    none of their boxes holds text (a forum's opening post is one of them)."""
    parents = layout.parents(elements)
    problems = layout.paging(page, len(elements))
    records: list[Record] = []
    post = layout.post(page)
    if post is not None:
        records.append(post)
    # Innermost first: a comment's text is read once the comments nested in it are cut out.
    read: dict[int, Record] = {}
    for index in range(len(elements) - 1, -1, -1):
        read[index] = layout.comment(elements[index])
        nested = elements[index]
        holder = nested.getparent()
        if holder is not None:
            holder.remove(nested)
    if not any(record.text for record in read.values()):
        return None
    for index in range(len(elements)):
        record = read[index]
        parent = parents[index]
        record.parent = read[parent].label if parent is not None else (
            post.label if post is not None else None
        )
        records.append(record)
    thread = build_thread(
        layout.thread_id(page) or _stem(page.source) or "page",
        records,
        title=layout.title(page),
        url=page.canonical(),
        published=post.published if post is not None else None,
        source=page.source,
        problems=problems,
    )
    return replace(thread, platform=layout.platform)


def _stem(source: str | None) -> str | None:
    if not source or source == "-":
        return None
    return PurePath(source).stem or None


def _visible_text(document: Any, source: str | None) -> list[Thread]:
    """A page in no known layout: its visible text, read as copied page text."""
    import lxml.html

    text = html_to_text(lxml.html.tostring(document, encoding="unicode"))
    if blogger.sniff(text):
        return blogger.parse(text, source)
    system = next((name for where, name in SCRIPTED if document.xpath(where)), None)
    if system is not None:
        raise ExplorerError(
            f"no comments found in this page: {system} draws them with a script once the "
            "page is open, and the saved page holds only its empty box; save the comments' "
            f"own frame or page, or export them from {system}",
            source,
        )
    names = list(dict.fromkeys(layout.name for layout in LAYOUTS))
    raise ExplorerError(
        f"no comments found in this page: none in the markup of {', '.join(names[:-1])} or "
        f"{names[-1]}, and its text has no Blogger markers ('N comments:', Reply/Delete)",
        source,
    )


FORMAT = Format(NAME, EXTENSIONS, sniff, parse)
