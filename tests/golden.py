"""Golden outputs: the CLI's exact output on the seeds and the real samples, as digests.

A refactor must not change what users get. ``tests/test_golden.py`` reruns every case and
compares SHA-256 digests of stdout and stderr (and the exit code) with
``tests/data/golden/digests.json``. A change that is meant to alter output updates them:

    .venv/bin/python tests/golden.py            # list the cases whose output changed
    .venv/bin/python tests/golden.py --update   # rewrite the digests (commit them with the change)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIGESTS = HERE / "data" / "golden" / "digests.json"
REAL = HERE / "data" / "real"

INPUTS = {
    "seeds": ROOT / "seeds",
    "reddit": REAL / "reddit",
    "hn": REAL / "hn",
    "mail": REAL / "mail" / "fetchmail-users",
    "parquet": REAL / "tables" / "r-sig-debian.parquet",
}
COMMANDS = {
    "comments-json": ["comments", "--format", "json"],
    "replies": ["replies"],
    "stats-csv": ["stats", "--format", "csv"],
}
"""The JSON holds every node and edge (passages included); replies and stats render them."""


def cases() -> list[str]:
    """Every case name, ``<input>/<command>``."""
    return [f"{name}/{command}" for name in INPUTS for command in COMMANDS]


def digest(case: str) -> dict[str, str | int]:
    """Run one case through the CLI and return the digests of what it printed."""
    from explorer.cli import cli

    name, command = case.split("/")
    # Paths relative to the repo, so digests do not depend on where it is checked out.
    path = INPUTS[name].relative_to(ROOT)
    result = CliRunner().invoke(cli, [*COMMANDS[command], str(path)], catch_exceptions=False)
    return {
        "exit": result.exit_code,
        "stdout": hashlib.sha256(result.stdout_bytes).hexdigest(),
        "stderr": hashlib.sha256(result.stderr_bytes).hexdigest(),
    }


def stored() -> dict[str, dict[str, str | int]]:
    """The digests committed with the code."""
    return json.loads(DIGESTS.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    import os

    os.chdir(ROOT)
    old = stored() if DIGESTS.exists() else {}
    new = {case: digest(case) for case in cases()}
    changed = [case for case in new if old.get(case) != new[case]]
    for case in changed:
        print(f"changed: {case}", file=sys.stderr)
    if "--update" in argv:
        DIGESTS.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {DIGESTS.relative_to(ROOT)}", file=sys.stderr)
    return 1 if changed and "--update" not in argv else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
