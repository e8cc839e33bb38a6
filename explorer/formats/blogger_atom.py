"""Blogger's own exports: Atom XML from a blog backup, Google Takeout, or a comments feed.

- Classic backup (Settings > Back up content): entries whose ``category`` of scheme
  ``.../g/2005#kind`` says ``#post``, ``#page`` or ``#comment`` (settings and template
  entries are skipped). A comment names its post with ``thr:in-reply-to`` and, when it
  answers another comment, links it as ``<link rel="related" href=".../comments/default/ID">``.
- Takeout ``feed.atom``: ``blogger:type`` POST, PAGE or COMMENT, ``blogger:parent`` (the
  post) and ``blogger:inReplyTo`` (the comment answered, empty at top level).
- Comments feeds (``/feeds/comments/default``): comment entries only, read the same way.

One thread per post (its id the post's number), comments ordered by time as Blogger shows
them. Content is HTML and becomes text; removed comments keep Blogger's wording. Blogger
names a deleted profile "Unknown", which becomes no author; "Anonymous" is kept, as the
page shows it. Each node keeps Blogger's id and its address (``meta``). Drafts without
comments are skipped. Parsed with defusedxml, so entity
tricks in a hostile file are refused rather than expanded.
"""

from __future__ import annotations

import re
from datetime import datetime
from xml.etree.ElementTree import Element

from ..errors import ExplorerError
from ..model import Thread, timestamp
from .htmltext import clean_text, html_to_text
from .protocol import Format
from .records import DELETED, Record, build_thread, parse_time
from .xmldata import load_xml

NAME = "blogger-atom"
PLATFORM = "blog"
EXTENSIONS = (".xml", ".atom")

ATOM = "{http://www.w3.org/2005/Atom}"
THR = "{http://purl.org/syndication/thread/1.0}"
TAKEOUT = "{http://schemas.google.com/blogger/2018}"
APP = "{http://purl.org/atom/app#}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
_ITEM_ID = re.compile(r"\.(?:post|page)-(\d+)$")
_RELATED = re.compile(r"/comments/default/(\d+)$")
_NO_AUTHOR = ("Unknown", "")


