"""Opening inputs: files and standard input, decompressed by content, read in bounded chunks.

gzip, bzip2, xz and zstandard are recognised by their magic bytes, whatever the file is
called. Memory stays bounded on hostile data: decompression hands out small chunks, lines
longer than ``MAX_LINE`` and data of NUL bytes are refused, devices (``/dev/zero``) are
refused before reading, input read whole from a stream or a compressed file stops at
``MAX_STREAMED`` bytes (a regular file's size is checked before it is read), and a pipe
stops at ``MAX_BYTES``, as it may never end.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import lzma
import os
import stat
import sys
import zlib
from collections.abc import Iterator
from itertools import chain
from typing import AnyStr, BinaryIO

from ..errors import ExplorerError

STDIN = "-"
MAX_BYTES = 2 * 1024**3
"""Largest regular, uncompressed file read whole (its size is known before reading)."""
MAX_STREAMED = 512 * 1024**2
"""Largest decompressed or piped input read whole (its size shows only while reading)."""
MAX_LINE = 32 * 1024**2
"""Longest line of an input read line by line (mail, JSON Lines dumps)."""
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")
"""How compressed files are usually named (their content decides, not the name)."""
HEAD = 65536
"""Bytes looked at to tell formats apart, and the rest of the line they end in."""
SNIFF_LIMIT = 16 * 1024**2
"""Most bytes looked at when that line is long: a first record (a JSON line, a table row)
longer than HEAD is still recognised."""
CHUNK = 65536
# Pushshift dumps are compressed with a long window; zstandard refuses them without this.
ZSTD_WINDOW = 2**31
# A zstandard block of up to 128 KiB can be four bytes long, so a small input step bounds
# what one call to the decompressor returns (512 bytes in: at most 16 MiB out).
_ZSTD_STEP = 512

_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstandard"),
)
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32 BOMs start with these too


def head_of(data: AnyStr) -> AnyStr:
    """What sniffers look at: the first HEAD bytes or characters and the rest of the line
    they end in, up to SNIFF_LIMIT."""
    end = data.find(b"\n" if isinstance(data, bytes) else "\n", HEAD - 1, SNIFF_LIMIT)
    return data[: end + 1 if end >= 0 else SNIFF_LIMIT]


class NotUTF8(ExplorerError):
    """Input read as UTF-8 turned out not to be: its reader may read it whole and detect
    its encoding instead."""


class Input:
    """One input opened for reading: its decompressed bytes, handed out in bounded chunks.

    ``head`` holds the first ``HEAD`` bytes (fewer for a short input) for sniffing; ``read``,
    ``blocks`` and ``lines`` start from the beginning all the same. Read errors of the file
    or of the compressed data become ExplorerError naming the source.
    """

    def __init__(self, raw: str) -> None:
        self.source = "<stdin>" if raw == STDIN else raw
        handle = _open(raw, self.source)
        self._handle = handle
        self.regular = raw != STDIN and stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
        magic = handle.peek(8)[:8] if hasattr(handle, "peek") else b""
        self.compression = next((name for prefix, name in _MAGIC if magic.startswith(prefix)),
                                None)
        self._chunks = self._guarded(_decompressed(handle, self.compression))
        self._buffer: list[bytes] = []
        try:
            self.head = self._peek()
        except ExplorerError:  # corrupt compressed data, found in its first bytes
            self.close()
            raise
        self.binary = b"\x00" in self.head and not self.head.startswith(_WIDE_BOMS)
        """True when the first bytes hold NUL bytes, as no text but UTF-16 and -32 does."""

    def __enter__(self) -> Input:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (standard input stays open)."""
        if sys.stdin is None or self._handle is not sys.stdin.buffer:
            self._handle.close()

    @property
    def whole_limit(self) -> int:
        """The most bytes read whole: MAX_BYTES from a regular uncompressed file (whose size
        is known), else MAX_STREAMED."""
        return MAX_BYTES if self.regular and self.compression is None else MAX_STREAMED

    def read(self) -> bytearray:
        """All of the input (not copied into bytes: it may be large), within its size limit."""
        limit = self.whole_limit
        if self.regular and self.compression is None:
            size = os.fstat(self._handle.fileno()).st_size
            if size > MAX_BYTES:
                raise ExplorerError(f"file too large ({size} bytes; limit {MAX_BYTES})",
                                    self.source)
        data = bytearray()
        for chunk in self._all_chunks():
            data += chunk
            if len(data) > limit:
                what = "decompressed data" if self.compression else "input"
                raise ExplorerError(
                    f"{what} larger than {limit // 1024**2} MiB, the limit for input read "
                    "whole (mbox and JSON Lines dumps are read line by line, without it)",
                    self.source,
                )
        return data

    def blocks(self) -> Iterator[bytes]:
        """The input in pieces of whole lines (the last may lack its end), a UTF-8 BOM dropped.

        A line longer than MAX_LINE is refused as soon as it grows past it.
        """
        pending = bytearray()
        number = 0  # lines before ``pending``
        first = True
        for chunk in self._all_chunks():
            if first:
                chunk = chunk.removeprefix(codecs.BOM_UTF8)
                first = False
            end = chunk.rfind(b"\n") + 1
            if end:
                block = bytes(pending + chunk[:end]) if pending else chunk[:end]
                number += block.count(b"\n")
                pending = bytearray(chunk[end:])
                yield block
            else:
                pending += chunk
            if len(pending) > MAX_LINE:
                raise ExplorerError(
                    f"line {number + 1} is longer than {MAX_LINE // 1024**2} MiB; not a thread",
                    self.source,
                )
        if pending:
            yield bytes(pending)

    def lines(self) -> Iterator[bytes]:
        """The input's lines with their endings, as ``blocks`` gives them."""
        for block in self.blocks():
            parts = block.split(b"\n")
            last = parts.pop()
            for part in parts:
                yield part + b"\n"
            if last:
                yield last

    def text_lines(self) -> Iterator[str]:
        """The input decoded as UTF-8 (a BOM dropped), line by line with the endings kept.
        A line that is not UTF-8 raises NotUTF8 naming it; a line longer than MAX_LINE is
        refused."""
        for number, line in enumerate(self.lines(), start=1):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as err:
                raise NotUTF8(f"line {number}: not UTF-8 ({err.reason})", self.source) from err
            yield text

    def texts(self) -> Iterator[str]:
        """The input decoded as UTF-8 (a BOM dropped), in pieces of at most CHUNK bytes.
        Bytes that are not UTF-8 raise NotUTF8 naming where they are."""
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        done = 0  # bytes given to the decoder
        for chunk in chain(self._all_chunks(), [b""]):  # b"": the end, for the decoder
            held = len(decoder.getstate()[0])
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as err:
                raise NotUTF8(f"byte {done - held + err.start}: not UTF-8 ({err.reason})",
                              self.source) from err
            done += len(chunk)
            yield text

    def _peek(self) -> bytes:
        size = 0
        for chunk in self._chunks:
            self._buffer.append(chunk)
            size += len(chunk)
            if size >= SNIFF_LIMIT or (size >= HEAD and b"\n" in chunk):
                break
        return head_of(b"".join(self._buffer))

    def _all_chunks(self) -> Iterator[bytes]:
        buffered, self._buffer = self._buffer, []
        yield from buffered
        yield from self._chunks

    def _guarded(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """The chunks, with read and decompression errors as ExplorerError."""
        import zstandard

        total = 0
        try:
            for chunk in chunks:
                total += len(chunk)
                if total > MAX_BYTES and not self.regular:
                    raise ExplorerError(
                        f"more than {MAX_BYTES // 1024**3} GiB from a pipe or device, which may "
                        "never end; give the file's path instead", self.source,
                    )
                yield chunk
        except EOFError as err:
            raise ExplorerError(f"truncated {self.compression} file ({err})", self.source) from err
        except (zlib.error, lzma.LZMAError, zstandard.ZstdError) as err:
            raise ExplorerError(f"corrupt {self.compression} data: {err}", self.source) from err
        except OSError as err:
            # gzip and bz2 report bad data as OSError too, with a message and no errno.
            reason = err.strerror or str(err)
            what = f"corrupt {self.compression} data" if self.compression else "cannot read"
            raise ExplorerError(f"{what}: {reason}", self.source) from err


def _open(raw: str, source: str) -> BinaryIO:
    """Open a file or standard input for reading bytes, refusing devices and folders."""
    if raw == STDIN:
        if sys.stdin is None:  # started with <&-
            raise ExplorerError("cannot read: standard input is closed", source)
        handle = sys.stdin.buffer
        try:
            mode = os.fstat(handle.fileno()).st_mode
        except (OSError, ValueError):  # io.UnsupportedOperation: stdin replaced in memory
            return handle
        _refuse_device(mode, handle.isatty(), source)
        return handle
    try:
        handle = open(raw, "rb")
    except FileNotFoundError as err:
        raise ExplorerError("no such file or directory", source) from err
    except IsADirectoryError as err:
        raise ExplorerError("is a directory", source) from err
    except OSError as err:
        raise ExplorerError(f"cannot read: {err.strerror or err}", source) from err
    try:
        _refuse_device(os.fstat(handle.fileno()).st_mode, False, source)
    except ExplorerError:
        handle.close()
        raise
    return handle


def _refuse_device(mode: int, terminal: bool, source: str) -> None:
    # /dev/zero and /dev/urandom have size 0 and never end; a terminal is someone typing.
    if (stat.S_ISCHR(mode) and not terminal) or stat.S_ISBLK(mode):
        raise ExplorerError("a device, not a file of threads", source)
    if stat.S_ISDIR(mode):
        raise ExplorerError("is a directory", source)


def _decompressed(handle: BinaryIO, compression: str | None) -> Iterator[bytes]:
    """The handle's data in chunks of at most CHUNK bytes, decompressed when it is."""
    if compression == "zstandard":
        yield from _zstd_chunks(handle)
        return
    opener = {"gzip": gzip.GzipFile, "bzip2": bz2.BZ2File, "xz": lzma.LZMAFile}.get(
        compression or ""
    )
    stream = opener(fileobj=handle) if opener is gzip.GzipFile else (
        opener(handle) if opener else handle
    )
    while chunk := stream.read(CHUNK):
        yield chunk


def _zstd_chunks(handle: BinaryIO) -> Iterator[bytes]:
    """Decompress zstandard frames one after another; a truncated last frame is an error.

    Written out rather than with ``stream_reader``, which ends a truncated file quietly.
    """
    import zstandard

    context = zstandard.ZstdDecompressor(max_window_size=ZSTD_WINDOW)
    frame = context.decompressobj()
    started = False
    while step := handle.read(_ZSTD_STEP):
        started = True
        while step:
            if frame.eof:
                frame = context.decompressobj()
            data = frame.decompress(step)
            step = frame.unused_data if frame.eof else b""
            for start in range(0, len(data), CHUNK):
                yield data[start:start + CHUNK]
    if started and not frame.eof:
        raise EOFError("the last zstandard frame is incomplete")

