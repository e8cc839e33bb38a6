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

The tables of one run are one corpus: rows go to a disk-backed join (``spill``) under their
thread, so a thread's rows may be scattered over a file or split over several files, and
memory follows the largest thread, besides each row's id and parent while a file is read.
CSV, TSV and JSON Lines in UTF-8 are read row by row whatever their size, Parquet row group
by row group; a JSON array is one document, read whole (within the limits of
``compression``), as is a table in another encoding.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Generator, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import IO, Any

from ..errors import ExplorerError
from ..model import Thread
from .compression import Input, head_of
from .jsondata import first_object
from .records import Record, build_thread, clean_text, is_scalar, parse_time
from .spill import Spill
from .tablerows import csv_rows, delimiter, json_rows, jsonl_rows, parquet_rows

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
    head = head_of(text.lstrip("\ufeff \t\r\n"))
    if head.startswith("["):
        keys = _json_keys(head[1:].lstrip())
    elif head.startswith("{"):
        keys = _json_keys(head.split("\n", 1)[0])
    else:
        header = re.split(r"\r\n?|\n", head, maxsplit=1)[0]  # old Macs end lines with \r
        separator = delimiter(header)
        keys = next(csv.reader([header], delimiter=separator), []) if separator else None
    if not keys:
        return False
    resolved = _resolve([str(key) for key in keys], {})
    return "text" in resolved and ("parent_id" in resolved or "thread_id" in resolved)


def _json_keys(snippet: str) -> list[str] | None:
    """Keys of the JSON object that starts the snippet (what follows it is ignored)."""
    value = first_object(snippet)
    return None if value is None else list(value)


def parse(
    text: str, source: str | None = None, columns: Mapping[str, str] | None = None
) -> list[Thread]:
    """Read threads from a CSV, TSV, JSON or JSON Lines table."""
    return _joined(text_items(text, source, columns or {}))


def threads_from_rows(
    rows: Iterable[tuple[str, dict[str, Any]]], source: str | None, columns: Mapping[str, str]
) -> list[Thread]:
    """Group rows (with where each stands, for errors) into threads."""
    return _joined(table_items(rows, source, columns))


def _joined(items: Items) -> list[Thread]:
    with Spill() as spill:
        spill.extend(items)
        return list(join(spill))


def text_items(
    text: str, source: str | None, columns: Mapping[str, str], warning: str | None = None
) -> Items:
    """The rows of a table's text under their threads, for ``join`` (``warning`` says how
    the text was decoded, when that is worth saying)."""
    text = text.lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("["):
        rows = json_rows(text, source)
    elif stripped.startswith("{"):
        rows = jsonl_rows(io.StringIO(text), source)
    else:
        rows = csv_rows(io.StringIO(text, newline=""), source)
    return table_items(rows, source, columns, warning)


def read_items(stream: Input, columns: Mapping[str, str]) -> Items:
    """Stream a CSV, TSV or JSON Lines table in UTF-8 row by row, for ``join``.

    A byte that is not UTF-8 raises ``compression.NotUTF8``, for the caller to read the
    file whole and detect its encoding.
    """
    lines = stream.text_lines()
    if stream.head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        rows = jsonl_rows(lines, stream.source)
    else:
        rows = csv_rows(lines, stream.source)
    return table_items(rows, stream.source, columns)


@dataclass(slots=True)
class Row:
    """A table row as ``join`` needs it: its record, file and title cell."""

    record: Record
    source: str | None
    title: str | None


@dataclass(slots=True)
class TableFile:
    """What ``join`` needs to know of a whole file once its rows are read."""

    source: str | None
    stated: bool
    """Whether the file has a parent column, so that every row's place is stated."""
    notes: list[str]
    """Problems about its columns, for the thread of its first row."""
    first_thread: Hashable
    warning: str | None
    """How the file was decoded, when not as UTF-8: every thread with its rows says so."""
    parents: Counter[str] | None = None
    """Stated parents, when most match no id: ``join`` looks for the column holding them."""
    matched: int = 0
    """How many of those match an id."""
    id_column: str | None = None


