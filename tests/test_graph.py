"""The reply tree every view shares, the graph, and the rows of `explorer replies`."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import analyse, read_paths
from explorer.graph import build_graph, reply_records
from explorer.model import DEFAULT_REPLY, Edge, Node, Thread
from explorer.tree import reply_tree
from tests.paths import SEEDS


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
    tree = reply_tree(Thread("t", thread.nodes, edges=edges))
    assert dict(tree.parent) == {"t/post": None, "t/1": "t/post", "t/2": "t/1", "t/3": "t/1"}
    assert dict(tree.depth) == {"t/post": 0, "t/1": 1, "t/2": 2, "t/3": 2}
    assert dict(tree.children) == {"t/post": ("t/1",), "t/1": ("t/2", "t/3"), "t/2": (),
                                   "t/3": ()}
    assert (tree.post, tree.roots, tree.cut) == ("t/post", ("t/post",), ())


@pytest.mark.parametrize(
    ("parents", "expected", "cut"),
    [
        # 1 -> 3 -> 2 -> 1: cut where it closes
        ([3, 1, 2], {"t/1": 1, "t/2": 2, "t/3": 3}, ("t/1",)),
        ([1], {"t/1": 1}, ()),  # its own parent: the post instead, no loop to cut
        # 2 -> 3 -> 2: cut at 2
        ([None, 3, 2, 2], {"t/1": 1, "t/2": 1, "t/3": 2, "t/4": 2}, ("t/2",)),
    ],
)
def test_parent_loops_are_cut_the_same_way_everywhere(parents, expected, cut):
    thread = thread_with_parents(parents)
    tree = reply_tree(thread)
    assert {k: v for k, v in tree.depth.items() if k != "t/post"} == expected
    assert tree.cut == cut
    graph = build_graph(thread)
    assert {n: d for n, d in graph.nodes(data="depth") if n != "t/post"} == expected


@given(st.lists(st.one_of(st.none(), st.integers(1, 12)), min_size=1, max_size=12))
@settings(max_examples=150, deadline=None)
def test_any_parents_give_finite_consistent_depths(raw):
    parents = [None if p is None or p > len(raw) else p for p in raw]
    thread = thread_with_parents(parents)
    tree = reply_tree(thread)
    assert tree.roots == ("t/post",)
    for node, parent in tree.parent.items():
        assert tree.depth[node] == (0 if parent is None else tree.depth[parent] + 1)
        assert parent is None or node in tree.children[parent]
    edges = [(node, parent) for node, parent in tree.parent.items() if parent is not None]
    assert nx.is_tree(nx.Graph(edges)) or len(thread.nodes) == 1


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
