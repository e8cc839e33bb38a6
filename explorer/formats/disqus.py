"""Disqus XML exports (Admin > Moderate > Export), one thread per page with comments.

The export lists ``<category>``, ``<thread>`` and ``<post>`` elements side by side; each
post names its thread and, when it answers another post, its parent, by ``dsq:id``.
Threads carry the page's title and link but not its text, so a thread has no post node
unless the export holds a ``<message>`` for it. Spam and deleted posts stay as nodes,
marked ``is_spam`` and ``is_deleted`` in ``meta`` (spam counted in ``problems``); a
deleted post whose text is gone reads ``[deleted]``.
Authors' e-mail and IP addresses are not read.
"""

from __future__ import annotations

from datetime import datetime
from xml.etree.ElementTree import Element

from ..errors import ExplorerError
from ..model import Thread
from .htmltext import html_text
from .protocol import Format
from .records import DELETED, Record, build_thread, parse_time
from .xmldata import child_text, load_xml

NAME = "disqus"
PLATFORM = "blog"
EXTENSIONS = (".xml",)

DISQUS = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def sniff(text: str) -> bool:
    """True for a document whose root is Disqus' ``<disqus>`` element."""
    head = text.lstrip("\ufeff")[:4096]
    return "<disqus" in head and "http://disqus.com" in head


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read one thread per Disqus thread that has posts (or a message of its own)."""
    root = load_xml(text, source)
    if root.tag != f"{DISQUS}disqus":
        raise ExplorerError(f"expected a Disqus <disqus> export, found <{root.tag}>", source)
    pages: dict[str, Element] = {}
    for index, element in enumerate(root.findall(f"{DISQUS}thread"), start=1):
        key = element.get(DSQ_ID)
        if not key:
            raise ExplorerError(f"thread {index}: no dsq:id", source)
        pages[key] = element
    groups: dict[str, list[Record]] = {}
    spam: dict[str, int] = {}
    for index, element in enumerate(root.findall(f"{DISQUS}post"), start=1):
        try:
            thread_id, record = _post(element)
        except ValueError as err:
            raise ExplorerError(f"post {index}: {err}", source) from err
        if record.meta["is_spam"]:
            spam[thread_id] = spam.get(thread_id, 0) + 1
        groups.setdefault(thread_id, []).append(record)
    threads = []
    for thread_id in [*pages, *(key for key in groups if key not in pages)]:
        page = pages.get(thread_id)
        records = groups.get(thread_id, [])
        problems = [] if page is not None else [f"thread {thread_id} is not in the file"]
        if spam.get(thread_id):
            problems.append(f"posts marked spam: {spam[thread_id]} (kept, is_spam in meta)")
        try:
            post = _page_post(page) if page is not None else None
            published = _time(page) if page is not None else None
        except ValueError as err:
            raise ExplorerError(f"thread {thread_id}: {err}", source) from err
        if post is not None:
            records.insert(0, post)
        if not records:
            continue
        threads.append(
            build_thread(
                thread_id,
                records,
                title=child_text(page, f"{DISQUS}title") if page is not None else None,
                url=child_text(page, f"{DISQUS}link") if page is not None else None,
                published=published,
                source=source,
                problems=problems,
            )
        )
    return threads


def _post(element: Element) -> tuple[str, Record]:
    """The post's thread and record, spam and deleted posts marked in its meta."""
    label = element.get(DSQ_ID)
    thread = element.find(f"{DISQUS}thread")
    thread_id = thread.get(DSQ_ID) if thread is not None else None
    if not label or not thread_id:
        raise ValueError("no dsq:id for the post or its thread")
    parent = element.find(f"{DISQUS}parent")
    deleted = child_text(element, f"{DISQUS}isDeleted") == "true"
    text = html_text(child_text(element, f"{DISQUS}message"))
    meta = {"dsq_id": label, "is_deleted": deleted,
            "is_spam": child_text(element, f"{DISQUS}isSpam") == "true"}
    username = child_text(element, f"{DISQUS}author/{DISQUS}username")
    if username:
        meta["username"] = username
    return thread_id, Record(
        label=label,
        text=text or (DELETED if deleted else ""),
        parent=parent.get(DSQ_ID) if parent is not None else None,
        author=_author(element),
        published=_time(element),
        stated=True,
        meta=meta,
    )


def _page_post(page: Element) -> Record | None:
    """The page itself as the post, when the export carries its text."""
    text = html_text(child_text(page, f"{DISQUS}message"))
    if not text:
        return None
    return Record(label="post", text=text, author=_author(page), published=_time(page),
                  post=True, stated=True, meta={"dsq_id": page.get(DSQ_ID)})


def _author(element: Element) -> str | None:
    return child_text(element, f"{DISQUS}author/{DISQUS}name")


def _time(element: Element) -> datetime | None:
    return parse_time(child_text(element, f"{DISQUS}createdAt"))


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
