"""Seeds grown into passages: word by word in both directions, stepping over small edits.

Seeds (pairs of equal rare grams, from ``ngrams``) are grouped by the pair of nodes they
join, earliest holder first. A pair of nodes needs two seeds (one when ``min_words`` is
within a gram of the gram size), so that a gram shared by chance costs no extension. A seed
inside a passage already found in its node is skipped: each word is extended over about
once, so cost grows with the number of words, however long a node is.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .ngrams import GRAM, Corpus, Doc, find_seeds
from .workers import Clock, iterate_forked

if TYPE_CHECKING:
    from . import Options

# Words that must agree after an edit before the extension steps over it; a passage too
# short with three is grown again with two (an edit two words from a short quote's end).
_RESUME = 3
_RESUME_SHORT = 2
# (source, target) words skipped over an edit; (1, 3) and (3, 1) are a word that lost its
# punctuation: "nonperlparlance" for "non-perl-parlance".
_STEPS = ((1, 1), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
_WORDS_PER_EDIT = 12  # one edit is allowed, and one more per this many words matched
_SEEDS = 200_000  # seeds extended in one task (a source's seeds stay in one)


@dataclass(slots=True)
class Match:
    """A passage of doc ``source`` (words a0:a1) that also stands in doc ``target`` (b0:b1)."""

    source: int
    target: int
    a0: int
    a1: int
    b0: int
    b1: int
    matched: int
    marked: bool = False
    joined: bool = False  # pieces joined across an ellipsis
    gaps: tuple[int, int] = (0, 0)  # words left out between joined pieces (source, target)

    @classmethod
    def from_row(cls, row: list[int], marked: bool = False) -> Match:
        """The match of a ``row`` (its fields up to ``matched``)."""
        return cls(*row, marked=marked)

    def row(self) -> tuple[int, ...]:
        """Its fields up to ``matched``: compact to hand between processes as numbers."""
        return (self.source, self.target, self.a0, self.a1, self.b0, self.b1, self.matched)

    @property
    def score(self) -> float:
        size = max(self.a1 - self.a0 - self.gaps[0], self.b1 - self.b0 - self.gaps[1])
        return round(self.matched / size, 3)


class _Covered:
    """Disjoint sorted word ranges of one node that passages cover already."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def __contains__(self, position: int) -> bool:
        at = bisect_right(self.starts, position) - 1
        return at >= 0 and position < self.ends[at]

    def add(self, start: int, end: int) -> None:
        """Add start:end, merging the ranges it touches."""
        low = bisect_right(self.ends, start - 1)  # first range ending at or after start
        high = bisect_right(self.starts, end)  # ranges from here start after end
        if low < high:
            start = min(start, self.starts[low])
            end = max(end, self.ends[high - 1])
        self.starts[low:high] = [start]
        self.ends[low:high] = [end]


def seeded_matches(
    docs: list[Doc], options: Options, jobs: int = 1, clock: Clock | None = None,
    apart: bool = False,
) -> tuple[Corpus, list[Match]]:
    """Passages of at least ``min_words`` words, each pointing to its earliest holder.

    A passage must also hold ``min_words`` words of grams that are not common. ``jobs``
    processes extend the seeds, each the seeds of a range of source docs. With ``apart``,
    passages stay within their thread (``find_seeds``).
    """
    clock = clock or Clock()
    corpus, later, earlier = find_seeds(docs, options, jobs, clock, apart)
    seeds = pair_seeds(corpus, later, earlier, options)
    del later, earlier
    found = [
        Match.from_row(row)
        for part in iterate_forked(extend_pairs, _ranges(seeds), jobs, corpus=corpus,
                                   seeds=seeds, options=options)
        for row in part.tolist()
    ]
    clock.lap("extend seeds")
    return corpus, found


