"""The learned reply model: which earlier node a flat comment most likely answers, and how sure.

For a comment whose source says nothing of where it hangs, the candidates are the post, the
last WINDOW comments before it and any earlier node a cue points to (linear in the thread,
never all pairs). Each (comment, candidate) pair gets a few features — shared rare words,
quoted text, distance in position and time, names, alternating writers, a question answered,
the cue's own confidence — and a linear score; a softmax over the candidates picks the parent,
and a calibration table learned on held-out threads turns its probability into a confidence.
The weights come from ``benchmarks/train_replies.py`` (real threads that state their
structure, shown flat) and ship as ``reply_weights.json`` next to this module.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import ExplorerError
from ..model import Node, Thread, timestamp
from ..text import words
from .signatures import name_key, person

WEIGHTS = Path(__file__).with_name("reply_weights.json")
WINDOW = 10  # earlier comments considered besides the post and cue targets
SHINGLE = 5  # words in a shingle: five shared words in a row are a quotation, not chance
_QUESTION = re.compile(r"\?(?:\s|$)")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|you're|you've|u)\b", re.IGNORECASE)
_QUOTED = re.compile(r"(?m)^[ \t]*>")


@dataclass(frozen=True, slots=True)
class Cue:
    """What a cue rule says of a candidate: its confidence and the words that triggered it."""

    score: float
    evidence: str


@dataclass(frozen=True, slots=True)
class Choice:
    """The parent the model picks: an earlier node's index (None: the post), confidence, why."""

    target: int | None
    confidence: float
    evidence: str


