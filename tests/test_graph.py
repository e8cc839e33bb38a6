"""The reply tree every view shares, the graph, and the rows of `explorer replies`."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import analyse, read_paths
from explorer.graph import build_graph, depths, primary_parents, reply_records
from explorer.metrics import reply_tree
from explorer.model import DEFAULT_REPLY, Edge, Node, Thread

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def thread_with_parents(parents: list[int | None]) -> Thread:
    """A post and comments 1..n; comment k's stated parent is comment parents[k-1]."""
    nodes = [Node("t/post", "post", 0, "post", "the post")]
    for k, parent in enumerate(parents, start=1):
        nodes.append(
            Node(
                f"t/{k}",
                "comment",
                k,
                str(k),
                f"comment {k}",
                parent=None if parent is None else f"t/{parent}",
            )
        )
    return Thread("t", tuple(nodes))


def test_stated_parents_and_inferred_edges_make_one_tree():
    thread = thread_with_parents([None, 1, None])
    edges = (
        Edge("t/3", "t/1", "reply", True, "“Ann -”", 0.7),
        Edge("t/3", "t/2", "reply", True, "a weaker cue", 0.4),
        Edge("t/1", "t/post", "reply", True, DEFAULT_REPLY, 0.2),
    )
    parents = primary_parents(Thread("t", thread.nodes, edges=edges))
    assert parents == {"t/post": None, "t/1": "t/post", "t/2": "t/1", "t/3": "t/1"}
    assert depths(parents) == {"t/post": 0, "t/1": 1, "t/2": 2, "t/3": 2}


@pytest.mark.parametrize(
    ("parents", "expected"),
    [
        ([3, 1, 2], {"t/1": 1, "t/2": 2, "t/3": 3}),  # 1 -> 3 -> 2 -> 1: cut where it closes
        ([1], {"t/1": 1}),  # its own parent
        ([None, 3, 2, 2], {"t/1": 1, "t/2": 1, "t/3": 2, "t/4": 2}),  # 2 -> 3 -> 2: cut at 2
    ],
)
def test_parent_loops_are_cut_the_same_way_everywhere(parents, expected):
    thread = thread_with_parents(parents)
    tree_depths = depths(primary_parents(thread))
    assert {k: v for k, v in tree_depths.items() if k != "t/post"} == expected
    assert reply_tree(thread).depth == expected
    graph = build_graph(thread)
    assert {n: d for n, d in graph.nodes(data="depth") if n != "t/post"} == expected


@given(st.lists(st.one_of(st.none(), st.integers(1, 12)), min_size=1, max_size=12))
@settings(max_examples=150, deadline=None)
def test_any_parents_give_finite_consistent_depths(raw):
    parents = [None if p is None or p > len(raw) else p for p in raw]
    thread = thread_with_parents(parents)
    primary = primary_parents(thread)
    tree = depths(primary)
    for node, parent in primary.items():
        assert tree[node] == (0 if parent is None else tree[parent] + 1)
    assert {k: v for k, v in tree.items() if k != "t/post"} == reply_tree(thread).depth


def test_graph_of_a_seed_has_every_node_and_edge():
    thread = analyse(read_paths([str(next(SEEDS.glob("003_*")))])[0])
    graph = build_graph(thread)
    assert graph.number_of_nodes() == len(thread.nodes) == 27
    assert graph.number_of_edges() == len(thread.edges)
    chaos = graph.nodes[f"{thread.id}/10"]
    assert (chaos["author"], chaos["published"], chaos["depth"]) == (
        "Completely Ridiculous Chaos",
        "2015-07-07T22:26:00",
        1,
    )
    assert graph.nodes[f"{thread.id}/10.2"]["parent"] == f"{thread.id}/10"


def test_reply_records_one_primary_row_per_node_then_addressees():
    thread = thread_with_parents([None, None])
    edges = (
        Edge("t/2", "t/1", "reply", True, "“Ann -”", 0.7),
        Edge("t/2", "t/post", "addressed", True, "“Jim -”", 0.6),
        Edge("t/1", "t/post", "reply", True, DEFAULT_REPLY, 0.2),
    )
    rows = reply_records(Thread("t", thread.nodes, edges=edges))
    assert [(r["label"], r["kind"], r["parent_label"], r["how"]) for r in rows] == [
        ("1", "reply", "post", "inferred"),
        ("2", "reply", "1", "inferred"),
        ("2", "addressed", "post", "inferred"),
    ]
