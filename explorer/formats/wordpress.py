"""WordPress export files (WXR: Tools > Export), one thread per post or page.

WXR is RSS 2.0 with ``wp:`` elements (``http://wordpress.org/export/1.x/``). Each
``<item>`` is a post, page or attachment; its ``<wp:comment>`` elements hold the comments,
each naming the comment it answers in ``wp:comment_parent`` (0 for the post). Comments
marked spam or trash are left out and counted in ``problems``; pending ones, pingbacks
and trackbacks are kept, their status and type in ``meta``. Posts and pages become
threads (drafts and attachments only when they have comments). Times are the ``_gmt``
fields (UTC), else the site's local time. Commenters' e-mail and IP addresses are not
read: they are private, not part of the discussion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from ..errors import ExplorerError
from ..model import Thread
from .htmltext import clean_text, html_text
from .protocol import Format
from .records import Record, build_thread, parse_time
from .xmldata import child_text, load_xml

NAME = "wordpress"
PLATFORM = "blog"
EXTENSIONS = (".xml", ".wxr")

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_WP = re.compile(r"\{http://wordpress\.org/export/1\.\d+/\}")
_THREAD_TYPES = ("post", "page")
_HIDDEN = ("spam", "trash", "post-trashed")
_NO_TIME = "0000-00-00 00:00:00"


def sniff(text: str) -> bool:
    """True for an RSS document carrying WordPress export elements."""
    head = text.lstrip("\ufeff")[:8192]
    return "<rss" in head and re.search(r"http://wordpress\.org/export/1\.\d+/", head) is not None


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read one thread per post or page of a WordPress export."""
    return parse_items(text, source, lambda item: None)


def parse_items(
    text: str, source: str | None, name_item: Callable[[Element], str | None]
) -> list[Thread]:
    """Read one thread per ``<item>`` of a WXR document; ``name_item`` names an item's
    thread where the file has no ``wp:post_id`` (raising ValueError when it cannot)."""
    root = load_xml(text, source)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ExplorerError(f"expected an RSS <rss><channel>, found <{root.tag}>", source)
    wp = namespace(root, source)
    threads = []
    for index, item in enumerate(channel.iter("item"), start=1):
        try:
            thread = item_thread(item, wp, source, post_id=name_item(item))
        except ValueError as err:
            raise ExplorerError(f"item {index}: {err}", source) from err
        if thread is not None:
            threads.append(thread)
    return threads


def namespace(root: Element, source: str | None) -> str:
    """The ``{http://wordpress.org/export/1.x/}`` prefix this file uses."""
    for element in root.iter():
        match = _WP.match(element.tag)
        if match:
            return match.group(0)
    raise ExplorerError("no WordPress export elements (wp:post_id, wp:comment) found", source)


def item_thread(
    item: Element, wp: str, source: str | None, post_id: str | None = None
) -> Thread | None:
    """The thread of one ``<item>``: its post and comments (None for an attachment or draft
    without comments); ``post_id`` names it when the file has no ``wp:post_id``."""
    post_id = post_id or child_text(item, f"{wp}post_id")
    if post_id is None:
        raise ValueError("no wp:post_id")
    kind = child_text(item, f"{wp}post_type") or "post"
    status = child_text(item, f"{wp}status") or "publish"
    comments = item.findall(f"{wp}comment")
    if not comments and (kind not in _THREAD_TYPES or status != "publish"):
        return None
    post = Record(
        label="post",
        text=html_text(child_text(item, CONTENT), line_breaks=True),
        author=child_text(item, CREATOR),
        published=_time(item, f"{wp}post_date", f"post {post_id}"),
        post=True,
        stated=True,
        meta={"post_id": post_id, "post_type": kind, "status": status},
    )
    records = [post]
    hidden: dict[str, int] = {}
    for comment in comments:
        label = child_text(comment, f"{wp}comment_id")
        if label is None:
            raise ValueError(f"post {post_id}: a comment without wp:comment_id")
        approved = child_text(comment, f"{wp}comment_approved") or "1"
        if approved in _HIDDEN:
            hidden[approved] = hidden.get(approved, 0) + 1
            continue
        parent = child_text(comment, f"{wp}comment_parent")
        meta = {
            "comment_id": label,
            "comment_type": child_text(comment, f"{wp}comment_type") or "comment",
            "comment_approved": approved,
        }
        url = child_text(comment, f"{wp}comment_author_url")
        if url:
            meta["comment_author_url"] = url
        records.append(
            Record(
                label=label,
                text=html_text(child_text(comment, f"{wp}comment_content"), line_breaks=True),
                parent=None if parent in (None, "0") else parent,
                author=child_text(comment, f"{wp}comment_author"),
                published=_time(comment, f"{wp}comment_date", f"comment {label}"),
                stated=True,
                meta=meta,
            )
        )
    problems = [
        f"comments marked {status} not read: {count}" for status, count in sorted(hidden.items())
    ]
    return build_thread(
        post_id,
        records,
        title=clean_text(child_text(item, "title")) or None,
        url=child_text(item, "link"),
        published=post.published,
        source=source,
        problems=problems,
    )


def _time(element: Element, tag: str, where: str) -> datetime | None:
    """The UTC time of ``tag_gmt``, else the local ``tag``; WordPress writes zeros for none."""
    for name, zone in ((f"{tag}_gmt", UTC), (tag, None)):
        value = child_text(element, name)
        if value and value != _NO_TIME:
            try:
                moment = parse_time(value)
            except ValueError as err:
                raise ValueError(f"{where}: {err}") from err
            return moment.replace(tzinfo=zone) if moment and moment.tzinfo is None else moment
    return None


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
