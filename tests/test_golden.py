"""Golden outputs: the CLI's exact output on the seeds and real samples, kept as text.

Each case runs one command on one input and compares what it printed, byte for byte, with
``tests/data/golden/<input>/<command>.out`` (stdout) and ``.err`` (the exit status on the
first line, then stderr); a failure shows a diff. A change meant to alter output rewrites
them on purpose, and the diff of tests/data/golden/ is reviewed with it:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import difflib

import pytest
from click.testing import CliRunner

from explorer.cli import cli
from tests.paths import DATA, ROOT

GOLDEN = DATA / "golden"
MONTHS = ("July", "August", "September", "October", "November", "December")
INPUTS = {
    "seeds": ["seeds"],
    "reddit": ["tests/data/real/reddit"],
    "hn": ["tests/data/real/hn"],
    # Six months of the list: threads that cross months, and replies whose parent is in a
    # month left out.
    "mail": [f"tests/data/real/mail/fetchmail-users/2005-{month}.txt.gz" for month in MONTHS],
    "parquet": ["tests/data/samples/r-sig-debian-2006.parquet"],
}
"""Paths relative to the repo, as the output names them (tests run from its root)."""
COMMANDS = {
    "comments-json": ["comments", "--format", "json"],
    "replies": ["replies"],
    "stats-csv": ["stats", "--format", "csv"],
}
"""The JSON holds every node and edge (passages included); replies and stats render them."""
CASES = [f"{name}/{command}" for name in INPUTS for command in COMMANDS]
DIFF_LINES = 60


def printed(case: str) -> dict[str, bytes]:
    """Run one case through the CLI: what goes in its ``.out`` and ``.err`` files."""
    name, command = case.split("/")
    result = CliRunner().invoke(cli, [*COMMANDS[command], *INPUTS[name]],
                                catch_exceptions=False)
    return {".out": result.stdout_bytes,
            ".err": f"exit {result.exit_code}\n".encode() + result.stderr_bytes}


def diff(case: str, suffix: str, stored: bytes, now: bytes) -> str:
    """A unified diff of the stored output and today's, cut to its first lines."""
    lines = list(difflib.unified_diff(
        stored.decode("utf-8", "replace").splitlines(),
        now.decode("utf-8", "replace").splitlines(),
        f"stored {case}{suffix}", f"now {case}{suffix}", lineterm="",
    ))
    more = f"\n... {len(lines) - DIFF_LINES} more lines" if len(lines) > DIFF_LINES else ""
    return "\n".join(lines[:DIFF_LINES]) + more


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("case", CASES)
def test_output_matches_the_golden_file(case, request):
    outputs = printed(case)
    if request.config.getoption("update_golden"):
        for suffix, data in outputs.items():
            path = GOLDEN / f"{case}{suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return
    changed = []
    for suffix, data in outputs.items():
        path = GOLDEN / f"{case}{suffix}"
        if not path.exists():
            pytest.fail(f"{path.relative_to(ROOT)} is missing: run with --update-golden")
        stored = path.read_bytes()
        if stored != data:
            changed.append(diff(case, suffix, stored, data))
    if changed:
        pytest.fail("output changed; if meant, rerun with --update-golden and commit "
                    "tests/data/golden/\n" + "\n".join(changed), pytrace=False)


def test_every_golden_file_belongs_to_a_case():
    stored = {path.relative_to(GOLDEN).as_posix() for path in GOLDEN.rglob("*.*")}
    assert stored == {f"{case}{suffix}" for case in CASES for suffix in (".out", ".err")}


def test_a_change_is_shown_as_a_diff_cut_to_its_first_lines():
    stored = "".join(f"line {n}\n" for n in range(200)).encode()
    now = stored.replace(b"line 5\n", b"line five\n").replace(b"line 150\n", b"")
    shown = diff("hn/replies", ".out", stored, now)
    assert shown.startswith("--- stored hn/replies.out\n+++ now hn/replies.out\n@@ -3,7 +3,7 @@")
    assert "\n-line 5\n+line five\n" in shown and "\n-line 150\n" in shown
    long = diff("hn/replies", ".out", stored, b"")
    assert len(long.splitlines()) == DIFF_LINES + 1 and long.endswith("... 143 more lines")
