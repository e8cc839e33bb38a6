"""Output files written whole or not at all, and never through a link already in their place.

Each file is written to a temporary file in its target folder and renamed over the target:
a reader sees the old file or the new one, never half of one, and a symlink already at the
target is replaced by the file rather than followed to whatever it points at. Streams and
names of open file descriptors (``/dev/null``, a named pipe, ``/dev/stdout`` even when it is
redirected to a file) are written to as they are, since replacing them would break them for
every program; a block device is refused.

On Linux the new content is written to a file without a name (``O_TMPFILE``) that gets
one only to be renamed over the target, so a run killed at any moment, even by SIGKILL,
leaves no temporary file; elsewhere a hidden temporary is removed on errors and signals.

Each file reaches the disk (``fsync``) before it takes its place. That wait, a few
milliseconds a file, dominates a folder of thousands of small pages; within
``synced_in_background()`` the flush and the rename are done by a few threads while the
next files are made, with the same guarantees, and an error is raised when the block ends.
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO

from .errors import ExplorerError


def make_folder(path: str | Path) -> Path:
    """Create a folder for output (with its parents) unless it exists; return its path."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:
        raise ExplorerError("cannot write: a file is in the way of this folder", str(path)) from err
    except OSError as err:
        raise ExplorerError(f"cannot write folder: {_reason(err)}", str(path)) from err
    return path


def write_file(path: str | Path, data: str | bytes | Iterable[str]) -> Path:
    """Write ``data`` (text as UTF-8, or text in pieces written as they come) to ``path``
    atomically; return the path."""
    with open_output(path) as out:
        if isinstance(data, str | bytes):
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        else:
            write_pieces(out, data)
    return Path(path)


@contextmanager
def open_output(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s new content into as it is made, in place on success.

    The content is written to a temporary file renamed over ``path`` when the block ends,
    so an output too large to hold is still whole or absent; an error or a signal in the
    block leaves the old file and no temporary.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = 0
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or _names_a_descriptor(path):
        with _open_stream(path) as out:
            yield out
        return
    if stat.S_ISBLK(mode):
        raise ExplorerError("cannot write: is a block device", str(path))
    handle, temporary = _open_temporary(path)
    background = _BACKGROUND.get()
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            if background is not None:
                background.put_in_place(os.dup(out.fileno()), temporary, path)
                return
            _put_in_place(out.fileno(), temporary, path)
    except OSError as err:
        _remove(temporary)
        raise ExplorerError(f"cannot write: {_reason(err)}", str(path)) from err
    except BaseException:  # Ctrl-C, a stop signal or a bad input: the old file stays
        _remove(temporary)
        raise


def _put_in_place(handle: int, temporary: str | None, path: Path) -> None:
    """Flush a written file to the disk and rename it over ``path``, leaving no temporary.

    ``temporary`` is None for a nameless file, which gets a hidden name first.
    """
    try:
        os.fsync(handle)
        if temporary is None:
            temporary = _link_anonymous(handle, path)
        if path.is_dir() and not path.is_symlink():
            raise IsADirectoryError(21, "is a folder", str(path))
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise


@contextmanager
def synced_in_background(threads: int = 16, pending: int = 128) -> Iterator[None]:
    """Within the block, ``open_output`` leaves each file's flush and rename to ``threads``
    threads, with at most ``pending`` files waiting; the block ends once all are in place.

    The first error of any of them is raised then (an ``ExplorerError`` naming its file).
    When the block is left by an exception (Ctrl-C, a signal), files not yet flushed are
    dropped (their old content stays) and those being flushed are finished. Nested, the
    outer block's threads serve.
    """
    if _BACKGROUND.get() is not None:
        yield
        return
    background = _Background(threads, pending)
    token = _BACKGROUND.set(background)
    try:
        yield
    except BaseException:
        _BACKGROUND.reset(token)
        background.drop_pending()
        raise
    _BACKGROUND.reset(token)
    background.finish()


class _Background:
    """Threads that flush written files and rename them into place; errors kept for
    ``finish``. Once dropped, a file not yet started is left out (its old content stays)."""

    def __init__(self, threads: int, pending: int) -> None:
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="explorer-sync")
        self._room = threading.BoundedSemaphore(pending)
        self._dropped = False
        self._errors: list[ExplorerError] = []

    def put_in_place(self, handle: int, temporary: str | None, path: Path) -> None:
        self._room.acquire()
        self._pool.submit(self._run, handle, temporary, path)

    def _run(self, handle: int, temporary: str | None, path: Path) -> None:
        try:
            if self._dropped:
                _remove(temporary)
            else:
                _put_in_place(handle, temporary, path)
        except OSError as err:
            self._errors.append(ExplorerError(f"cannot write: {_reason(err)}", str(path)))
        finally:
            os.close(handle)
            self._room.release()

    def finish(self) -> None:
        self._pool.shutdown(wait=True)
        if self._errors:
            raise self._errors[0]

    def drop_pending(self) -> None:
        self._dropped = True
        self._pool.shutdown(wait=True)


_BACKGROUND: ContextVar[_Background | None] = ContextVar("explorer_files_background",
                                                         default=None)


def write_pieces(out: BinaryIO, pieces: Iterable[str]) -> None:
    """Write pieces of text to a binary file as UTF-8, joined into chunks of about 64 KiB."""
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            out.write("".join(buffer).encode("utf-8"))
            buffer, size = [], 0
    if buffer:
        out.write("".join(buffer).encode("utf-8"))


def _open_temporary(path: Path) -> tuple[int, str | None]:
    """A file for the new content, in the target's folder: without a name where the
    system can (a kill, even SIGKILL, then leaves nothing behind), else a hidden one."""
    try:
        return os.open(path.parent, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o666), None
    except (AttributeError, OSError):  # not on Linux, or not on this file system
        pass
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=_hidden_prefix(path),
                                             suffix=".tmp")
    except OSError as err:
        raise ExplorerError(f"cannot write: {_reason(err)}", str(path)) from err
    # mkstemp makes the file private; give it the mode a plain open() would have.
    os.chmod(temporary, 0o666 & ~_umask())
    return handle, temporary


def _link_anonymous(handle: int, path: Path) -> str:
    """Give a written nameless file a hidden name beside ``path``, to be renamed over it."""
    # Through a folder descriptor, os.link asks linkat to follow the /proc link to the file.
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for _ in range(100):
            name = f"{_hidden_prefix(path)}{secrets.token_hex(4)}.tmp"
            try:
                os.link(f"/proc/self/fd/{handle}", name, dst_dir_fd=folder)
                return str(path.parent / name)
            except FileExistsError:
                continue
    finally:
        os.close(folder)
    raise FileExistsError(17, "no free temporary name", str(path))


def _hidden_prefix(path: Path) -> str:
    return f".{path.name[:60]}."


def _remove(temporary: str | None) -> None:
    if temporary is not None:
        Path(temporary).unlink(missing_ok=True)


def _names_a_descriptor(path: Path) -> bool:
    """True for /dev/stdout, /dev/fd/N and /proc/self/fd/N: links that stand for an open file."""
    for _ in range(40):  # the kernel follows no more links than this
        if os.path.realpath(path.parent).startswith("/proc/"):
            return True
        if not path.is_symlink():
            return False
        path = path.parent / os.readlink(path)
    return False


@contextmanager
def _open_stream(path: Path) -> Iterator[BinaryIO]:
    try:
        with path.open("wb") as out:
            yield out
    except OSError as err:
        raise ExplorerError(f"cannot write: {_reason(err)}", str(path)) from err


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(err: OSError) -> str:
    return (err.strerror or str(err)).lower()
