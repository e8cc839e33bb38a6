"""The learned reply model: which earlier node a flat comment most likely answers, and how sure.

Its candidates are the post (or top level, in a thread without one) and the earlier nodes
detect/replies.py offers: the nearest ones and those cues name (linear in the thread, never
all pairs). Each (comment, candidate) pair gets a few features — shared rare words, quoted
runs of words, distance in position and time, names, writers taking turns, a question
answered, the post's writer — and a linear score; a softmax over the candidates picks the
parent, and a calibration table learned on held-out sources turns its probability into a
confidence. The weights come from ``benchmarks/train_replies.py`` (real threads that state
their structure, shown flat) and ship as ``reply_weights.json`` next to this module.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from statistics import median

from ..errors import ExplorerError
from ..model import DEFAULT_REPLY, person_key, timestamp
from ..text import QUOTED_LINE, words
from .cues import Cue
from .index import ThreadIndex

WEIGHTS = Path(__file__).with_name("reply_weights.json")
LINK_FROM = 0.2  # the least confidence for which a comment, not the post, is chosen
SHINGLE = 5  # words in a shingle: five shared words in a row are a quotation, not chance
# Kinds of evidence that a comment answers a candidate, each read by other features: one or
# two may be a platform's habit (mail quotes and takes turns), so a high confidence needs
# AGREEING of them at once; a choice with fewer is shown at most UNSUPPORTED.
EVIDENCE = (
    ("quotes",),
    ("alternation",),
    ("names_writer", "named_by"),
    ("question",),
    ("shared_rare",),
)
AGREEING = 3
HIGH = 0.8  # confidence from which links must be right nine times in ten, on every source
UNSUPPORTED = 0.75
_QUESTION = re.compile(r"\?(?:\s|$)")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|you're|you've|u)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Model:
    """Feature weights and the calibration tables (probability -> share found right)."""

    weights: Mapping[str, float]
    calibration: Mapping[str, tuple[tuple[float, float], ...]]

    def cue_confidence(self, score: float) -> float:
        """The calibrated confidence of an addressing cue the rules gave ``score``."""
        return self.confidence(score, "cue") if self.calibration.get("cue") else score

    def confidence(self, probability: float, kind: str) -> float:
        """The calibrated confidence of a choice of this kind ("post", "comment" or "cue")."""
        table = self.calibration.get(kind, ())
        if not table:
            return probability
        cut = bisect_right([point for point, _ in table], probability)
        if cut == 0:
            return table[0][1]
        if cut == len(table):
            return table[-1][1]
        (x0, y0), (x1, y1) = table[cut - 1], table[cut]
        return y0 + (y1 - y0) * (probability - x0) / ((x1 - x0) or 1.0)


FEATURES = (
    "post",  # the candidate is the post
    "post_order",  # ... times log(1 + the comment's rank): late comments answer comments more
    "post_length",  # ... times log(1 + the comment's words): long comments start new topics
    "post_you",  # ... and the comment says "you"
    "post_quoting",  # ... and the comment quotes lines ("> ...")
    "previous",  # the comment just before
    "distance",  # log(1 + comments between them)
    "gap",  # log(1 + time between them / the thread's median gap), when both times are known
    "similarity",  # TF-IDF cosine of their words
    "best_similarity",  # the most similar candidate
    "shared_rare",  # log(1 + rare words both use)
    "quotes",  # log(1 + runs of five words taken from it: see Profile.taken)
    "best_quotes",  # the candidate quoted most
    "same_author",  # one writer (answering oneself is rare)
    "names_writer",  # the comment names the candidate's writer
    "named_by",  # the candidate named the comment's writer
    "alternation",  # the comment's writer wrote just before the candidate (A -> B -> A)
    "owner_answers",  # the post's writer answering a comment
    "to_owner",  # a comment on the post's writer's own comment
    "question",  # the candidate asks something
    "cue",  # the confidence of the strongest cue rule naming the candidate (detect/cues)
)


@cache
def load_model(path: Path = WEIGHTS) -> Model:
    """Read the shipped weights (or another file of the same format)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        weights = {name: float(data["weights"].get(name, 0.0)) for name in FEATURES}
        calibration = {
            kind: tuple((float(x), float(y)) for x, y in table)
            for kind, table in data["calibration"].items()
        }
        return Model(weights, calibration)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise ExplorerError(f"reply model weights unreadable: {err}", str(path)) from err


