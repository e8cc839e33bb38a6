"""Thread -> the vis network of its page: nodes, edges, positions and the page's data.

Everything is a column (one per field, in node or edge order), made straight from the
thread and its reply tree: a 200,000-comment page holds columns, not a networkx graph and a
dictionary per node. Numbers are packed (``array``) and the cells read off the nodes (texts,
times, links) are made only as they are encoded (``columns.Column``). vis ids are indexes
into the columns, so untrusted ids never reach vis.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from array import array
from collections import Counter
from typing import Any

from ..graph import edge_attributes
from ..layout import Placement, radial_layout, timeline_layout, tree_layout
from ..model import DEFAULT_REPLY, Node, Thread, author_of, removal
from ..tree import reply_tree
from ..wordcut import count_many
from .columns import mapped, numbers
from .figures import thread_figures
from .links import comment_urls, web_address

LAYOUTS = ("tree", "radial", "timeline", "force")
PLACED = {
    "tree": lambda thread, tree: tree_layout(tree),
    "radial": lambda thread, tree: radial_layout(tree),
    "timeline": lambda thread, tree: timeline_layout(
        tree, [node.published for node in thread.nodes]),
}
"""The layouts placed here (force is vis's physics); a page holds them all, so its layout
menu switches without a new page."""
SIZES = ("words", "replies")
FORCE_LIMIT = 500
"""Above this many nodes vis physics does not settle in reasonable time; use tree positions."""
LARGE = 2000
"""From this many nodes edges are hidden while dragging or zooming, so panning stays smooth."""
LIVE_LIMIT = 2500
"""Above this many nodes vis holds only the nodes in view; the page draws the rest as dots.

vis-network builds every node on load and draws every node each frame (about 2 s to load and
6 frames a second at 20,000 here), so larger threads keep at most LIVE_BUDGET nodes in vis.
"""
LIVE_BUDGET = 1500

# Edge categories in legend order: a reply edge splits into stated, inferred from a cue (in
# three confidence bands, fainter as the guess gets weaker), and the default answer to the post
# of a top-level comment with no cue.
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "reply": {"label": "reply", "color": "#7b8794", "width": 1.2, "dashes": False},
    "post": {"label": "comment on the post", "color": "#d5d9de", "width": 0.8, "dashes": False},
    "inferred": {"label": "inferred ≥ 0.8", "band": "likely", "color": "#e8710a",
                 "width": 1.6, "dashes": [6, 5]},
    "inferred-medium": {"label": "inferred 0.5–0.8", "band": "possible",
                        "color": "#e8710a", "width": 1.2, "dashes": [4, 6], "opacity": 0.7},
    "inferred-low": {"label": "inferred < 0.5", "band": "weak guess", "color": "#e8710a",
                     "width": 1, "dashes": [2, 6], "opacity": 0.45},
    "addressed": {"label": "addressed by name", "color": "#9334e6", "width": 1.4,
                  "dashes": [2, 4]},
    # A quote of the comment it answers lies on that reply edge, a green mark on it, not a
    # second arc beside it.
    "quote-parent": {"label": "quotes its parent", "color": "#188038",
                     "width": 2.6, "dashes": False, "arrows": {"to": {"enabled": False}}},
    "quote": {"label": "quotes another", "color": "#188038", "width": 2.2,
              "dashes": False, "smooth": {"enabled": True, "type": "curvedCW",
                                          "roundness": 0.25}},
    "repeat": {"label": "repeated passage", "color": "#d01884", "width": 2, "dashes": [10, 4],
               "arrows": {"to": {"enabled": False}},
               "smooth": {"enabled": True, "type": "curvedCCW", "roundness": 0.25}},
    "duplicate": {"label": "duplicate", "color": "#202124", "width": 3, "dashes": [1, 4]},
}
INFERRED = ("inferred", "inferred-medium", "inferred-low")
"""The categories of inferred replies, from the surest band to the weakest."""
BANDS = (0.8, 0.5)
"""Lower confidence bounds of the likely and possible bands; below is a weak guess. The
bands of ``stats``' replies_inferred_high, _mid and _low, so the legend counts as it does."""
PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#8c6bb1",
)
OTHER_COLOR = "#5f6b7a"
ANONYMOUS_COLOR = "#c4c7cc"
OWNER_BORDER = "#111111"
ABSENT = {"color": {"background": "#ffffff", "border": "#9aa0a6"},
          "shapeProperties": {"borderDashes": [3, 3]}}
