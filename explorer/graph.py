"""Thread -> networkx.MultiDiGraph, the reply records behind ``replies``, and the people graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .model import STATED_REPLY, Edge, Node, Thread, author_of, person_key
from .tree import Places, ReplyTree, each_places, reply_tree

if TYPE_CHECKING:
    import networkx as nx


def reply_records(thread: Thread) -> list[dict[str, Any]]:
    """Whom each node answers: one record for its primary parent, one per further addressee.

    The primary parent is the reply tree's, always; its edge (the surest reply edge to that
    parent) gives how it is known, or "-" when no edge says it (a loop cut, a thread built
    by hand). Stand-ins for absent parents answer nobody and get no record.

    Keys: thread, node, label, author, parent, parent_label, kind ("reply" or "addressed"),
    how ("explicit", "inferred", or "-" when no edge says it), confidence, evidence.
    """
    labels = {node.id: node.label for node in thread.nodes}
    parents = reply_tree(thread).parent
    outgoing: dict[str, list[Edge]] = {}
    for edge in thread.edges:
        if edge.kind in ("reply", "addressed"):
            outgoing.setdefault(edge.source, []).append(edge)
    records = []
    for node in thread.nodes:
        if node.kind in ("post", "missing"):
            continue
        edges = outgoing.get(node.id, [])
        replies = [e for e in edges if e.kind == "reply" and e.target == parents[node.id]]
        primary = max(replies, key=lambda edge: edge.score) if replies else None
        for edge in [primary, *(edge for edge in edges if edge.kind == "addressed")]:
            parent = edge.target if edge else parents[node.id]
            records.append(
                {
                    "thread": thread.id,
                    "node": node.id,
                    "label": node.label,
                    "author": author_of(node),
                    "parent": parent,
                    "parent_label": labels.get(parent or ""),
                    "kind": edge.kind if edge else "reply",
                    "how": ("inferred" if edge.inferred else "explicit") if edge else "-",
                    "confidence": edge.score if edge else None,
                    "evidence": edge.evidence if edge else "",
                }
            )
    return records


def build_graph(thread: Thread, tree: ReplyTree | None = None) -> nx.MultiDiGraph:
    """Return the thread as a graph: nodes with their fields, edges with their evidence.

    Node attributes: kind, label, position, author, author_inferred, signature, published
    (ISO 8601 or None), text, words, parent (primary), depth. Edge attributes: kind,
    inferred, evidence, score, and for passages text, words, marked, source_span and
    target_span. Stated parents that no reply edge carries yet are added as explicit reply
    edges. ``tree`` is the thread's reply tree, when the caller already has it.
    """
    import networkx as nx  # only for graphs: `reply_records` and the CLI start without it

    graph = nx.MultiDiGraph(
        id=thread.id, title=thread.title, url=thread.url, source=thread.source, owner=thread.owner
    )
    tree = tree or reply_tree(thread)
    for node in thread.nodes:
        graph.add_node(node.id, **node_attributes(node, tree))
    for source, target, attributes in edge_attributes(thread):
        graph.add_edge(source, target, **attributes)
    return graph


def node_attributes(node: Node, tree: ReplyTree) -> dict[str, Any]:
    """A node's attributes in the graph (see ``build_graph``), in their order."""
    return {
        "kind": node.kind,
        "label": node.label,
        "position": node.position,
        "author": node.author,
        "author_inferred": node.author_inferred,
        "signature": node.signature,
        "published": node.published.isoformat() if node.published else None,
        "text": node.text,
        "words": node.words,
        "parent": tree.parent[node.id],
        "depth": tree.depth[node.id],
    }


def edge_attributes(thread: Thread) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """The graph's edges in the order they are added: stated parents that no reply edge
    carries, then the thread's edges; each as (source, target, attributes)."""
    stated = _reply_targets(thread)
    for node in thread.nodes:
        if node.parent is not None and not _carried(stated, node.id, node.parent):
            yield node.id, node.parent, dict(
                kind="reply", inferred=False, evidence=STATED_REPLY, score=1.0
            )
    for edge in thread.edges:
        attributes = dict(
            kind=edge.kind, inferred=edge.inferred, evidence=edge.evidence, score=edge.score
        )
        if edge.passage:
            attributes.update(
                text=edge.passage.text,
                words=edge.passage.words,
                marked=edge.passage.marked,
                source_span=edge.passage.source_span,
                target_span=edge.passage.target_span,
            )
        yield edge.source, edge.target, attributes


def _reply_targets(thread: Thread) -> dict[str, str | set[str]]:
    """Each source's reply edge's target, or targets when it has several: a dictionary of
    the thread's strings, without a tuple per edge (a 200,000-comment thread's took 11 MB)."""
    targets: dict[str, str | set[str]] = {}
    for edge in thread.edges:
        if edge.kind != "reply":
            continue
        held = targets.setdefault(edge.source, edge.target)
        if held != edge.target:
            if isinstance(held, str):
                targets[edge.source] = held = {held}
            held.add(edge.target)
    return targets


def _carried(targets: dict[str, str | set[str]], source: str, target: str) -> bool:
    """True when a reply edge joins ``source`` to ``target``."""
    held = targets.get(source)
    return held == target if isinstance(held, str) else held is not None and target in held


def people_graph(threads: Iterable[Thread], places: Sequence[Places] | None = None
                 ) -> nx.DiGraph:
    """Authors across a corpus, and who replies to and quotes whom, as a weighted graph.

    Nodes are people (spellings of one name folded together by ``person_key``) with ``name``
    (the first spelling met), ``comments``, ``words`` and ``threads``. An edge A -> B says
    A answered B ``replies`` times (primary parents in the reply tree, the post counting as
    its owner's) and quoted B ``quotes`` times, ``weight`` being their sum. Unnamed writers
    and people answering themselves make no edge. ``places`` are the threads'
    ``comment_places``, when the caller already has them.
    """
    import networkx as nx

    graph = nx.DiGraph()
    writers: dict[str, str | None] = {}
    names: dict[str, str] = {}
    seen: dict[str, set[str]] = {}
    threads = list(threads)
    for thread in threads:
        for node in thread.nodes:
            name = author_of(node, thread.owner)
            key = person_key(name)
            writers[node.id] = key
            if key is None:
                continue
            names.setdefault(key, name)
            if node.kind != "comment":
                continue
            if key not in graph:
                graph.add_node(key, name=names[key], comments=0, words=0, threads=0)
            graph.nodes[key]["comments"] += 1
            graph.nodes[key]["words"] += node.words
            seen.setdefault(key, set()).add(thread.id)
    for key, found in seen.items():
        graph.nodes[key]["threads"] = len(found)

    def link(source: str, target: str | None, field: str) -> None:
        a, b = writers.get(source), writers.get(target or "")
        if a is None or b is None or a == b or a not in graph:
            return
        if b not in graph:  # a post's owner who wrote no comment
            graph.add_node(b, name=names[b], comments=0, words=0, threads=0)
        if not graph.has_edge(a, b):
            graph.add_edge(a, b, replies=0, quotes=0, weight=0)
        graph.edges[a, b][field] += 1
        graph.edges[a, b]["weight"] += 1

    for thread, (parents, _) in each_places(threads, places):
        for node, parent in zip(thread.comments, parents, strict=True):
            link(node.id, parent, "replies")
        for edge in thread.edges:
            if edge.kind == "quote":
                link(edge.source, edge.target, "quotes")
    return graph
