"""The one reply tree of a thread: who answers whom, as every view draws and counts it.

Each node has at most one primary parent: the parent the source states, else its most
confident inferred reply edge, else the post (for excerpts and top-level comments). A loop
of parents (bad input, or guesses pointing forward) is cut where it closes: the node that
closes it answers the post, and is listed in ``cut``. Graph, metrics, layout, render and
export all read this view, so they agree on parents, children and depths.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .model import Thread


@dataclass(frozen=True, slots=True)
class ReplyTree:
    """A thread's reply tree; every mapping covers every node id, in thread order.

    ``depth`` counts comments: a comment answering the post (or an excerpt of it) is at
    depth 1, its replies at 2; the post and its excerpts are at 0.
    """

    post: str | None
    """The post's id, or None when the thread has none (dumps, tables)."""
    parent: Mapping[str, str | None]
    children: Mapping[str, tuple[str, ...]]
    depth: Mapping[str, int]
    roots: tuple[str, ...]
    """Nodes without a parent: the post, or every top-level node of a thread without one."""
    cut: tuple[str, ...]
    """Nodes whose parent closed a loop and was replaced by the post."""
    comments: frozenset[str]

    def is_reply(self, node: str) -> bool:
        """True when the node answers a comment (not the post, an excerpt or nobody)."""
        return self.parent[node] in self.comments


def reply_tree(thread: Thread) -> ReplyTree:
    """Build the reply tree of a thread in one pass over its nodes and edges."""
    post = thread.post.id if thread.post else None
    best: dict[str, tuple[float, str]] = {}
    for edge in thread.edges:
        if edge.kind == "reply" and edge.inferred:
            current = best.get(edge.source)
            if current is None or edge.score > current[0]:
                best[edge.source] = (edge.score, edge.target)
    ids = {node.id for node in thread.nodes}
    parent: dict[str, str | None] = {}
    for node in thread.nodes:
        if node.kind == "post":
            chosen = None
        elif node.parent is not None:
            chosen = node.parent
        elif node.id in best:
            chosen = best[node.id][1]
        else:
            chosen = post
        if chosen is not None and (chosen not in ids or chosen == node.id):
            chosen = post  # a dangling or self parent: the node answers the post
        parent[node.id] = chosen
    cut = _cut_loops(parent, post)
    children: dict[str, list[str]] = {node.id: [] for node in thread.nodes}
    roots = []
    for node in thread.nodes:
        above = parent[node.id]
        if above is None:
            roots.append(node.id)
        else:
            children[above].append(node.id)
    comments = frozenset(node.id for node in thread.nodes if node.kind == "comment")
    return ReplyTree(
        post=post,
        parent=MappingProxyType(parent),
        children=MappingProxyType({node: tuple(kids) for node, kids in children.items()}),
        depth=MappingProxyType(_depths(parent, roots, children, comments)),
        roots=tuple(roots),
        cut=tuple(cut),
        comments=comments,
    )


def _cut_loops(parent: dict[str, str | None], post: str | None) -> list[str]:
    """Point each node that closes a loop at the post; return them in thread order."""
    settled: set[str] = set()
    cut = []
    for start in parent:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in settled:
            if node in on_path:
                parent[node] = post if node != post else None
                cut.append(node)
                break
            path.append(node)
            on_path.add(node)
            node = parent[node]
        settled.update(path)
    position = {node: i for i, node in enumerate(parent)}
    return sorted(cut, key=position.__getitem__)


def _depths(
    parent: Mapping[str, str | None],
    roots: list[str],
    children: Mapping[str, list[str]],
    comments: frozenset[str],
) -> dict[str, int]:
    depth: dict[str, int] = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        above = parent[node]
        base = depth[above] if above is not None else 0
        depth[node] = base + 1 if node in comments else 0
        stack.extend(children[node])
    return {node: depth[node] for node in parent}
