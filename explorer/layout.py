"""Node positions for the reply tree, computed in O(n) so large threads need no physics.

vis-network's physics takes tens of seconds to settle at 1,000 nodes and its hierarchical
layout 30 s at 5,000; a tidy tree where leaves take consecutive slots and each parent sits
over its children costs one pass over the nodes. Nodes are numbered in the tree's order and
positions come back as columns: a 200,000-comment thread holds packed arrays of numbers,
not a float object per position nor a dictionary of pairs keyed by id.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate, chain

from .model import timestamp
from .tree import ReplyTree

X_STEP = 64.0
"""Horizontal distance between neighbouring leaves, in pixels."""
Y_STEP = 110.0
"""Vertical distance between depths, in pixels."""


@dataclass(frozen=True, slots=True)
class Placement:
    """A layout: each node's x and y in the tree's node order (``tree.parent``'s), where the
    stand-in root stands (None with a post), and the axis ticks as (x, label) of a timeline."""

    x: array  # of doubles
    y: array
    stand_in: tuple[float, float] | None = None
    ticks: list[tuple[float, str]] | None = None


@dataclass(frozen=True, slots=True)
class _Shape:
    """The tree by node number: node i's children are ``kids[starts[i]:starts[i + 1]]`` (the
    stand-in last, when there is one), packed in arrays: a list per node of a long chain took
    more memory than its positions."""

    ids: list[str]
    roots: list[int]
    kids: array
    starts: array
    stand_in: bool

    @property
    def size(self) -> int:
        return len(self.starts) - 1


def _shape(tree: ReplyTree) -> _Shape:
    """One root to lay out: the post, or a stand-in over the top-level nodes of a thread
    without one.

    Without it a dump's or a table's thread drew each top-level comment on a shelf of its
    own: a column one node wide.
    """
    ids = list(tree.parent)
    number = {node: i for i, node in enumerate(ids)}
    stand_in = len(tree.roots) > 1
    children = tree.children.values()  # in the order of ids, as every mapping of the tree
    kids = array("q", map(number.__getitem__, chain.from_iterable(children)))
    starts = array("q", accumulate(map(len, children), initial=0))
    roots = [number[root] for root in tree.roots]
    del number
    if stand_in:
        kids.extend(roots)
        starts.append(len(kids))
        roots = [len(ids)]
    return _Shape(ids, roots, kids, starts, stand_in)


def _upward(shape: _Shape) -> array:
    """Every node after all its descendants, without recursion (threads can be deep)."""
    order = array("q")
    kids, starts = shape.kids, shape.starts
    stack = list(shape.roots)
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(kids[starts[node]:starts[node + 1]])
    order.reverse()
    return order


def _leaves(shape: _Shape) -> array:
    """Leaves under each node (a leaf counts itself)."""
    leaves = array("q", [1]) * shape.size
    kids, starts = shape.kids, shape.starts
    for node in _upward(shape):
        first, end = starts[node], starts[node + 1]
        if first < end:
            leaves[node] = sum(map(leaves.__getitem__, kids[first:end]))
    return leaves


def _slots(shape: _Shape, leaves: array) -> tuple[array, array]:
    """Each node's slot and level: a subtree's leaves take consecutive slots, and parents sit
    over their children; each root's subtree after the one before."""
    slots = array("d", bytes(8 * shape.size))
    levels = array("q", bytes(8 * shape.size))
    kids, starts = shape.kids, shape.starts
    slot = 0
    # Three packed stacks, not a tuple per node: a star's every comment waits on them at once.
    nodes, firsts, depths = array("q"), array("q"), array("q")
    for root in shape.roots:
        nodes.append(root)
        firsts.append(slot)
        depths.append(0)
        while nodes:
            current, start, depth = nodes.pop(), firsts.pop(), depths.pop()
            slots[current] = start + (leaves[current] - 1) / 2
            levels[current] = depth
            offset = start
            for kid in kids[starts[current]:starts[current + 1]]:
                nodes.append(kid)
                firsts.append(offset)
                depths.append(depth + 1)
                offset += leaves[kid]
        slot += leaves[root]
    return slots, levels


def _placement(shape: _Shape, x: array, y: array,
               ticks: list[tuple[float, str]] | None = None) -> Placement:
    if not shape.stand_in:
        return Placement(x, y, None, ticks)
    stand_in = (x.pop(), y.pop())
    return Placement(x, y, stand_in, ticks)