"""How a stand-in for a parent not in the input is drawn: hollow, with a dashed border."""

QUOTE_ARCS = 30
"""Above this many quote arcs a page starts with them hidden (a tick shows them): mail
threads quote in nearly every message, and 100 arcs hide the replies."""


def edge_category(attributes: dict[str, Any], answers: bool = False,
                  to_post: bool = False) -> str:
    """The legend category of a graph edge: a kind, or a reply split by how it is known.

    ``answers`` tells that the edge's source replies to its target in the reply tree: a
    quote along a reply is a mark on it. ``to_post`` tells that the target is the post or one
    of its excerpts: an inferred answer to the post is a comment on it, as ``stats`` counts
    it (inferred replies are replies to comments).
    """
    if attributes["kind"] == "quote" and answers:
        return "quote-parent"
    if attributes["kind"] != "reply" or not attributes["inferred"]:
        return attributes["kind"]
    if attributes["evidence"] == DEFAULT_REPLY or to_post:
        return "post"
    score = attributes["score"]
    return next((name for name, low in zip(INFERRED, BANDS, strict=False) if score >= low),
                INFERRED[-1])


def thread_title(thread: Thread, limit: int = 70) -> str:
    """The thread's title, else its id and first words (dumps and tables give a bare id)."""
    if thread.title and thread.title.strip():
        return thread.title
    first = next((" ".join(node.text.split()) for node in thread.nodes if node.text.strip()), "")
    if not first:
        return thread.id
    return f"{thread.id}: “{_short(first, limit)}”"


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
"""Characters beyond the Basic Multilingual Plane: two UTF-16 code units each."""


def _utf16(text: str, offset: int) -> int:
    """A Python character offset as a JavaScript (UTF-16) string offset."""
    return offset + len(_ASTRAL.findall(text, 0, offset))


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@functools.cache  # few distinct values: one float each, shared by every node of that size
def _node_size(value: int, mode: str) -> float:
    # Bounded so neighbours one slot apart (layout.X_STEP) do not overlap much.
    if mode == "replies":
        return round(min(24, 7 + 4 * math.sqrt(value)), 1)
    return round(min(24, 5 + 3.2 * math.log2(1 + value / 8)), 1)


def _merge(spans: list[list[Any]]) -> list[list[Any]]:
    """Sort highlight spans (start, end, kind, other node) and drop the parts that overlap
    an earlier one."""
    merged: list[list[Any]] = []
    for start, end, category, other in sorted(spans):
        if merged and start < merged[-1][1]:
            start = merged[-1][1]
        if start < end:
            merged.append([start, end, category, other])
    return merged


def _authors(thread: Thread) -> tuple[list[str | None], list[bool], list[dict[str, Any]]]:
    """Each node's shown author, whether only a signature names it, and the legend.

    The legend is ranked by comments. Colours go to the authors that matter: the thread's
    starter and the most active of those who wrote more than once; with hundreds of one-off
    authors (a hiring thread) a colour each would tell nothing.
    """
    names = [author_of(node, thread.owner) for node in thread.nodes]
    signed = [author_of(node, inferred=False) is None and author_of(node) is not None
              for node in thread.nodes]
    counts = Counter(name for name in names if name)
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    rank = {name: i for i, name in enumerate(ranked)}
    marked = sorted((name for name in ranked if name == thread.owner or counts[name] > 1),
                    key=lambda name: (name != thread.owner, rank[name]))[:len(PALETTE)]
    palette = dict(zip(sorted(marked, key=rank.__getitem__), PALETTE, strict=False))
    authors = [
        {"name": name, "count": counts[name], "owner": name == thread.owner,
         "color": palette.get(name, OTHER_COLOR)}
        for name in ranked
    ]
    return names, signed, authors