class Profile:
    """What the model reads of a thread besides its index, computed once: shingles, times."""

    def __init__(self, index: ThreadIndex) -> None:
        self.index = index
        self.model = load_model()
        self.nodes = index.nodes
        self.post = index.post
        tokens = [words(node.text) for node in self.nodes]
        self.shingles = [
            {hash(tuple(found[k : k + SHINGLE])) for k in range(len(found) - SHINGLE + 1)}
            for found in tokens
        ]
        # Who holds each shingle, in thread order: a run of words is taken from the latest
        # node that holds it (mail quotes the whole chain; a reply quotes the quoting node).
        self.holders: dict[int, list[int]] = {}
        for k, found in enumerate(self.shingles):
            for shingle in found:
                self.holders.setdefault(shingle, []).append(k)
        # A comment that repeats an earlier node word for word (a double post) answers
        # something else, not the node it repeats. Hashes keep this small on long threads.
        self.texts = [hash(tuple(found)) if found else None for found in tokens]
        self.vocabulary = [frozenset(found) for found in tokens]
        self.rare = math.log((len(self.nodes) + 1) / 2)  # a stem in at most two nodes
        self.writers = index.owned.person_keys
        self.times = [timestamp(node.published) if node.published else None for node in self.nodes]
        self.owner = person_key(index.owner)
        # The thread's own pace, the median time between consecutive comments: a list answers
        # in days, a busy forum in minutes, so a gap is read against it.
        known = sorted(when for when in self.times if when is not None)
        steps = [b - a for a, b in zip(known, known[1:], strict=False) if b > a]
        self.pace = median(steps) if steps else 60.0
        # Comment ranks, and the latest earlier node of each writer, for alternation.
        self.rank: list[int] = []
        self.last_by: list[int | None] = []
        seen: dict[str, int] = {}
        count = 0
        for i, node in enumerate(self.nodes):
            self.rank.append(count)
            count += node.kind == "comment"
            writer = self.writers[i]
            self.last_by.append(seen.get(writer) if writer else None)
            if writer:
                seen[writer] = i

    def options(self, i: int, candidates: list[int]) -> list[int | None]:
        """What comment ``i`` may answer: None (the post, or top level), then earlier nodes."""
        return [
            None,
            *(
                j
                for j in dict.fromkeys(candidates)
                if j != self.post and j < i and not self._repeats(i, j)
            ),
        ]

    def _repeats(self, i: int, j: int) -> bool:
        """True when node ``i`` repeats node ``j`` word for word."""
        return self.texts[i] is not None and self.texts[i] == self.texts[j]

    def taken(self, i: int) -> dict[int, int]:
        """How many of node ``i``'s runs of five words it takes from each earlier node.

        A run counts once, for the latest earlier node holding it.
        """
        counts: dict[int, int] = {}
        for shingle in self.shingles[i]:
            holders = self.holders[shingle]
            before = bisect_left(holders, i)
            if before:
                source = holders[before - 1]
                counts[source] = counts.get(source, 0) + 1
        return counts

    def features(
        self, i: int, candidates: list[int | None], cues: Mapping[int, Cue]
    ) -> list[list[float]]:
        """One row of FEATURES per candidate of node ``i`` (None: the post, or top level).

        ``cues`` maps earlier nodes (the post too) to the strongest cue naming them.
        """
        earlier = [self.post if j is None else j for j in candidates]
        query = self.index.weigh(self.index.stems[i])
        similarity = [0.0 if j is None else self.index.similarity(query, j) for j in earlier]
        taken = self.taken(i)
        quotes = [0 if j is None else taken.get(j, 0) for j in earlier]
        top_similarity, top_quotes = max(similarity, default=0.0), max(quotes, default=0)
        node = self.nodes[i]
        quoting = float(bool(QUOTED_LINE.search(node.text)))
        you = float(bool(_SECOND_PERSON.search(node.text)))
        writer = self.writers[i]
        mine = self.last_by[i]
        rows = []
        for candidate, j, sim, quoted in zip(candidates, earlier, similarity, quotes, strict=True):
            is_post = float(candidate is None)
            other = self.writers[j] if j is not None else None
            when = self.times[j] if j is not None else None
            gap = self.times[i] - when if self.times[i] is not None and when is not None else None
            row = {
                "post": is_post,
                "post_order": is_post * math.log1p(self.rank[i]),
                "post_length": is_post * math.log1p(node.words),
                "post_you": is_post * you,
                "post_quoting": is_post * quoting,
                "previous": float(candidate is not None and candidate == i - 1),
                "distance": 0.0
                if j is None or is_post
                else math.log1p(self.rank[i] - self.rank[j]),
                "gap": math.log1p(max(0.0, gap) / self.pace) if gap is not None else 0.0,
                "similarity": sim,
                "best_similarity": float(sim > 0 and sim == top_similarity),
                "shared_rare": 0.0 if j is None else math.log1p(len(self._shared_rare(i, j))),
                "quotes": math.log1p(quoted),
                "best_quotes": float(quoted > 0 and quoted == top_quotes),
                "same_author": float(bool(writer) and writer == other),
                "names_writer": float(j is not None and self._names(i, j)),
                "named_by": float(j is not None and self._names(j, i)),
                "alternation": float(
                    not is_post
                    and mine is not None
                    and j is not None
                    and mine < j
                    and writer != other
                ),
                "owner_answers": (1 - is_post) * float(bool(writer) and writer == self.owner),
                "to_owner": (1 - is_post) * float(bool(other) and other == self.owner),
                "question": float(j is not None and bool(_QUESTION.search(self.nodes[j].text))),
                "cue": cues[j].score if j is not None and j in cues else 0.0,
            }
            rows.append([row[name] for name in FEATURES])
        return rows

    def _shared_rare(self, i: int, j: int) -> list[str]:
        """Stems nodes ``i`` and ``j`` share that few other nodes use, rarest first."""
        shared = self.index.shared(self.index.stems[i], j)
        return [stem for stem in shared if self.index.idf[stem] >= self.rare]

    def _names(self, i: int, j: int) -> bool:
        """True when node ``i`` names the writer of node ``j`` (a name word of three letters+)."""
        writer = self.writers[j]
        if not writer or writer == self.writers[i]:
            return False
        return any(len(part) > 2 and part in self.vocabulary[i] for part in writer.split())

    def explain(self, i: int, j: int | None, row: list[float], cues: Mapping[int, Cue]) -> str:
        """Readable evidence: the features that spoke for the candidate, strongest first."""
        key = self.post if j is None else j
        named = cues.get(key) if key is not None else None
        if j is None:
            return named.evidence if named else DEFAULT_REPLY
        weights = self.model.weights
        ranked = sorted(
            ((weights[name] * value, name) for name, value in zip(FEATURES, row, strict=True)),
            reverse=True,
        )
        said: list[str] = []
        for contribution, name in ranked:
            text = self._phrase(i, j, name) if contribution > 0.1 else None
            if name == "cue" and named and contribution > 0.1:
                text = named.evidence
            if text and text not in said:
                said.append(text)
        return "; ".join(said[:3]) or "near it"

    def _phrase(self, i: int, j: int, name: str) -> str | None:
        if name in ("similarity", "best_similarity", "shared_rare"):
            shared = self._shared_rare(i, j) or self.index.shared(self.index.stems[i], j)
            return f"shared words: {', '.join(shared[:3])}" if shared else None
        return {
            "quotes": "quotes it",
            "best_quotes": "quotes it",
            "previous": "the comment just before",
            "names_writer": f"names its writer ({self.index.people[j]})",
            "named_by": "it named this writer",
            "alternation": "the two writers take turns",
            "owner_answers": "the post's writer answering",
            "to_owner": "on the post's writer's comment",
            "question": "answers a question",
        }.get(name)


