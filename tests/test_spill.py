"""The disk-backed join: items in order, grouped by key, the same in memory and on disk."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import interchange, read_paths, spill
from explorer.formats.spill import Spill
from tests.paths import FORMATS, REAL

pairs = st.lists(st.tuples(st.sampled_from(["a", "b", None, 3]), st.integers()), max_size=40)


def _expected_groups(added):
    groups = {}
    for key, item in added:
        groups.setdefault(key, []).append(item)
    return list(groups.items())


@settings(max_examples=60, deadline=None)
@given(pairs, st.integers(min_value=0, max_value=5))
def test_groups_and_items_keep_reading_order_in_memory_and_on_disk(added, limit):
    with Spill(limit) as kept:
        kept.extend(added)
        one_thread = len({key for key, _ in added}) == 1 and added[0][0] is not None
        assert kept.on_disk == (len(added) > limit and not one_thread)
        assert len(kept) == len(added)
        assert list(kept.items()) == [item for _, item in added]
        assert list(kept.items()) == [item for _, item in added]  # items() can be read again
        assert list(kept.groups()) == _expected_groups(added)


@pytest.mark.parametrize("limit", [0, 2, 1000], ids=["disk", "disk after two", "memory"])
def test_a_group_handed_back_is_held_by_the_caller_alone(limit):
    # A reader frees a big thread's items before it builds the thread (table.join's
    # ``del rows``): the paused join must keep no reference to them.
    found, references = [], []
    with Spill(limit) as kept:
        kept.extend([("a", 1), ("b", 2), ("a", 3), ("c", 4)])
        for key, items in kept.groups():
            found.append((key, list(items)))
            references.append(sys.getrefcount(items))
    assert found == [("a", [1, 3]), ("b", [2]), ("c", [4])]
    assert references == [2, 2, 2]  # ``items`` and getrefcount's argument


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(), st.integers(1, 4)), max_size=30),
       st.integers(min_value=0, max_value=20))
def test_sized_items_go_to_disk_once_their_sizes_pass_the_limit(sized, limit):
    with Spill(limit) as kept:
        for item, size in sized:
            kept.add(None, item, size=size)
        assert kept.on_disk == (sum(size for _, size in sized) > limit)
        assert list(kept.items()) == [item for item, _ in sized]


@settings(max_examples=60, deadline=None)
@given(pairs, st.dictionaries(st.sampled_from(["a", "b", None, 3]), st.sampled_from("xy")),
       st.integers(min_value=0, max_value=5))
def test_merged_groups_join_the_keys_that_merge_alike(added, merge, limit):
    def merged(key):
        return merge.get(key, key)

    expected = {}
    for key, item in added:
        expected.setdefault(merged(key), []).append(item)
    with Spill(limit) as kept:
        kept.extend(added)
        assert list(kept.groups(merged)) == list(expected.items())


@pytest.mark.parametrize("limit", [0, 2, 1000])
def test_a_failed_extend_keeps_nothing_of_what_it_added(limit):
    def failing():
        yield "a", 1
        yield "new", 2
        raise ExplorerError("line 3: broken")

    with Spill(limit) as kept:
        kept.extend([("a", 0), ("b", 0)])
        with pytest.raises(ExplorerError):
            kept.extend(failing())
        kept.add("c", 5)
        assert list(kept.groups()) == [("a", [0]), ("b", [0]), ("c", [5])]


@pytest.mark.parametrize("limit", [0, 1000])
def test_summaries_are_what_readers_return_and_only_when_they_finish(limit):
    def reader(name, fail=False):
        yield name, 1
        if fail:
            raise ExplorerError("line 2: broken")
        return f"{name} read"

    with Spill(limit) as kept:
        kept.extend(reader("a"))
        kept.extend([("b", 2)])  # a list returns nothing
        with pytest.raises(ExplorerError):
            kept.extend(reader("c", fail=True))
        kept.extend(reader("d"))
        assert kept.summaries == ["a read", "d read"]
        assert list(kept.groups()) == [("a", [1]), ("b", [2]), ("d", [1])]


def _open_files() -> dict[str, str]:
    """This process's open files: descriptor -> what it points at."""
    opened = {}
    for fd in Path("/proc/self/fd").iterdir():
        try:
            opened[fd.name] = os.readlink(fd)
        except OSError:  # the descriptor listing the folder, closed meanwhile
            continue
    return opened


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see open files")
def test_the_file_is_never_in_a_folder_and_is_closed_on_close():
    before = _open_files()
    kept = Spill(1)
    kept.extend([(None, {"text": "x" * 100_000})] * 400)  # past SQLite's page cache
    assert kept.on_disk and len(list(kept.items())) == 400
    spilled = {fd: target for fd, target in _open_files().items() if before.get(fd) != target}
    assert spilled and all(target.endswith(" (deleted)") for target in spilled.values())
    kept.close()
    assert not set(spilled.items()) & set(_open_files().items())


