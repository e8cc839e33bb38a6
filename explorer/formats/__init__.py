"""Input formats: sniffing, parsing and reading paths into threads.

Each format module has ``NAME``, ``EXTENSIONS``, ``sniff(text) -> bool`` and
``parse(text, source) -> list[Thread]``; a module that reads files itself (compressed
dumps, mail folders) also has ``read(path, source) -> list[Thread]`` and
``sniff_path(path) -> bool``, which says when a file (or folder) is its to read. A module
whose threads all come from one kind of site says so in ``PLATFORM`` (``Thread.platform``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import ExplorerError
from ..model import Thread
from ..text import decode_bytes
from . import blogger, blogger_atom, hackernews, interchange, mbox, reddit, table

# The generic table comes after the formats whose records it could also read, and the
# Blogger page text last: its markers can turn up in any text.
FORMATS: tuple[ModuleType, ...] = (
    interchange, reddit, hackernews, blogger_atom, mbox, table, blogger
)
"""Most specific first: the first whose ``sniff`` accepts a text reads it."""

STDIN = "-"
MAX_BYTES = 2 * 1024**3


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
    for module in FORMATS:
        if module.sniff(text):
            return module
    raise ExplorerError(
        f"not a thread in any supported format ({', '.join(format_names())})", source
    )


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Expand directories into the thread files inside them, sorted; keep '-' for stdin."""
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
            and child.suffix.lower() in extensions
            and not any(part.startswith(".") for part in child.relative_to(path).parts)
            and not any(folder in child.parents for folder in maildirs)
        )
        found = sorted(found + [str(folder) for folder in maildirs])
        if not found:
            raise ExplorerError(
                f"directory has no thread files ({', '.join(sorted(extensions))})", raw
            )
        expanded.extend(found)
    return expanded


def read_path(
    raw: str, format: str | None = None, columns: Mapping[str, str] | None = None
) -> list[Thread]:
    """Read the threads of one file, or of standard input for '-'."""
    reader = None if raw == STDIN or columns else _path_reader(Path(raw), format)
    if reader is not None:
        return [_encodable(_on_platform(t, reader)) for t in reader.read(Path(raw), raw)]
    if raw == STDIN:
        data = sys.stdin.buffer.read()
        source = "<stdin>"
    else:
        source = raw
        data = _read_bytes(Path(raw))
    text, warning = decode_bytes(data, source)
    threads = parse_text(text, source, format, columns)
    if warning:
        threads = [_with_problem(thread, warning) for thread in threads]
    return threads


def read_paths(
    paths: Iterable[str],
    format: str | None = None,
    on_error: Callable[[ExplorerError], None] | None = None,
    columns: Mapping[str, str] | None = None,
) -> list[Thread]:
    """Read every thread under the given paths (files, directories or '-').

    Without ``on_error`` the first bad input raises; with it, each bad input is handed to
    ``on_error`` and the good ones are still read. ``columns`` is as for ``parse_text``.
    """
    return list(iter_threads(paths, format, on_error, columns))


def iter_threads(
    paths: Iterable[str],
    format: str | None = None,
    on_error: Callable[[ExplorerError], None] | None = None,
    columns: Mapping[str, str] | None = None,
) -> Iterator[Thread]:
    """Yield the threads under the given paths, file by file, as ``read_paths`` reads them.

    Only one file's threads are held at a time, so memory follows the largest file.
    """
    for raw in paths:
        try:
            files = expand_paths([raw])
        except ExplorerError as err:
            if on_error is None:
                raise
            on_error(err)
            continue
        for file in files:
            try:
                threads = read_path(file, format, columns)
            except ExplorerError as err:
                if on_error is None:
                    raise
                on_error(err)
                continue
            yield from threads


def _path_reader(path: Path, format: str | None) -> ModuleType | None:
    """The format module that reads this file itself (streamed, binary or a folder), if any."""
    if format:
        module = find_format(format)
        return module if hasattr(module, "read") and path.exists() else None
    for module in FORMATS:
        if hasattr(module, "sniff_path") and module.sniff_path(path):
            return module
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ExplorerError(f"file too large ({size} bytes; limit {MAX_BYTES})", str(path))
        return path.read_bytes()
    except FileNotFoundError as err:
        raise ExplorerError("no such file or directory", str(path)) from err
    except IsADirectoryError as err:
        raise ExplorerError("is a directory", str(path)) from err
    except OSError as err:
        raise ExplorerError(f"cannot read: {err.strerror or err}", str(path)) from err


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
