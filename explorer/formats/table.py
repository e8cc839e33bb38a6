"""Comment tables: CSV, TSV, a JSON array of records, or JSON Lines; many threads per file.

Columns (names are matched without regard to case): ``id``, ``parent_id``, ``thread_id``,
``author``, ``time``, ``text``, and optionally ``title``. Only ``text`` is required: without
``id`` rows are numbered, without ``parent_id`` every comment is top level, without
``thread_id`` the whole file is one thread named after the file. A row whose id equals its
thread_id is the thread's post; a parent_id equal to the thread_id means top level.

Other names are mapped with ``columns`` (``{"id": "comment_id", "parent_id": "reply_to"}``,
``--columns id=comment_id,parent_id=reply_to`` on the command line); without a mapping a few
common names are recognised (``comment_id``, ``parent``, ``reply_to``, ``body``, ...).
Times are Unix seconds or milliseconds, ISO 8601 or RFC 2822. Text holding HTML tags or
entities is turned into plain text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any

from ..errors import ExplorerError
from ..model import Thread
from .jsondata import json_lines, load_json
from .records import Record, build_thread, clean_text, parse_time

NAME = "table"
EXTENSIONS = (".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".json")
COLUMNS = ("id", "parent_id", "thread_id", "author", "time", "text", "title")
ALIASES = {
    "id": ("comment_id", "message_id", "post_id"),
    "parent_id": ("parent", "reply_to", "in_reply_to", "parent_comment_id"),
    "thread_id": ("thread", "link_id", "story_id", "conversation_id"),
    "author": ("user", "username", "user_name", "by", "name"),
    "time": ("timestamp", "created_at", "created", "date", "created_utc", "published"),
    "text": ("body", "content", "message", "comment", "comment_text"),
    "title": ("subject",),
}
_DELIMITERS = {"\t": "TSV", ",": "CSV", ";": "CSV"}

csv.field_size_limit(2**31 - 1)  # comment bodies can be long; the default limit is 128 KB


def parse_columns(spec: str) -> dict[str, str]:
    """Read ``id=comment_id,parent_id=reply_to`` into a mapping, checking the names."""
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, sep, column = item.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not sep or not column:
            raise ExplorerError(f"--columns: expected NAME=COLUMN, got {item!r}")
        if name not in COLUMNS:
            raise ExplorerError(f"--columns: unknown name {name!r}; known: {', '.join(COLUMNS)}")
        mapping[name] = column
    return mapping


def sniff(text: str) -> bool:
    """True for a table whose header (or first record) names ``text`` and ``id`` or parents."""
    head = text.lstrip("\ufeff \t\r\n")[:65536]
    if head.startswith("["):
        keys = _json_keys(head[1:].lstrip())
    elif head.startswith("{"):
        keys = _json_keys(head.split("\n", 1)[0])
    else:
        header = head.split("\n", 1)[0]
        delimiter = _delimiter(header)
        keys = next(csv.reader([header], delimiter=delimiter), []) if delimiter else None
    if not keys:
        return False
    resolved = _resolve([str(key) for key in keys], {})
    return "text" in resolved and ("parent_id" in resolved or "thread_id" in resolved)


def _json_keys(snippet: str) -> list[str] | None:
    """Keys of the JSON object that starts the snippet (what follows it is ignored)."""
    try:
        value, _ = json.JSONDecoder().raw_decode(snippet)
    except json.JSONDecodeError:
        return None
    return list(value) if isinstance(value, dict) else None


def _delimiter(header: str) -> str | None:
    for delimiter in _DELIMITERS:
        if delimiter in header:
            return delimiter
    return None


def parse(
    text: str, source: str | None = None, columns: Mapping[str, str] | None = None
) -> list[Thread]:
    """Read threads from a CSV, TSV, JSON or JSON Lines table."""
    text = text.lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("["):
        rows = _json_rows(text, source)
    elif stripped.startswith("{"):
        rows = _jsonl_rows(text, source)
    else:
        rows = _csv_rows(text, source)
    return threads_from_rows(rows, source, columns or {})


def threads_from_rows(
    rows: Iterator[tuple[str, dict[str, Any]]], source: str | None, columns: Mapping[str, str]
) -> list[Thread]:
    """Group rows (with where each stands, for errors) into threads.

    JSON records may leave out keys whose value is null, so names are resolved for each
    set of keys met, and a column counts as missing only when no row has it.
    """
    default_thread = _stem(source)
    groups: dict[str, list[Record]] = {}
    titles: dict[str, str] = {}
    mappings: dict[tuple[str, ...], dict[str, str]] = {}
    keys_seen: dict[str, None] = {}  # ordered, for messages
    has_text = False
    for count, (where, row) in enumerate(rows, start=1):
        keys = tuple(row)
        resolved = mappings.get(keys)
        if resolved is None:
            resolved = mappings[keys] = _resolve(list(keys), columns)
            keys_seen.update(dict.fromkeys(keys))
        has_text = has_text or "text" in resolved
        values = {name: row.get(column) for name, column in resolved.items()}
        label = _string(values.get("id")) or str(count)
        thread = _string(values.get("thread_id")) or default_thread
        parent = _string(values.get("parent_id"))
        try:
            published = parse_time(_string(values.get("time")))
        except ValueError as err:
            raise ExplorerError(f"{where}: column {resolved['time']!r}: {err}", source) from err
        if values.get("title") and thread not in titles:
            titles[thread] = str(values["title"]).strip()
        groups.setdefault(thread, []).append(
            Record(
                label=label,
                text=clean_text(_string(values.get("text"), strip=False)),
                parent=parent,
                author=_string(values.get("author")),
                published=published,
                post=label == thread,
            )
        )
    if not mappings:
        raise ExplorerError("no rows", source)
    found = ", ".join(map(str, keys_seen))
    lowered = {str(key).strip().lower() for key in keys_seen}
    for name, column in columns.items():
        if column.lower() not in lowered:
            raise ExplorerError(f"column {column!r} (for {name}) not found; columns are: {found}",
                                source)
    if not has_text:
        raise ExplorerError(f"no text column (found: {found}); map one with --columns text=NAME",
                            source)
    # With a parent column the table states every row's place; without, it is flat.
    stated = any("parent_id" in mapping for mapping in mappings.values())
    threads = []
    for thread_id, records in groups.items():
        labels = {record.label for record in records}
        for record in records:
            record.stated = stated
            # Tables often give top-level comments the thread as parent.
            if record.parent == thread_id and thread_id not in labels:
                record.parent = None
        threads.append(
            build_thread(thread_id, records, title=titles.get(thread_id), source=source)
        )
    return threads


def _resolve(keys: list[str], columns: Mapping[str, str]) -> dict[str, str]:
    """Map each known name to the key that holds it in rows with these keys."""
    by_lower = {str(key).strip().lower(): key for key in keys}
    resolved: dict[str, str] = {}
    for name, column in columns.items():
        if column.lower() in by_lower:
            resolved[name] = by_lower[column.lower()]
    taken = set(resolved.values())
    for name in COLUMNS:
        if name in resolved:
            continue
        for candidate in (name, *ALIASES[name]):
            key = by_lower.get(candidate)
            if key is not None and key not in taken:
                resolved[name] = key
                taken.add(key)
                break
    return resolved


def _string(value: Any, strip: bool = True) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    text = text.strip() if strip else text
    return text if text.strip() else None


def _stem(source: str | None) -> str:
    if not source or source.startswith("<"):
        return "thread"
    return PurePath(source).stem


def _json_rows(text: str, source: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    document = load_json(text, source)
    if not isinstance(document, list):
        raise ExplorerError("expected a JSON array of records", source)
    for index, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            raise ExplorerError(f"record {index}: expected an object, got {item!r:.40}", source)
        yield f"record {index}", item


def _jsonl_rows(text: str, source: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    for number, item in json_lines(io.StringIO(text), source):
        yield f"line {number}", item


def _csv_rows(text: str, source: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    header_line = text.split("\n", 1)[0]
    delimiter = _delimiter(header_line)
    if delimiter is None:
        raise ExplorerError(
            "not a table: the first line has no tab, comma or semicolon between column names",
            source,
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        names = [name.strip() for name in header]
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(names):
                raise ExplorerError(
                    f"line {start}: expected {len(names)} fields, found {len(row)}", source
                )
            yield f"line {start}", dict(zip(names, row, strict=True))
    except csv.Error as err:
        raise ExplorerError(f"line {reader.line_num}: {err}", source) from err
