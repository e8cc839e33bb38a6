"""The people page: authors as nodes, who answers and quotes whom as weighted edges.

It is the view Gephi and NodeXL users build by hand, drawn from ``graph.people_graph`` with a
force layout computed here (networkx, seeded, so the same corpus gives the same page).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import networkx as nx

from ..graph import people_graph
from ..model import Thread, author_of, person_key
from ..tree import Places
from . import assets
from .network import thread_title

PEOPLE_LIMIT = 300
"""The most connected people drawn; the export (``explorer export --format people-gexf``)
holds everyone."""
PEOPLE_SCRIPTS = (assets.VIS_ASSET, assets.PEOPLE_ASSET)
REPLY_COLOR = "#7b8794"
QUOTE_COLOR = "#188038"
PERSON_COLOR = "#4e79a7"


def _chosen(graph: nx.DiGraph) -> list[str]:
    """The people to draw: the most connected (by links, then comments, then name).

    People linked to nobody are left out when anyone is linked: a force layout pushes them
    to a ring around the rest, which shrinks what matters to a dot.
    """
    strength = dict(graph.degree(weight="weight"))
    ranked = sorted(graph, key=lambda p: (-strength[p], -graph.nodes[p]["comments"], p))
    linked = [person for person in ranked if strength[person]]
    return (linked or ranked)[:PEOPLE_LIMIT]


LISTED = 40
"""Threads, and comments, listed in a person's panel at most (the busiest first)."""


def _works(threads: Sequence[Thread], index: dict[str, int]) -> list[list[list[Any]]]:
    """Per drawn person, their threads as [thread number, [comment ids...]], busiest first."""
    found: list[dict[int, list[str]]] = [{} for _ in index]
    for number, thread in enumerate(threads):
        for node in thread.nodes:
            person = index.get(person_key(author_of(node, thread.owner)) or "")
            if person is not None and node.kind == "comment":
                found[person].setdefault(number, []).append(node.id)
    return [[[number, ids[:LISTED]] for number, ids in sorted(
        works.items(), key=lambda item: (-len(item[1]), item[0]))[:LISTED]] for works in found]


def people_data(threads: Sequence[Thread], pages: Sequence[str] = (),
                places: Sequence[Places] | None = None) -> dict[str, Any]:
    """The people page's data: vis nodes and edges with positions, and figures.

    With the threads' page names (``pages``), each person's panel lists their threads and
    comments with links to them. ``places`` are the threads' ``comment_places``, when the
    caller already has them.
    """
    graph = people_graph(threads, places)
    chosen = _chosen(graph)
    index = {person: i for i, person in enumerate(chosen)}
    ordered = sorted(graph.subgraph(chosen).edges(data=True),
                     key=lambda edge: (index[edge[0]], index[edge[1]]))
    # A subgraph view lists its nodes in set order, which follows the hash seed; the layout
    # follows node order, so the drawn graph is built in rank order.
    shown = nx.DiGraph()
    shown.add_nodes_from(chosen)
    shown.add_edges_from(ordered)
    spread = 90 * math.sqrt(max(len(chosen), 1))
    positions = (nx.spring_layout(shown.to_undirected(as_view=True), weight="weight", seed=7,
                                  scale=spread) if chosen else {})
    nodes = []
    for i, person in enumerate(chosen):
        a = graph.nodes[person]
        x, y = positions[person]
        nodes.append({"id": i, "label": a["name"], "x": round(float(x), 1),
                      "y": round(float(y), 1), "color": PERSON_COLOR,
                      "size": round(min(40, 6 + 4 * math.sqrt(a["comments"])), 1)})
    edges = []
    for e, (a, b, w) in enumerate(ordered):
        edges.append({"id": e, "from": index[a], "to": index[b],
                      "width": round(min(8, 0.8 + 1.2 * math.log2(w["weight"])), 2),
                      "color": QUOTE_COLOR if w["quotes"] > w["replies"] else REPLY_COLOR})
    works = _works(threads, index) if pages else []
    # Only the threads a panel lists are named (50,000 threads made a 5 MB page of names):
    # each work's thread number becomes its place in that shorter list.
    listed = sorted({number for theirs in works for number, _ in theirs})
    place = {number: i for i, number in enumerate(listed)}
    return {
        "nodes": nodes,
        "edges": edges,
        "people": {"name": [graph.nodes[p]["name"] for p in chosen],
                   "comments": [graph.nodes[p]["comments"] for p in chosen],
                   "words": [graph.nodes[p]["words"] for p in chosen],
                   "threads": [graph.nodes[p]["threads"] for p in chosen]},
        "links": {"replies": [w["replies"] for *_, w in ordered],
                  "quotes": [w["quotes"] for *_, w in ordered]},
        "figures": {"people": graph.number_of_nodes(), "shown": len(chosen),
                    "links": graph.number_of_edges(), "threads": len(threads)},
        "colors": {"reply": REPLY_COLOR, "quote": QUOTE_COLOR},
        "pages": [[pages[number], thread_title(threads[number])] for number in listed],
        "works": [[[place[number], ids] for number, ids in theirs] for theirs in works],
    }


def render_people(threads: Sequence[Thread], *, self_contained: bool = False,
                  pages: Sequence[str] = (), places: Sequence[Places] | None = None) -> str:
    """Return the people page of a corpus; a light one needs the shared scripts beside it.

    ``pages`` are the threads' page names, to link each person's threads and comments;
    ``places`` their ``comment_places``, when the caller already has them.
    """
    payload = assets.script_json(people_data(threads, pages, places))
    style = assets.template("page.css")
    nonce = assets.nonce(payload, style, str(self_contained))
    return assets.document("people.html", {
        "{{title}}": "People — explorer",
        "{{label}}": "Graph of who answers and quotes whom",
        "{{hint}}": "Hover a person or a link for counts, click a person for their strongest "
                    "links.",
        "{{authors}}": " hidden",
        "{{reader}}": "",
        "{{csp}}": assets.text(assets.csp(nonce)),
        "{{nonce}}": nonce,
        "{{style}}": style,
        "{{data}}": payload,
        "{{scripts}}": assets.scripts(PEOPLE_SCRIPTS, nonce, inline=self_contained),
    })
