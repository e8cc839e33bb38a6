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
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path
from statistics import median

import numpy as np

from ..errors import ExplorerError
from ..model import person_key, timestamp
from ..text import QUOTED_LINE
from ..wordcut import docs_of, number_words
from .cues import Cue
from .index import ThreadIndex
from .reply_pairs import Pairs, PairTable
from .stacks import Stacks

Request = tuple[int, list[int | None], Mapping[int, Cue]]
"""A comment, its options (None: the post) and the strongest cue naming each earlier node."""

WEIGHTS = Path(__file__).with_name("reply_weights.json")
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
_YOU = frozenset(("you", "your", "yours", "u"))  # the runs of word characters it matches
NAME_PART = 3  # the least letters of a writer's key that a word naming the writer has


def _find_named_writers(words: np.ndarray, counts: np.ndarray, names: Mapping[str, int],
                        width: int) -> np.ndarray:
    """The pairs (node, writer id) where a writer's name (``names``: key -> id) is one of the
    node's words (numbered, ``counts`` a node: ``StemVectors.numbered_words``), as codes
    ``node * width + writer``, ascending."""
    if not names:
        return np.zeros(0, np.int64)
    numbered = dict(zip(number_words(list(names)).tolist(), names.values(), strict=True))
    hits = np.flatnonzero(_among(words, np.array(list(numbered), np.uint64)))
    nodes = docs_of(hits, np.concatenate([[0], np.cumsum(counts)]))
    writers = np.array([numbered[number] for number in words[hits].tolist()], np.int64)
    return np.unique(nodes * width + writers)


def _among(numbers: np.ndarray, sought: np.ndarray) -> np.ndarray:
    """Whether each of ``numbers`` (words' numbers: ``wordcut.number_words``) is one of
    ``sought``: looked up in a table by its low bits, which the numbers spread evenly (a
    binary search per word cost ten times more), or by a search when two sought share them."""
    bits = len(sought).bit_length() + 4  # a table 16 to 32 times the sought
    slots = sought & np.uint64((1 << bits) - 1)
    if len(np.unique(slots)) < len(sought):
        ordered = np.sort(sought)
        return ordered[np.minimum(np.searchsorted(ordered, numbers), len(sought) - 1)] == numbers
    table = np.zeros(1 << bits, np.uint64)
    table[slots] = sought
    held = np.zeros(1 << bits, bool)
    held[slots] = True
    at = numbers & np.uint64((1 << bits) - 1)
    return held[at] & (table[at] == numbers)


