"""Thread -> networkx.MultiDiGraph, and the reply tree every view shares."""

from __future__ import annotations

from typing import Any

import networkx as nx

from .model import STATED_REPLY, Edge, Node, Thread, is_anonymous


def named_author(node: Node) -> str | None:
    """The author the source names, unless it is a stand-in such as "Anonymous"."""
    return None if is_anonymous(node.author) else node.author.strip()


def author_of(node: Node) -> str | None:
    """Who wrote a node: the named author, else the one inferred from a sign-off."""
    return named_author(node) or ((node.author_inferred or "").strip() or None)


def primary_parents(thread: Thread) -> dict[str, str | None]:
    """Each node's one parent in the reply tree.

    The stated parent when the source gives one, else the most confident inferred reply
    edge, else the post (for excerpts and top-level comments); the post has none. A loop of
    stated parents is cut where it closes: that node answers the post.
    """
    post = next((node.id for node in thread.nodes if node.kind == "post"), None)
    best: dict[str, tuple[float, str]] = {}
    for edge in thread.edges:
        if edge.kind == "reply" and edge.inferred:
            current = best.get(edge.source)
            if current is None or edge.score > current[0]:
                best[edge.source] = (edge.score, edge.target)
    parents: dict[str, str | None] = {}
    for node in thread.nodes:
        if node.kind == "post":
            parents[node.id] = None
        elif node.parent is not None:
            parents[node.id] = node.parent
        elif node.id in best:
            parents[node.id] = best[node.id][1]
        else:
            parents[node.id] = post
    # A stated parent can point forward and close a loop (bad input); the node that closes
    # it answers the post instead, so every view shares one tree with finite depths.
    settled: set[str] = set()
    for start in parents:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in settled:
            if node in on_path:
                parents[node] = post if node != post else None
                break
            path.append(node)
            on_path.add(node)
            node = parents.get(node)
        settled.update(path)
    return parents


def reply_records(thread: Thread) -> list[dict[str, Any]]:
    """Whom each node answers: one record for its primary parent, one per further addressee.

    Keys: thread, node, label, author, parent, parent_label, kind ("reply" or "addressed"),
    how ("explicit", "inferred", or "-" when no edge says it), confidence, evidence.
    """
    labels = {node.id: node.label for node in thread.nodes}
    parents = primary_parents(thread)
    outgoing: dict[str, list[Edge]] = {}
    for edge in thread.edges:
        if edge.kind in ("reply", "addressed"):
            outgoing.setdefault(edge.source, []).append(edge)
    records = []
    for node in thread.nodes:
        if node.kind == "post":
            continue
        edges = outgoing.get(node.id, [])
        replies = [edge for edge in edges if edge.kind == "reply"]
        primary = next((edge for edge in replies if edge.target == parents[node.id]), None)
        if primary is None and replies:
            primary = max(replies, key=lambda edge: edge.score)
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


def depths(parents: dict[str, str | None]) -> dict[str, int]:
    """Depth of each node in the reply tree of ``primary_parents`` (the post is 0)."""
    result: dict[str, int] = {}
    for start in parents:
        chain: list[str] = []
        on_chain: set[str] = set()
        node = start
        while node is not None and node not in result and node not in on_chain:
            chain.append(node)
            on_chain.add(node)
            node = parents.get(node)
        base = result.get(node, -1) if node is not None else -1
        for offset, member in enumerate(reversed(chain), start=1):
            result[member] = base + offset
    return result


def build_graph(thread: Thread) -> nx.MultiDiGraph:
    """Return the thread as a graph: nodes with their fields, edges with their evidence.

    Node attributes: kind, label, position, author, author_inferred, signature, published
    (ISO 8601 or None), text, words, parent (primary), depth. Edge attributes: kind,
    inferred, evidence, score, and for passages text, words, marked, source_span and
    target_span. Stated parents that no reply edge carries yet are added as explicit reply
    edges.
    """
    graph = nx.MultiDiGraph(
        id=thread.id, title=thread.title, url=thread.url, source=thread.source, owner=thread.owner
    )
    parents = primary_parents(thread)
    node_depths = depths(parents)
    for node in thread.nodes:
        graph.add_node(
            node.id,
            kind=node.kind,
            label=node.label,
            position=node.position,
            author=node.author,
            author_inferred=node.author_inferred,
            signature=node.signature,
            published=node.published.isoformat() if node.published else None,
            text=node.text,
            words=node.words,
            parent=parents[node.id],
            depth=node_depths[node.id],
        )
    stated = {(edge.source, edge.target) for edge in thread.edges if edge.kind == "reply"}
    for node in thread.nodes:
        if node.parent is not None and (node.id, node.parent) not in stated:
            graph.add_edge(
                node.id,
                node.parent,
                kind="reply",
                inferred=False,
                evidence=STATED_REPLY,
                score=1.0,
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
        graph.add_edge(edge.source, edge.target, **attributes)
    return graph
