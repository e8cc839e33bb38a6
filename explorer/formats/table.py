"""Comment tables: CSV, TSV, a JSON array of records, JSON Lines or Parquet; many threads a file.

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
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from ..errors import ExplorerError
from ..model import Thread
from .jsondata import first_object, json_lines, load_json
from .records import Record, build_thread, clean_text, is_scalar, parse_time

NAME = "table"
EXTENSIONS = (".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".json", ".parquet", ".pq")
PARQUET_MAGIC = b"PAR1"
COLUMNS = ("id", "parent_id", "thread_id", "author", "time", "text", "title")
ALIASES = {
    "id": ("comment_id", "message_id", "post_id", "objectid"),
    "parent_id": ("parent", "reply_to", "in_reply_to", "parent_comment_id"),
    "thread_id": ("thread", "link_id", "story_id", "conversation_id"),
    "author": ("user", "username", "user_name", "by", "from_name", "sender", "from", "name"),
    "time": ("timestamp", "created_at", "created", "date", "created_utc", "published"),
    "text": ("body", "content", "message", "comment", "comment_text"),
    "title": ("subject",),
}
# A parent column's partner id column: ids and parents come in pairs.
ID_OF_PARENT = {
    "in_reply_to": "message_id",
    "parent_comment_id": "comment_id",
    "parent_post_id": "post_id",
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
    value = first_object(snippet)
    return None if value is None else list(value)


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
    set of keys met, and a column counts as missing only when no row has it. Columns
    that fill no role are kept on each node as ``meta``. The first thread's problems say
    which columns were chosen when any was found under another name, and what to pass
    to ``--columns`` when stated parents match no id.
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
            published = _time(values.get("time"))
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
                meta=_meta(row, resolved),
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
    for thread_id, records in groups.items():
        labels = {record.label for record in records}
        for record in records:
            record.stated = stated
            # Tables often give top-level comments the thread as parent.
            if record.parent == thread_id and thread_id not in labels:
                record.parent = None
    notes = _column_notes(list(mappings.values()), columns, groups)
    threads = []
    for thread_id, records in groups.items():
        threads.append(
            build_thread(thread_id, records, title=titles.get(thread_id), source=source,
                         problems=notes if not threads else ())
        )
    return threads


def _resolve(keys: list[str], columns: Mapping[str, str]) -> dict[str, str]:
    """Map each known name to the key that holds it in rows with these keys.

    Ids go with their parents: a table with ``message_id`` and ``in_reply_to`` takes
    ``message_id`` as the id even when it also has an ``id`` column.
    """
    by_lower = {str(key).strip().lower(): key for key in keys}
    resolved: dict[str, str] = {}
    for name, column in columns.items():
        if column.lower() in by_lower:
            resolved[name] = by_lower[column.lower()]
    taken = set(resolved.values())
    for name in ("parent_id", *COLUMNS):
        if name in resolved:
            continue
        candidates = (name, *ALIASES[name])
        if name == "id" and "parent_id" in resolved:
            partner = ID_OF_PARENT.get(str(resolved["parent_id"]).strip().lower())
            candidates = (partner, *candidates) if partner else candidates
        for candidate in candidates:
            key = by_lower.get(candidate)
            if key is not None and key not in taken:
                resolved[name] = key
                taken.add(key)
                break
    return resolved


def _meta(row: dict[str, Any], resolved: dict[str, str]) -> dict[str, Any] | None:
    """The row's other columns (and its title, which varies by row) as JSON scalars."""
    used = {column for name, column in resolved.items() if name != "title"}
    meta = {}
    for key, value in row.items():
        if key in used or value is None or value == "":
            continue
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = float(value)
        if is_scalar(value):
            meta[str(key)] = value
    return meta or None


def _column_notes(
    mappings: list[dict[str, str]], columns: Mapping[str, str], groups: dict[str, list[Record]]
) -> list[str]:
    """Say which columns were chosen when a name was guessed, and what to pass when unsure."""
    chosen: dict[str, str] = {}
    for resolved in mappings:
        for name, column in resolved.items():
            chosen.setdefault(name, str(column))
    guessed = [name for name, column in chosen.items()
               if name not in columns and column.strip().lower() != name]
    notes = []
    if guessed:
        listed = ", ".join(f"{name}={chosen[name]}" for name in COLUMNS if name in chosen)
        notes.append(f"table columns read as {listed} (--columns changes them)")
    hint = _id_hint(groups, chosen.get("id"))
    if hint:
        notes.append(hint)
    return notes


def _id_hint(groups: dict[str, list[Record]], id_column: str | None) -> str | None:
    """When most stated parents match no id, name the column that holds them, if one does."""
    records = [record for records in groups.values() for record in records]
    labels = {record.label for record in records}
    parents = [record.parent for record in records if record.parent is not None]
    matched = sum(parent in labels for parent in parents)
    if not parents or matched * 2 >= len(parents):
        return None
    held: dict[str, set[str]] = {}
    for record in records:
        for key, value in (record.meta or {}).items():
            held.setdefault(key, set()).add(str(value))
    counts = {key: sum(parent in values for parent in parents) for key, values in held.items()}
    best = max(sorted(counts), key=counts.__getitem__, default=None)
    where = f"the {id_column!r} column" if id_column else "the row numbers"
    if best is None or counts[best] <= matched:
        return f"{len(parents) - matched} of {len(parents)} parents match no id in {where}"
    return (
        f"{len(parents) - matched} of {len(parents)} parents match no id in {where}, "
        f"but column {best!r} holds {counts[best]} of them: pass --columns id={best}"
    )


def _time(value: Any) -> datetime | None:
    """A time cell: Parquet and JSON give datetimes or numbers, CSV gives text."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return parse_time(_string(value))


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


def is_parquet(data: bytes) -> bool:
    """True for the bytes of a Parquet file (they start with its magic number)."""
    return data[:4] == PARQUET_MAGIC


def parse_parquet(
    data: bytes, source: str | None = None, columns: Mapping[str, str] | None = None
) -> list[Thread]:
    """Read threads from the bytes of a Parquet table, batch by batch (needs pyarrow)."""
    return threads_from_rows(_parquet_rows(data, source), source, columns or {})


def _parquet_rows(data: bytes, source: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as err:
        raise ExplorerError(
            "reading Parquet needs pyarrow: pip install 'explorer[parquet]'", source
        ) from err
    number = 0
    try:
        for batch in pyarrow.parquet.ParquetFile(io.BytesIO(data)).iter_batches(batch_size=4096):
            for row in batch.to_pylist():
                number += 1
                yield f"row {number}", row
    except (pyarrow.ArrowException, OSError, ValueError) as err:
        raise ExplorerError(f"row {number + 1}: unreadable Parquet: {err}", source) from err


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
