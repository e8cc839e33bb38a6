"""Input formats: sniffing, parsing and reading paths into threads.

Each format module has ``NAME``, ``EXTENSIONS``, ``sniff(text) -> bool`` and
``parse(text, source) -> list[Thread]``. A module may also read inputs itself:
- ``sniff_path(path)`` and ``read_path_items(path, source)`` for what it takes as a path
  (a folder): its items go to the join of its format, as below;
- ``sniff_stream(head)``, ``read_items(stream)`` and ``join(spill)`` for input it reads
  line by line from the decompressed bytes (``compression.Input``), so size is no limit,
  and whose threads cross files: the inputs of one run are one corpus, each file gives
  ``(thread key, item)`` pairs (the key None when only the join can tell) and may return
  a summary of itself, kept in one ``spill.Spill`` per format (items on disk when large,
  summaries in ``Spill.summaries``), and ``join`` yields the threads of all
  of them one at a time (mail by Message-ID, Reddit dumps by ``link_id``), so memory
  follows the largest thread.
A module whose threads all come from one kind of site says so in ``PLATFORM``
(``Thread.platform``). Any input may be compressed (gzip, bzip2, xz, zstandard):
``compression`` reads it.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields, is_dataclass, replace
from pathlib import Path, PurePath
from types import ModuleType
from typing import Any

from ..errors import ExplorerError
from ..model import Thread
from ..text import decode_bytes
from . import (
    blogger,
    blogger_atom,
    discourse,
    disqus,
    hackernews,
    interchange,
    mbox,
    reddit,
    table,
    wordpress,
    wrapped,
)
from .compression import COMPRESSED_SUFFIXES, STDIN, Input, NotUTF8
from .spill import Spill, SpillFailed

# The generic table comes after the formats whose records it could also read (API
# wrappers around them included), and the Blogger page text last: its markers can turn
# up in any text.
FORMATS: tuple[ModuleType, ...] = (
    interchange, reddit, hackernews, discourse, wrapped, blogger_atom, wordpress, disqus, mbox,
    table, blogger,
)
"""Most specific first: the first whose ``sniff`` accepts a text reads it."""


def format_names() -> list[str]:
    """Names accepted by ``--format``."""
    return [module.NAME for module in FORMATS]


def find_format(name: str) -> ModuleType:
    """Return the format module called ``name``."""
    for module in FORMATS:
        if module.NAME == name:
            return module
    raise ExplorerError(f"unknown format {name!r}; supported: {', '.join(format_names())}")


def parse_text(
    text: str,
    source: str = "<text>",
    format: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> list[Thread]:
    """Parse threads from text, sniffing the format unless one is named.

    ``columns`` maps the table format's names to a file's own (``{"id": "comment_id"}``)
    and implies that format.
    """
    if columns:
        module = find_format(format or table.NAME)
        if module is not table:
            raise ExplorerError(f"column names apply to the {table.NAME} format, not {format}")
        threads = table.parse(text, source, columns=columns)
    else:
        module = find_format(format) if format else _sniff(text, source)
        threads = module.parse(text, source)
    if not threads:
        raise ExplorerError(f"no threads found (read as {module.NAME})", source)
    return [_encodable(_on_platform(thread, module)) for thread in threads]


def _sniff(text: str, source: str) -> ModuleType:
    module = _first_sniffing(text)
    if module is not None:
        return module
    raise ExplorerError(
        f"not a thread in any supported format ({', '.join(format_names())})", source
    )


def _first_sniffing(text: str) -> ModuleType | None:
    """The first format whose ``sniff`` accepts the text."""
    return next((module for module in FORMATS if module.sniff(text)), None)


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Expand directories into the thread files inside them, sorted; keep '-' for stdin.

    A compressed file counts by the name under its compression suffix ("2006-May.txt.gz").
    """
    extensions = {ext for module in FORMATS for ext in module.EXTENSIONS}
    expanded: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw == STDIN or not path.is_dir() or mbox.is_maildir(path):
            expanded.append(raw)
            continue
        # A maildir inside the folder is one input; the files under it are its messages.
        maildirs = [child for child in path.rglob("*") if mbox.is_maildir(child)]
        found = sorted(
            str(child)
            for child in path.rglob("*")
            if child.is_file()
            and _is_thread_file(child, extensions)
            and not any(part.startswith(".") for part in child.relative_to(path).parts)
            and not any(folder in child.parents for folder in maildirs)
        )
        found = sorted(found + [str(folder) for folder in maildirs])
        if not found:
            raise ExplorerError(
                f"directory has no thread files ({', '.join(sorted(extensions))}, "
                f"or those compressed: {', '.join(COMPRESSED_SUFFIXES)})", raw
            )
        expanded.extend(found)
    return expanded


