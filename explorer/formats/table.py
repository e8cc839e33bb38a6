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

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Generator, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import IO, Any

from ..errors import ExplorerError
from ..model import Thread
from ..text import SharedStrings
from .compression import Input, head_of
from .htmltext import clean_text
from .jsondata import first_object
from .jsonstream import pieces
from .protocol import Format, Stream
from .records import Record, build_thread, parse_time
from .spill import Spill
from .tablecolumns import (
    chosen_columns,
    column_notes,
    nested_hint,
    resolve,
    with_paths,
)
from .tablerows import (
    csv_rows,
    delimiter,
    json_rows,
    jsonl_rows,
    parquet_rows,
    streamed_json_rows,
)

NAME = "table"
EXTENSIONS = (".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".json", ".parquet", ".pq")
PARQUET_MAGIC = b"PAR1"
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
    resolved = resolve([str(key) for key in keys], {})
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


def can_stream(head: bytes) -> bool:
    """True when a table starting with these bytes can be read row by row: CSV, TSV, JSON
    Lines or a JSON array whose first bytes are UTF-8."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def read_items(stream: Input, columns: Mapping[str, str]) -> Items:
    """Stream a CSV, TSV, JSON Lines or JSON array table in UTF-8 row by row, for ``join``.

    A byte that is not UTF-8 raises ``compression.NotUTF8``, for the caller to read the
    file whole and detect its encoding.
    """
    first = stream.head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"[":
        parts = pieces(stream.texts(), stream.source, None, stream.whole_limit)
        items = table_items(streamed_json_rows(parts, stream.source), stream.source, columns)
        return _syntax_first(items, parts)
    lines = stream.text_lines()
    rows = jsonl_rows(lines, stream.source) if first == b"{" else csv_rows(lines, stream.source)
    return table_items(rows, stream.source, columns)


def _syntax_first(items: Items, parts: Iterator) -> Items:
    """``items``; when they fail before the document is all read, a syntax error further on
    is the error, as a document read whole is parsed before its rows are read."""
    try:
        return (yield from items)
    except ExplorerError:
        for _ in parts:
            pass
        raise


@dataclass(slots=True)
class Row:
    """A table row as ``join`` needs it: its record, file and title cell."""

    record: Record
    source: str | None
    title: str | None
    thread: Hashable = None

    def to_plain(self) -> tuple | None:
        """The fields as values ``marshal`` writes, for the spill (None: pickle them)."""
        record = self.record.to_plain()
        return None if record is None else (record, self.source, self.title, self.thread)

    @classmethod
    def from_plain(cls, plain: tuple) -> Row:
        record, source, title, thread = plain
        return cls(Record.from_plain(record), source, title, thread)


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
    homes: dict[str, Hashable] = field(default_factory=dict)
    """The thread of each parent that the file puts in another thread than its reply."""
    unfound: set[str] = field(default_factory=set)
    """Stated parents that are no id of the file (maybe of another file)."""


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
    used: dict[tuple[str, ...], set[str]] = {}  # for each set of keys, the columns with a role
    keys_seen: dict[str, None] = {}  # ordered, for messages
    has_text = False
    first_thread: Hashable = None
    thread_of: dict[str, Hashable] = {}
    posted: set[Hashable] = set()
    parents: list[tuple[str, Hashable]] = []
    paths = [column for column in columns.values() if "." in column]
    # Authors, threads and parents come back row after row: each is one string, not a copy
    # per row (a big thread's authors and parents weighed 0.1 KB a comment).
    shared = SharedStrings()
    bad_times, first_bad = 0, ""
    for count, (where, row) in enumerate(rows, start=1):
        if paths:
            row = with_paths(row, paths)
        keys = tuple(row)
        resolved = mappings.get(keys)
        if resolved is None:
            resolved = mappings[keys] = resolve(list(keys), columns)
            used[keys] = {column for name, column in resolved.items() if name != "title"}
            keys_seen.update(dict.fromkeys(keys))
        has_text = has_text or "text" in resolved
        values = {name: row.get(column) for name, column in resolved.items()}
        # Cells of these types hold no object; only other rows are searched for one.
        if not _FLAT_CELLS.issuperset(map(type, values.values())):
            nested = next((name for name, value in values.items() if isinstance(value, dict)),
                          None)
            if nested is not None:
                raise ExplorerError(nested_hint(where, resolved[nested], nested, values[nested]),
                                    source)
        label = _string(values.get("id")) or str(count)
        thread: Hashable = shared(_string(values.get("thread_id"))) or default_thread
        parent = shared(_string(values.get("parent_id")))
        meta = _meta(row, used[keys])
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
        thread_of.setdefault(label, thread)
        if label == thread:
            posted.add(thread)
        if parent is not None:
            parents.append((parent, thread))
        yield thread, Row(
            Record(
                label=label,
                text=clean_text(_string(values.get("text"), strip=False)),
                parent=parent,
                author=shared(_string(values.get("author"))),
                published=published,
                post=label == thread,
                meta=meta,
            ),
            source,
            title,
            thread,
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
    stated = [(parent, thread) for parent, thread in parents
              if parent != thread or thread in posted]
    matched = sum(parent in thread_of for parent, _ in stated)
    chosen = chosen_columns(list(mappings.values()))
    return TableFile(
        source=source,
        # With a parent column the table states every row's place; without, it is flat.
        stated=any("parent_id" in mapping for mapping in mappings.values()),
        notes=[*column_notes(chosen, columns), *_time_notes(bad_times, first_bad, chosen)],
        first_thread=first_thread,
        warning=warning,
        parents=Counter(parent for parent, _ in stated)
        if stated and matched * 2 < len(stated) else None,
        matched=matched,
        id_column=chosen.get("id"),
        homes={parent: thread_of[parent] for parent, thread in stated
               if thread_of.get(parent, thread) != thread},
        unfound={parent for parent, _ in stated if parent not in thread_of},
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
    homes = _homes(files, spill)
    for file in files:
        found = [*file.notes, *([hints[file.source]] if file.source in hints else [])]
        notes.setdefault(file.first_thread, []).extend(found)
    for key, rows in spill.groups():
        thread_id = _thread_name(key)
        records = [row.record for row in rows]
        labels = {record.label for record in records}
        elsewhere: dict[str, Hashable] = {}  # parents in other threads, and where
        moved = 0
        for row in rows:
            record = row.record
            record.stated = by_source[row.source].stated
            if record.parent == thread_id and thread_id not in labels:
                record.parent = None
            elif record.parent not in labels and homes.get(record.parent, key) != key:
                # Its parent is in the input, in another thread: at top level here, and still
                # stated, so no guess replaces the parent the source gave.
                elsewhere[record.parent] = homes[record.parent]
                record.parent = None
                moved += 1
        problems = [*notes.get(key, ()), *_elsewhere_note(elsewhere, moved)]
        title = next((row.title for row in rows if row.title is not None), None)
        sources = dict.fromkeys(row.source for row in rows)
        del rows  # the records are all build_thread needs: a big thread's rows go first
        thread = build_thread(
            thread_id, records, source=next(iter(sources)), problems=problems, title=title,
        )
        warnings = tuple(filter(None, (by_source[source].warning for source in sources)))
        yield replace(thread, problems=(*warnings, *thread.problems)) if warnings else thread


def _homes(files: list[TableFile], spill: Spill) -> dict[str, Hashable]:
    """The thread of each stated parent that stands in another thread than its reply.

    A file knows where its own rows stand; parents that are no row of their file are sought
    in the other files, in one more reading of the rows, only when there are other files.
    """
    homes: dict[str, Hashable] = {}
    for file in files:
        for parent, thread in file.homes.items():
            homes.setdefault(parent, thread)
    unfound = set().union(*(file.unfound for file in files)) - homes.keys()
    if len(files) > 1 and unfound:
        for row in spill.items():
            if row.record.label in unfound:
                homes.setdefault(row.record.label, row.thread)
    return homes


def _elsewhere_note(elsewhere: dict[str, Hashable], count: int) -> list[str]:
    if not elsewhere:
        return []
    named = sorted(elsewhere.items(), key=lambda item: item[0])
    sample = ", ".join(f"{parent} is in thread {_thread_name(thread)}"
                       for parent, thread in named[:3])
    more = " …" if len(named) > 3 else ""
    return [f"replies to messages in another thread: {count} ({sample}{more}); "
            "shown at top level"]


_FLAT_CELLS = frozenset({str, int, float, bool, type(None)})


def _thread_name(key: Hashable) -> str:
    return key if isinstance(key, str) else key[0]


def _meta(row: dict[str, Any], used: set[str]) -> dict[str, Any] | None:
    """The row's columns other than ``used`` (its title, which varies by row, is not) as JSON
    values: nothing is dropped (NaN, infinities, lists and objects stay) but empty cells."""
    meta = {}
    for key, value in row.items():
        if key in used or value is None or value == "":
            continue
        meta[str(key)] = _json_value(value)
    return meta or None


def _json_value(value: Any) -> Any:
    """A cell as a JSON value: times as ISO 8601, decimals as floats, inside lists and
    objects too; anything else (bytes) as its text."""
    if value is None or isinstance(value, str | int | float):  # most cells
        return value
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _time_notes(bad: int, first: str, chosen: dict[str, str]) -> list[str]:
    """One warning for the time cells that are no time, naming the first."""
    if not bad:
        return []
    cells = "1 cell is" if bad == 1 else f"{bad} cells are"
    return [f"column {chosen['time']!r}: {cells} no time, kept in meta (first: {first})"]


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
    if type(value) is str:  # most cells: a stripped text is stripped again to no end
        return (value.strip() or None) if strip else value if value.strip() else None
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


def read_parquet(stream: Input, columns: Mapping[str, str]) -> Items:
    """The rows of a Parquet table under their threads, for ``join``: read batch by batch
    from its row groups (needs pyarrow), from the file itself when it is a plain file (other
    input has to be held)."""
    whole = stream.regular and stream.compression is None
    file: str | IO[bytes] = stream.source if whole else io.BytesIO(stream.read())
    return table_items(parquet_rows(file, stream.source), stream.source, columns)


FORMAT = Format(
    NAME, EXTENSIONS, sniff, parse, items=text_items,
    streams=(Stream(is_parquet, read_parquet), Stream(can_stream, read_items, by_text=True)),
    join=join, columns=True,
)
