"""The hostile shapes of benchmarks/adversarial.py, small: every loop cut with one warning,
a tree whatever the parents, and work that grows linearly with the shape's size."""

from __future__ import annotations

import json
import time

import pytest

from benchmarks.adversarial import SHAPES
from explorer import analyse, read_paths
from explorer.detect.cues import quotes
from explorer.detect.index import index_thread
from explorer.detect.passages import find_passages
from explorer.detect.signatures import find_signatures
from tests.test_tree import assert_a_tree

ROWS = 400


@pytest.mark.parametrize(
    ("shape", "cut", "depth"),
    [
        ("pairs", ROWS // 2, 2),  # each pair: the first row answers the post, the second it
        ("ring", 1, ROWS),  # one cut, the rest of the ring hangs below it as a chain
        # 50 pairs, 100 rows their own parent, one ring of the last 200 rows
        ("mixed", ROWS // 8 + ROWS // 4 + 1, ROWS // 2),
    ],
)
def test_every_loop_is_cut_once_with_a_warning_and_the_rest_kept(run, tmp_path, shape, cut,
                                                                 depth):
    path = SHAPES[shape][0](ROWS, tmp_path)
    result = run("stats", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Warning: {path}: reply loops cut: {cut} (c0")
    assert result.stderr.endswith("; the first comment of each loop answers the post\n")
    [row] = json.loads(result.stdout)
    assert (row["comments"], row["top_level"], row["max_depth"]) == (ROWS, cut, depth)
    [thread] = read_paths([str(path)])
    assert_a_tree(analyse(thread))


@pytest.mark.slow  # the dashboard's charts: a second of matplotlib
def test_a_chain_beside_small_threads_draws_every_page(run, tmp_path):
    path = SHAPES["chain+small"][0](ROWS, tmp_path)
    result = run("graph", path, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    pages = sorted(page.name for page in (tmp_path / "out").glob("*.html"))
    assert pages == ["chain.html", "index.html", "people.html",
                     *(f"small{t}.html" for t in range(5))]
    [row] = [r for r in json.loads(run("stats", path, "--format", "json").stdout)
             if r["thread"] == "chain"]
    assert (row["comments"], row["max_depth"]) == (ROWS, ROWS)


def cpu_seconds(run, arguments: list[object]) -> float:
    """CPU seconds of one in-process run (--jobs 1: workers' time would not be counted)."""
    start = time.process_time()
    result = run(*arguments, "--jobs", 1)
    spent = time.process_time() - start
    assert result.exit_code == 0, result.stderr
    return spent


GROWTH = 8
"""How much larger the second input of the linear check is than the first."""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("shape", "size", "command"),
    [
        ("pairs", 500, "stats"),
        ("ring", 500, "stats"),
        ("mixed", 500, "stats"),
        ("star", 500, "stats"),
        ("chain", 500, "stats"),
        ("chain", 250, "graph"),
        ("quotes", 250, "stats"),
        ("files", 40, "stats"),
        ("columns", 200, "graph"),
    ],
)
def test_work_grows_linearly_with_the_shape(run, tmp_path, shape, size, command):
    """Eight times the input costs less than three times eight times the CPU. A quadratic
    step (one took 31 s of 37 s at 10,000 comments) costs sixty-four times: it came out at
    29 times here, and linear runs at 8 to 13 times on a loaded machine. Both sizes take
    their best run: one run of the large ring once took 28 times in CI; it takes 12 here."""
    write = SHAPES[shape][0]
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir(), large.mkdir()
    paths = write(size, small), write(size * GROWTH, large)

    def arguments(path, out):
        return [command, path, *(["-o", tmp_path / out] if command == "graph" else [])]

    cpu_seconds(run, arguments(paths[0], "warm"))  # imports and caches: not the input's cost
    before = min(cpu_seconds(run, arguments(paths[0], f"small{n}")) for n in range(3))
    after = min(cpu_seconds(run, arguments(paths[1], f"large{n}")) for n in range(2))
    print("RATIO", shape, before, after, after / before)
    assert after < 3 * GROWTH * before, (shape, before, after)


class CountingTuple(tuple):
    """A tuple that counts how often an item is read."""

    reads = 0

    def __getitem__(self, key):
        CountingTuple.reads += 1
        return super().__getitem__(key)


def quote_cue_reads(n: int, folder) -> tuple[int, int]:
    """Quote cues found in the "quotes" shape of ``n`` comments, and node stems and casefolded
    texts read (short quotes in the first nodes are sought in the texts before them)."""
    folder.mkdir()
    [thread] = read_paths([str(SHAPES["quotes"][0](n, folder))])
    thread = find_passages(find_signatures(thread))
    index = index_thread(thread, None)
    vectors = index.vectors  # worked out when first asked for: counted from then on
    vectors.__dict__["stems"] = CountingTuple(vectors.stems)
    index.__dict__["texts"] = CountingTuple(index.texts)
    CountingTuple.reads = 0
    found = sum(len(quotes.find(index, i, (), [])) for i in range(len(thread.nodes)))
    return found, CountingTuple.reads


def test_short_quotations_are_weighed_in_linear_work(tmp_path):
    # Each comment quotes two words of the one before: telling whether other comments
    # use them too looked at every earlier comment (16,000 comments took 28 s).
    small = quote_cue_reads(200, tmp_path / "small")
    large = quote_cue_reads(800, tmp_path / "large")
    assert (small[0], large[0]) == (199, 799)  # every quotation names the comment before
    assert large[1] <= 4 * small[1] + 10, (small, large)