def _is_thread_file(path: Path, extensions: set[str]) -> bool:
    suffix = path.suffix.lower()
    if suffix in extensions:
        return True
    if suffix not in COMPRESSED_SUFFIXES:
        return False
    inner = PurePath(path.stem).suffix.lower()
    return not inner or inner in extensions


def iter_threads(
    paths: Iterable[str],
    format: str | None = None,
    on_error: Callable[[ExplorerError], None] | None = None,
    columns: Mapping[str, str] | None = None,
) -> Iterator[Thread]:
    """Yield every thread under the given paths (files, directories or '-'), as read.

    The inputs are one corpus: the items of formats whose threads cross files (mail,
    Reddit dumps, tables) go to a disk-backed join as they are read, and their threads
    come at the end, one at a time; the others are yielded file by file.
    Thread ids are unique across inputs: a repeated id gets the name of the folder its
    file is in ("b-thread"), then a number. Without ``on_error`` the first bad input
    raises; with it, each bad input is handed to ``on_error`` and the others are still
    read. ``columns`` is as for ``parse_text``.
    """
    pending: dict[ModuleType, Spill] = {}
    ids: set[str] = set()
    try:
        for raw in paths:
            try:
                files = expand_paths([raw])
            except ExplorerError as err:
                _report(err, on_error)
                continue
            for file in files:
                try:
                    threads = _read_input(file, format, columns, pending)
                except ExplorerError as err:
                    _report(err, on_error)
                    continue
                for thread in threads:
                    yield _unique(thread, ids)
        for module, items in pending.items():
            try:
                for thread in module.join(items):
                    yield _unique(_encodable(_on_platform(thread, module)), ids)
            except ExplorerError as err:
                _report(err, on_error)
            items.close()  # its file goes as soon as its threads are out
    finally:
        for items in pending.values():
            items.close()


def read_paths(
    paths: Iterable[str],
    format: str | None = None,
    on_error: Callable[[ExplorerError], None] | None = None,
    columns: Mapping[str, str] | None = None,
) -> list[Thread]:
    """Read every thread under the given paths: ``iter_threads`` as a list."""
    return list(iter_threads(paths, format, on_error, columns))


def _report(err: ExplorerError, on_error: Callable[[ExplorerError], None] | None) -> None:
    if on_error is None or isinstance(err, SpillFailed):  # a full disk fails every input
        raise err
    on_error(err)


def _read_input(
    raw: str, format: str | None, columns: Mapping[str, str] | None,
    pending: dict[ModuleType, Spill],
) -> list[Thread]:
    """Read one file or standard input: its threads, or (for formats whose threads cross
    files) none, its items going to the join of their format in ``pending``."""
    reader = None if raw == STDIN or columns else _claimed_by("sniff_path", Path(raw), format)
    if reader is not None:
        _collect(pending, reader, reader.read_path_items(Path(raw), raw))
        return []
    with Input(raw) as stream:
        module = None if columns else _claimed_by("sniff_stream", stream.head, format)
        if module is not None:
            _collect(pending, module, module.read_items(stream))
            return []
        if table.is_parquet(stream.head) and format in (None, table.NAME):
            # pyarrow reads a file's row groups one by one; other input has to be held.
            whole = stream.regular and stream.compression is None
            parquet = raw if whole else io.BytesIO(stream.read())
            _collect(pending, table, table.parquet_items(parquet, stream.source, columns or {}))
            return []
        if stream.binary:  # refused before reading the rest: it may be a bomb of NUL bytes
            raise ExplorerError("binary file (NUL bytes), not a thread", stream.source)
        if _streams_as_table(stream.head, format, columns):
            try:
                _collect(pending, table, table.read_items(stream, columns or {}))
                return []
            except NotUTF8 as err:
                if not stream.regular:  # a pipe cannot be read again to detect its encoding
                    raise ExplorerError(f"{err.message}; a table from standard input or a pipe "
                                        "must be UTF-8 (give its path instead)",
                                        err.source) from err
            data = None  # read again below, whole, to detect its encoding
        else:
            data = stream.read()
    if data is None:
        with Input(raw) as stream:
            data = stream.read()
    text, warning = decode_bytes(data, stream.source)
    if columns or format == table.NAME or (format is None and _first_sniffing(text) is table):
        if format not in (None, table.NAME):
            raise ExplorerError(f"column names apply to the {table.NAME} format, not {format}")
        items = table.text_items(text, stream.source, columns or {}, warning)
        _collect(pending, table, items)
        return []
    threads = parse_text(text, stream.source, format, columns)
    if warning:
        threads = [_with_problem(thread, warning) for thread in threads]
    return threads


