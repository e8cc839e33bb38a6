"""A big thread's page in bounded memory: its data as columns, encoded and written in pieces.

Each fast path is pinned to its plain rule: JSON in pieces to ``json.dumps`` of the whole,
packed pieces to zlib and base64 of the whole, a page written in pieces to the page put
together whole, the page's edge columns to the networkx graph's edges, the layout's
columns to the tidy-tree rule.
"""

from __future__ import annotations

import base64
import gc
import json
import re
import tracemalloc
import zlib
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import analyse, read_paths
from explorer.graph import build_graph
from explorer.layout import X_STEP, Y_STEP, tree_layout
from explorer.model import DEFAULT_REPLY, EDGE_KINDS, Edge, Node, Passage, Thread
from explorer.render import EDGE_STYLES, INFERRED, assets, build_network, edge_category
from explorer.render.columns import Column
from explorer.render.page import _split, page_parts, write_html
from explorer.tree import comment_places, reply_tree
from tests.handmade import handmade_thread
from tests.paths import SEEDS
from tests.strategies import hostile_threads, json_values, threads


def _dumps(value) -> str:
    """The plain rule: ``json.dumps`` of the whole, a page's columns as plain lists."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_plain)


def _plain(value) -> list:
    if not isinstance(value, Column):
        raise TypeError(f"{type(value).__name__} is not a column")
    return list(value)


def _script_json_whole(value) -> str:
    """The plain rule: the whole JSON text, then every unsafe character escaped."""
    return re.sub("[<>&\u2028\u2029\x7f-\x9f]", lambda m: f"\\u{ord(m.group(0)):04x}",
                  _dumps(value))


columns = st.dictionaries(st.text(max_size=3), st.lists(json_values, max_size=30), max_size=4)
any_json = json_values | columns | st.dictionaries(st.integers(-3, 3), json_values, max_size=3)


@given(any_json, st.integers(1, 4))
def test_json_in_pieces_joins_to_the_json_of_the_whole(value, items):
    assert "".join(assets.json_parts(value, items)) == _dumps(value)
    assert "".join(assets.script_json_parts(value)) == _script_json_whole(value)


def test_long_columns_are_encoded_a_run_at_a_time():
    column = [f"comment {i} <b>" for i in range(25_001)]
    pieces = list(assets.script_json_parts({"text": column}))
    assert "".join(pieces) == _script_json_whole({"text": column})
    assert max(map(len, pieces)) < len("".join(pieces)) / 2


@given(st.lists(json_values, max_size=60), st.sampled_from([3, 6, 30, 3 << 18]))
def test_packed_pieces_are_the_whole_compressed_in_base64(value, run):
    whole = base64.b64encode(zlib.compress(_dumps(value).encode("utf-8"), 1)).decode("ascii")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assets, "_PACKED_RUN", run)
        pieces = list(assets.packed_json_parts(value))
    assert "".join(pieces) == whole
    assert all(len(piece) % 4 == 0 for piece in pieces[:-1]), "whole base64 quanta"


def test_a_nonce_of_pieces_is_the_nonce_of_their_text():
    assert assets.nonce(["<scr", "", "ipt>"], "b") == assets.nonce("<script>", "b")
    assert assets.nonce(["a", "b"], "c") != assets.nonce("a", "bc")


def _whole_page(thread: Thread, self_contained: bool, site: bool) -> str:
    """The page put together as one string: each block encoded whole, every name of the
    template replaced by a regular expression."""
    network, data = build_network(thread)
    drawing, details = _split(data)
    payload = _script_json_whole({**drawing, "network": network})
    packed = base64.b64encode(zlib.compress(_dumps(details).encode("utf-8"), 1)).decode()
    style = assets.template("page.css")
    nonce = assets.nonce(payload, packed, style, str(self_contained), str(site))
    values = {
        "{{label}}": "Graph of the thread",
        "{{hint}}": "Hover a node or an edge for a preview, click a node to read it.",
        "{{authors}}": "", "{{site}}": "" if site else " hidden",
        "{{reader}}": assets.template("reader.html").rstrip("\n"),
        "{{csp}}": assets.text(assets.csp(nonce)), "{{nonce}}": nonce,
        "{{title}}": assets.text(f"{data['thread']['title']} — explorer"),
        "{{style}}": style, "{{data}}": payload, "{{details}}": packed,
        "{{scripts}}": assets.scripts(("vis-network.min.js", "explorer-page.js"), nonce,
                                      inline=self_contained),
    }
    page = assets.template("frame.html").replace(
        "{{body}}", assets.template("page.html").rstrip("\n"))
    page = page.replace("{{stage}}", assets.template("stage.html").rstrip("\n"))
    return re.sub(r"\{\{\w+\}\}", lambda m: values[m.group(0)], page)


@pytest.mark.parametrize("self_contained", [False, True])
def test_a_page_written_in_pieces_is_the_page_put_together_whole(tmp_path, self_contained):
    paths = [str(path) for path in sorted(SEEDS.glob("*.txt"))[:2]]
    seeds = [analyse(thread) for thread in read_paths(paths)]
    for number, thread in enumerate([handmade_thread(), *seeds]):
        whole = _whole_page(thread, self_contained, site=number == 1)
        pieces = list(page_parts(thread, self_contained=self_contained, site=number == 1))
        assert len(pieces) > 3 and "".join(pieces) == whole
        path = write_html(thread, tmp_path / f"{number}.html", self_contained=self_contained)
        assert path.read_bytes() == _whole_page(thread, self_contained, False).encode("utf-8")


@settings(max_examples=30, deadline=None)
@given(hostile_threads())
def test_hostile_pages_in_pieces_are_the_whole_page(thread):
    assert "".join(page_parts(thread, self_contained=False)) == \
        _whole_page(thread, self_contained=False, site=False)


@st.composite
def edged_threads(draw) -> Thread:
    """A generated thread with edges of every kind, between any nodes, several to one pair,
    some to an id the thread lacks, some carrying a passage."""
    thread = draw(threads())
    ids = [node.id for node in thread.nodes]
    edges = []
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(EDGE_KINDS))
        passage = Passage("p", (0, 1), (0, 1), 1) if kind != "reply" and draw(
            st.booleans()) else None
        edges.append(Edge(draw(st.sampled_from(ids)),
                          draw(st.sampled_from([*ids, "generated/absent"])), kind,
                          draw(st.booleans()), draw(st.sampled_from(["", "@Jim", DEFAULT_REPLY])),
                          draw(st.sampled_from([0.3, 0.6, 0.9, 1.0])), passage))
    return replace(thread, edges=tuple(edges))


@settings(max_examples=60, deadline=None)
@given(edged_threads())
def test_page_edges_are_the_networkx_graphs_edges_in_its_order(thread):
    network, data = build_network(thread)
    graph = build_graph(thread)
    index = {node.id: i for i, node in enumerate(thread.nodes)}
    names = list(EDGE_STYLES)
    expected = [
        (index[s], index[t], edge_category(a, graph.nodes[s]["parent"] == t,
                                           graph.nodes[t]["kind"] != "comment"),
         a["evidence"], a["score"], a.get("text"))
        for s, t, a in graph.edges(data=True) if s in index and t in index]
    edges = data["edges"]
    assert list(zip(network["edges"]["from"], network["edges"]["to"],
                    [names[code] for code in edges["category"]], edges["evidence"],
                    edges["score"], edges["passage"], strict=True)) == expected
    replies = Counter(t for _, t, category, *_ in expected
                      if category in ("reply", "post", *INFERRED))
    assert data["nodes"]["replies"] == [replies[i] for i in range(len(thread.nodes))]
    joined = {(s, t) for s, t, *_ in expected} | {(t, s) for s, t, *_ in expected}
    parents = data["nodes"]["parent"]
    assert data["unlinked"] == [i for i, p in enumerate(parents)
                                if p >= 0 and (i, p) not in joined]


@settings(max_examples=60, deadline=None)
@given(threads() | threads().map(lambda t: replace(t, nodes=t.nodes[1:])))
def test_tree_columns_follow_the_tidy_tree_rule(thread):
    """Leaves take consecutive slots in depth-first order, a parent sits midway over the
    leaves below it, and each level is one row lower."""
    tree = reply_tree(thread)
    placed = tree_layout(tree)
    # The columns follow the tree's node order, which is the thread's.
    assert list(tree.parent) == [node.id for node in thread.nodes]
    positions = dict(zip(tree.parent, zip(placed.x, placed.y, strict=True), strict=True))
    children = dict(tree.children)
    roots = list(tree.roots)
    if placed.stand_in is not None:
        positions[""] = placed.stand_in  # the stand-in root: no node id is empty
        children[""], roots = roots, [""]
    leaves: list[float] = []
    span: dict[str, tuple[float, float]] = {}  # the first and last leaf's x under a node
    stack = [(root, 0, False) for root in reversed(roots)]
    while stack:
        node, level, done = stack.pop()
        kids = children[node]
        if done:
            span[node] = (span[kids[0]][0], span[kids[-1]][1])
            continue
        assert positions[node][1] == level * Y_STEP
        if kids:
            stack.append((node, level, True))
            stack.extend((kid, level + 1, False) for kid in reversed(kids))
        else:
            leaves.append(positions[node][0])
            span[node] = (positions[node][0], positions[node][0])
    assert leaves == [i * X_STEP for i in range(len(leaves))]
    assert all(positions[node][0] == (first + last) / 2 for node, (first, last) in span.items())


def star_thread(comments: int) -> Thread:
    """One comment and ``comments - 1`` answers to it, each with an author and a time."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    nodes = [Node(id=f"s/{i}", kind="comment", position=i, label=str(i),
                  text=f"Comment {i} on the matter of item {i % 1013}, said plainly.",
                  parent="s/0" if i else None, author=f"person {i % 97}",
                  published=start + timedelta(seconds=30 * i)) for i in range(comments)]
    return Thread(id="s", nodes=tuple(nodes))


