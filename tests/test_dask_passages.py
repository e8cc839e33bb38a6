"""The corpus-wide passage search on a Dask cluster equals the local one (dask_passages)."""

from __future__ import annotations

import sys

import pytest

from benchmarks.generate import generate
from explorer import Node, Options, Thread, read_paths
from explorer.dask_passages import PART_CHARS, _cut_holders, _split, search_on
from explorer.detect.passages import search_passages
from explorer.engine import dask_client
from tests.paths import REAL, SEEDS

pytestmark = pytest.mark.slow  # every test starts or uses a Dask cluster of worker processes

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of two worker processes: tasks and data really cross processes."""
    with dask_client(jobs=2) as client:
        yield client


@pytest.fixture(scope="module")
def corpus():
    """Generated threads with planted quotes (in and across threads), stock phrases and
    sign-offs, after the seeds and real Reddit and Hacker News threads."""
    threads, _ = generate(1500)
    said = "amber9 basalt9 cobalt9 dune9 ember9 fjord9 garnet9 heron9 iris9 jasper9 kelp9"
    first = make_thread("q0", f"As I said before: {said}. That is all.", "ann")
    # In the last part, a long unmarked copy and a short quotation in marks (sought across
    # threads by broadcast) of words in the first.
    pasted = make_thread("q1", f"Pasting it:\n{said}\nso there.", "bob")
    quoted = make_thread("q2", 'You wrote "cobalt9 dune9 ember9 fjord9 garnet9" and more.',
                         "cy")
    real = read_paths([str(SEEDS), str(REAL / "reddit"), str(REAL / "hn")])
    return [first, *real, *threads, pasted, quoted]


def part_of(threads, part_chars):
    """The part number of each node id, as the search splits the threads."""
    return {
        node.id: number
        for number, run in enumerate(_split(threads, part_chars))
        for thread in run
        for node in thread.nodes
    }


@pytest.mark.parametrize("part_chars", [250_000, PART_CHARS])
def test_the_search_on_a_cluster_equals_the_local_search(client, corpus, part_chars):
    local = search_passages(corpus, Options())
    dask = search_on(client, corpus, Options(), part_chars=part_chars)
    assert dask.common_grams == local.common_grams > 0
    assert dask.threads == local.threads
    # The shuffle is exercised: passages link nodes of different parts (at least one part
    # per worker), quotations in marks among them.
    chars = sum(len(node.text) for thread in corpus for node in thread.nodes)
    part = part_of(corpus, min(part_chars, -(-chars // 2)))
    parts = len(set(part.values()))
    assert parts >= 5 if part_chars < PART_CHARS else parts == 2
    crossing = [
        edge for thread in dask.threads for edge in thread.edges
        if edge.passage is not None and part[edge.source] != part[edge.target]
    ]
    assert any(edge.passage.marked for edge in crossing)
    assert any(not edge.passage.marked for edge in crossing)


def test_common_phrases_are_counted_across_parts(client):
    # One stock phrase in 25 threads of one node each, and a sign-off in 3 threads by one
    # author: every thread is a part of its own, so only the shuffle sees them together.
    phrase = "the quick brown fox jumps over the lazy dog near the river bank"
    threads = [
        make_thread(f"t{k}", f"{phrase} and then word{k} other{k} stuff{k}", f"a{k}")
        for k in range(25)
    ] + [
        make_thread(f"s{k}", f"fresh{k} words{k} here{k} now{k} then{k} regards from "
                    "sam at the office on the hill", "sam")
        for k in range(3)
    ]
    local = search_passages(threads, Options())
    dask = search_on(client, threads, Options(), part_chars=1)
    assert dask == local
    assert local.common_grams >= 10
    assert all(not thread.edges for thread in local.threads)


def make_thread(thread_id: str, text: str, author: str, *replies: str) -> Thread:
    """A post by ``author`` and replies by nobody named."""
    nodes = [Node(id=f"{thread_id}/post", kind="post", position=0, label="post", text=text,
                  author=author)]
    nodes += [Node(id=f"{thread_id}/{k}", kind="comment", position=k, label=str(k), text=reply)
              for k, reply in enumerate(replies, 1)]
    return Thread(id=thread_id, nodes=tuple(nodes))


def test_parts_hold_whole_threads_in_input_order(corpus):
    runs = _split(corpus, 250_000)
    assert [thread for run in runs for thread in run] == corpus
    assert all(run for run in runs)
    sizes = [sum(len(node.text) for thread in run for node in thread.nodes) for run in runs]
    # A run closes at the first thread that takes it to the size.
    for run, size in zip(runs[:-1], sizes[:-1], strict=True):
        last = sum(len(node.text) for node in run[-1].nodes)
        assert size - last < 250_000 <= size


def test_holders_stop_as_over_one_corpus():
    held = [(1, 0, 0), (1, 5, 0), (2, 0, 1), (3, 0, 1), (4, 2, 2), (5, 0, 2)]
    assert _cut_holders(held, limit=2) == held[:5]  # the fourth doc is one too many
    assert _cut_holders(held, limit=5) == held


def test_quotes_across_threads_on_the_dask_engine(run):
    inputs = (SEEDS, REAL / "reddit")
    local = run("quotes", *inputs, "--across-threads", "--format", "json", "--jobs", "1")
    dask = run("quotes", *inputs, "--across-threads", "--format", "json", "--engine", "dask",
               "--jobs", "2")
    assert dask.exit_code == local.exit_code == 0, dask.stderr
    assert dask.stdout == local.stdout
    assert '"passages": [\n    {' in dask.stdout


def test_a_scheduler_needs_the_dask_engine_across_threads(run):
    result = run("quotes", SEEDS, "--across-threads", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "Error: a scheduler address needs the dask engine (--engine dask)\n"


def test_across_threads_on_dask_needs_its_extra(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = run("quotes", SEEDS, "--across-threads", "--engine", "dask")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "Error: the dask engine needs the dask extra: pip install 'explorer[dask]'\n"
    )
