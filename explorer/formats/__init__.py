"""Input formats: sniffing, parsing and reading paths into threads.

Each format module fills one ``protocol.Format`` record, ``FORMAT``, and ``FORMATS`` lists
them. A format reads a decoded text whole; it may also read a folder, or an input line by
line from its decompressed bytes (``compression.Input``), so size is no limit. Those
readers give ``(thread key, item)`` pairs (the key None when only the join can tell) and
may return a summary of their input: the inputs of one run are one corpus, kept in one
``spill.Spill`` per format (items on disk when large, summaries in ``Spill.summaries``),
and the format's ``join`` yields the threads of all of them one at a time (mail by
Message-ID, Reddit dumps by ``link_id``), so memory follows the largest thread. A format
whose JSON documents hold each thread whole in one place (explorer's own) reads them in
pieces (``document``): a file's threads are kept until its end is read, so a damaged file
gives none, then come in its place among the inputs. Any input may be compressed (gzip,
bzip2, xz, zstandard): ``compression`` reads it.
"""

from __future__ import annotations

import codecs
import functools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields, is_dataclass, replace
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any

from ..collector import each_paused
from ..errors import ExplorerError
from ..model import Thread
from ..text import decode_bytes
from . import (
    activitypub,
    blogger,
    blogger_atom,
    bluesky,
    diagnosis,
    discord,
    discourse,
    disqus,
    disqus_import,
    hackernews,
    imageboard,
    interchange,
    lemmy,
    mastodon,
    mbox,
    reddit,
    stackexchange,
    table,
    telegram,
    urs,
    webpage,
    wordpress,
    wrapped,
)
from .compression import COMPRESSED_SUFFIXES, HEAD, STDIN, Input, NotUTF8
from .protocol import Format, Stream
from .spill import Spill, SpillFailed

# Imageboards' 2ch layout holds a "threads" list too, so it is tried before explorer's own
# JSON (which it never takes: that names its schema). The generic table comes after the
# formats whose records it could also read (API
# wrappers around them included), and the Blogger page text last: its markers can turn
# up in any text.
FORMATS: tuple[Format, ...] = tuple(
    module.FORMAT
    for module in (
        imageboard, interchange, reddit, urs, hackernews, discourse, mastodon, telegram, discord,
        bluesky, lemmy, activitypub, wrapped,
        blogger_atom, disqus_import, wordpress, disqus, stackexchange, mbox, webpage, table,
        blogger,
    )
)
"""Most specific first: the first whose ``sniff`` accepts a text reads it."""


SNIFFED = 4096
"""Characters of a JSON document (after its first whitespace) that the sniffs of formats
read in pieces, and of those before them in ``FORMATS``, look at."""


def format_names() -> list[str]:
    """Names accepted by ``--format``."""
    return [found.name for found in FORMATS]


def find_format(name: str) -> Format:
    """Return the format called ``name``."""
    for found in FORMATS:
        if found.name == name:
            return found
    raise ExplorerError(f"unknown format {name!r}; supported: {', '.join(format_names())}")


def _chosen_format(format: str | None, columns: Mapping[str, str] | None) -> Format | None:
    """The format named, or the one taking column names when they are given; None: sniff."""
    if not columns:
        return find_format(format) if format else None
    taking = next(found for found in FORMATS if found.columns)
    if format not in (None, taking.name):
        raise ExplorerError(f"column names apply to the {taking.name} format, not {format}")
    return taking


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
    chosen = _chosen_format(format, columns) or _sniff(text, source)
    threads = chosen.parse(text, source, **chosen.options(columns))
    if not threads:
        raise ExplorerError(f"no threads found (read as {chosen.name})", source)
    return [_encodable(_on_platform(thread, chosen)) for thread in threads]


def _sniff(text: str, source: str) -> Format:
    found = _first_sniffing(text)
    if found is not None:
        return found
    raise ExplorerError(diagnosis.explain(text, format_names()), source)


