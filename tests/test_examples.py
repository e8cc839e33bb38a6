"""Every script in examples/ runs, so the examples in the README cannot rot."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from tests.paths import ROOT

pytestmark = pytest.mark.slow  # every test runs a script in a fresh Python process

EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def run(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args], cwd=cwd, capture_output=True, text=True,
        timeout=120,
    )


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda path: path.name)
def test_example_runs(script, tmp_path):
    # Run from an empty folder: examples must find their data relative to themselves.
    result = run(script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_examples_are_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for script in EXAMPLES:
        assert f"examples/{script.name}" in readme, script.name


def test_chart_is_an_svg_with_one_step_per_comment(tmp_path):
    out = tmp_path / "chart.svg"
    result = run(ROOT / "examples" / "comments_over_time.py",
                 str(ROOT / "examples" / "data" / "caseloads.json"), str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    svg = ET.parse(out).getroot()
    line = svg.find("{http://www.w3.org/2000/svg}polyline")
    # a start point, then two points (across, up) for each of the 12 comments
    assert len(line.get("points").split()) == 1 + 2 * 12


def test_chart_refuses_a_thread_without_times(tmp_path):
    seed = next((ROOT / "seeds").glob("000_*"))
    result = run(ROOT / "examples" / "comments_over_time.py", str(seed), cwd=tmp_path)
    assert result.returncode == 1 and "no comment has a time" in result.stderr


def test_folder_example_writes_one_row_per_seed_and_exports(tmp_path):
    result = run(ROOT / "examples" / "folder_of_threads.py", str(ROOT / "seeds"),
                 str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = (tmp_path / "out" / "threads.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + len(list((ROOT / "seeds").glob("*.txt")))
    graph = nx.read_gexf(tmp_path / "out" / "threads.gexf")
    assert graph.number_of_nodes() > 0


def test_html_example_writes_self_contained_pages(tmp_path):
    result = run(ROOT / "examples" / "write_html.py",
                 str(ROOT / "examples" / "data" / "caseloads.json"), str(tmp_path / "html"),
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "html" / "thread.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "Caseloads" in page
    assert (tmp_path / "html" / "seeds" / "index.html").exists()
