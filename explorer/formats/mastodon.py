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
Content is HTML; attached media become ``[image: description]`` lines. A boost in a
timeline (``reblog``) is read as the status it shares, which holds the text (the boost's
own has none).
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
    records = []
    for number, status in enumerate(statuses, start=1):
        try:
            records.append(_record(_boosted(status)))
        except RECORD_ERRORS as err:
            raise record_error(f"status {number}", err, source) from err
    if not records:
        raise ExplorerError("the context holds no statuses", source)
    if context:
        return [_thread(records, source)]
    return conversation_threads(records, source)


def conversation_threads(records: list[Record], source: str | None) -> list[Thread]:
    """One thread per conversation the records' stated parents make (ActivityPub readers
    share it)."""
    return [_thread(group, source) for group in _conversations(records)]


def _boosted(status: Any) -> Any:
    """The status a boost (reblog) shares, which holds the text; any other status itself."""
    shared = status.get("reblog") if isinstance(status, dict) else None
    return shared if isinstance(shared, dict) else status


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
    roots: dict[str, str] = {}
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(_root(record, by_label, roots), []).append(record)
    return list(groups.values())


def _root(record: Record, by_label: dict[str, Record], roots: dict[str, str]) -> str:
    """The id a record's parents lead to: the first status that answers none, the absent
    status the chain ends at, or (for a loop) the least id in the loop, so that all its
    statuses are one conversation. ``roots`` keeps what was found, so each status is walked
    once however long the chains."""
    path: list[str] = []
    place: dict[str, int] = {}
    label = record.label
    while label not in roots:
        place[label] = len(path)
        path.append(label)
        parent = by_label[label].parent
        if parent is None:
            root = label
            break
        if parent not in by_label:
            root = parent
            break
        if parent in place:
            root = min(path[place[parent]:])
            break
        label = parent
    else:
        root = roots[label]
    for step in path:
        roots[step] = root
    return root


def _thread(records: list[Record], source: str | None) -> Thread:
    """One conversation's thread, named by its root (present, or the absent one answered)."""
    root = next((record for record in records if record.parent is None), None)
    if root is not None:
        root.post = True
        thread_id = root.label
    else:
        earliest = min(records, key=lambda r: (
            r.published is None, timestamp(r.published) if r.published else 0, r.label))
        thread_id = _root(earliest, {record.label: record for record in records}, {})
    return build_thread(thread_id, records, url=(root.meta or {}).get("url") if root else None,
                        published=root.published if root else None, source=source)


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