def _first_sniffing(text: str) -> Format | None:
    """The first format whose ``sniff`` accepts the text."""
    return next((found for found in FORMATS if found.sniff(text)), None)


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Expand directories into the thread files inside them, sorted; keep '-' for stdin.

    A compressed file counts by the name under its compression suffix ("2006-May.txt.gz").
    """
    extensions = {ext for found in FORMATS for ext in found.extensions}
    expanded: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw == STDIN or not path.is_dir() or _is_one_input(path):
            expanded.append(raw)
            continue
        # A maildir inside the folder is one input; the files under it are its messages.
        maildirs = [child for child in path.rglob("*") if _is_one_input(child)]
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


def _is_one_input(path: Path) -> bool:
    """True for a folder some format reads as one input (a maildir)."""
    return any(found.folder.sniff(path) for found in FORMATS if found.folder)


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
    pending: dict[Format, Spill] = {}
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
        for found, items in pending.items():
            try:
                for thread in each_paused(_unique(_encodable(_on_platform(thread, found)), ids)
                                          for thread in found.join(items)):
                    yield thread
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
    pending: dict[Format, Spill],
) -> Iterable[Thread]:
    """Read one file or standard input: its threads, or (for formats whose threads cross
    files) none, its items going to the join of their format in ``pending``."""
    chosen = _chosen_format(format, columns)
    candidates = (chosen,) if chosen else FORMATS
    if raw != STDIN:
        path = Path(raw)
        for found in candidates:
            if found.folder and found.folder.sniff(path):
                _collect(pending, found, found.folder.read(path, raw))
                return []
    with Input(raw) as stream:
        for found, reader in _stream_readers(candidates, by_text=False):
            if reader.sniff(stream.head):
                _collect(pending, found, reader.read(stream, **found.options(columns)))
                return []
        if stream.binary:  # refused before reading the rest: it may be a bomb of NUL bytes
            raise ExplorerError("binary file (NUL bytes), not a thread", stream.source)
        data = None  # read whole below
        document = _document_format(candidates, chosen is not None, stream.head)
        if document is not None:
            try:
                return _read_document(document, stream)
            except NotUTF8 as err:
                _refuse_pipe(err, document, stream)  # else read again below, as for tables
        else:
            for found, reader in _stream_readers(candidates, by_text=True):
                if reader.sniff(stream.head) and (chosen or _sniffs_head(found, stream.head)):
                    try:
                        _collect(pending, found, reader.read(stream, **found.options(columns)))
                        return []
                    except NotUTF8 as err:
                        _refuse_pipe(err, found, stream)
                    break  # read again below, whole, to detect its encoding
            else:
                data = stream.read()
    if data is None:
        with Input(raw) as stream:
            data = stream.read()
    text, warning = decode_bytes(data, stream.source)
    found = chosen or _first_sniffing(text)
    if found is not None and found.items:
        _collect(pending, found, found.items(text, stream.source, warning=warning,
                                             **found.options(columns)))
        return []
    # Sniffed once: a sniff may parse the whole document (wrapped's does).
    threads = parse_text(text, stream.source, found.name if found else None, columns)
    if warning:
        threads = [_with_problem(thread, warning) for thread in threads]
    return threads


def _refuse_pipe(err: NotUTF8, found: Format, stream: Input) -> None:
    """Raise for input streamed as UTF-8 that is not, unless it can be read again whole to
    detect its encoding (a pipe cannot)."""
    if not stream.regular:
        raise ExplorerError(
            f"{err.message}; a {found.name} from standard input or a pipe "
            "must be UTF-8 (give its path instead)", err.source) from err


def _document_format(candidates: Iterable[Format], named: bool, head: bytes) -> Format | None:
    """The format that reads this input as a JSON document in pieces, if one does: its
    first bytes are UTF-8 text of a JSON object, taken by that format's sniff first (unless
    it is named)."""
    text = _head_text(head)
    body = "" if text is None else text.lstrip(" \t\n\r")
    if not body.startswith("{") or (len(body) < SNIFFED and len(head) >= HEAD):
        return None  # sniffs look at the first SNIFFED characters: all must be in the head
    return next((found for found in candidates if found.document
                 and (named or _first_sniffing(text) is found)), None)


def _read_document(found: Format, stream: Input) -> Iterator[Thread]:
    """Read a JSON document in pieces; return its threads, kept until the whole document
    is read (on disk past a size), so a damaged document gives none, as one read whole."""
    spill = Spill()
    texts = _EscapeWatch(stream.texts())
    try:
        for thread in found.document(texts, stream.source, stream.whole_limit):
            if thread is None:  # the threads so far are void
                spill.close()
                spill = Spill()
            else:
                spill.add(None, thread, size=len(thread.nodes))
        if not len(spill):
            raise ExplorerError(f"no threads found (read as {found.name})", stream.source)
    except BaseException:
        spill.close()
        raise
    # Decoded as strict UTF-8, the text holds no surrogate: a thread holds one only where
    # the JSON escapes it, or in a file name (undecodable bytes).
    sought = texts.seen or _SURROGATE.search(stream.source or "") is not None
    return _spilled(spill, found, sought)


def _spilled(spill: Spill, found: Format, sought: bool) -> Iterator[Thread]:
    with spill:
        for thread in spill.items():
            thread = _on_platform(thread, found)
            yield _encodable(thread) if sought else thread


class _EscapeWatch:
    """Text pieces passed on as they come, noting (``seen``) whether they hold ``\\ud`` or
    ``\\uD``, the start of every JSON escape of a surrogate, also across two pieces."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = texts
        self.seen = False

    def __iter__(self) -> Iterator[str]:
        tail = ""  # the last two characters so far
        for text in self.texts:
            if not self.seen and (_escapes_surrogate(text)
                                  or _escapes_surrogate(tail + text[:2])):
                self.seen = True
            tail = (tail + text)[-2:] if len(text) < 2 else text[-2:]
            yield text


