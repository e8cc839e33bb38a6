"""The score step of reply inference: which candidate a flat node answers, how sure, and why.

This is the seam a learned model plugs into: ``choose_parent`` sees every candidate of a
flat node (the post, the nearest earlier nodes, every node a cue points at) and returns one
``Choice`` or None. The rule below takes the most confident cue, else the post.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import DEFAULT_REPLY
from .cues import CONFIDENCE, Cue
from .index import ThreadIndex


@dataclass(frozen=True, slots=True)
class Candidate:
    """An earlier node that node ``i`` may answer, with the cues pointing at it (maybe none).

    ``cues`` are strongest first (score, then place in the text).
    """

    target: int
    cues: tuple[Cue, ...] = ()


@dataclass(frozen=True, slots=True)
class Choice:
    """The parent chosen for a node: its index, the confidence (0 to 1), and why."""

    target: int
    confidence: float
    evidence: str


def choose_parent(index: ThreadIndex, i: int, candidates: list[Candidate]) -> Choice | None:
    """Choose the parent of flat node ``i`` among its candidates, or None to leave it alone.

    ``candidates`` come strongest cue first, then the cue-less ones. The rule: the strongest
    cue wins; a comment with no cue answers the post, with low confidence.
    """
    for candidate in candidates:
        if candidate.cues:
            cue = candidate.cues[0]
            return Choice(candidate.target, cue.score, cue.evidence)
    if index.nodes[i].kind == "comment" and index.post is not None:
        return Choice(index.post, CONFIDENCE["default"], DEFAULT_REPLY)
    return None