def _unlinked(parents: array, sources: array, targets: array) -> list[int]:
    """Nodes that no edge joins to their parent in the tree (excerpts under their post)."""
    linked = bytearray(len(parents))
    for s, t in zip(sources, targets, strict=True):
        if parents[s] == t:
            linked[s] = 1
        if parents[t] == s:
            linked[t] = 1
    return [i for i, parent in enumerate(parents) if parent >= 0 and not linked[i]]


def _columns(placement: Placement) -> dict[str, Any]:
    """A layout as the page holds it: x and y columns, the stand-in root's place, the ticks."""
    stand_in = placement.stand_in
    return {"x": numbers(_rounded(placement.x)), "y": numbers(_rounded(placement.y)),
            "standIn": [round(stand_in[0], 1), round(stand_in[1], 1)] if stand_in else None,
            "ticks": placement.ticks}


def _rounded(values: array) -> array:
    """Each value rounded to a tenth, a run at a time; a run of few distinct values (a row of
    the tree layout holds one y for every node) rounds each of them once."""
    rounded = array("d")
    for start in range(0, len(values), ROUND_RUN):
        run = values[start:start + ROUND_RUN].tolist()
        distinct = set(run)
        if len(distinct) * 4 > len(run):
            rounded.extend([round(value, 1) for value in run])
        else:
            table = {value: round(value, 1) for value in distinct}
            rounded.extend(map(table.__getitem__, run))
    return rounded


ROUND_RUN = 4_096
"""Values rounded at once: a set of every position of a big thread took 13 MB."""


class _Edges:
    """The page's edges as columns, in the order a networkx MultiDiGraph of the thread lists
    them (by source in node order, then by target in the order first met, then as added),
    with the replies each node receives and the passage marks of each text."""

    def __init__(self, thread: Thread, index: dict[str, int], parents: array,
                 kinds: list[str]) -> None:
        categories = {name: code for code, name in enumerate(EDGE_STYLES)}
        counted = {categories[name] for name in ("reply", "post", *INFERRED)}
        self.replies = array("q", bytes(8 * len(kinds)))
        self.marks: dict[int, list[list[Any]]] = {}
        sources = array("q")
        targets = array("q")
        codes = array("b")
        evidence: list[str] = []
        scores: list[float] = []
        passages: list[str | None] = []
        # The first edge of each pair of nodes: of each source's first pair in ``heads``, of its
        # other pairs (as s * nodes + t) in ``others``; most sources have one pair.
        nodes = len(kinds)
        heads = array("q", [-1]) * nodes
        others: dict[int, int] = {}
        order = array("q")
        for source, target, a in edge_attributes(thread):
            s, t = index.get(source), index.get(target)
            if s is None or t is None:  # an edge to an id the thread lacks is not drawn
                continue
            category = categories[edge_category(a, parents[s] == t, kinds[t] != "comment")]
            if category in counted:
                self.replies[t] += 1
            if "source_span" in a:  # a passage
                # Marked in both texts, each naming the other comment: "quote" where it is
                # quoted from, "quoted" where it is quoted later.
                quoted = "quoted" if a["kind"] == "quote" else a["kind"]
                for node, span, kind, other in ((s, a["source_span"], a["kind"], t),
                                                (t, a["target_span"], quoted, s)):
                    if span:
                        self.marks.setdefault(node, []).append([span[0], span[1], kind, other])
            head = heads[s]
            if head < 0:
                heads[s] = head = len(order)
            elif targets[head] != t:
                head = others.setdefault(s * nodes + t, len(order))
            order.append(head)
            sources.append(s)
            targets.append(t)
            codes.append(category)
            evidence.append(a["evidence"])
            scores.append(a["score"])
            passages.append(a.get("text"))
        del heads, others
        edges = len(order)
        columns = (sources, targets, codes, evidence, scores, passages)
        keys = array("q", map(operator.add, map((edges + 1).__mul__, sources), order))
        del order
        if any(map(operator.gt, keys, keys[1:])):  # most threads list their edges in order
            ranked = sorted(range(edges), key=keys.__getitem__)  # stable within a pair
            columns = tuple(_reordered(column, ranked) for column in columns)
        del keys
        (self.sources, self.targets, self.categories, self.evidence, self.scores,
         self.passages) = columns


