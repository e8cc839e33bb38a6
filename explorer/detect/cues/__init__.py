"""Reply cues: words in a comment that name an earlier node it answers.

Each kind of cue has a module with one finder, ``find(index, i, lines, found) -> list[Cue]``,
that reads node ``i`` (``lines``: its own lines that may open with an addressee or a time,
``own_lines(node, opening=True)``, split once for all finders) and resolves
what it finds to earlier nodes; ``found`` holds the cues of the finders before it in FINDERS
(times are placed by the names written after them, and the post is named only when nothing
else is). A cue that cannot be resolved to exactly one
earlier node is dropped: precision comes first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..index import ThreadIndex
from . import links, names, position, post, quotes, times
from .cue import CONFIDENCE, Cue, Line, own_lines

__all__ = ["CONFIDENCE", "FINDERS", "Cue", "find_cues", "thread_cues"]

Finder = Callable[[ThreadIndex, int, Sequence[Line], Sequence[Cue]], list[Cue]]
Idle = Callable[[ThreadIndex], bool]


def _never(index: ThreadIndex) -> bool:
    """A finder that may find something in any thread."""
    return False


FINDERS: tuple[tuple[str, Finder, Idle], ...] = (
    ("links", links.find, links.idle),
    ("names", names.find, _never),
    ("times", times.find, _never),
    ("position", position.find, _never),
    ("quotes", quotes.find, quotes.idle),
    ("post", post.find, post.idle),
)
"""Every cue finder, in the order they run, with its module's test of a thread in which it
finds nothing (``idle``, which its ``find`` reads too)."""


def find_cues(index: ThreadIndex, i: int) -> list[Cue]:
    """Every cue in node ``i``, resolved to nodes before it and not published after it.

    A stand-in for an absent parent neither speaks nor is spoken to: nothing is known of it.
    """
    return _cues(index, i, FINDERS)


def thread_cues(index: ThreadIndex) -> list[list[Cue]]:
    """``find_cues`` of every node of the thread, without the finders that find nothing in it:
    links off imageboards, quotes where no node quotes another, the post where there is none.
    """
    finders = tuple(entry for entry in FINDERS if not entry[2](index))
    return [_cues(index, i, finders) for i in range(len(index.nodes))]


def _cues(index: ThreadIndex, i: int, finders: tuple[tuple[str, Finder, Idle], ...]) -> list[Cue]:
    """The cues of node ``i`` found by these finders (in FINDERS order)."""
    if index.nodes[i].kind in ("post", "missing"):
        return []
    lines = own_lines(index.nodes[i], opening=True)
    found: list[Cue] = []
    for _kind, finder, _idle in finders:
        found.extend(finder(index, i, lines, found))
    if not found:
        return found
    return [
        c for c in found
        if index.positions[c.target] < i and not _forward(index, i, c)
        and index.nodes[index.positions[c.target]].kind != "missing"
    ]


def _forward(index: ThreadIndex, i: int, cue: Cue) -> bool:
    """True when the cue's target was published after node ``i`` (a later edit, not an answer)."""
    source, target = index.nodes[i], index.nodes[index.positions[cue.target]]
    if not (source.published and target.published):
        return False
    try:
        return target.published > source.published
    except TypeError:  # one time with a zone, one without: no order to go by
        return False
