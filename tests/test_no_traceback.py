"""No exception escapes: damaged and arbitrary inputs give threads or one clear error line.

Every reader gets hundreds of damaged samples of every format (tests/hostile.py) and
arbitrary bytes behind each format's opening; it returns threads or raises ExplorerError.
Every command gets damaged samples on disk and exits 0, or 1 with one ``Error:`` line, and
never shows a traceback. Inputs are made from fixed seeds, so every run checks the same ones.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import format_names, read_paths
from tests.hostile import hostile_input
from tests.paths import SEEDS

BLOCKS, PER_BLOCK = 6, 100
SEED = sorted(SEEDS.glob("*.txt"))[0]
COMMANDS = (
    ("comments",),
    ("replies",),
    ("stats", "--by", "comment"),
    ("quotes",),
    ("export", "--format", "json", "-o", "-"),
    ("graph", "-o", "{out}"),
)


@pytest.mark.parametrize("block", range(BLOCKS))
@pytest.mark.slow
def test_every_reader_reads_or_refuses_damaged_samples(tmp_path, block):
    for case in range(block * PER_BLOCK, (block + 1) * PER_BLOCK):
        name, text = hostile_input(case)
        path = tmp_path / f"{case}-{name}"
        path.write_text(text, encoding="utf-8")
        for format in (None, *format_names()):
            try:
                read_paths([str(path)], format=format)
            except ExplorerError:
                continue
            except Exception as err:
                raise AssertionError(f"case {case} ({name}) read as {format}: {err!r}") from err


OPENINGS = ("", "{", "[", '{"kind": "Listing", "data": ', "<?xml version='1.0'?><feed>",
            "From a@b Mon Jan  1 00:00:00 2024\n", "id,parent_id,text\n", "1 comment:\n")


@given(st.sampled_from(OPENINGS), st.binary(max_size=200))
@settings(derandomize=True, max_examples=300, deadline=None)
def test_arbitrary_bytes_behind_any_opening_are_read_or_refused(tmp_path_factory, opening, tail):
    path = tmp_path_factory.mktemp("bytes") / "input.txt"
    path.write_bytes(opening.encode() + tail)
    try:
        read_paths([str(path)])
    except ExplorerError:
        pass


@pytest.mark.parametrize("case", range(20))
@pytest.mark.slow
def test_every_command_exits_cleanly_on_damaged_samples(run, tmp_path, case):
    name, text = hostile_input(10_000 + case)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for command in COMMANDS:
        args = [arg.format(out=tmp_path / "out") for arg in command]
        result = run(args[0], path, *args[1:])
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        where = f"case {case} ({name}): {args[0]}"
        assert result.exit_code in (0, 1), where
        assert len(errors) == result.exit_code, f"{where}: {result.stderr}"
        assert all(
            line.startswith(("Error: ", "Warning: ")) for line in result.stderr.splitlines()
        ), f"{where}: {result.stderr}"
    piped = run("comments", "-", input=text.encode("utf-8"))
    assert piped.exit_code in (0, 1) and piped.stderr.count("Error: ") == piped.exit_code
    # The good input of the same run is still read.
    both = run("stats", SEED, path, "--fields", "thread,comments")
    assert both.exit_code in (0, 1) and both.stderr.count("Error: ") == both.exit_code
    assert SEED.stem in both.stdout
