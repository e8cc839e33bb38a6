"""Output written atomically: whole files, no leftovers, links replaced and never followed."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from explorer.errors import ExplorerError
from explorer.files import make_folder, synced_in_background, write_file
from tests.paths import SEEDS

SEED = sorted(SEEDS.glob("*.txt"))[0]


def test_write_file_writes_text_as_utf8_and_bytes_as_given(tmp_path):
    assert write_file(tmp_path / "a.txt", "Zoë\r\n").read_bytes() == "Zoë\r\n".encode()
    assert write_file(tmp_path / "b.bin", b"\x00\xff").read_bytes() == b"\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]


def test_text_in_pieces_is_written_as_the_text_whole_or_not_at_all(tmp_path):
    pieces = ["Zoë", "", "\r\n" * 40_000, "end \U0001f600"]
    path = write_file(tmp_path / "a.txt", iter(pieces))
    assert path.read_bytes() == "".join(pieces).encode()

    def broken():
        yield "half a page"
        raise ExplorerError("bad input")

    with pytest.raises(ExplorerError):
        write_file(path, broken())
    assert path.read_bytes() == "".join(pieces).encode()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_write_file_replaces_a_symlink_instead_of_writing_through_it(tmp_path):
    target = tmp_path / "precious"
    target.write_text("keep me")
    link = tmp_path / "page.html"
    link.symlink_to(target)
    write_file(link, "new page")
    assert target.read_text() == "keep me"
    assert not link.is_symlink() and link.read_text() == "new page"


def test_streams_are_written_to_not_replaced(tmp_path):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    assert write_file(link, "discarded") == link
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_file(fifo, "through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_name_for_an_open_file_is_written_through_not_replaced(tmp_path):
    redirected = tmp_path / "redirected.json"
    with redirected.open("wb") as out:
        link = tmp_path / "stdout"
        link.symlink_to(f"/proc/self/fd/{out.fileno()}")
        write_file(link, "through the descriptor")
    assert link.is_symlink() and redirected.read_text() == "through the descriptor"


def test_written_files_get_the_mode_a_plain_open_gives(tmp_path):
    old = os.umask(0o027)
    try:
        path = write_file(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_failed_write_leaves_nothing_behind(tmp_path):
    (tmp_path / "dir.html").mkdir()
    with pytest.raises(ExplorerError, match=r"dir\.html: cannot write: is a folder"):
        write_file(tmp_path / "dir.html", "x")
    assert [p.name for p in tmp_path.iterdir()] == ["dir.html"]
    assert not any((tmp_path / "dir.html").iterdir())


@pytest.mark.parametrize(
    ("where", "message"),
    [("file/out", "cannot write folder: not a directory"),
     ("file", "cannot write: a file is in the way of this folder")],
)
def test_make_folder_under_or_onto_a_file_is_one_clear_error(tmp_path, where, message):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExplorerError, match=message) as caught:
        make_folder(tmp_path / where)
    assert str(caught.value) == f"{tmp_path / where}: {message}"


def test_graph_under_a_file_gives_one_error_line(tmp_path, run):
    (tmp_path / "file").write_text("x")
    result = run("graph", SEED, "-o", tmp_path / "file" / "out")
    assert result.exit_code == 1 and result.stdout == ""
    where = tmp_path / "file" / "out"
    assert result.stderr == f"Error: {where}: cannot write folder: not a directory\n"


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
def test_graph_onto_proc_gives_one_error_line(run):
    result = run("graph", SEED, "-o", "/proc/self")
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: /proc/self/")
    assert "cannot write" in lines[0]


def test_graph_replaces_a_symlink_in_its_output_folder(tmp_path, run):
    target = tmp_path / "precious"
    target.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{SEED.stem}.html").symlink_to(target)
    result = run("graph", SEED, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert target.read_text() == "keep me"
    page = out / f"{SEED.stem}.html"
    assert not page.is_symlink() and page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_replaces_symlinks_instead_of_writing_through_them(tmp_path, run, fmt):
    target = tmp_path / "precious"
    target.write_text("keep me")
    out = tmp_path / ("graph.json" if fmt == "json" else "tables")
    if fmt == "csv":
        out.mkdir()
        (out / "nodes.csv").symlink_to(target)
    else:
        out.symlink_to(target)
    result = run("export", SEED, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert target.read_text() == "keep me"
    written = out if fmt == "json" else out / "nodes.csv"
    assert not written.is_symlink() and written.stat().st_size > 0


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_background_sync_flushes_every_file_off_the_main_thread(tmp_path, monkeypatch):
    flushed = []
    real_fsync = os.fsync

    def fsync(handle):
        flushed.append(threading.current_thread().name)
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    before = open_descriptors()
    with synced_in_background(threads=3, pending=2):
        for i in range(20):
            write_file(tmp_path / f"{i}.html", f"page {i}")
    assert [p.read_text() for p in sorted(tmp_path.iterdir(), key=lambda p: int(p.stem))] == [
        f"page {i}" for i in range(20)]
    assert len(flushed) == 20 and all(name.startswith("explorer-sync") for name in flushed)
    assert open_descriptors() == before


def test_background_sync_raises_the_first_error_when_the_block_ends(tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(ExplorerError, match="is a folder") as err:
        with synced_in_background():
            write_file(tmp_path / "taken", "page")
            write_file(tmp_path / "fine.html", "page")
    assert str(tmp_path / "taken") in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fine.html", "taken"]


def test_background_sync_interrupted_keeps_old_or_new_files_and_no_temporary(
        tmp_path, monkeypatch):
    for i in range(10):
        (tmp_path / f"{i}.html").write_text("old")
    release = threading.Event()
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda handle: (release.wait(5), real_fsync(handle)))
    before = open_descriptors()
    threading.Timer(0.3, release.set).start()
    with pytest.raises(KeyboardInterrupt):
        with synced_in_background(threads=1):
            for i in range(10):
                write_file(tmp_path / f"{i}.html", "new")
            raise KeyboardInterrupt
    contents = [(tmp_path / f"{i}.html").read_text() for i in range(10)]
    assert set(contents) <= {"old", "new"} and "old" in contents
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{i}.html" for i in range(10))
    assert open_descriptors() == before
