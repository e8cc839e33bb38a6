"""Parent loops are cut once, in linear time, and every view gets a tree whatever the input."""

from __future__ import annotations

import json
import signal
import time
from collections import Counter
from contextlib import contextmanager
from datetime import datetime

import networkx as nx
import pytest
from hypothesis import given, settings

from explorer import analyse, read_paths
from explorer.formats import interchange
from explorer.formats.records import Record, build_thread
from explorer.graph import people_graph, reply_records
from explorer.model import Node, Thread, author_of, person_key
from explorer.tree import comment_places, cut_loops, each_places, reply_tree
from tests.paths import ROOT, SEEDS
from tests.strategies import loose_interchange


@contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging: the run gets ``seconds`` of wall time."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    ("parents", "prefer", "cut", "after"),
    [
        ({"a": "b", "b": "a"}, (), ["a"], {"a": None, "b": "a"}),
        ({"a": "a", "b": None}, (), ["a"], {"a": None, "b": None}),
        # a ring of four, entered from a tail: cut at its first key, the tail keeps its parent
        ({"t": "c", "a": "b", "b": "c", "c": "d", "d": "a"}, (), ["a"],
         {"t": "c", "a": None, "b": "c", "c": "d", "d": "a"}),
        # a guess gives way before what the source states
        ({"a": "b", "b": "a"}, {"b"}, ["b"], {"a": "b", "b": None}),
        # parents outside the mapping, and chains, are no loops
        ({"a": "gone", "b": "a", "c": None}, (), [], {"a": "gone", "b": "a", "c": None}),
        # two loops: the cut keys come back in the mapping's order
        ({"x": "y", "p": "q", "q": "p", "y": "x"}, (), ["x", "p"],
         {"x": None, "p": None, "q": "p", "y": "x"}),
    ],
)
def test_each_loop_is_cut_once_at_its_first_key(parents, prefer, cut, after):
    parents = dict(parents)
    assert cut_loops(parents, prefer) == cut
    assert parents == after


class CountingDict(dict):
    """A dict that counts how often a value is read."""

    reads = 0

    def __getitem__(self, key):
        CountingDict.reads += 1
        return super().__getitem__(key)


