"""Quotes: a comment that quotes an earlier one (a quote edge found before) answers it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy as np

from ...model import Edge
from ..index import ThreadIndex, stems
from .cue import CONFIDENCE, Cue, Line

_MARKS = re.compile(r"[\s>]+")  # quote marks and line breaks differ between copies
READ_NODES, READ_CHARACTERS = 256, 200_000
"""A short quote in one of the first READ_NODES nodes, with at most READ_CHARACTERS of text
before it, is sought in those texts, not in the thread's index of stems (which a small
thread would build for one or two quotes)."""


def idle(index: ThreadIndex) -> bool:
    """True when no node of the thread quotes another."""
    return not index.quotes


def find(
    index: ThreadIndex, i: int, lines: Sequence[Line], found: Sequence[Cue]
) -> list[Cue]:
    """The earlier nodes node ``i`` quotes, unless the quote is its writer's own or says little.

    A quote of a comment above it by stated parents, or of text its stated parent holds too,
    is no cue: mail quotes the whole chain it answers, and that chain is already linked.
    """
    cues = []
    node = index.nodes[i]
    parent_text = None  # the stated parent's text as passages are compared, made once
    for target, edge in index.quotes.get(node.id, ()):
        # A flat node hangs under the post by stated parents, so nothing else is above it and
        # it inherits no quote: the stated tree's spans are not worked out for it.
        if not node.flat:
            if target != index.post and index.above(target, i):
                continue
            if parent_text is None:
                parent_text = _parent_text(index, i)
            if _inherited(parent_text, edge):
                continue
        if target < i and not index.same_person(i, target) and _telling(index, i, target, edge):
            shown = edge.passage.text.split() if edge.passage else []
            words = " ".join(shown[:8]) + ("…" if len(shown) > 8 else "")
            evidence = f"quotes “{words}”" if shown else "quotes it"
            cues.append(Cue(index.nodes[target].id, CONFIDENCE["quote"], evidence, 0))
    return cues


def _telling(index: ThreadIndex, i: int, target: int, edge: Edge) -> bool:
    """A quote names its source unless it is a short phrase other earlier nodes also use."""
    if edge.passage is None or edge.passage.words >= 5:
        return True
    words = set(stems(edge.passage.text))
    if not words:
        return False
    return not any(j != target for j in _holders(index, words, i))


def _holders(index: ThreadIndex, words: set[str], i: int) -> Iterator[int]:
    """The nodes before node ``i`` whose stems include every one of ``words``, in order."""
    small = i <= READ_NODES and index.starts[i] <= READ_CHARACTERS
    return (_holders_read if small else _holders_indexed)(index, words, i)


def _holders_indexed(index: ThreadIndex, words: set[str], i: int) -> Iterator[int]:
    """``_holders`` by the thread's index of stems."""
    # Only a node holding the rarest of the words can hold them all: looking at every
    # earlier node made a thread of short quotations quadratic (16,000 comments: 28 s).
    fewest = min((index.vectors.holders(word) for word in words), key=len)
    earlier = fewest[: np.searchsorted(fewest, i)].tolist()
    return (j for j in earlier if words <= index.stems[j].keys())


def _holders_read(index: ThreadIndex, words: set[str], i: int) -> Iterator[int]:
    """``_holders`` by reading the texts before node ``i``.

    A stem is the start of a word of the casefolded text, so a text without every stem as a
    substring holds not all of them; the few texts that do are cut into stems in full."""
    texts, (first, *others) = index.texts, words
    earlier = [j for j in range(i) if first in texts[j]]
    for word in others:
        earlier = [j for j in earlier if word in texts[j]]
    return (j for j in earlier if words <= set(stems(index.nodes[j].text)))


def _parent_text(index: ThreadIndex, i: int) -> str:
    """Node ``i``'s stated parent's text, casefolded, each run of spaces and ">" one space
    ("" when it has none: a flat node hangs under the post by stated parents alone)."""
    node = index.nodes[i]
    above = None if node.flat else index.parents[node.id]
    parent = index.positions[above] if above is not None else None
    return "" if parent is None else _MARKS.sub(" ", index.folded(parent))


def _inherited(parent_text: str, edge: Edge) -> bool:
    """True when the stated parent (its text ``_parent_text``) holds the quoted passage too
    (quoted from there)."""
    if edge.passage is None:
        return False
    passage = _MARKS.sub(" ", edge.passage.text.casefold()).strip()
    return bool(passage) and passage in parent_text
