"""API responses that wrap a known format's records: ``{"post": item, "comments": [items]}``,
``{"data": ...}``, ``{"items": [...]}``, ``{"results": [...]}``, ``{"hits": [...]}``, and
Reddit's Listing of comments or posts (``/r/SUB/comments.json``, a user's history).

Scrapers and API clients save threads this way (a Hacker News story with its comments, a
search API's hits). The wrapper is taken off, up to a few levels deep, and what is inside
is read by the first of ``INNER`` formats that recognises it, as a JSON array or as JSON
Lines. The wrapper's other keys are not thread data and are left aside.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from ..errors import ExplorerError
from ..model import Thread
from . import discourse, hackernews, reddit, table
from .jsondata import load_json
from .protocol import Format

NAME = "wrapped"
EXTENSIONS = (".json",)
LIST_KEYS = ("items", "results", "hits")
INNER: tuple[Format, ...] = (reddit.FORMAT, hackernews.FORMAT, discourse.FORMAT, table.FORMAT)
"""Formats whose records a wrapper may hold, most specific first."""
MAX_LEVELS = 4

_KEYS = re.compile(r'"(?:post|comments|data|items|results|hits)"\s*:')


def sniff(text: str) -> bool:
    """True for a JSON object that wraps records some inner format reads."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith("{") or not _KEYS.search(head[:65536]):
        return False
    try:
        return _inner(load_json(head, None)) is not None
    except ExplorerError:
        return False


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Take the wrapper off and read its records with the format that knows them."""
    document = load_json(text.lstrip("\ufeff"), source)
    found = _inner(document)
    if found is None:
        raise ExplorerError(
            "not a wrapper of records in a known format (expected "
            '{"post": ..., "comments": [...]}, {"data": ...} or {"items"|"results"|"hits": '
            f"[...]}} around {', '.join(inner.name for inner in INNER)} records)",
            source,
        )
    inner, inner_text = found
    return [replace(thread, platform=thread.platform or inner.platform)
            for thread in inner.parse(inner_text, source)]


def _inner(document: Any) -> tuple[Format, str] | None:
    """The inner format and its records as text, or None when nothing known is inside."""
    for records in _unwrapped(document):
        encodings = _encodings(records)
        for inner in INNER:
            for inner_text in encodings:
                if inner.sniff(inner_text):
                    return inner, inner_text
    return None


def _unwrapped(document: Any) -> list[Any]:
    """What each wrapper level holds, outermost first (the document itself excluded)."""
    found = []
    for _ in range(MAX_LEVELS):
        if not isinstance(document, dict):
            break
        if "kind" in document:
            # Reddit's API answers lists of comments or posts as one Listing of kind/data
            # things; their data are the records a dump holds.
            if document["kind"] != "Listing":
                break
            document = _listing_items(document)
        elif isinstance(document.get("comments"), list) and isinstance(document.get("post"), dict):
            document = [document["post"], *document["comments"]]
        elif "data" in document:
            document = document["data"]
        else:
            key = next((k for k in LIST_KEYS if isinstance(document.get(k), list)), None)
            if key is None:
                break
            document = document[key]
        found.append(document)
    return found


def _listing_items(listing: dict[str, Any]) -> list[Any]:
    """The ``data`` of each thing in a Reddit Listing (none when it is malformed)."""
    data = listing.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    if not isinstance(children, list):
        return []
    return [child.get("data") for child in children if isinstance(child, dict)]


def _encodings(records: Any) -> list[str]:
    """The records as a JSON document and, for a list of objects, as JSON Lines."""
    document = json.dumps(records, ensure_ascii=False)
    if isinstance(records, list) and records and all(isinstance(r, dict) for r in records):
        return [document, "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"]
    return [document]


FORMAT = Format(NAME, EXTENSIONS, sniff, parse)