@dataclass(slots=True)
class _Seeds:
    """Seeds sorted by (source doc, target doc, position), and the pairs of docs worth
    extending: seeds ``lows[k]:highs[k]`` join one pair."""

    source: np.ndarray
    target: np.ndarray
    later: np.ndarray
    earlier: np.ndarray
    lows: np.ndarray
    highs: np.ndarray


def pair_seeds(
    corpus: Corpus, later: np.ndarray, earlier: np.ndarray, options: Options
) -> _Seeds:
    """Group seeds by pair of docs; keep the pairs with enough seeds to make a passage."""
    starts = corpus.starts
    source = np.searchsorted(starts, later, side="right") - 1
    target = np.searchsorted(starts, earlier, side="right") - 1
    order = np.lexsort((later, target, source))
    source, target, later, earlier = source[order], target[order], later[order], earlier[order]
    pair = np.ones(len(source), bool)
    pair[1:] = (source[1:] != source[:-1]) | (target[1:] != target[:-1])
    lows = np.flatnonzero(pair)
    highs = np.append(lows[1:], len(source))
    enough = highs - lows >= (1 if options.min_words <= GRAM + 1 else 2)
    single = np.flatnonzero(~enough)
    enough[single[_may_grow(corpus.tokens, later[lows[single]], earlier[lows[single]])]] = True
    return _Seeds(source, target, later, earlier, lows[enough], highs[enough])


