"""Inputs read by content whatever their compression, in bounded chunks; hostile ones refused."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import compression, expand_paths, read_paths
from explorer.formats.compression import Input
from tests.paths import FORMATS

COMPRESSORS = {
    "gzip": gzip.compress,
    "bzip2": bz2.compress,
    "xz": lzma.compress,
    "zstandard": zstandard.ZstdCompressor().compress,
}
PLAIN = ["list.mbox", "comments.csv", "reddit_thread.json", "RC_2024-03_sample.jsonl"]


@pytest.mark.parametrize("kind", COMPRESSORS)
@pytest.mark.parametrize("name", PLAIN)
def test_compressed_input_reads_as_the_plain_file_whatever_its_name(tmp_path, kind, name):
    plain = FORMATS / name
    # No suffix tells the compression or the format: the bytes do.
    packed = tmp_path / plain.stem
    packed.write_bytes(COMPRESSORS[kind]((plain).read_bytes()))
    [packed_threads] = [read_paths([str(packed)])]
    plain_threads = read_paths([str(plain)])
    assert [t.nodes for t in packed_threads] == [t.nodes for t in plain_threads]
    with Input(str(packed)) as stream:
        assert stream.compression == kind


def test_a_folder_lists_compressed_files_by_the_name_under_the_suffix(tmp_path):
    for name in ("a.txt.gz", "b.csv.bz2", "c.mbox.xz", "d.zst", "e.gz", "f.png.gz", "g.png"):
        (tmp_path / name).write_bytes(b"")
    assert [Path(p).name for p in expand_paths([str(tmp_path)])] == [
        "a.txt.gz", "b.csv.bz2", "c.mbox.xz", "d.zst", "e.gz"
    ]


@pytest.mark.parametrize("kind", COMPRESSORS)
def test_truncated_compressed_file_is_one_line(tmp_path, kind):
    data = COMPRESSORS[kind]((FORMATS / "list.mbox").read_bytes() * 20)
    path = tmp_path / "cut.mbox"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExplorerError) as caught:
        read_paths([str(path)])
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert "truncated" in message or "corrupt" in message


@pytest.mark.parametrize("kind", COMPRESSORS)
def test_nul_bytes_are_refused_from_the_first_chunk(tmp_path, kind):
    path = tmp_path / "zeros.gz"
    path.write_bytes(COMPRESSORS[kind](bytes(1_000_000)))
    with pytest.raises(ExplorerError, match="binary file \\(NUL bytes\\)"):
        read_paths([str(path)])


def test_devices_are_refused_before_reading():
    with pytest.raises(ExplorerError, match="/dev/zero: a device, not a file"):
        read_paths(["/dev/zero"])


def test_a_line_over_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(compression, "MAX_LINE", 1000)
    path = tmp_path / "RC_long.zst"
    first = (FORMATS / "RC_2024-03_sample.jsonl").read_bytes().split(b"\n")[0]
    path.write_bytes(COMPRESSORS["zstandard"](first + b"\n" + b"x" * 5000))
    with pytest.raises(ExplorerError, match="line 2 is longer than"):
        read_paths([str(path)])


def test_input_read_whole_stops_at_the_streamed_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(compression, "MAX_STREAMED", 10_000)
    path = tmp_path / "big.json.gz"
    path.write_bytes(gzip.compress(b"[" + b" " * 50_000 + b"]"))
    with pytest.raises(ExplorerError, match="decompressed data larger than"):
        read_paths([str(path)])
    # An uncompressed file is checked by its size, under the larger limit.
    plain = tmp_path / "plain.csv"
    plain.write_bytes((FORMATS / "comments.csv").read_bytes() + b"\n" * 20_000)
    assert read_paths([str(plain)])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 3 * compression.CHUNK), max_size=6), st.booleans())
def test_lines_give_back_every_byte(lengths, compress):
    data = b"".join(b"a" * length + b"\n" for length in lengths) + b"tail"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lines"
        path.write_bytes(gzip.compress(data) if compress else data)
        with Input(str(path)) as stream:
            lines = list(stream.lines())
    assert b"".join(lines) == data
    assert all(line.endswith(b"\n") for line in lines[:-1])


def test_an_endless_pipe_is_cut_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(compression, "MAX_BYTES", 100_000)
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    message = b"From x\nFrom: a@x\nSubject: s\n\n"
    # The writer opens the pipe itself: opening it blocks until the reader opens it too.
    writer = subprocess.Popen(
        [sys.executable, "-c",
         f"out = open({str(fifo)!r}, 'wb')\nout.write({message!r})\n"
         "try:\n    while True: out.write(b'more words\\n' * 1000)\n"
         "except BrokenPipeError: pass"],
        stderr=subprocess.DEVNULL,
    )
    try:
        with pytest.raises(ExplorerError, match="from a pipe or device, which may never end"):
            read_paths([str(fifo)])
    finally:
        writer.kill()
        writer.wait()


def test_a_device_on_standard_input_is_refused():
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "explorer", "stats", "-"], stdin=zero,
            capture_output=True, text=True, timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr == "Error: <stdin>: a device, not a file of threads\n"