@dataclass(frozen=True, slots=True)
class Model:
    """Feature weights and the calibration tables (probability -> share found right)."""

    weights: Mapping[str, float]
    calibration: Mapping[str, tuple[tuple[float, float], ...]]

    def confidence(self, probability: float, kind: str) -> float:
        """The calibrated confidence of a choice of this kind ("post" or "comment")."""
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
    "gap",  # log(1 + minutes between them), when both times are known
    "similarity",  # TF-IDF cosine of their words
    "best_similarity",  # the most similar candidate
    "shared_rare",  # log(1 + rare words both use)
    "quotes",  # log(1 + shared runs of five words)
    "best_quotes",  # the candidate quoted most
    "same_author",  # one writer (answering oneself is rare)
    "names_writer",  # the comment names the candidate's writer
    "named_by",  # the candidate named the comment's writer
    "alternation",  # the comment's writer wrote just before the candidate (A -> B -> A)
    "owner_answers",  # the post's writer answering a comment
    "to_owner",  # a comment on the post's writer's own comment
    "question",  # the candidate asks something
    "cue",  # confidence of a cue rule pointing at the candidate
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
    """What the model reads of a thread, computed once: words, writers, times, shingles."""

    def __init__(self, thread: Thread) -> None:
        self.nodes = thread.nodes
        self.post = next((i for i, node in enumerate(self.nodes) if node.kind == "post"), None)
        tokens = [words(node.text) for node in self.nodes]
        self.bags = [
            Counter(t for t in found if len(t) > 2 and not t.isdigit()) for found in tokens
        ]
        frequency = Counter(word for bag in self.bags for word in bag)
        total = len(self.nodes) + 1
        self.idf = {word: math.log(total / count) for word, count in frequency.items()}
        self.rare = math.log(total / 2)  # in at most two nodes
        self.norms = [
            math.sqrt(sum((n * self.idf[w]) ** 2 for w, n in bag.items())) or 1.0
            for bag in self.bags
        ]
        self.shingles = [
            {hash(tuple(found[k : k + SHINGLE])) for k in range(len(found) - SHINGLE + 1)}
            for found in tokens
        ]
        self.vocabulary = [frozenset(found) for found in tokens]
        self.writers = [_writer(node) for node in self.nodes]
        self.times = [timestamp(node.published) if node.published else None for node in self.nodes]
        owner = thread.owner or (self.writers[self.post] if self.post is not None else None)
        self.owner = name_key(owner) if owner else None
        # Comment ranks, and the latest earlier comment of each writer, for alternation.
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

    def candidates(self, i: int, cues: Mapping[int, Cue]) -> list[int | None]:
        """None (the post, or top level), the last WINDOW comments before ``i``, cue targets."""
        found: set[int] = {j for j in cues if j < i and j != self.post}
        j = i - 1
        taken = 0
        while j >= 0 and taken < WINDOW:
            if self.nodes[j].kind == "comment":
                found.add(j)
                taken += 1
            j -= 1
        return [None, *sorted(found)]

    def features(
        self, i: int, candidates: list[int | None], cues: Mapping[int, Cue]
    ) -> list[list[float]]:
        """One row of FEATURES per candidate of node ``i`` (None: the post, or top level)."""
        earlier = [self.post if j is None else j for j in candidates]
        similarity = [0.0 if j is None else self._similarity(i, j) for j in earlier]
        quotes = [0 if j is None else len(self.shingles[i] & self.shingles[j]) for j in earlier]
        top_similarity, top_quotes = max(similarity, default=0.0), max(quotes, default=0)
        node = self.nodes[i]
        quoting = float(bool(_QUOTED.search(node.text)))
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
                "post_length": is_post * math.log1p(len(node.text.split())),
                "post_you": is_post * you,
                "post_quoting": is_post * quoting,
                "previous": float(candidate is not None and candidate == i - 1),
                "distance": 0.0
                if j is None or is_post
                else math.log1p(self.rank[i] - self.rank[j]),
                "gap": math.log1p(max(0.0, gap) / 60) if gap is not None else 0.0,
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
                "cue": _cue_score(cues, j),
            }
            rows.append([row[name] for name in FEATURES])
        return rows

    def _similarity(self, i: int, j: int) -> float:
        mine, other = self.bags[i], self.bags[j]
        if len(other) < len(mine):
            mine, other = other, mine
        dot = sum(n * other[w] * self.idf[w] ** 2 for w, n in mine.items() if w in other)
        return dot / (self.norms[i] * self.norms[j])

    def _shared_rare(self, i: int, j: int) -> list[str]:
        """Words nodes ``i`` and ``j`` share that few other nodes use, rarest first."""
        shared = (w for w in self.bags[i] if w in self.bags[j] and self.idf[w] >= self.rare)
        return sorted(shared, key=lambda w: (-self.idf[w], w))

    def _names(self, i: int, j: int) -> bool:
        """True when node ``i`` names the writer of node ``j`` (a name word of three letters+)."""
        writer = self.writers[j]
        if not writer or writer == self.writers[i]:
            return False
        return any(len(part) > 2 and part in self.vocabulary[i] for part in writer.split())

    def explain(self, i: int, j: int | None, row: list[float], cues: Mapping[int, Cue]) -> str:
        """Readable evidence: the features that spoke for the candidate, strongest first."""
        weights = load_model().weights
        said = []
        ranked = sorted(
            ((weights[name] * value, name) for name, value in zip(FEATURES, row, strict=True)),
            reverse=True,
        )
        for contribution, name in ranked:
            if contribution <= 0.1:
                break
            text = self._phrase(i, j, name, cues)
            if text and text not in said:
                said.append(text)
        return "; ".join(said[:3]) or ("top-level comment" if j is None else "nearby")

    def _phrase(self, i: int, j: int | None, name: str, cues: Mapping[int, Cue]) -> str | None:
        if name == "cue":
            return _cue_evidence(cues, self.post if j is None else j)
        if j is None:
            return "top-level comment"
        if name in ("similarity", "best_similarity", "shared_rare"):
            shared = self._shared_rare(i, j) or sorted(
                (w for w in self.bags[i] if w in self.bags[j]), key=lambda w: (-self.idf[w], w)
            )
            return f"shared words: {', '.join(shared[:3])}" if shared else None
        writer = self.nodes[j].author or self.writers[j]
        return {
            "quotes": "quotes it",
            "best_quotes": "quotes it",
            "previous": "the comment just before",
            "names_writer": f"names its writer ({writer})",
            "named_by": "it named this writer",
            "alternation": "the two writers take turns",
            "owner_answers": "the post's writer answering",
            "to_owner": "on the post's writer's comment",
            "question": "answers a question",
            "gap": None,
        }.get(name)


def _cue_score(cues: Mapping[int, Cue], j: int | None) -> float:
    return cues[j].score if j is not None and j in cues else 0.0


def _cue_evidence(cues: Mapping[int, Cue], j: int | None) -> str | None:
    return cues[j].evidence if j is not None and j in cues else None


def _writer(node: Node) -> str | None:
    found = person(node)
    return name_key(found) or None if found else None


def choose_parent(profile: Profile, i: int, cues: Mapping[int, Cue] | None = None) -> Choice:
    """The most likely parent of flat comment ``i``: an earlier comment, or None for the post.

    ``cues`` maps earlier nodes (the post included) that cue rules point to, to those cues.
    """
    cues = cues or {}
    candidates = profile.candidates(i, cues)
    model = load_model()
    rows = profile.features(i, candidates, cues)
    scores = [sum(model.weights[n] * v for n, v in zip(FEATURES, row, strict=True)) for row in rows]
    top = max(scores)
    best = scores.index(top)
    target = candidates[best]
    probability = 1 / sum(math.exp(score - top) for score in scores)
    confidence = round(model.confidence(probability, "post" if target is None else "comment"), 3)
    return Choice(target, confidence, profile.explain(i, target, rows[best], cues))