@dataclass(frozen=True, slots=True)
class Model:
    """Feature weights and the calibration tables (probability -> share found right)."""

    weights: Mapping[str, float]
    calibration: Mapping[str, tuple[tuple[float, float], ...]]
    link_below: float = 0.5  # a comment is chosen when the post is less likely than this
    # Each calibration table as two arrays (points, shares), for ``confidences``.
    arrays: Mapping[str, tuple[np.ndarray, np.ndarray]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        arrays = {
            kind: tuple(np.array(column, float) for column in zip(*table, strict=True))
            for kind, table in self.calibration.items()
            if table
        }
        object.__setattr__(self, "arrays", arrays)

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

    def confidences(self, probabilities: np.ndarray, kind: str) -> np.ndarray:
        """``confidence`` of each probability, with the same IEEE operations in numpy."""
        if kind not in self.arrays:
            return probabilities.copy()
        points, shares = self.arrays[kind]
        size = len(points)
        cut = np.searchsorted(points, probabilities, side="right")  # as bisect_right
        inner = np.minimum(np.maximum(cut, 1), max(size - 1, 1)) % size  # a segment: either end
        x0, x1, y0, y1 = points[inner - 1], points[inner], shares[inner - 1], shares[inner]
        width = x1 - x0
        width[width == 0] = 1.0  # ``(x1 - x0) or 1.0``
        between = y0 + (y1 - y0) * (probabilities - x0) / width
        return np.where(cut == 0, shares[0], np.where(cut == size, shares[-1], between))


FEATURES = (
    "post",  # the candidate is the post
    "post_order",  # ... times log(1 + the comment's rank): late comments answer comments more
    "post_length",  # ... times log(1 + the comment's words): long comments start new topics
    "post_you",  # ... and the comment says "you"
    "post_quoting",  # ... and the comment quotes lines ("> ...")
    "post_similarity",  # ... times the TF-IDF cosine of the comment and the post
    "previous",  # the comment just before
    "distance",  # log(1 + comments between them)
    "gap",  # log(1 + time between them / the thread's median gap), when both times are known
    "similarity",  # TF-IDF cosine of their words
    "best_similarity",  # the most similar candidate
    "relative_similarity",  # its similarity over the most similar candidate's
    "similar_rank",  # 1 / its rank among all earlier nodes by similarity (top SIMILAR only)
    "shared_rare",  # log(1 + rare words both use)
    "quotes",  # log(1 + runs of five words taken from it: see reply_pairs._taken)
    "best_quotes",  # the candidate quoted most
    "same_author",  # one writer (answering oneself is rare)
    "names_writer",  # the comment names the candidate's writer
    "named_by",  # the candidate named the comment's writer
    "alternation",  # the comment's writer wrote just before the candidate (A -> B -> A)
    "owner_answers",  # the post's writer answering a comment
    "to_owner",  # a comment on the post's writer's own comment
    "question",  # the candidate asks something
    "question_answered",  # ... and the comment asks nothing
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
        return Model(weights, calibration, float(data.get("link_below", 0.5)))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise ExplorerError(f"reply model weights unreadable: {err}", str(path)) from err


class Profile:
    """What the model reads of a thread besides its index, computed once: pairs, times, writers."""

    def __init__(self, index: ThreadIndex) -> None:
        self.index = index
        self.model = load_model()
        self.weights = np.array([self.model.weights[name] for name in FEATURES])
        self.nodes = index.nodes
        self.post = index.post
        vectors = index.vectors
        words, counts, says_you = vectors.numbered_words(_YOU)
        self.pairs = Pairs(index, words, counts)
        # A comment that repeats an earlier node word for word (a double post) answers
        # something else, not the node it repeats: each node's words as an id, the same for
        # the same words in order; -1 for none.
        ends = np.cumsum(counts).tolist()
        held = words.tobytes()
        ids: dict[bytes, int] = {}
        self.text_ids = np.array(
            [ids.setdefault(held[8 * a : 8 * b], len(ids)) if b > a else -1
             for a, b in zip([0, *ends[:-1]], ends, strict=True)],
            np.int64,
        )
        self.rare = math.log((len(self.nodes) + 1) / 2)  # a stem in at most two nodes
        self.writers = index.owned.person_keys
        keys = {key: k for k, key in enumerate(sorted(set(self.writers) - {""}), start=1)}
        self.writer_ids = np.array([keys.get(key, 0) for key in self.writers], np.int64)
        # Who names whom: node -> the writers (ids) whose name is one of its words.
        width = len(keys) + 1
        named = _find_named_writers(
            words, counts, {key: k for key, k in keys.items() if len(key) >= NAME_PART}, width)
        self.names = PairTable(width, named, np.ones(len(named)))
        times = [timestamp(node.published) if node.published else math.nan for node in self.nodes]
        self.times = np.array(times)
        self.owner = person_key(index.owner) if index.owner else None
        self.owned = np.array([bool(w) and w == self.owner for w in self.writers])
        # Every match holds "?" or ">": texts without one are not searched.
        self.asks = np.array([
            "?" in node.text and _QUESTION.search(node.text) is not None for node in self.nodes
        ])
        # A text cut in numpy says "you" when one of its runs of word characters is in _YOU.
        self.you = np.array([
            said if ascii_text is not None else _SECOND_PERSON.search(node.text) is not None
            for node, ascii_text, said in zip(
                self.nodes, vectors.ascii_texts, says_you.tolist(), strict=True
            )
        ])
        self.quoting = np.array([
            ">" in node.text and QUOTED_LINE.search(node.text) is not None for node in self.nodes
        ])
        self.length = np.log1p(counts)  # ``node.words`` each
        # The thread's own pace, the median time between consecutive comments: a list answers
        # in days, a busy forum in minutes, so a gap is read against it.
        known = sorted(when for when in times if not math.isnan(when))
        steps = [b - a for a, b in zip(known, known[1:], strict=False) if b > a]
        self.pace = median(steps) if steps else 60.0
        # Comment ranks, and the latest earlier node of each writer, for alternation.
        rank: list[int] = []
        last_by: list[int] = []
        seen: dict[str, int] = {}
        count = 0
        for i, node in enumerate(self.nodes):
            rank.append(count)
            count += node.kind == "comment"
            writer = self.writers[i]
            last_by.append(seen.get(writer, -1) if writer else -1)
            if writer:
                seen[writer] = i
        self.rank, self.last_by = np.array(rank), np.array(last_by)
        self.order = np.array([math.log1p(r) for r in rank])  # the post feature of each rank

    def options(self, i: int, candidates: list[int]) -> list[int | None]:
        """What comment ``i`` may answer: None (the post, or top level), then earlier nodes:
        ``candidates``, then its most similar earlier nodes, each once (not one that comment
        ``i`` repeats word for word). The plain rule of ``options_many``, which the choice
        step reads; tests and ``benchmarks/train_replies.py`` read this one."""
        texts = self.text_ids
        found = dict.fromkeys([*candidates, *self.pairs.similar.get(i, ())])
        return [None, *(j for j in found
                        if j != self.post and j < i and (texts[i] < 0 or texts[j] != texts[i]))]

    def features_many(self, requests: Sequence[Request]) -> list[np.ndarray]:
        """One row of FEATURES per option (None: the post, or top level) of each comment, as
        ``option_rows`` works them out for all at once: for tests and
        ``benchmarks/train_replies.py``, which ask with ``options``.

        ``cues`` map earlier nodes (the post too) to the strongest cue naming them. Each
        comment has an option at least (``options`` always offers the post).
        """
        rows, sizes = self.feature_rows(requests)
        ends = np.cumsum(sizes).tolist()
        # Copies: each comment's rows alone in memory, as the scores were computed before.
        return [rows[a:b].copy() for a, b in zip([0, *ends[:-1]], ends, strict=True)]

    def options_many(
        self, requests: Sequence[tuple[int, list[int], Mapping[int, Cue]]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """``options`` of each (comment, candidates, cues) at once: how many each comment has,
        and the options one comment after another, -1 for None (the post, or top level)."""
        similar = self.pairs.similar
        found = [[-1, *candidates, *similar.get(i, ())] for i, candidates, _ in requests]
        counts = np.fromiter(map(len, found), np.int64, len(found))
        options = np.fromiter(chain.from_iterable(found), np.int64, int(counts.sum()))
        owner = np.repeat(np.arange(len(found)), counts)
        node = np.array([i for i, _, _ in requests], np.int64)[owner]
        text = self.text_ids[node]
        keep = (options != (-1 if self.post is None else self.post)) & (options < node)
        keep &= (text < 0) | (self.text_ids[options] != text)
        _, first = np.unique(owner * (len(self.nodes) + 1) + options + 1, return_index=True)
        once = np.zeros(len(options), bool)
        once[first] = True  # each option once, where first offered
        keep = (keep & once) | (options == -1)
        return np.bincount(owner[keep], minlength=len(found)), options[keep]

    def feature_rows(self, requests: Sequence[Request]) -> tuple[np.ndarray, np.ndarray]:
        """The rows of ``features_many`` one comment after another in one array, and how many
        each comment has: its options read plainly into ``option_rows``' form."""
        sizes = np.array([len(options) for _, options, _ in requests], np.int64)
        options = np.array([-1 if j is None else j for _, found, _ in requests for j in found],
                           np.int64)
        return self.option_rows(requests, sizes, options), sizes

    def option_rows(
        self, requests: Sequence[Request], sizes: np.ndarray, options: np.ndarray
    ) -> np.ndarray:
        """``feature_rows`` of the options one comment after another (``options_many``)."""
        if not requests:
            return np.empty((0, len(FEATURES)))
        ends = np.cumsum(sizes)
        starts = ends - sizes
        node = np.repeat(np.array([i for i, _, _ in requests], np.int64), sizes)
        post = -1 if self.post is None else self.post
        posts = options < 0
        earlier = np.where(posts, post, options)
        is_post = posts.astype(float)
        comment = 1.0 - is_post
        at = np.maximum(earlier, 0)  # the post's row of a thread without one reads node 0
        pairs = self.pairs
        shared = pairs.shared.get(node, at)
        # A post row reads the pair (comment, post): its cosine is ``post_similarity``.
        to_post = shared[:, 0] if post >= 0 else 0.0
        similarity, rare, rank = (shared * comment[:, None]).T
        quotes = pairs.quotes.get(node, at) * comment
        # Each comment's best, as ``max(initial=0.0)`` over its own candidates.
        top_similarity = np.repeat(np.fmax(np.maximum.reduceat(similarity, starts), 0.0), sizes)
        top_quotes = np.repeat(np.fmax(np.maximum.reduceat(quotes, starts), 0.0), sizes)
        writer, others = self.writer_ids[node], self.writer_ids[at]
        others = np.where(earlier >= 0, others, 0)
        # fmax reads an unknown time (NaN) as no gap, as nan_to_num did after maximum.
        gap = np.fmax(self.times[node] - self.times[at], 0.0) / self.pace
        gap = np.where(earlier >= 0, gap, 0.0)
        last_by, names = self.last_by[node], self.names
        alternation = comment * (last_by >= 0) * (last_by < at)
        cue = np.zeros(len(options))
        for k in [k for k, (_, _, cues) in enumerate(requests) if cues]:  # most have none
            cues, a, b = requests[k][2], int(starts[k]), int(ends[k])
            cue[a:b] = [cues[j].score if j in cues else 0.0 for j in earlier[a:b].tolist()]
        relative = np.divide(similarity, top_similarity, out=similarity.copy(),
                             where=top_similarity != 0)
        columns = {
            "post": is_post,
            "post_order": is_post * self.order[node],
            "post_length": is_post * self.length[node],
            "post_you": is_post * self.you[node],
            "post_quoting": is_post * self.quoting[node],
            "post_similarity": is_post * to_post,
            "previous": comment * (earlier == node - 1),
            "distance": comment * np.log1p(np.maximum(self.rank[node] - self.rank[at], 0)),
            "gap": np.log1p(gap),
            "similarity": similarity,
            "best_similarity": (similarity > 0) * (similarity == top_similarity),
            "relative_similarity": relative,
            "similar_rank": np.divide(1.0, rank, out=np.zeros_like(rank), where=rank > 0),
            "shared_rare": np.log1p(rare),
            "quotes": np.log1p(quotes),
            "best_quotes": (quotes > 0) * (quotes == top_quotes),
            "same_author": comment * (writer > 0) * (writer == others),
            "names_writer": comment * (others > 0) * (others != writer) * names.get(node, others),
            "named_by": comment * (writer > 0) * (others != writer) * names.get(at, writer),
            "alternation": alternation * (writer != others),
            "owner_answers": comment * self.owned[node],
            "to_owner": comment * self.owned[at] * (earlier >= 0),
            "question": comment * self.asks[at],
            "question_answered": comment * self.asks[at] * ~self.asks[node],
            "cue": cue,
        }
        rows = np.empty((len(options), len(FEATURES)))
        for column, name in enumerate(FEATURES):
            rows[:, column] = columns[name]
        return rows


def decide_many(
    model: Model,
    sizes: np.ndarray,
    scores: np.ndarray,
    rows: np.ndarray,
    stacks: Stacks | None = None,
) -> tuple[np.ndarray, list[float]]:
    """``decide`` for many comments: ``scores`` and ``rows`` hold each comment's options one
    comment after another, ``sizes`` of them (``stacks``: their Stacks, if made). Returns the
    row chosen for each comment (its place in ``rows``) and its confidence.

    Every probability is the same IEEE operation on the same numbers as in ``decide``, each
    comment's sum taken over its own probabilities alone (numpy sums one array pairwise,
    which ``reduceat`` does not); ties go to the first, as ``argmax`` gives them.
    """
    ends = np.cumsum(sizes)
    starts = ends - sizes
    if not np.isfinite(scores).all():  # never with shipped weights: decide comment by comment
        decided = [
            decide(model, [None] * (b - a), scores[a:b], rows[a:b])
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
        ]
        return starts + np.array([b for b, _ in decided], np.int64), [c for _, c in decided]
    group = np.repeat(np.arange(len(sizes)), sizes)
    probability = np.exp(scores - np.maximum.reduceat(scores, starts)[group])
    probability /= (stacks or Stacks(sizes)).sums(probability)[group]
    # The most likely option after the post: its first place among those as likely.
    rest = probability.copy()
    rest[starts] = -np.inf
    likeliest = np.flatnonzero(rest == np.maximum.reduceat(rest, starts)[group])
    after_post = likeliest[np.searchsorted(group[likeliest], np.arange(len(sizes)))]
    link = (sizes > 1) & (probability[starts] < model.link_below)
    best = np.where(link, after_post, starts)
    likely = probability[best]
    comment = model.confidences(likely, "comment")
    comment = np.where(supports(rows[best]) >= AGREEING, comment, np.minimum(comment, UNSUPPORTED))
    return best, np.where(link, comment, model.confidences(likely, "post")).tolist()


def decide(
    model: Model,
    options: list[int | None],
    scores: Sequence[float],
    rows: Sequence[Sequence[float]],
) -> tuple[int, float]:
    """The chosen option (its place in ``options``) and its calibrated confidence.

    In a busy thread each earlier comment is less likely alone than the post, even when
    together they are far more likely: so the most likely comment is chosen whenever the
    post (options[0]) is less likely than ``model.link_below``, and the confidence says how
    sure that one comment is. A comment chosen on fewer than AGREEING kinds of evidence stays
    below HIGH.
    """
    scores = np.asarray(scores, float)
    probability = np.exp(scores - scores.max())  # the scores are finite: Python's max
    probability /= probability.sum()
    if len(options) > 1 and probability[0] < model.link_below:
        best = 1 + int(np.argmax(probability[1:]))
        confidence = model.confidence(float(probability[best]), "comment")
        if support(rows[best]) < AGREEING:
            confidence = min(confidence, UNSUPPORTED)
        return best, confidence
    return 0, model.confidence(float(probability[0]), "post")


def support(row: list[float]) -> int:
    """How many independent kinds of evidence (EVIDENCE) speak for a candidate's row."""
    values = dict(zip(FEATURES, row, strict=True))
    return sum(any(values[name] > 0 for name in kind) for kind in EVIDENCE)


def supports(rows: np.ndarray) -> np.ndarray:
    """``support`` of each row."""
    return ((rows > 0) @ _KINDS > 0).sum(axis=1)


_KINDS = np.array([[name in kind for kind in EVIDENCE] for name in FEATURES], np.int64)
"""Which kind of EVIDENCE each feature is (a column per kind): a row's positive features
counted per kind by one product of integers."""