def _collect(pending: dict[ModuleType, Spill], module: ModuleType, items: Iterable) -> None:
    """Add an input's items to the join of its format (none of them if reading fails; a
    format none of whose inputs was read has no join, so no error of its own)."""
    spill = pending[module] if module in pending else Spill()
    try:
        spill.extend(items)
    except BaseException:
        if module not in pending:
            spill.close()
        raise
    pending[module] = spill


def _streams_as_table(head: bytes, format: str | None, columns: Mapping[str, str] | None) -> bool:
    """True for a table that can be read row by row: CSV, TSV or JSON Lines whose first
    bytes are UTF-8 (a JSON array is one document, read whole)."""
    if format not in (None, table.NAME):
        return False
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    text = text.removeprefix("\ufeff")
    if text.lstrip().startswith("["):
        return False
    return bool(columns) or format == table.NAME or _first_sniffing(text) is table


def _claimed_by(sniffer: str, subject: Any, format: str | None) -> ModuleType | None:
    """The first format module whose ``sniffer`` (``sniff_path``, ``sniff_stream``) takes
    ``subject`` (a path, an input's first bytes); only the named format when one is."""
    modules = [find_format(format)] if format else FORMATS
    for module in modules:
        if hasattr(module, sniffer) and getattr(module, sniffer)(subject):
            return module
    return None


def _unique(thread: Thread, ids: set[str]) -> Thread:
    """The thread, renamed when an earlier input gave its id: by its folder, then a number."""
    if thread.id in ids:
        folder = PurePath(thread.source or "").parent.name
        base = f"{folder}-{thread.id}" if folder else thread.id
        new_id, number = base, 1
        while new_id in ids:
            number += 1
            new_id = f"{base}~{number}"
        thread = _renamed(thread, new_id)
    ids.add(thread.id)
    return thread


def _renamed(thread: Thread, new_id: str) -> Thread:
    """The thread under another id, with its node ids (and what points at them) to match."""
    old = f"{thread.id}/"

    def move(node_id: str) -> str:
        return f"{new_id}/{node_id[len(old):]}" if node_id.startswith(old) else node_id

    def moved(occurrence):
        return replace(occurrence, node=move(occurrence.node))

    return replace(
        thread,
        id=new_id,
        nodes=tuple(
            replace(node, id=move(node.id), parent=node.parent and move(node.parent))
            for node in thread.nodes
        ),
        edges=tuple(
            replace(edge, source=move(edge.source), target=move(edge.target))
            for edge in thread.edges
        ),
        repeats=tuple(
            replace(group, occurrences=tuple(map(moved, group.occurrences)))
            for group in thread.repeats
        ),
        external_quotes=tuple(map(moved, thread.external_quotes)),
    )


def _with_problem(thread: Thread, problem: str) -> Thread:
    return replace(thread, problems=(problem, *thread.problems))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _on_platform(thread: Thread, module: ModuleType) -> Thread:
    """The thread with the platform its reader knows, unless the reader set one itself."""
    platform = getattr(module, "PLATFORM", None)
    return replace(thread, platform=platform) if platform and not thread.platform else thread


def _encodable(thread: Thread) -> Thread:
    """Replace unpaired surrogates, which no encoder can write, by U+FFFD, and say so.

    They come from JSON escapes such as "\\ud800" and from undecodable mail headers.
    """
    cleaned = _without_surrogates(thread)
    if cleaned is thread:
        return thread
    return _with_problem(cleaned, "unpaired surrogate characters replaced by U+FFFD")


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, tuple):
        items = tuple(_without_surrogates(item) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _without_surrogates(getattr(value, field.name)) for field in fields(value)
        }
        changed = {k: v for k, v in changes.items() if v is not getattr(value, k)}
        return replace(value, **changed) if changed else value
    return value