def _read(paths, limit, monkeypatch):
    """The interchange JSON and errors of reading ``paths`` with the join spilling past
    ``limit`` items."""
    monkeypatch.setattr(spill, "LIMIT", limit)
    errors = []
    threads = read_paths([str(path) for path in paths], on_error=errors.append)
    return interchange.write(threads), [str(err) for err in errors]


def _shuffled_dump(tmp_path):
    """The real Reddit sample with its lines shuffled and split over two files."""
    with (REAL / "reddit" / "RC_2005-12.zst").open("rb") as raw:
        data = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(raw).read()
    lines = data.decode().splitlines(keepends=True)
    random.Random(14).shuffle(lines)
    halves = tmp_path / "RC_a.jsonl", tmp_path / "RC_b.jsonl"
    halves[0].write_text("".join(lines[: len(lines) // 2]))
    halves[1].write_text("".join(lines[len(lines) // 2:]))
    return list(halves)


@pytest.mark.parametrize(
    "inputs",
    [
        lambda tmp: [REAL / "reddit" / "RC_2005-12.zst"],
        _shuffled_dump,
        lambda tmp: [FORMATS / "RS_2024-03_sample.jsonl", FORMATS / "RC_2024-03_sample.jsonl"],
        lambda tmp: [REAL / "mail" / "fetchmail-users"],
        lambda tmp: [FORMATS / "list.mbox", FORMATS / "message.eml", FORMATS / "maildir"],
    ],
    ids=["reddit", "shuffled-reddit", "reddit-posts-first", "mail-archive", "mail-mixed"],
)
@pytest.mark.slow
def test_spilled_joins_equal_joins_in_memory(inputs, tmp_path, monkeypatch):
    paths = inputs(tmp_path)
    in_memory = _read(paths, 10**9, monkeypatch)
    assert _read(paths, 3, monkeypatch) == in_memory
    assert in_memory[0].count('"schema"') >= 1 and not in_memory[1]


def test_a_shuffled_dump_gives_the_threads_of_the_ordered_one(tmp_path, monkeypatch):
    ordered = read_paths([str(REAL / "reddit" / "RC_2005-12.zst")])
    monkeypatch.setattr(spill, "LIMIT", 5)
    shuffled = read_paths([str(path) for path in _shuffled_dump(tmp_path)])
    assert sorted(t.id for t in shuffled) == sorted(t.id for t in ordered)
    by_id = {thread.id: thread for thread in ordered}
    for thread in shuffled:
        assert {n.label for n in thread.nodes} == {n.label for n in by_id[thread.id].nodes}
        assert {n.text for n in thread.nodes} == {n.text for n in by_id[thread.id].nodes}


def test_a_bad_line_drops_its_dump_and_keeps_the_others(tmp_path, monkeypatch):
    good, bad = _shuffled_dump(tmp_path)
    bad.write_text(bad.read_text() + "{not json\n")
    expected, _ = _read([good], 10**9, monkeypatch)
    for limit in (3, 10**9):
        written, errors = _read([good, bad], limit, monkeypatch)
        assert written == expected
        assert len(errors) == 1 and "RC_b.jsonl: line" in errors[0] and "invalid JSON" in errors[0]


@st.composite
def mailboxes(draw):
    """Two mbox texts of messages that reference earlier, later or absent ones, share
    subjects, repeat ids and lack dates."""
    count = draw(st.integers(min_value=1, max_value=14))
    messages = []
    for number in range(count):
        own = draw(st.sampled_from([f"m{number}", f"m{number}", "dup"]))
        refs = draw(st.lists(st.sampled_from([f"m{n}" for n in range(count + 3)]), max_size=3))
        subject = draw(st.sampled_from(["Plans", "Re: Plans", "Re: [list] plans", "Other", ""]))
        day = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=9)))
        headers = [f"From: user{number % 3}@example.org", f"Message-ID: <{own}@x>"]
        if refs:
            headers.append("References: " + " ".join(f"<{ref}@x>" for ref in refs))
        if subject:
            headers.append(f"Subject: {subject}")
        if day is not None:
            headers.append(f"Date: Mon, {day} Jan 2024 10:00:00 +0000")
        messages.append(f"From user {number}\n" + "\n".join(headers) + f"\n\nbody {number}\n")
    split = draw(st.integers(min_value=0, max_value=count))
    return "".join(messages[:split]), "".join(messages[split:])


@settings(max_examples=40, deadline=None)
@given(mailboxes())
@pytest.mark.slow
def test_spilled_mail_joins_equal_joins_in_memory(texts):
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        paths = []
        for number, text in enumerate(texts):
            if text:
                path = f"{folder}/2024-{number}.mbox"
                with open(path, "w") as file:
                    file.write(text)
                paths.append(path)
        in_memory = _read(paths, 10**9, patch)
        assert _read(paths, 1, patch) == in_memory
        # One node per message, besides stand-ins for messages referenced but not read.
        nodes = in_memory[0].count('"kind"') - in_memory[0].count('"kind": "missing"')
        assert nodes == sum(text.count("\nMessage-ID") for text in texts)


def _open_files_under(pid: int, folder: Path) -> list[str]:
    """The files (deleted ones too) that process ``pid`` holds open under ``folder``."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith(f"{folder}/"):
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see open files")
@pytest.mark.slow
def test_sigterm_leaves_no_spill_behind(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    dump = tmp_path / "RC_generated.jsonl"
    # Past the spill's LIMIT of items, and past SQLite's page cache, which it fills first.
    with dump.open("w", encoding="utf-8") as out:
        for number in range(spill.LIMIT * 2):
            out.write(json.dumps({
                "id": f"c{number}", "link_id": f"t3_p{number % 300}", "parent_id":
                f"t3_p{number % 300}", "body": f"comment {number} " + "says hello " * 40,
                "author": "a",
            }) + "\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "explorer", "stats", str(dump)],
        env={**os.environ, "TMPDIR": str(scratch)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not _open_files_under(process.pid, scratch):  # until the spill is on disk
            assert process.poll() is None, "explorer ended before its spill went to disk"
            assert time.monotonic() < deadline, "the spill never went to disk"
            time.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    finally:
        process.kill()
        process.wait()
    assert list(scratch.iterdir()) == []


@pytest.fixture
def full_disk(monkeypatch):
    """SQLite's temporary file can grow by a few pages only: SQLITE_FULL, as on a full disk."""
    real_connect = sqlite3.connect

    def small(*args, **kwargs):
        db = real_connect(*args, **kwargs)
        db.execute("PRAGMA temp_store = FILE")
        db.execute("PRAGMA cache_size = 2")  # pages reach the file at once
        db.execute("PRAGMA max_page_count = 8")
        return db

    monkeypatch.setattr(spill.sqlite3, "connect", small)
    monkeypatch.setattr(spill, "LIMIT", 3)


def test_a_full_disk_during_a_join_is_one_error_and_the_spill_refuses_more(full_disk):
    items = Spill()
    with pytest.raises(spill.SpillFailed, match=r"database or disk is full.*set TMPDIR to a "
                       "folder with more room") as caught:
        items.extend((key % 2, "x" * 200) for key in range(5000))
    for use in (lambda: items.add("key", 1), lambda: list(items.items()),
                lambda: list(items.groups())):
        with pytest.raises(spill.SpillFailed) as again:
            use()
        assert again.value is caught.value


def test_a_full_disk_during_a_join_ends_the_run_with_one_error_line(run, full_disk):
    paths = [FORMATS / "RC_2024-03_sample.jsonl", REAL / "reddit" / "RC_2005-12.zst"]
    result = run("stats", *paths)
    assert result.exit_code == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: the temporary file that joins large inputs failed "
                           "(database or disk is full)")


def test_one_known_thread_stays_in_memory_until_a_second_comes():
    # That one thread is built whole once read: the disk would only cost time.
    with Spill(3) as kept:
        kept.extend([("a", n) for n in range(10)])
        assert not kept.on_disk
        kept.add("b", 10)
        assert kept.on_disk
        assert list(kept.groups()) == [("a", list(range(10))), ("b", [10])]
    with Spill(3) as kept:
        kept.extend([(None, n) for n in range(10)])  # mail: threads known only at the end
        assert kept.on_disk