Items = Generator[tuple[Hashable, Row], None, TableFile]
"""A table's rows under their threads, then (returned) its TableFile, as ``join`` takes them."""


def table_items(
    rows: Iterable[tuple[str, dict[str, Any]]],
    source: str | None,
    columns: Mapping[str, str],
    warning: str | None = None,
) -> Items:
    """Each row under its thread; returns the file's TableFile.

    JSON records may leave out keys whose value is null, so names are resolved for each
    set of keys met, and a column counts as missing only when no row has it. Columns
    that fill no role are kept on each node as ``meta``. A row without a thread is in the
    file's own thread (named after the file), which no other file joins. Only ids are kept
    while reading, to check the file's parents once its last row is read.
    """
    default_thread = (_stem(source), source)
    mappings: dict[tuple[str, ...], dict[str, str]] = {}
    keys_seen: dict[str, None] = {}  # ordered, for messages
    has_text = False
    first_thread: Hashable = None
    labels: set[str] = set()
    posted: set[Hashable] = set()
    parents: list[tuple[str, Hashable]] = []
    bad_times, first_bad = 0, ""
    for count, (where, row) in enumerate(rows, start=1):
        keys = tuple(row)
        resolved = mappings.get(keys)
        if resolved is None:
            resolved = mappings[keys] = _resolve(list(keys), columns)
            keys_seen.update(dict.fromkeys(keys))
        has_text = has_text or "text" in resolved
        values = {name: row.get(column) for name, column in resolved.items()}
        label = _string(values.get("id")) or str(count)
        thread: Hashable = _string(values.get("thread_id")) or default_thread
        parent = _string(values.get("parent_id"))
        meta = _meta(row, resolved)
        try:
            published = _time(values.get("time"))
        except ValueError as err:
            # One bad cell in a big export should not cost the file: the row keeps no
            # time, its cell stays in meta, and the file gets one warning.
            published = None
            meta = {**(meta or {}), resolved["time"]: str(values["time"])}
            bad_times += 1
            first_bad = first_bad or f"{where}: {err}"
        title = str(values["title"]).strip() if values.get("title") else None
        first_thread = thread if first_thread is None else first_thread
        labels.add(label)
        if label == thread:
            posted.add(thread)
        if parent is not None:
            parents.append((parent, thread))
        yield thread, Row(
            Record(
                label=label,
                text=clean_text(_string(values.get("text"), strip=False)),
                parent=parent,
                author=_string(values.get("author")),
                published=published,
                post=label == thread,
                meta=meta,
            ),
            source,
            title,
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
    # Tables often give top-level comments the thread as parent: those are not missed.
    stated = [parent for parent, thread in parents if parent != thread or thread in posted]
    matched = sum(parent in labels for parent in stated)
    chosen = _chosen(list(mappings.values()))
    return TableFile(
        source=source,
        # With a parent column the table states every row's place; without, it is flat.
        stated=any("parent_id" in mapping for mapping in mappings.values()),
        notes=[*_column_notes(chosen, columns), *_time_notes(bad_times, first_bad, chosen)],
        first_thread=first_thread,
        warning=warning,
        parents=Counter(stated) if stated and matched * 2 < len(stated) else None,
        matched=matched,
        id_column=chosen.get("id"),
    )


def join(spill: Spill) -> Iterator[Thread]:
    """The threads of the rows of one or more tables, in order of first mention.

    A thread's rows may come from several files; it takes its title from its first row
    that has one and its source from its first row.
    """
    files = spill.summaries
    by_source = {file.source: file for file in files}
    notes: dict[Hashable, list[str]] = {}
    hints = _id_hints([file for file in files if file.parents], spill)
    for file in files:
        found = [*file.notes, *([hints[file.source]] if file.source in hints else [])]
        notes.setdefault(file.first_thread, []).extend(found)
    for key, rows in spill.groups():
        thread_id = key if isinstance(key, str) else key[0]
        records = [row.record for row in rows]
        labels = {record.label for record in records}
        for row in rows:
            row.record.stated = by_source[row.source].stated
            if row.record.parent == thread_id and thread_id not in labels:
                row.record.parent = None
        thread = build_thread(
            thread_id, records, source=rows[0].source, problems=notes.get(key, ()),
            title=next((row.title for row in rows if row.title is not None), None),
        )
        sources = dict.fromkeys(row.source for row in rows)
        warnings = tuple(filter(None, (by_source[source].warning for source in sources)))
        yield replace(thread, problems=(*warnings, *thread.problems)) if warnings else thread


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


def _chosen(mappings: list[dict[str, str]]) -> dict[str, str]:
    """The column read for each name (the first met, when rows differ)."""
    chosen: dict[str, str] = {}
    for resolved in mappings:
        for name, column in resolved.items():
            chosen.setdefault(name, str(column))
    return chosen


def _time_notes(bad: int, first: str, chosen: dict[str, str]) -> list[str]:
    """One warning for the time cells that are no time, naming the first."""
    if not bad:
        return []
    cells = "1 cell is" if bad == 1 else f"{bad} cells are"
    return [f"column {chosen['time']!r}: {cells} no time, kept in meta (first: {first})"]


def _column_notes(chosen: dict[str, str], columns: Mapping[str, str]) -> list[str]:
    """Say which columns were chosen when a name was guessed."""
    guessed = [name for name, column in chosen.items()
               if name not in columns and column.strip().lower() != name]
    if not guessed:
        return []
    listed = ", ".join(f"{name}={chosen[name]}" for name in COLUMNS if name in chosen)
    return [f"table columns read as {listed} (--columns changes them)"]


def _id_hints(files: list[TableFile], spill: Spill) -> dict[str | None, str]:
    """For files whose stated parents mostly match no id, say so, naming the column that
    holds most of them when one does: what to pass to ``--columns``.

    Only then are the rows read once more (from the spill), to count in each column the
    parents its values hold, and to find parents that are ids of another file (a table
    exported in parts).
    """
    if not files:
        return {}
    wanted = {file.source: file for file in files}
    counts: dict[str | None, Counter[str]] = {source: Counter() for source in wanted}
    seen: set[tuple[str | None, str, str]] = set()
    ids: set[str] = set()
    for row in spill.items():
        ids.add(row.record.label)
        file = wanted.get(row.source)
        if file is None or not row.record.meta:
            continue
        for key, value in row.record.meta.items():
            value = str(value)
            if value in file.parents and (row.source, key, value) not in seen:
                seen.add((row.source, key, value))
                counts[row.source][key] += file.parents[value]
    hints = {}
    for source, file in wanted.items():
        total = file.parents.total()
        matched = sum(count for parent, count in file.parents.items() if parent in ids)
        if matched * 2 >= total:
            continue  # most parents are ids of the other parts
        where = f"the {file.id_column!r} column" if file.id_column else "the row numbers"
        hint = f"{total - matched} of {total} parents match no id in {where}"
        best = max(sorted(counts[source]), key=counts[source].__getitem__, default=None)
        if best is not None and counts[source][best] > matched:
            hint += f", but column {best!r} holds {counts[source][best]} of them: " \
                    f"pass --columns id={best}"
        hints[source] = hint
    return hints


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


def is_parquet(data: bytes) -> bool:
    """True for the bytes of a Parquet file (they start with its magic number)."""
    return data[:4] == PARQUET_MAGIC


def parquet_items(
    file: str | IO[bytes], source: str | None, columns: Mapping[str, str]
) -> Items:
    """The rows of a Parquet table (a path, or its bytes in a file object) under their
    threads, for ``join``: read batch by batch from its row groups (needs pyarrow)."""
    return table_items(parquet_rows(file, source), source, columns)
