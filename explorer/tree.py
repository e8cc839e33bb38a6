"""The one reply tree of a thread: who answers whom, as every view draws and counts it.

Each node has at most one primary parent: the parent the source states (the post for a
top-level node of a threaded source), else, for a node the source leaves flat, its most
confident inferred reply edge, else the post. A loop of parents is cut by ``cut_loops``,
the one cutter readers use too: stated loops are cut where a thread is read, so here only
guesses can close one, and the node that closes it answers the post and is listed in
``cut``. A stand-in for a parent the source names but the input lacks (kind ``missing``)
hangs under the post like a comment. Graph, metrics, layout, render, export and the
detectors all read this view, so they agree on parents, children and depths.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from threading import Lock
from types import MappingProxyType

from .model import Node, Thread


@dataclass(frozen=True, slots=True)
class ReplyTree:
    """A thread's reply tree; every mapping covers every node id, in thread order.

    ``depth`` counts comments: a comment answering the post (or an excerpt of it) is at
    depth 1, its replies at 2; the post and its excerpts are at 0. A stand-in for an absent
    parent counts as a comment, so what answers it is at depth 2 or more.
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
    missing: frozenset[str] = frozenset()
    """Stand-ins for parents the source names that are not in the input."""

    def is_reply(self, node: str) -> bool:
        """True when the node answers a comment (not the post, an excerpt, a stand-in or nobody)."""
        return self.parent[node] in self.comments

    def answers_missing(self, node: str) -> bool:
        """True when the node answers a parent the source names but the input lacks."""
        return self.parent[node] in self.missing


RECENT_NODES = 4_000
"""Nodes of the most recent trees kept for reuse, besides the newest tree (whatever its
size): the detectors index a batch of threads (under 4,000 nodes, or one thread alone),
then each is measured or drawn. The nodes of a finished thread stay in memory until its
tree is let go (4,000 nodes of a Reddit dump: about 4 MB)."""


class _RecentTrees:
    """The trees last built, by the identity of their nodes and with their guesses."""

    def __init__(self) -> None:
        self.trees: dict[int, tuple[tuple[Node, ...], dict[str, str], ReplyTree]] = {}
        self.held = 0  # nodes of the trees kept
        self.lock = Lock()  # a Dask worker may run threads

    def get(self, nodes: tuple[Node, ...], guesses: dict[str, str]) -> ReplyTree | None:
        with self.lock:
            kept = self.trees.get(id(nodes))
        if kept is None or kept[0] is not nodes or kept[1] != guesses:
            return None
        return kept[2]

    def put(self, nodes: tuple[Node, ...], guesses: dict[str, str], tree: ReplyTree) -> None:
        with self.lock:
            self._drop(id(nodes))
            self.trees[id(nodes)] = (nodes, guesses, tree)
            self.held += len(nodes)
            while self.held > RECENT_NODES and len(self.trees) > 1:
                self._drop(next(iter(self.trees)))

    def _drop(self, key: int) -> None:
        kept = self.trees.pop(key, None)
        if kept is not None:
            self.held -= len(kept[0])


_recent = _RecentTrees()


def reply_tree(thread: Thread, *, inferred: bool = True) -> ReplyTree:
    """Build the reply tree of a thread in one pass over its nodes and edges.

    With ``inferred=False`` only what the source states counts: every flat node answers
    the post (the detectors' view while they infer). The detectors and then the metrics,
    graph or page ask for the tree of one thread in turn, with the same nodes (a detector
    adds edges, not nodes): a tree of the same nodes and the same guesses is given again
    rather than built again, from the last RECENT_NODES nodes' worth of trees.
    """
    guesses = _guesses(thread) if inferred else {}
    tree = _recent.get(thread.nodes, guesses)
    if tree is None:
        tree = _build_tree(thread, guesses)
        _recent.put(thread.nodes, guesses, tree)
    return tree


def _guesses(thread: Thread) -> dict[str, str]:
    """Each node's surest inferred reply (the first of equal scores): its primary parent
    when the node is flat."""
    best: dict[str, tuple[float, str]] = {}
    for edge in thread.edges:
        if edge.kind == "reply" and edge.inferred:
            current = best.get(edge.source)
            if current is None or edge.score > current[0]:
                best[edge.source] = (edge.score, edge.target)
    return {node: target for node, (_, target) in best.items()}


def _build_tree(thread: Thread, guesses: dict[str, str]) -> ReplyTree:
    post = thread.post.id if thread.post else None
    # Every node's children, filled in below; until then, the ids parents must name.
    # Most nodes answer none: they share the empty tuple.
    children: dict[str, tuple[str, ...]] = dict.fromkeys((node.id for node in thread.nodes), ())
    parent, cut = primary_parents(thread, guesses, children)
    # Most nodes that have children have one: it is kept alone until a second comes (a list
    # each weighed 0.1 KB a node while a chain's tree was built).
    below: dict[str, str | list[str]] = {}
    roots = []
    for node, above in parent.items():
        if above is None:
            roots.append(node)
        else:
            kids = below.setdefault(above, node)
            if kids is not node:
                if type(kids) is str:
                    below[above] = [kids, node]
                else:
                    kids.append(node)
    children.update((node, (kids,) if type(kids) is str else tuple(kids))
                    for node, kids in below.items())
    comments = frozenset(node.id for node in thread.nodes if node.kind == "comment")
    missing = frozenset(node.id for node in thread.nodes if node.kind == "missing")
    return ReplyTree(
        post=post,
        parent=MappingProxyType(parent),
        children=MappingProxyType(children),
        depth=MappingProxyType(_depths(parent, roots, children, comments | missing
                                       if missing else comments)),
        roots=tuple(roots),
        cut=tuple(cut),
        comments=comments,
        missing=missing,
    )