def _may_grow(tokens: np.ndarray, later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    """Which lone seeds (gram positions) have two more words in common just past an edit of
    a word, either side: a short quote with a word changed holds one unedited gram only.

    A gram shared by chance mostly fails this, so it is never extended word by word.
    """
    size = len(tokens)
    grows = np.zeros(len(later), bool)
    for skip_a, skip_b in ((1, 1), (0, 1), (1, 0), (0, 0)):
        for ahead in (True, False):
            agree = np.ones(len(later), bool)
            for k in range(_RESUME_SHORT):
                if ahead:
                    a, b = later + GRAM + skip_a + k, earlier + GRAM + skip_b + k
                else:
                    a, b = later - 1 - skip_a - k, earlier - 1 - skip_b - k
                a, b = np.clip(a, 0, size - 1), np.clip(b, 0, size - 1)
                agree &= tokens[a] == tokens[b]
            grows |= agree
    return grows


def _ranges(seeds: _Seeds) -> list[tuple[int, int]]:
    """Ranges of pairs of about ``_SEEDS`` seeds each, never splitting one source's pairs."""
    count = len(seeds.lows)
    if not count:
        return []
    firsts = np.flatnonzero(np.diff(seeds.source[seeds.lows], prepend=-1))  # a source's first pair
    picks = np.searchsorted(seeds.lows[firsts], np.arange(_SEEDS, int(seeds.highs[-1]), _SEEDS))
    cuts = sorted({0, count, *firsts[picks[picks < len(firsts)]].tolist()})
    return list(zip(cuts[:-1], cuts[1:], strict=True))


def extend_pairs(
    bounds: tuple[int, int], corpus: Corpus, seeds: _Seeds, options: Options
) -> np.ndarray:
    """Extend the seeds of pairs low:high; one row per passage (the fields of a Match)."""
    starts = corpus.starts
    found: list[tuple[int, ...]] = []
    last_source = -1
    covered = _Covered()
    mine: list[int] = []
    lows, highs = seeds.lows[bounds[0] : bounds[1]], seeds.highs[bounds[0] : bounds[1]]
    if not len(lows):
        return np.zeros((0, 7), np.int64)
    # Every seed's position in its source and in its target, for all the pairs at once.
    first, last = int(lows[0]), int(highs[-1])
    sources, targets = seeds.source[first:last], seeds.target[first:last]
    all_positions = (seeds.later[first:last] - starts[sources]).tolist()
    all_wheres = (seeds.earlier[first:last] - starts[targets]).tolist()
    numbers, others = seeds.source[lows].tolist(), seeds.target[lows].tolist()
    for low, high, number, other in zip((lows - first).tolist(), (highs - first).tolist(),
                                        numbers, others, strict=True):
        if number != last_source:
            last_source, covered, mine = number, _Covered(), corpus.words_of(number)
        theirs = mine if other == number else corpus.words_of(other)
        # The pair's seeds, by position in the source (as sorted), and in the target.
        positions, wheres = all_positions[low:high], all_wheres[low:high]
        next_seed, count = 0, len(positions)
        while next_seed < count:
            seed, next_seed = next_seed, next_seed + 1
            position = positions[seed]
            if position in covered:
                continue
            match = _extend(mine, theirs, position, wheres[seed], number, other)
            if min(match.a1 - match.a0, match.matched) < options.min_words:
                match = _extend(mine, theirs, position, wheres[seed], number, other,
                                _RESUME_SHORT)
            if other == number and match.b1 > match.a0:
                covered.add(match.a0, match.a1)  # a stretch overlapping itself ("ha ha ha")
            elif (
                match.a1 - match.a0 >= options.min_words
                and match.matched >= options.min_words - (match.matched < match.a1 - match.a0)
                and corpus.rare_words(number, match.a0, match.a1) >= options.min_words
            ):
                found.append(match.row())
                covered.add(match.a0, match.a1)
            else:
                continue
            # The seeds after this one up to the match's end lie in it (a0 <= position):
            # covered, so passed over at once.
            next_seed = bisect_left(positions, match.a1, next_seed)
    return np.array(found, np.int64).reshape(-1, 7)


def _extend(
    a: list[int], b: list[int], i: int, k: int, source: int, target: int, resume: int = _RESUME
) -> Match:
    """Grow the shared run a[i:] == b[k:] both ways, stepping over small edits."""
    a1, b1, right = _grow(a, b, i + GRAM, k + GRAM, resume)
    a0, b0, left = _grow_back(a, b, i, k, right, resume)
    return Match(source, target, a0, a1, b0, b1, GRAM + right + left)


def _grow(a: list[int], b: list[int], i: int, k: int, resume: int) -> tuple[int, int, int]:
    """Extend a match forward from a[i], b[k]; return both ends and the words matched.

    An edit (a word changed, dropped or added, or two) is stepped over when the next
    ``resume`` words agree again; one edit is allowed, and one more for every 12 words matched.
    """
    matched = edits = 0
    size_a, size_b = len(a), len(b)
    while True:
        while i < size_a and k < size_b and a[i] == b[k]:
            i += 1
            k += 1
            matched += 1
        if i >= size_a or k >= size_b or edits + 1 > 1 + (matched + GRAM) // _WORDS_PER_EDIT:
            return i, k, matched
        for skip_a, skip_b in _STEPS:
            ahead = a[i + skip_a : i + skip_a + resume]
            if len(ahead) == resume and ahead == b[k + skip_b : k + skip_b + resume]:
                i += skip_a
                k += skip_b
                edits += 1
                break
        else:
            return i, k, matched


def _grow_back(
    a: list[int], b: list[int], i: int, k: int, before: int, resume: int
) -> tuple[int, int, int]:
    """Extend a match backward from a[i - 1], b[k - 1], as ``_grow`` does forward.

    ``before`` words matched forward already count toward the edits allowed.
    """
    matched = edits = 0
    while True:
        while i > 0 and k > 0 and a[i - 1] == b[k - 1]:
            i -= 1
            k -= 1
            matched += 1
        if i <= 0 or k <= 0 or edits + 1 > 1 + (matched + before + GRAM) // _WORDS_PER_EDIT:
            return i, k, matched
        for skip_a, skip_b in _STEPS:
            end_a, end_b = i - skip_a, k - skip_b
            if (
                end_a >= resume
                and end_b >= resume
                and a[end_a - resume : end_a] == b[end_b - resume : end_b]
            ):
                i, k = end_a, end_b
                edits += 1
                break
        else:
            return i, k, matched
