"""Every benchmark script imports: a change elsewhere in the package cannot leave one broken
until someone runs it (they run for minutes, outside the suite)."""

from __future__ import annotations

import importlib

import pytest

from tests.paths import ROOT

SCRIPTS = sorted(path.stem for path in (ROOT / "benchmarks").glob("*.py"))


@pytest.mark.parametrize("name", SCRIPTS)
def test_benchmark_script_imports(name):
    module = importlib.import_module(f"benchmarks.{name}")
    assert module.__doc__, f"benchmarks/{name}.py does not say what it measures"