def primary_parents(
    thread: Thread, guesses: Mapping[str, str], ids: Container[str]
) -> tuple[dict[str, str | None], list[str]]:
    """Each node's primary parent in the tree, loops cut, and the nodes cut, in thread order.

    The rules of ``reply_tree``: the post has none; a node takes the parent the source
    states, else (flat) its guess, else the post; a parent not in ``ids`` (every node id)
    or the node itself gives the post. A loop is cut by ``cut_loops``, at a guess first, and
    the node cut answers the post.
    """
    post = thread.post.id if thread.post else None
    parent: dict[str, str | None] = {}
    guessed: set[str] = set()
    for node in thread.nodes:
        if node.kind == "post":
            chosen = None
        elif node.parent is not None:
            chosen = node.parent
        elif node.flat and node.id in guesses:
            chosen = guesses[node.id]
            guessed.add(node.id)
        else:
            chosen = post
        if chosen is not None and (chosen not in ids or chosen == node.id):
            chosen = post  # a dangling or self parent: the node answers the post
        parent[node.id] = chosen
    cut = cut_loops(parent, prefer=guessed)
    for node in cut:
        parent[node] = post if node != post else None
    return parent, cut


def cut_loops(parent: dict[str, str | None], prefer: Collection[str] = ()) -> list[str]:
    """Break every loop of ``parent`` in one pass; return the keys cut, in ``parent``'s order.

    ``parent`` maps each key to its parent key (None, or a key not in it, ends a walk). Each
    loop is cut at its first key in ``parent``'s order, among those in ``prefer`` when it
    holds any (a guess gives way before what the source states): that key's parent becomes
    None. Every key is walked once (coloured on
    the current path, then done), so the cost is linear whatever the shape of the loops.
    """
    done: set[str] = set()
    position: dict[str, int] | None = None
    cut: list[str] = []
    for start in parent:
        if start in done:
            continue
        above = parent[start]
        if above is None or above in done or above not in parent:
            done.add(start)  # most keys: a root, or under a key walked already
            continue
        path, on_path, node = [start], {start}, above
        while node is not None and node in parent and node not in done:
            if node in on_path:
                if position is None:
                    position = {key: i for i, key in enumerate(parent)}
                loop = path[path.index(node):]
                chosen = min(loop, key=lambda key: (key not in prefer, position[key]))
                parent[chosen] = None
                cut.append(chosen)
                break
            path.append(node)
            on_path.add(node)
            node = parent[node]
        done.update(path)
    if position is not None:
        cut.sort(key=position.__getitem__)
    return cut


Places = tuple[list[str | None], list[int]]
"""Each comment's primary parent and depth, in ``thread.comments``' order."""


def comment_places(thread: Thread) -> Places:
    """Where each comment stands in the thread's reply tree: its primary parent and depth.

    Two lists in ``thread.comments``' order: the corpus-wide views (the people page, the
    dashboard's charts) keep these instead of a tree per thread, or building it again.
    """
    tree = reply_tree(thread)
    comments = thread.comments
    return ([tree.parent[node.id] for node in comments],
            [tree.depth[node.id] for node in comments])


def each_places(threads: Iterable[Thread], places: Sequence[Places] | None
                ) -> Iterator[tuple[Thread, Places]]:
    """Each thread with its ``comment_places``: from ``places`` (in thread order) when the
    caller has them, else worked out one thread at a time."""
    if places is None:
        return ((thread, comment_places(thread)) for thread in threads)
    return zip(threads, places, strict=True)


def ancestry(tree: ReplyTree) -> Mapping[str, tuple[int, int]]:
    """Each node's (entry, exit) in one walk of the tree: ``a`` is above ``b`` when
    ``entry[a] < entry[b] < exit[a]``, an answer in constant time instead of a walk up."""
    span: dict[str, tuple[int, int]] = {}
    clock = 0
    stack = [(root, False) for root in reversed(tree.roots)]
    entry: dict[str, int] = {}
    while stack:
        node, leaving = stack.pop()
        if leaving:
            span[node] = (entry[node], clock)
            continue
        entry[node] = clock
        clock += 1
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(tree.children[node]))
    return span


def _depths(
    parent: Mapping[str, str | None],
    roots: list[str],
    children: Mapping[str, tuple[str, ...]],
    counted: frozenset[str],
) -> dict[str, int]:
    depth = dict.fromkeys(parent, 0)  # in the nodes' order; each is set below
    stack = list(roots)
    while stack:
        node = stack.pop()
        above = parent[node]
        base = depth[above] if above is not None else 0
        depth[node] = base + 1 if node in counted else 0
        stack.extend(children[node])
    return depth
