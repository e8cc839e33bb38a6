"""Disqus' import format: WordPress' WXR with a ``dsq:thread_identifier`` per page.

Sites moving to Disqus from their own comment system write this file (Disqus "Custom XML
import"): RSS items as in a WordPress export, one per page, with ``wp:comment`` elements
nested by ``wp:comment_parent``, but no ``wp:post_id``: a page is named by its
``dsq:thread_identifier`` (else its link). Each page is read as the WordPress reader reads
an item; the commenter's ``dsq:remote`` id (a single sign-on account) is not read.
"""

from __future__ import annotations

import re

from ..errors import ExplorerError
from ..model import Thread
from .wordpress import item_thread, namespace
from .xmldata import child_text, load_xml

NAME = "disqus-import"
PLATFORM = "blog"
EXTENSIONS = (".xml",)
DSQ = re.compile(r"\{http://(?:www\.)?disqus\.com/?\}")


def sniff(text: str) -> bool:
    """True for an RSS document with Disqus (``dsq:``) and WordPress comment elements."""
    head = text.lstrip("\ufeff")[:8192]
    return "<rss" in head and "disqus.com" in head and "wordpress.org/export/" in head \
        and "thread_identifier" in text[:65536]


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read one thread per page of a Disqus import file."""
    root = load_xml(text, source)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ExplorerError(f"expected an RSS <rss><channel>, found <{root.tag}>", source)
    wp = namespace(root, source)
    dsq = next((m.group(0) for e in root.iter() if (m := DSQ.match(str(e.tag)))), "")
    threads = []
    for index, item in enumerate(channel.iter("item"), start=1):
        key = child_text(item, f"{dsq}thread_identifier") or child_text(item, "link")
        if not key:
            raise ExplorerError(f"item {index}: no dsq:thread_identifier or link", source)
        try:
            thread = item_thread(item, wp, source, post_id=key)
        except ValueError as err:
            raise ExplorerError(f"item {index}: {err}", source) from err
        if thread is not None:
            threads.append(thread)
    return threads
