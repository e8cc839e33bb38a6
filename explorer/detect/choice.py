"""The score step of reply inference: which candidate a flat node answers, how sure, and why.

``choose_parent`` sees every candidate of a flat node (the post, the nearest earlier nodes,
every node a cue points at) and returns one ``Choice`` or None. Cue rules are precise but
rare: the most confident cue wins; a comment without one gets the learned reply model's
choice (detect/reply_model.py), the post or an earlier comment, with a calibrated confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cues import Cue
from .index import ThreadIndex
from .reply_model import Profile, choose


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


def choose_parent(
    index: ThreadIndex, i: int, candidates: list[Candidate], profile: Profile | None = None
) -> Choice | None:
    """Choose the parent of flat node ``i`` among its candidates, or None to leave it alone.

    ``candidates`` come strongest cue first, then the cue-less ones. The strongest cue wins;
    a comment with no cue gets the reply model's choice. ``profile`` is the model's view of
    the thread, built once per thread by the caller (built here when not given).
    """
    for candidate in candidates:
        if candidate.cues:
            cue = candidate.cues[0]
            return Choice(candidate.target, cue.score, cue.evidence)
    if index.nodes[i].kind != "comment":
        return None
    profile = profile or Profile(index)
    target, confidence, evidence = choose(profile, i, [c.target for c in candidates])
    target = index.post if target is None else target
    return None if target is None else Choice(target, confidence, evidence)
