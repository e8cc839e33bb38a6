"""Quotes: a comment that quotes an earlier one (a quote edge found before) answers it."""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Edge
from ..index import ThreadIndex, stems
from .cue import CONFIDENCE, Cue


def find(index: ThreadIndex, i: int, found: Sequence[Cue]) -> list[Cue]:
    """The earlier nodes node ``i`` quotes, unless the quote is its writer's own or says little."""
    cues = []
    for target, edge in index.quotes.get(index.nodes[i].id, ()):
        if target < i and not index.same_person(i, target) and _telling(index, i, target, edge):
            quoted = edge.passage.text.split() if edge.passage else []
            words = " ".join(quoted[:8]) + ("…" if len(quoted) > 8 else "")
            evidence = f"quotes “{words}”" if quoted else "quotes it"
            cues.append(Cue(index.nodes[target].id, CONFIDENCE["quote"], evidence, 0))
    return cues


def _telling(index: ThreadIndex, i: int, target: int, edge: Edge) -> bool:
    """A quote names its source unless it is a short phrase other earlier nodes also use."""
    if edge.passage is None or edge.passage.words >= 5:
        return True
    words = set(stems(edge.passage.text))
    if not words:
        return False
    return not any(words <= index.stems[j].keys() for j in range(i) if j != target)
