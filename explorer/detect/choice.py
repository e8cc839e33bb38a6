"""The score step of reply inference: which candidate a flat node answers, how sure, and why.

``choose_parents`` sees every candidate of each flat node (the post, the nearest earlier
nodes, every node a cue points at) and returns one ``Choice`` or None for each. A cue that addresses
someone decides; otherwise the learned reply model (detect/reply_model.py) chooses the post
or an earlier comment. Confidences are calibrated on real threads: there the rules' own
run high (a quoted comment is the parent 74-87% of the time, a name 50-67%).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from ..model import DEFAULT_REPLY
from .cues import CONFIDENCE, Cue
from .index import ThreadIndex
from .reply_model import FEATURES, Profile, decide_many, load_model
from .shared_words import rarest_shared
from .stacks import Stacks

BATCH = 1000  # comments whose features are worked out together (bounds their memory)


class Candidate(NamedTuple):
    """An earlier node that node ``i`` may answer, with the cues pointing at it (maybe none).

    ``cues`` are strongest first (score, then place in the text). A named tuple: each flat
    comment has a dozen, and one is made in a third of a frozen dataclass's time.
    """

    target: int
    cues: tuple[Cue, ...] = ()


_TARGET, _CUES = itemgetter(0), itemgetter(1)  # a candidate's target, its cues


class Choice(NamedTuple):
    """The parent chosen for a node: its index, the confidence (0 to 1), and why.

    A named tuple, as ``Candidate``: one is made for each flat comment."""

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
    nodes = index.nodes
    for place, (i, candidates) in enumerate(requests):
        comment = nodes[i].kind == "comment"
        named = list(filter(_CUES, candidates))  # mostly none
        # An excerpt of the post is placed by its cues alone: the model learnt comments.
        addressed = addressing_cue(named, every_kind=not comment)
        if addressed is not None:
            target, cue = addressed
            confidence = round(load_model().cue_confidence(cue.score), 3)
            chosen[place] = Choice(target, confidence, cue.evidence)
        elif comment:
            cues = {c.target: c.cues[0] for c in named}
            asked.append((i, list(map(_TARGET, candidates)), cues))
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


def choose_many(
    profile: Profile, requests: Sequence[tuple[int, list[int], Mapping[int, Cue]]]
) -> list[tuple[int | None, float, str]]:
    """The most likely parent of each comment ``i`` among its candidates (earlier nodes), its
    confidence, and why; features worked out and decided BATCH comments at a time.

    The post, or top level when the thread has none, is always a candidate (None). ``cues``
    map candidates to the strongest cue naming them.
    """
    chosen: list[tuple[int | None, float, str]] = []
    weights = profile.weights
    for start in range(0, len(requests), BATCH):
        batch = requests[start : start + BATCH]
        sizes, options = profile.options_many(batch)
        rows = profile.option_rows(batch, sizes, options)
        # Each comment's scores from its rows alone, as ``decide`` was given them.
        stacks = Stacks(sizes)
        best, confidences = decide_many(
            profile.model, sizes, stacks.products(rows, weights), rows, stacks
        )
        picks = [
            (i, None if j < 0 else j, cues)
            for (i, _, cues), j in zip(batch, options[best].tolist(), strict=True)
        ]
        # Each row's contributions as the plain rule makes them: the row times the weights.
        evidence = evidence_many(profile, picks, rows[best] * weights)
        chosen.extend(
            (j, round(confidence, 3), said)
            for (_, j, _), confidence, said in zip(picks, confidences, evidence, strict=True)
        )
    return chosen


def evidence_many(
    profile: Profile,
    picks: Sequence[tuple[int, int | None, Mapping[int, Cue]]],
    contributions: np.ndarray,
) -> list[str]:
    """Readable evidence of each comment's pick (None: the post), from its row's
    contributions (each feature times its weight): the features adding more than 0.1,
    strongest first, three at most.

    Their order (contribution, then name, highest first) is sorted in numpy for every pick
    at once, and the words each pair a similarity feature speaks for shares are found at once.
    """
    row, column = np.nonzero(contributions > 0.1)
    order = np.lexsort((-_NAME_RANKS[column], -contributions[row, column], row))
    row, column = row[order], column[order]
    bounds = np.searchsorted(row, np.arange(len(picks) + 1)).tolist()
    columns = column.tolist()
    worded = np.zeros(len(picks), bool)
    worded[row[_WORDED[column]]] = True
    asked = [k for k in np.flatnonzero(worded).tolist() if picks[k][1] is not None]
    found = rarest_shared(
        profile.index,
        np.array([picks[k][0] for k in asked], np.int64),
        np.array([picks[k][1] for k in asked], np.int64),
        profile.rare,
        3,
    )
    words = {k: f"shared words: {', '.join(stems)}" for k, stems in zip(asked, found, strict=True)
             if stems}
    people, post = profile.index.people, profile.post
    said_all = []
    for k, (_, j, cues) in enumerate(picks):
        key = post if j is None else j
        named = cues.get(key) if key is not None else None
        if j is None:
            said_all.append(named.evidence if named else DEFAULT_REPLY)
            continue
        said: list[str] = []
        spoken = False  # the shared words, said once for every feature reading them
        for c in columns[bounds[k] : bounds[k + 1]]:
            name = FEATURES[c]
            if name in _SIMILAR:
                if spoken:
                    continue
                spoken = True
                text = words.get(k)
            elif name == "cue" and named:
                text = named.evidence
            elif name == "names_writer":
                text = f"names its writer ({people[j]})"
            else:
                text = _PHRASES.get(name)
            if text and text not in said:
                said.append(text)
                if len(said) == 3:
                    break  # only three are shown
        said_all.append("; ".join(said) or "near it")
    return said_all


_SIMILAR = frozenset(
    ("similarity", "best_similarity", "relative_similarity", "similar_rank", "shared_rare")
)
"""Features whose evidence is the words two comments share."""
_WORDED = np.array([name in _SIMILAR for name in FEATURES])
_NAME_RANKS = np.argsort(np.argsort(np.array(FEATURES)))
"""Each feature's place among the features by name: ties of contribution go to the later."""
_PHRASES = {
    "quotes": "quotes it",
    "best_quotes": "quotes it",
    "previous": "the comment just before",
    "named_by": "it named this writer",
    "alternation": "the two writers take turns",
    "owner_answers": "the post's writer answering",
    "to_owner": "on the post's writer's comment",
    "question": "answers a question",
    "question_answered": "answers a question",
}
"""The evidence each other feature speaks, when it speaks."""
