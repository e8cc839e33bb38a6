"""Mastodon (and other ActivityPub servers with its API): a status's context, or statuses.

``/api/v1/statuses/ID/context`` gives the ``ancestors`` and ``descendants`` of a status,
without the status itself: one conversation, one thread. A status
(``/api/v1/statuses/ID``), a JSON array of them (a timeline) or a search result's
``statuses`` are read too, one thread per conversation their replies make. Each status
names the one it answers in ``in_reply_to_id``; that parent is kept as stated even when
the file does not hold it (the context of a reply leaves out the status asked about),
never replaced by a guess. A thread is named by its root: the status that answers none,
else the absent status the earliest one leads to. Authors are ``acct`` handles
(``jane@example.social``), as people address each other (``@jane``); the display name and
the status's address are in ``meta``.
Content is HTML; attached media become ``[image: description]`` lines.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ExplorerError
from ..model import Thread, timestamp
from .compression import head_of
from .htmltext import html_text
from .jsondata import RECORD_ERRORS, load_json, record_error
from .protocol import Format
from .records import Record, build_thread, parse_time, scalar_meta, text_field

NAME = "mastodon"
PLATFORM = "mastodon"
EXTENSIONS = (".json",)
META = ("id", "url", "visibility", "replies_count", "reblogs_count", "favourites_count",
        "in_reply_to_id", "language")


def sniff(text: str) -> bool:
    """True for a context (``ancestors``/``descendants``) or statuses (``account``, ``content``
    and ``in_reply_to_id``)."""
    head = head_of(text.lstrip("\ufeff \t\r\n"))
    if head.startswith("{") and re.search(r'"(?:ancestors|descendants)"\s*:\s*\[', head):
        return True
    return head.startswith(("{", "[")) and all(
        re.search(rf'"{key}"\s*:', head) for key in ("in_reply_to_id", "account", "content")
    )


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read the conversation of a context or of statuses as one thread."""
    document = load_json(text, source)
    context = isinstance(document, dict) and (
        "ancestors" in document or "descendants" in document)
    if context:
        statuses = [*(document.get("ancestors") or []), *(document.get("descendants") or [])]
    elif isinstance(document, dict) and isinstance(document.get("statuses"), list):
        statuses = document["statuses"]  # a search result
    elif isinstance(document, dict):
        statuses = [document]
    elif isinstance(document, list):
        statuses = document
    else:
        raise ExplorerError("expected a Mastodon context or statuses", source)
    try:
        records = [_record(status) for status in statuses]
    except RECORD_ERRORS as err:
        raise record_error("not a Mastodon status", err, source) from err
    if not records:
        raise ExplorerError("the context holds no statuses", source)
    groups = [records] if context else _conversations(records)
    return [_thread(group, source) for group in groups]


def _record(status: dict[str, Any]) -> Record:
    if not isinstance(status, dict):
        raise TypeError("a status must be an object")
    label = text_field(status["id"], "id")
    if not label:
        raise ValueError("a status without an id")
    account = status.get("account") or {}
    if not isinstance(account, dict):
        raise TypeError("account must be an object")
    meta = scalar_meta(status, META)
    if account.get("display_name"):
        meta["display_name"] = text_field(account["display_name"], "display_name")
    parts = [html_text(text_field(status.get("spoiler_text"), "spoiler_text")),
             html_text(text_field(status.get("content"), "content"))]
    for media in status.get("media_attachments") or []:
        if isinstance(media, dict):
            shown = media.get("description") or media.get("url") or ""
            parts.append(f"[{media.get('type') or 'media'}: {text_field(shown, 'description')}]")
    return Record(
        label=label,
        text="\n\n".join(part for part in parts if part),
        parent=text_field(status.get("in_reply_to_id"), "in_reply_to_id"),
        author=text_field(account.get("acct") or account.get("username"), "acct"),
        published=parse_time(status.get("created_at")),
        stated=True,
        meta=meta,
    )


def _conversations(records: list[Record]) -> list[list[Record]]:
    """The records grouped by the root their parents lead to."""
    by_label = {record.label: record for record in records}
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(_root(record, by_label), []).append(record)
    return list(groups.values())


def _root(record: Record, by_label: dict[str, Record]) -> str:
    """The id a record's parents lead to: the first status that answers none (or closes a
    loop), or the absent status the chain ends at."""
    seen = {record.label}
    while record.parent in by_label and record.parent not in seen:
        record = by_label[record.parent]
        seen.add(record.label)
    return record.parent if record.parent is not None and record.parent not in seen \
        else record.label


def _thread(records: list[Record], source: str | None) -> Thread:
    """One conversation's thread, named by its root (present, or the absent one answered)."""
    root = next((record for record in records if record.parent is None), None)
    if root is not None:
        root.post = True
        thread_id = root.label
    else:
        earliest = min(records, key=lambda r: (
            r.published is None, timestamp(r.published) if r.published else 0, r.label))
        thread_id = _root(earliest, {record.label: record for record in records})
    return build_thread(thread_id, records, url=(root.meta or {}).get("url") if root else None,
                        published=root.published if root else None, source=source)


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