def tree_layout(tree: ReplyTree) -> Placement:
    """Top-down tree positions: the root on top, each depth one row lower.

    Siblings never wrap onto a second row, which would read as a deeper level: a level of
    400 comments is 400 slots wide, and the page scrolls along it. A thread without a post
    has its top-level nodes under a stand-in root.
    """
    shape = _shape(tree)
    slots, levels = _slots(shape, _leaves(shape))
    return _placement(shape, array("d", map(X_STEP.__mul__, slots)),
                      array("d", map(Y_STEP.__mul__, levels)))


def radial_layout(tree: ReplyTree) -> Placement:
    """Radial tree positions: the root in the centre, each depth on a wider ring.

    Leaves share the circle in thread order; a ring is widened when its nodes would crowd.
    A thread without a post has a stand-in root in the centre.
    """
    shape = _shape(tree)
    leaves = _leaves(shape)
    slots, levels = _slots(shape, leaves)
    total = sum(leaves[root] for root in shape.roots)
    per_ring = array("q", bytes(8 * (max(levels, default=0) + 1)))
    for level in levels:
        per_ring[level] += 1
    radius = array("d", [0.0])
    for level in range(1, len(per_ring)):
        crowded = per_ring[level] * X_STEP / (2 * math.pi)
        radius.append(max(radius[level - 1] + Y_STEP * 1.5, crowded))
    x = array("d")
    y = array("d")
    for slot, level in zip(slots, levels, strict=True):
        if level:
            turn = 2 * math.pi * (slot + 0.5) / total - math.pi / 2
            x.append(radius[level] * math.cos(turn))
            y.append(radius[level] * math.sin(turn))
        else:
            x.append(0.0)
            y.append(0.0)
    return _placement(shape, x, y)


TICKS = (
    (timedelta(minutes=1), "%H:%M"), (timedelta(minutes=10), "%H:%M"),
    (timedelta(hours=1), "%d %b %H:%M"), (timedelta(hours=6), "%d %b %H:%M"),
    (timedelta(days=1), "%d %b"), (timedelta(days=7), "%d %b"), (timedelta(days=30), "%b %Y"),
    (timedelta(days=365), "%Y"),
)
"""Steps of the timeline's axis, shortest first, and how their times are written."""


def timeline_layout(tree: ReplyTree, times: Sequence[datetime | None]) -> Placement:
    """Positions with time along x (UTC) and depth down y, and the axis ticks.

    ``times`` are the nodes' times in the tree's order. A node without a time stands at its
    parent's time (or the first time); the axis is about one slot (``X_STEP``) per node
    wide, so busy stretches spread out.
    """
    shape = _shape(tree)
    # Not a number where a node has no time: a float object per node took 8 MB at 200,000.
    seconds = array("d", [timestamp(moment) if moment else math.nan for moment in times])
    if shape.stand_in:
        seconds.append(math.nan)
    first = min(filter(_known, seconds), default=0.0)
    last = max(filter(_known, seconds), default=0.0)
    order = _upward(shape)
    width = X_STEP * max(20.0, float(len(order)))
    scale = width / (last - first) if last > first else 0.0
    x = array("d", bytes(8 * shape.size))
    kids, starts = shape.kids, shape.starts
    for node in reversed(order):  # parents before their children
        at = seconds[node]
        if _known(at):
            x[node] = (at - first) * scale
        for kid in kids[starts[node]:starts[node + 1]]:
            if not _known(seconds[kid]):
                x[kid] = x[node]
    depth = array("d", [tree.depth[node] * Y_STEP for node in shape.ids])
    if shape.stand_in:
        depth.append(0.0)
    return _placement(shape, x, depth, _ticks(first, last, scale))


def _known(at: float) -> bool:
    return at == at  # not NaN


def _ticks(first: float, last: float, scale: float) -> list[tuple[float, str]]:
    """At most a dozen round times between the first and last, as (x, label)."""
    if not scale:
        return []
    step, form = next(((step, form) for step, form in TICKS
                       if (last - first) / step.total_seconds() <= 12), TICKS[-1])
    seconds = step.total_seconds()
    tick = math.ceil(first / seconds) * seconds
    marks = []
    while tick <= last:
        moment = datetime.fromtimestamp(tick, UTC)
        marks.append((round((tick - first) * scale, 1), moment.strftime(form)))
        tick += seconds
    return marks
