"""Input formats: sniffing, parsing and reading paths into threads.

Each format module has ``NAME``, ``EXTENSIONS``, ``sniff(text) -> bool`` and
``parse(text, source) -> list[Thread]``; a module that reads files itself (compressed
dumps, mail folders) also has ``read(path, source) -> list[Thread]``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from ..errors import ExplorerError
from ..model import Thread
from ..text import decode_bytes
from . import blogger, interchange

FORMATS: tuple[ModuleType, ...] = (interchange, blogger)
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


def parse_text(text: str, source: str = "<text>", format: str | None = None) -> list[Thread]:
    """Parse threads from text, sniffing the format unless one is named."""
    module = find_format(format) if format else _sniff(text, source)
    threads = module.parse(text, source)
    if not threads:
        raise ExplorerError(f"no threads found (read as {module.NAME})", source)
    return threads


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
        if raw == STDIN or not path.is_dir():
            expanded.append(raw)
            continue
        found = sorted(
            str(child)
            for child in path.rglob("*")
            if child.is_file()
            and child.suffix.lower() in extensions
            and not any(part.startswith(".") for part in child.relative_to(path).parts)
        )
        if not found:
            raise ExplorerError(
                f"directory has no thread files ({', '.join(sorted(extensions))})", raw
            )
        expanded.extend(found)
    return expanded


def read_path(raw: str, format: str | None = None) -> list[Thread]:
    """Read the threads of one file, or of standard input for '-'."""
    if raw == STDIN:
        data = sys.stdin.buffer.read()
        source = "<stdin>"
    else:
        source = raw
        data = _read_bytes(Path(raw))
    text, warning = decode_bytes(data, source)
    threads = parse_text(text, source, format)
    if warning:
        threads = [_with_problem(thread, warning) for thread in threads]
    return threads


def read_paths(
    paths: Iterable[str],
    format: str | None = None,
    on_error: Callable[[ExplorerError], None] | None = None,
) -> list[Thread]:
    """Read every thread under the given paths (files, directories or '-').

    Without ``on_error`` the first bad input raises; with it, each bad input is handed to
    ``on_error`` and the good ones are still read.
    """
    threads: list[Thread] = []
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
                threads.extend(read_path(file, format))
            except ExplorerError as err:
                if on_error is None:
                    raise
                on_error(err)
    return threads


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