def sniff(text: str) -> bool:
    """True for an Atom feed that comes from Blogger."""
    head = text.lstrip("\ufeff")[:8192]
    return "<feed" in head and "http://www.w3.org/2005/Atom" in head and "blogger" in head.lower()


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read one thread per post from a Blogger Atom export or comments feed."""
    root = load_xml(text, source)
    if root.tag != f"{ATOM}feed":
        raise ExplorerError(f"expected an Atom <feed>, found <{root.tag}>", source)
    posts: dict[str, dict] = {}
    comments: dict[str, list[tuple[int, Record]]] = {}
    for index, entry in enumerate(root.iter(f"{ATOM}entry")):
        kind = _kind(entry)
        if kind is None:
            continue
        entry_id = _item_id(entry)
        if entry_id is None:
            raise ExplorerError(f"entry {index + 1}: no Blogger post or comment id", source)
        try:
            published = parse_time(_text(entry, f"{ATOM}published"))
        except ValueError as err:
            raise ExplorerError(f"entry {index + 1} ({entry_id}): {err}", source) from err
        if kind == "post":
            posts[entry_id] = {
                "title": clean_text(_text(entry, f"{ATOM}title")) or None,
                "url": _link(entry, "alternate"),
                "draft": _is_draft(entry),
                "total": _text(entry, f"{THR}total"),
                "record": Record(
                    label="post", text=_content(entry), author=_author(entry),
                    published=published, post=True, meta=_meta(entry, entry_id),
                ),
            }
            continue
        post_id, parent = _comment_targets(entry)
        if post_id is None:
            raise ExplorerError(
                f"entry {index + 1} ({entry_id}): comment names no post (thr:in-reply-to)",
                source,
            )
        comments.setdefault(post_id, []).append(
            (index, Record(label=entry_id, text=_content(entry), parent=parent,
                           author=_author(entry), published=published,
                           meta=_meta(entry, entry_id)))
        )
    threads = []
    for post_id in [*posts, *(key for key in comments if key not in posts)]:
        post = posts.get(post_id)
        if post and post["draft"] and post_id not in comments:
            continue
        entries = comments.get(post_id, [])
        order = {id(record): index for index, record in entries}
        records = ([post["record"]] if post else []) + [record for _, record in entries]
        problems = [] if post else [f"post {post_id} is not in the file"]
        if post and (post["total"] or "").isdecimal() and int(post["total"]) != len(entries):
            problems.append(f"post says {post['total']} comments, found {len(entries)}")
        threads.append(
            build_thread(
                post_id,
                records,
                title=post["title"] if post else None,
                url=post["url"] if post else None,
                published=post["record"].published if post else None,
                source=source,
                problems=problems,
                sort_key=lambda record, order=order: (_timestamp(record.published),
                                                      order.get(id(record), -1)),
            )
        )
    return threads


def _kind(entry: Element) -> str | None:
    """"post" (posts and pages), "comment", or None for settings, templates and the like."""
    takeout = _text(entry, f"{TAKEOUT}type")
    if takeout:
        return {"POST": "post", "PAGE": "post", "COMMENT": "comment"}.get(takeout.upper())
    for category in entry.findall(f"{ATOM}category"):
        if category.get("scheme") == KIND_SCHEME:
            term = category.get("term", "").rsplit("#", 1)[-1]
            return {"post": "post", "page": "post", "comment": "comment"}.get(term)
    if entry.find(f"{THR}in-reply-to") is not None:
        return "comment"
    return "post"  # a posts feed carries no kind


def _item_id(entry: Element) -> str | None:
    match = _ITEM_ID.search(_text(entry, f"{ATOM}id") or "")
    return match.group(1) if match else None


def _comment_targets(entry: Element) -> tuple[str | None, str | None]:
    """The post a comment belongs to and the comment it answers (None at top level)."""
    post = _ITEM_ID.search(_text(entry, f"{TAKEOUT}parent") or "")
    reply = _ITEM_ID.search(_text(entry, f"{TAKEOUT}inReplyTo") or "")
    if post:
        return post.group(1), reply.group(1) if reply else None
    target = entry.find(f"{THR}in-reply-to")
    post_id = None
    if target is not None:
        found = _ITEM_ID.search(target.get("ref", "")) or re.search(
            r"/posts/default/(\d+)$", target.get("source", "")
        )
        post_id = found.group(1) if found else None
    related = _RELATED.search(_link(entry, "related") or "")
    return post_id, related.group(1) if related else None


def _meta(entry: Element, entry_id: str) -> dict[str, str]:
    """Blogger's own id of a post or comment, and its address on the blog when given."""
    meta = {"blogger_id": entry_id}
    url = _link(entry, "alternate")
    if url:
        meta["url"] = url
    return meta


def _text(entry: Element, tag: str) -> str | None:
    element = entry.find(tag)
    return element.text.strip() if element is not None and element.text else None


def _link(entry: Element, rel: str) -> str | None:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel") == rel:
            return link.get("href")
    return None


def _content(entry: Element) -> str:
    element = entry.find(f"{ATOM}content")
    if element is None:
        element = entry.find(f"{ATOM}summary")
    if element is None:
        return DELETED if entry.find(f"{TAKEOUT}trashed") is not None else ""
    kind = element.get("type", "text")
    if kind == "xhtml":
        return clean_text("".join(element.itertext()))
    text = element.text or ""
    return html_to_text(text) if kind == "html" else text.strip()


def _author(entry: Element) -> str | None:
    name = entry.find(f"{ATOM}author/{ATOM}name")
    value = name.text.strip() if name is not None and name.text else ""
    return None if value in _NO_AUTHOR else value


def _is_draft(entry: Element) -> bool:
    status = (_text(entry, f"{TAKEOUT}status") or "").upper()
    return status == "DRAFT" or (_text(entry, f"{APP}control/{APP}draft") or "") == "yes"


def _timestamp(moment: datetime | None) -> float:
    if moment is None:
        return float("inf")
    return timestamp(moment)


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
