"""Node positions for the reply tree, computed in O(n) so large threads need no physics.

vis-network's physics takes tens of seconds to settle at 1,000 nodes and its hierarchical
layout 30 s at 5,000; a tidy tree where leaves take consecutive slots and each parent sits
over its children costs one pass over the nodes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from .model import timestamp
from .tree import ReplyTree

Positions = dict[str, tuple[float, float]]

X_STEP = 64.0
"""Horizontal distance between neighbouring leaves, in pixels."""
Y_STEP = 110.0
"""Vertical distance between depths, in pixels."""
STAND_IN = "\0stand-in"
"""The position key of the root a thread without a post gets (no node id is empty-led)."""


def _rooted(tree: ReplyTree) -> tuple[list[str], Mapping[str, Sequence[str]]]:
    """One root to lay out: the post, or a stand-in over the top-level nodes of a thread
    without one.

    Without it a dump's or a table's thread drew each top-level comment on a shelf of its
    own: a column one node wide.
    """
    if len(tree.roots) <= 1:
        return list(tree.roots), tree.children
    return [STAND_IN], {**tree.children, STAND_IN: tree.roots}


def _postorder(roots: Sequence[str], children: Mapping[str, Sequence[str]]) -> list[str]:
    """Every node after all its descendants, without recursion (threads can be deep)."""
    result: list[str] = []
    stack = [(root, False) for root in reversed(roots)]
    while stack:
        node, done = stack.pop()
        if done:
            result.append(node)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(children[node]))
    return result


def _measure(roots, children) -> tuple[list[str], dict[str, int], dict[str, int]]:
    """Post-order, leaf count and height (in levels) of every subtree."""
    order = _postorder(roots, children)
    leaves: dict[str, int] = {}
    height: dict[str, int] = {}
    for node in order:
        kids = children[node]
        leaves[node] = sum(leaves[k] for k in kids) or 1
        height[node] = 1 + max((height[k] for k in kids), default=0)
    return order, leaves, height


def _place(node: str, slot: float, level: int, children, leaves, out: dict) -> None:
    """Give a subtree's leaves consecutive slots from ``slot``; parents sit over their children."""
    stack = [(node, slot, level)]
    while stack:
        current, start, depth = stack.pop()
        kids = children[current]
        out[current] = (start + (leaves[current] - 1) / 2, depth)
        offset = start
        for kid in kids:
            stack.append((kid, offset, depth + 1))
            offset += leaves[kid]


def tree_positions(tree: ReplyTree) -> Positions:
    """Top-down tree positions: the root on top, each depth one row lower.

    Siblings never wrap onto a second row, which would read as a deeper level: a level of
    400 comments is 400 slots wide, and the page scrolls along it. A thread without a post
    has its top-level nodes under a stand-in root, at ``STAND_IN``.
    """
    roots, children = _rooted(tree)
    _, leaves, _ = _measure(roots, children)
    slots: dict[str, tuple[float, int]] = {}
    slot = 0
    for root in roots:
        _place(root, slot, 0, children, leaves, slots)
        slot += leaves[root]
    return {node: (x * X_STEP, depth * Y_STEP) for node, (x, depth) in slots.items()}


def radial_positions(tree: ReplyTree) -> Positions:
    """Radial tree positions: the root in the centre, each depth on a wider ring.

    Leaves share the circle in thread order; a ring is widened when its nodes would crowd.
    A thread without a post has a stand-in root (``STAND_IN``) in the centre.
    """
    roots, children = _rooted(tree)
    _, leaves, _ = _measure(roots, children)
    total = sum(leaves[root] for root in roots)
    angle: dict[str, float] = {}
    depth: dict[str, int] = {}
    slot = 0
    for root in roots:
        placed: dict[str, tuple[float, int]] = {}
        _place(root, slot, 0, children, leaves, placed)
        slot += leaves[root]
        for node, (position, level) in placed.items():
            angle[node] = 2 * math.pi * (position + 0.5) / total
            depth[node] = level
    per_ring: dict[int, int] = {}
    for level in depth.values():
        per_ring[level] = per_ring.get(level, 0) + 1
    radius = {0: 0.0}
    for level in range(1, max(per_ring, default=0) + 1):
        crowded = per_ring.get(level, 0) * X_STEP / (2 * math.pi)
        radius[level] = max(radius[level - 1] + Y_STEP * 1.5, crowded)
    return {
        node: (radius[depth[node]] * math.cos(angle[node] - math.pi / 2),
               radius[depth[node]] * math.sin(angle[node] - math.pi / 2))
        if depth[node] else (0.0, 0.0)
        for node in depth
    }


TICKS = (
    (timedelta(minutes=1), "%H:%M"), (timedelta(minutes=10), "%H:%M"),
    (timedelta(hours=1), "%d %b %H:%M"), (timedelta(hours=6), "%d %b %H:%M"),
    (timedelta(days=1), "%d %b"), (timedelta(days=7), "%d %b"), (timedelta(days=30), "%b %Y"),
    (timedelta(days=365), "%Y"),
)
"""Steps of the timeline's axis, shortest first, and how their times are written."""


def timeline_positions(tree: ReplyTree, times: Mapping[str, datetime | None]) -> tuple[
    Positions, list[tuple[float, str]]
]:
    """Positions with time along x (UTC) and depth down y, and the axis ticks as (x, label).

    A node without a time stands at its parent's time (or the first time); the axis is
    about one slot (``X_STEP``) per node wide, so busy stretches spread out.
    """
    roots, children = _rooted(tree)
    order = _postorder(roots, children)[::-1]  # parents before their children
    seconds = {node: timestamp(moment) for node, moment in times.items() if moment}
    first, last = min(seconds.values(), default=0.0), max(seconds.values(), default=0.0)
    width = X_STEP * max(20.0, float(len(order)))
    scale = width / (last - first) if last > first else 0.0
    parent = {child: node for node in order for child in children[node]}
    x: dict[str, float] = {}
    for node in order:
        at = seconds.get(node)
        x[node] = (at - first) * scale if at is not None else x.get(parent.get(node), 0.0)
    positions = {node: (x[node], tree.depth.get(node, 0) * Y_STEP) for node in order}
    return positions, _ticks(first, last, scale)


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