_escapes_surrogate = re.compile(r"\\u[dD]").search


def _stream_readers(candidates: Iterable[Format], by_text: bool) -> Iterator[tuple[Format, Stream]]:
    """Each candidate format's stream readers that sniff bytes (or, ``by_text``, text)."""
    for found in candidates:
        for reader in found.streams:
            if reader.by_text == by_text:
                yield found, reader


def _sniffs_head(found: Format, head: bytes) -> bool:
    """True when ``found`` is the first format whose text sniff takes these first bytes."""
    text = _head_text(head)
    return text is not None and _first_sniffing(text) is found


def _head_text(head: bytes) -> str | None:
    """An input's first bytes as text, a UTF-8 signature left out (None: not UTF-8; a
    character cut at the end is left out too)."""
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return None


def _collect(pending: dict[Format, Spill], found: Format, items: Iterable) -> None:
    """Add an input's items to the join of its format (none of them if reading fails; a
    format none of whose inputs was read has no join, so no error of its own)."""
    spill = pending[found] if found in pending else Spill()
    try:
        spill.extend(items)
    except BaseException:
        if found not in pending:
            spill.close()
        raise
    pending[found] = spill


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


def _on_platform(thread: Thread, found: Format) -> Thread:
    """The thread with the platform its reader knows, unless the reader set one itself."""
    platform = found.platform
    return replace(thread, platform=platform) if platform and not thread.platform else thread


def _encodable(thread: Thread) -> Thread:
    """Replace unpaired surrogates, which no encoder can write, by U+FFFD, and say so.

    They come from JSON escapes such as "\\ud800" and from undecodable mail headers. Most
    threads have none: one search over all their text finds that, before any walk.
    """
    if not _may_hold_surrogates(thread):
        return thread
    cleaned = _without_surrogates(thread)
    if cleaned is thread:
        return thread
    return _with_problem(cleaned, "unpaired surrogate characters replaced by U+FFFD")


def _may_hold_surrogates(value: Any) -> bool:
    """False when no text that ``_without_surrogates`` reaches holds a surrogate.

    The strings it reaches (through tuples and dataclass fields) are gathered without
    recursion and searched at once: a call per field cost 27 us a comment.
    """
    strings: list[str] = []
    stack = [value]
    pop, push, keep = stack.pop, stack.extend, strings.append
    while stack:
        if len(strings) >= _SEARCHED_AT_ONCE:  # memory: a few thousand strings joined at most
            if _SURROGATE.search("".join(strings)):
                return True
            strings.clear()
        value = pop()
        kind = type(value)
        if kind is str:
            keep(value)
        elif kind is tuple:
            push(value)
        elif value is None or kind in _SCALARS:
            continue
        elif isinstance(value, str):
            keep(value)
        elif isinstance(value, tuple):
            push(value)
        else:
            push(_fields_getter(kind)(value))
    return _SURROGATE.search("".join(strings)) is not None


def _without_surrogates(value: Any) -> Any:
    """The value with surrogates replaced, or the very same object when it holds none."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, tuple):
        items = tuple(map(_without_surrogates, value))
        return value if all(map(operator.is_, items, value)) else items
    names = _field_names(type(value))
    changed = {}
    for name in names:
        old = getattr(value, name)
        # Scalars and clean text are most of a thread's fields: passed over here, without a
        # call each (a thread of 80,000 nodes took 0.5 s with a call per field).
        if old is None or type(old) in _SCALARS or (
                type(old) is str and _SURROGATE.search(old) is None):
            continue
        new = _without_surrogates(old)
        if new is not old:
            changed[name] = new
    return replace(value, **changed) if changed else value


_SCALARS = frozenset({bool, int, float, datetime})
_SEARCHED_AT_ONCE = 4096


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """The field names of a dataclass (none for any other type), looked up once per type."""
    return tuple(f.name for f in fields(kind)) if is_dataclass(kind) else ()


@functools.cache
def _fields_getter(kind: type) -> Callable[[Any], tuple]:
    """The fields of a dataclass type as one call that returns a tuple (the first field
    twice: an attrgetter of one name would return the value alone)."""
    names = _field_names(kind)
    return operator.attrgetter(*names, names[0]) if names else lambda _: ()
