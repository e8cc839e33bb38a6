"""The score step of reply inference: which candidate a flat node answers, how sure, and why.

``choose_parents`` sees every candidate of each flat node (the post, the nearest earlier
nodes, every node a cue points at) and returns one ``Choice`` or None for each. A cue that addresses
someone decides; otherwise the learned reply model (detect/reply_model.py) chooses the post
or an earlier comment. Confidences are calibrated on real threads: there the rules' own
run high (a quoted comment is the parent 74-87% of the time, a name 50-67%).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from .cues import CONFIDENCE, Cue
from .index import ThreadIndex
from .reply_model import Profile, choose_many, load_model


class Candidate(NamedTuple):
    """An earlier node that node ``i`` may answer, with the cues pointing at it (maybe none).

    ``cues`` are strongest first (score, then place in the text). A named tuple: each flat
    comment has a dozen, and one is made in a third of a frozen dataclass's time.
    """

    target: int
    cues: tuple[Cue, ...] = ()


_CUES = itemgetter(1)  # a candidate's cues


@dataclass(frozen=True, slots=True)
class Choice:
    """The parent chosen for a node: its index, the confidence (0 to 1), and why."""

    target: int
    confidence: float
    evidence: str


def choose_parents(
    index: ThreadIndex,
    requests: Sequence[tuple[int, list[Candidate]]],
    profile: Profile | None = None,
) -> list[Choice | None]:
    """Choose the parent of each flat node ``i`` among its candidates, or None to leave it alone.

    A cue that addresses someone ("@Jim", "Getafix -", "To anon 20.14", "[above]") decides,
    with its confidence as calibrated on real threads; otherwise the reply model weighs every
    candidate, quotations and mentions of the post among its features (the thread's comments
    scored together). ``profile`` is the model's view of the thread, built once per thread by
    the caller (built here when not).
    """
    chosen: list[Choice | None] = [None] * len(requests)
    asked: list[tuple[int, list[int], dict[int, Cue]]] = []
    places: list[int] = []
    for place, (i, candidates) in enumerate(requests):
        comment = index.nodes[i].kind == "comment"
        named = list(filter(_CUES, candidates))  # mostly none
        # An excerpt of the post is placed by its cues alone: the model learnt comments.
        addressed = addressing_cue(named, every_kind=not comment)
        if addressed is not None:
            target, cue = addressed
            confidence = round(load_model().cue_confidence(cue.score), 3)
            chosen[place] = Choice(target, confidence, cue.evidence)
        elif comment:
            cues = {c.target: c.cues[0] for c in named}
            asked.append((i, [candidate.target for candidate in candidates], cues))
            places.append(place)
    if asked:
        profile = profile or Profile(index)
        for place, (target, confidence, evidence) in zip(
            places, choose_many(profile, asked), strict=True
        ):
            target = index.post if target is None else target
            chosen[place] = None if target is None else Choice(target, confidence, evidence)
    return chosen


def addressing_cue(
    candidates: list[Candidate], *, every_kind: bool = False
) -> tuple[int, Cue] | None:
    """The strongest cue that names whom a node answers (any cue: ``every_kind``), and its target.

    A quotation or a mention of the post says what a comment is about more than whom it
    answers: on real threads a quoted comment is the parent three times in four, and the
    model, which weighs them with everything else, does better than following them.
    """
    for candidate in candidates:
        for cue in candidate.cues:
            if every_kind or cue.score not in (CONFIDENCE["quote"], CONFIDENCE["post"]):
                return candidate.target, cue
    return None