@pytest.mark.parametrize("shape", ["pairs", "self", "ring", "mixed", "chain"])
def test_cutting_reads_each_parent_once(shape):
    n = 20_000
    parent_of = {
        "pairs": lambda i: i ^ 1,
        "self": lambda i: i,
        "ring": lambda i: (i + 1) % n,
        "mixed": lambda i: (i ^ 1, i, (i + 1) if i + 1 < n else n // 2)[min(i * 3 // n, 2)],
        "chain": lambda i: i - 1 if i else None,
    }[shape]
    parents = CountingDict((f"c{i}", None if parent_of(i) is None else f"c{parent_of(i)}")
                           for i in range(n))
    CountingDict.reads = 0
    cut_loops(parents)
    assert CountingDict.reads <= n + 1  # each key read once on its walk (one ring closes twice)


def test_a_table_of_two_cycles_is_built_in_linear_time():
    # 40,000 records naming each other in pairs took 7.7 s of CPU here before the loop
    # cutter became one pass (each cut copied the map of children); 0.3 s after it.
    records = [Record(f"c{i}", "x", parent=f"c{i ^ 1}") for i in range(40_000)]
    start = time.process_time()
    thread = build_thread("t", records)
    assert time.process_time() - start < 1.5
    assert sum(node.parent is None for node in thread.nodes) == 20_000
    assert thread.problems == (
        "reply loops cut: 20000 (c0, c10, c100 …); the first comment of each loop answers "
        "the post",
    )


def assert_a_tree(thread: Thread) -> None:
    """Every node once under one root, parents among the nodes, no loop; rows agree with it."""
    tree = reply_tree(thread)
    ids = [node.id for node in thread.nodes]
    assert list(tree.parent) == ids
    edges = [(node, parent) for node, parent in tree.parent.items() if parent is not None]
    graph = nx.DiGraph(edges)
    graph.add_nodes_from(ids)
    assert nx.is_forest(graph.to_undirected()) and nx.is_directed_acyclic_graph(graph)
    assert set(tree.roots) == {node for node, parent in tree.parent.items() if parent is None}
    if thread.post is not None:
        assert tree.roots == (thread.post.id,)
    for record in reply_records(thread):
        if record["kind"] == "reply":
            assert record["parent"] == tree.parent[record["node"]]


def nodes_as_given(document: str) -> Thread:
    """The generated thread as a library user would build it: no reader in between."""
    [item] = json.loads(document)["threads"]
    return Thread("t", tuple(
        Node(raw["id"], raw["kind"], k, raw["id"], raw["text"], parent=raw["parent"],
             author=raw["author"], stated=raw["stated"],
             published=datetime.fromisoformat(raw["published"]) if raw["published"] else None)
        for k, raw in enumerate(item["nodes"])
    ))


@given(loose_interchange())
@settings(max_examples=120, deadline=None)
def test_analyse_finishes_and_gives_a_tree_on_any_stated_parents(document):
    [read] = interchange.parse(document, "loose.json")
    with time_limit(30):
        analysed = analyse(read)
        by_hand = analyse(nodes_as_given(document))
    assert_a_tree(analysed)
    assert_a_tree(by_hand)
    # The reader cut every stated loop, so only a guess can close one (a stated parent
    # later in the file, guessed to answer its own reply), and the guess gives way.
    flat = {node.id for node in analysed.nodes if node.flat}
    assert set(reply_tree(analysed).cut) <= flat
    for node in analysed.nodes:
        guessed = [e for e in analysed.edges
                   if e.source == node.id and e.kind == "reply" and e.inferred]
        assert not guessed or node.flat, node.id  # what the file states is never guessed
        if node.kind == "missing":
            assert not [e for e in analysed.edges if node.id in (e.source, e.target)
                        and e.kind != "reply"]


LOOP = json.dumps({"schema": "explorer-thread/1", "threads": [{"id": "t", "nodes": [
    {"id": "t/0", "kind": "post", "text": "Should cities ban cars?", "author": "Ann"},
    {"id": "t/1", "parent": "t/2", "author": "Bob",
     "text": "I started this thread, and I still think so."},
    {"id": "t/2", "parent": "t/1", "author": "Cy", "text": "Bob, you are wrong about cars."},
]}]})


@pytest.mark.parametrize("command", ["comments", "replies", "stats"])
def test_a_loop_in_thread_json_ends_and_every_command_agrees(run, tmp_path, command):
    path = tmp_path / "loop.json"
    path.write_text(LOOP, encoding="utf-8")
    with time_limit(60):
        result = run(command, str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"Warning: {path}: thread t: reply loops cut: 1 (1); the first comment of each loop "
        "answers the post\n"
    )
    rows = json.loads(result.stdout)
    if command == "replies":
        assert [(r["label"], r["parent_label"], r["how"]) for r in rows] == [
            ("1", "0", "explicit"), ("2", "1", "explicit")
        ]
    elif command == "stats":
        assert (rows[0]["top_level"], rows[0]["max_depth"]) == (1, 2)


def test_detect_walks_no_parent_chain_by_hand():
    # A hand-made walk up Node.parent looped for ever on 1 -> 2 -> 1; detect asks tree.py.
    import ast

    detect = ROOT / "explorer" / "detect"
    for path in sorted(detect.rglob("*.py")):
        for loop in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(loop, ast.While | ast.For):
                # ``tree.parent`` (a ReplyTree's, loops cut) is the one to walk.
                reads = [ast.unparse(node.value) for node in ast.walk(loop)
                         if isinstance(node, ast.Attribute) and node.attr == "parent"]
                assert all(read.endswith("tree") for read in reads), (path.name, loop.lineno)


def test_a_stand_in_that_closes_a_loop_goes_to_top_level_and_keeps_its_replies():
    # Mail: 5 answers absent m7, whose References put it under 7, which answers 5.
    records = [Record("5", "body 5", parent="m7"), Record("7", "body 7", parent="5")]
    thread = build_thread("t", records, absent_under={"m7": "7"})
    assert [(node.label, node.kind, node.parent) for node in thread.nodes] == [
        ("missing:m7", "missing", None), ("5", "comment", "t/missing:m7"), ("7", "comment", "t/5"),
    ]
    assert thread.problems == (
        "replies to messages not in the input: 1 (m7); each hangs under a stand-in for its "
        "parent (missing:<id>)",
    )
    assert_a_tree(thread)


def test_the_places_a_caller_hands_on_are_the_places_worked_out():
    threads = [analyse(thread) for thread in read_paths(sorted(map(str, SEEDS.glob("*.txt")))[:4])]
    given = [comment_places(thread) for thread in threads]
    assert list(each_places(threads, given)) == list(each_places(threads, None))
    handed, worked = people_graph(threads, given), people_graph(threads)
    assert list(handed.edges(data=True)) == list(worked.edges(data=True)) != []
    # Places unlike the tree's (every comment under the thread's first named writer's
    # first comment) are the ones used.
    moved_places, expected = [], Counter()
    for thread in threads:
        keys = [person_key(author_of(node, thread.owner)) for node in thread.comments]
        first = next((i for i, key in enumerate(keys) if key), 0)
        parents = [thread.comments[first].id] * len(keys)
        parents[first] = thread.post.id
        moved_places.append((parents, [1 + (i != first) for i in range(len(keys))]))
        expected.update((key, keys[first]) for key in keys if key not in (None, keys[first]))
    moved = people_graph(threads, moved_places)
    replies = [Counter({(a, b): n for a, b, n in graph.edges(data="replies") if n})
               for graph in (moved, worked)]
    assert replies[0] == expected != replies[1]
    with pytest.raises(ValueError):  # places of other threads are not taken for these
        list(each_places(threads, given[1:]))
