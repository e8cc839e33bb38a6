"""Forked and fresh workers: results in task order, what each sees, and their CPU counted."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer.detect.workers import cpu_seconds, run_forked, run_fresh
from tests.paths import ROOT

SEEN: list[str] = []  # set by the test process at run time, after the modules were imported


def describe(task: int, offset: int = 0) -> tuple[int, int, int]:
    """The task shifted by ``offset``, the process that ran it, and what it saw of SEEN."""
    return task + offset, os.getpid(), len(SEEN)


def spin(seconds: float) -> float:
    """Keep a core busy for ``seconds`` of CPU."""
    started = time.process_time()
    while time.process_time() - started < seconds:
        pass
    return seconds


@pytest.mark.slow
def test_both_kinds_give_the_results_of_one_process_in_task_order():
    tasks = list(range(40))
    here = [task + 3 for task in tasks]
    for run in (run_forked, run_fresh):
        assert [result for result, _, _ in run(describe, tasks, 2, offset=3)] == here
        assert [result for result, _, _ in run(describe, tasks, 1, offset=3)] == here


def test_fresh_workers_hold_nothing_of_this_process_forked_ones_do():
    SEEN.append("made here, after import")
    try:
        forked = run_forked(describe, [1, 2, 3], 2)
        fresh = run_fresh(describe, [1, 2, 3], 2)
    finally:
        SEEN.clear()
    assert {pid for _, pid, _ in forked + fresh}.isdisjoint({os.getpid()})
    assert {seen for _, _, seen in forked} == {1}
    assert {seen for _, _, seen in fresh} == {0}


@pytest.mark.slow
def test_cpu_of_fresh_workers_is_counted():
    before = cpu_seconds()
    run_fresh(spin, [0.3, 0.3], 2)
    assert cpu_seconds() - before >= 0.6


def run_script(folder: Path, text: str) -> subprocess.CompletedProcess:
    """Run a Python script of ``text`` from the repository's root."""
    script = folder / "script.py"
    script.write_text(text)
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)


@pytest.mark.slow
def test_a_script_without_a_main_guard_runs_fresh_workers(tmp_path):
    done = run_script(tmp_path, "from explorer.detect.workers import run_fresh\n"
                                "from explorer.text import words\n"
                                "print(run_fresh(words, ['One two', 'three'], 2))\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[['one', 'two'], ['three']]\n"


@pytest.mark.slow
def test_a_function_of_the_main_module_is_refused_with_a_reason(tmp_path):
    done = run_script(tmp_path, "from explorer.detect.workers import run_fresh\n"
                                "def double(task):\n    return 2 * task\n"
                                "if __name__ == '__main__':\n    run_fresh(double, [1, 2], 2)\n")
    assert done.returncode == 1
    assert "fresh workers cannot run double: it is defined in the main module" in done.stderr