@pytest.mark.slow
def test_a_page_costs_under_2000_bytes_a_comment_above_its_thread(tmp_path):
    """The page of a 3,000-comment star, made and written, at its peak (tracemalloc) holds
    under 2 KB a comment beyond the thread and its tree: about 1.1 KB now (0.5 KB at
    20,000), 4.3 KB when the page went through a networkx graph, a dict per vis node and
    one string."""
    thread = star_thread(3000)
    reply_tree(thread)
    gc.collect()
    tracemalloc.start()
    try:
        write_html(thread, tmp_path / "star.html", self_contained=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak / len(thread.nodes) < 2000


@pytest.mark.slow
def test_places_kept_from_the_pages_give_the_people_page_and_charts_the_trees_give():
    from explorer.render import dashboard
    from explorer.render.people import people_data

    paths = [str(path) for path in sorted(SEEDS.glob("*.txt"))]
    corpus = [handmade_thread(), *(analyse(thread) for thread in read_paths(paths))]
    places = [comment_places(thread) for thread in corpus]
    for thread, (parents, depths) in zip(corpus, places, strict=True):
        tree = reply_tree(thread)
        assert [(tree.parent[c.id], tree.depth[c.id]) for c in thread.comments] == list(
            zip(parents, depths, strict=True))
    names = [f"{i}.html" for i in range(len(corpus))]
    assert people_data(corpus, names, places) == people_data(corpus, names)
    assert dashboard._charts(corpus, places) == dashboard._charts(corpus, None)
