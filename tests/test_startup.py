"""Start-up: heavy libraries are imported only by the code that needs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.paths import ROOT

HEAVY = ("pandas", "matplotlib", "numpy", "dask", "distributed", "pyarrow")

# Runs the CLI in a fresh interpreter and prints which heavy libraries it imported.
PROBE = """
import contextlib, io, json, sys
from explorer.cli import cli
from tests.paths import ROOT
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        cli(sys.argv[2:], standalone_mode=False)
    except SystemExit:
        pass
print(json.dumps([name for name in json.loads(sys.argv[1]) if name in sys.modules]))
"""


def imported(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(HEAVY), *args],
        cwd=ROOT, capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(result.stdout)


def test_help_imports_no_heavy_library():
    assert imported("--help") == []


@pytest.mark.parametrize("command", ["stats", "comments", "replies"])
def test_commands_import_no_table_or_chart_library(command):
    # numpy is the passage search's own; pandas is for DataFrames of library users only.
    assert set(imported(command, "seeds/", "-j", "1")) <= {"numpy"}