def choose(
    profile: Profile, i: int, candidates: list[int], cues: Mapping[int, Cue]
) -> tuple[int | None, float, str]:
    """The most likely parent of comment ``i`` among earlier nodes, its confidence, and why.

    The post, or top level when the thread has none, is always a candidate (None). ``cues``
    maps candidates to the strongest cue naming them.
    """
    options = profile.options(i, candidates)
    model = profile.model
    rows = profile.features(i, options, cues)
    scores = [sum(model.weights[n] * v for n, v in zip(FEATURES, row, strict=True)) for row in rows]
    best, confidence = decide(model, options, scores, rows)
    evidence = profile.explain(i, options[best], rows[best], cues)
    return options[best], round(confidence, 3), evidence


def decide(
    model: Model, options: list[int | None], scores: list[float], rows: list[list[float]]
) -> tuple[int, float]:
    """The chosen option (its place in ``options``) and its calibrated confidence.

    The best-scored option wins, except that an earlier comment whose confidence stays below
    LINK_FROM gives way to the post (options[0]): such a guess is wrong four times in five.
    A comment chosen on fewer than AGREEING kinds of evidence stays below HIGH.
    """
    top = max(scores)
    weights = [math.exp(score - top) for score in scores]
    total = sum(weights)
    best = weights.index(1.0)
    if options[best] is not None:
        confidence = model.confidence(weights[best] / total, "comment")
        if confidence >= LINK_FROM:
            if support(rows[best]) < AGREEING:
                confidence = min(confidence, UNSUPPORTED)
            return best, confidence
        best = 0
    return best, model.confidence(weights[best] / total, "post")


def support(row: list[float]) -> int:
    """How many independent kinds of evidence (EVIDENCE) speak for a candidate's row."""
    values = dict(zip(FEATURES, row, strict=True))
    return sum(any(values[name] > 0 for name in kind) for kind in EVIDENCE)
