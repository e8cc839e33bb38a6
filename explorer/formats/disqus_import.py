"""Disqus' import format: WordPress' WXR with a ``dsq:thread_identifier`` per page.

Sites moving to Disqus from their own comment system write this file (Disqus "Custom XML
import"): RSS items as in a WordPress export, one per page, with ``wp:comment`` elements
nested by ``wp:comment_parent``, but no ``wp:post_id``: a page is named by its
``dsq:thread_identifier`` (else its link). Each page is read as the WordPress reader reads
an item; the commenter's ``dsq:remote`` id (a single sign-on account) is not read.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from ..model import Thread
from .compression import head_of
from .protocol import Format
from .wordpress import parse_items
from .xmldata import child_text

NAME = "disqus-import"
PLATFORM = "blog"
EXTENSIONS = (".xml",)


def sniff(text: str) -> bool:
    """True for an RSS document with Disqus (``dsq:``) and WordPress comment elements."""
    head = text.lstrip("\ufeff")[:8192]
    return "<rss" in head and "disqus.com" in head and "wordpress.org/export/" in head \
        and "thread_identifier" in head_of(text)


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read one thread per page of a Disqus import file."""
    return parse_items(text, source, _identifier)


def _identifier(item: Element) -> str:
    """The page's ``dsq:thread_identifier``, else its link."""
    for child in item:
        if str(child.tag).endswith("}thread_identifier") and child.text and child.text.strip():
            return child.text.strip()
    link = child_text(item, "link")
    if not link:
        raise ValueError("no dsq:thread_identifier or link")
    return link


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