def _reordered(column: array | list[Any], ranked: list[int]) -> array | list[Any]:
    """The column's cells in the order ``ranked``, packed as the column was."""
    cells = map(column.__getitem__, ranked)
    return array(column.typecode, cells) if isinstance(column, array) else list(cells)


def build_network(thread: Thread, *, layout: str = "tree", size: str = "words",
                  figures: dict[str, Any] | None = None) -> tuple[
    dict[str, Any], dict[str, Any]
]:
    """Return the vis network and the page's data (texts, authors, links, figures).

    The network holds what vis draws as columns: the nodes' ``x``, ``y`` (None under the
    force layout), ``size`` and ``label``, the edges' ``from`` and ``to`` (node indexes),
    and vis's ``options``. ``figures`` are the thread's ``thread_figures``, when the caller
    already has them.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}")
    # The metrics' working set is gone before the columns are made: the two never add up.
    metrics = thread_figures(thread) if figures is None else figures
    tree = reply_tree(thread)
    nodes = thread.nodes
    n = len(nodes)
    ids = [node.id for node in nodes]
    index = {node: i for i, node in enumerate(ids)}
    kinds = [node.kind for node in nodes]
    parent = tree.parent
    parents = array("q", [index.get(parent[node], -1) for node in ids])
    depths = array("q", map(tree.depth.__getitem__, ids))
    del ids
    names, signed, authors = _authors(thread)
    author_index = {author["name"]: i for i, author in enumerate(authors)}
    author_of_node = array("q", [author_index.get(name, -1) if name else -1 for name in names])
    del names

    edges = _Edges(thread, index, parents, kinds)
    marks: list[Any] = [()] * n  # most texts have no marks: one shared empty column cell
    for group in thread.repeats:
        for occurrence in group.occurrences:
            if occurrence.node in index:
                edges.marks.setdefault(index[occurrence.node], []).append(
                    [*occurrence.span, "repeat", -1])
    for occurrence in thread.external_quotes:
        if occurrence.node in index:
            edges.marks.setdefault(index[occurrence.node], []).append(
                [*occurrence.span, "external", -1])
    for i, spans in edges.marks.items():
        text = nodes[i].text
        marks[i] = [[_utf16(text, s), _utf16(text, e), c, o] for s, e, c, o in _merge(spans)]
    del edges.marks, index  # the columns hold node numbers from here on
    # Each layout's working set is gone before the next is made, and the edges' before them.
    placed = {name: _columns(place(thread, tree)) for name, place in PLACED.items()}
    force = layout == "force" and n <= FORCE_LIMIT
    shown = "force" if force else (layout if layout in PLACED else "tree")
    stand_in = None if force else placed[shown]["standIn"]

    # "deleted" or "spam" where the source no longer shows the comment as written.
    removed = [removal(node) or "" for node in nodes]
    words = _words(nodes)
    value = edges.replies if size == "replies" else words
    sizes = [max(_node_size(v, size), 22) if kind == "post" else _node_size(v, size)
             for v, kind in zip(value, kinds, strict=True)]
    labels = [_label(node, authors[a]["name"] if a >= 0 else None, gone)
              for node, a, gone in zip(nodes, author_of_node, removed, strict=True)]
    network = {
        "nodes": {"x": [None] * n if force else placed[shown]["x"],
                  "y": [None] * n if force else placed[shown]["y"],
                  "size": sizes, "label": labels},
        "edges": {"from": numbers(edges.sources), "to": numbers(edges.targets)},
        "options": _options(force, n),
    }

    kind_count = Counter(edges.categories)
    data = {
        "thread": {"id": thread.id, "title": thread_title(thread),
                   "url": web_address(thread.url),
                   "owner": thread.owner, "ownerRole": thread.owner_role,
                   "source": thread.source},
        "figures": {"comments": metrics["comments"], "authors": metrics["authors"],
                    "depth": metrics["max_depth"] or 0, "quotes": metrics["quotes"],
                    "inferred": metrics["replies_inferred"],
                    "repeats": metrics["repeated_passages"], "nodes": n,
                    "edges": len(edges.sources)},
        "layout": shown,
        "layouts": placed,
        "forceLimit": FORCE_LIMIT,
        "standIn": stand_in,
        "unlinked": _unlinked(parents, edges.sources, edges.targets),
        "liveLimit": 0 if force else LIVE_LIMIT,
        "liveBudget": LIVE_BUDGET,
        "size": size,
        "authors": authors,
        "anonymousColor": ANONYMOUS_COLOR,
        "ownerBorder": OWNER_BORDER,
        "absent": ABSENT,
        "categories": [{"name": c, **EDGE_STYLES[c], "count": kind_count[code]}
                       for code, c in enumerate(EDGE_STYLES)],
        "hiddenKinds": ["quote"] if kind_count[list(EDGE_STYLES).index("quote")] > QUOTE_ARCS
        else [],
        "nodes": {
            "id": mapped(nodes, operator.attrgetter("id")),
            "name": mapped(nodes, operator.attrgetter("label")),
            "kind": kinds,
            "author": numbers(author_of_node),
            "inferredAuthor": signed,
            "time": mapped(nodes, _time),
            "text": mapped(nodes, operator.attrgetter("text")),
            "words": numbers(words),
            "replies": numbers(edges.replies),
            "parent": numbers(parents),
            "depth": numbers(depths),
            "marks": marks,
            "url": mapped(nodes, comment_urls(thread)),
            "removed": removed,
        },
        "edges": {
            "category": numbers(edges.categories),
            "evidence": edges.evidence,
            "score": edges.scores,
            "passage": edges.passages,
        },
    }
    return network, data


WORD_RUN = 4_096
"""Texts whose words are counted together: a 200,000-comment thread's cut all at once took
more memory than the rest of its page's data."""


def _words(nodes: tuple[Node, ...]) -> array:
    """Each node's words (``text.count_words``), counted a run of texts at a time."""
    words = array("q")
    for start in range(0, len(nodes), WORD_RUN):
        words.extend(count_many([node.text for node in nodes[start:start + WORD_RUN]]))
    return words


def _time(node: Node) -> str | None:
    """The node's time as ISO text, the way the page reads it."""
    return node.published.isoformat() if node.published else None


def _label(node: Node, author: str | None, removed: str) -> str:
    """A node's label under its dot: its kind, how it was removed, its author or its number."""
    if node.kind == "post":
        return "post"
    if node.kind == "missing":
        return "absent"
    if removed:
        return removed
    if author:
        return _short(author, 12)
    return "#" + _short(node.label, 10)


def _options(force: bool, n: int) -> dict[str, Any]:
    """vis's options: physics only for the force layout of a small thread."""
    physics: dict[str, Any] = {"enabled": False}
    if force:
        physics = {"enabled": True, "solver": "forceAtlas2Based",
                   "stabilization": {"enabled": True, "iterations": 300, "fit": True}}
    # Only while vis holds every node: above LIVE_LIMIT it holds few, and the page's own dots
    # and lines keep drawing while dragging, so vis's edges should too.
    large = LARGE <= n <= LIVE_LIMIT
    return {
        "autoResize": True,
        "physics": physics,
        "layout": {"improvedLayout": force},
        "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": False,
                        "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "multiselect": False},
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif", "color": "#202124"},
                  "borderWidth": 1, "shapeProperties": {"interpolation": False}},
        "edges": {"smooth": False, "selectionWidth": 1.5,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "color": {"inherit": False}},
    }
