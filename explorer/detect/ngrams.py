"""Seed and extend over one index of hashed word n-grams, for a whole corpus.

Every node's normalised tokens are cut into word 4-grams; every 5th gram of each node goes
into a hash index, and every gram of every node is looked up in it, so any shared run of 8 or
more words meets at least one indexed gram (a seed). Seeds are extended word by word in both
directions, stepping over a changed, dropped or added word. Grams found in very many nodes
(boilerplate, signatures) never seed a passage, and a passage must hold ``min_words`` words
outside them. Cost grows with the number of words, not of pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Node
from ..text import quotation_spans, word_spans

if TYPE_CHECKING:
    from . import Options

GRAM = 4  # words per indexed gram
STRIDE = 5  # index every STRIDE-th gram: runs of GRAM + STRIDE - 1 = 8 words always meet one
_POS_BITS = 24  # a posting packs (node number << _POS_BITS) | word position
_POS_MASK = (1 << _POS_BITS) - 1
_RESUME = 3  # words that must agree after an edit before the extension steps over it
_STEPS = ((1, 1), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2))  # (skipped source, skipped target)


@dataclass(slots=True)
class Doc:
    """A node with what detection needs: its thread, normalised words, and later its spans."""

    node: Node
    thread: int
    norm: str
    _spans: list[tuple[int, int]] | None = None
    _marked: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = word_spans(self.node.text)
        return self._spans

    @property
    def marked(self) -> list[tuple[int, int]]:
        if self._marked is None:
            self._marked = quotation_spans(self.node.text)
        return self._marked


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

    @property
    def score(self) -> float:
        size = max(self.a1 - self.a0 - self.gaps[0], self.b1 - self.b0 - self.gaps[1])
        return round(self.matched / size, 3)


def common_limit(count: int, options: Options) -> int:
    """Nodes a gram or passage may stand in, of ``count``, before it counts as common."""
    return max(options.common_nodes, int(options.max_share * count))


def _grams(tokens: list[str]) -> list[int]:
    """Hashes of every GRAM-word run of a token list, in order."""
    return list(map(hash, zip(*(tokens[k:] for k in range(GRAM)), strict=False)))


@dataclass(slots=True)
class _Index:
    """Postings of every STRIDE-th gram of each doc, and which grams are shared or common."""

    postings: dict[int, object]  # gram -> posting (int) or postings (list); COMMON if common
    shared: set[int]  # grams indexed more than once
    holders: dict[int, int] = field(default_factory=dict)  # gram -> docs holding it (shared)
    limit: int = 0  # docs a gram or passage may stand in before it counts as common

    def rare(self, key: int) -> bool:
        held = self.postings.get(key)
        return held is not _COMMON and self.holders.get(key, 0) <= self.limit


_COMMON = False


def _build_index(docs: list[Doc], options: Options) -> _Index:
    """Index every STRIDE-th gram of each doc; grams indexed in too many docs count as common."""
    index: dict[int, object] = {}
    get = index.get
    for number, doc in enumerate(docs):
        tokens = doc.norm.split()
        base = number << _POS_BITS
        keys = list(map(hash, zip(*(tokens[k::STRIDE] for k in range(GRAM)), strict=False)))
        fresh = dict(zip(keys, range(base, base + len(keys) * STRIDE, STRIDE), strict=True))
        # Most grams are new: add them in one C call, and only walk docs with a known gram.
        if len(fresh) == len(keys) and not index.keys() & fresh.keys():
            index.update(fresh)
            continue
        for position, key in enumerate(keys):
            posting = base | (position * STRIDE)
            held = get(key)
            if held is None:
                index[key] = posting
            elif type(held) is int:
                index[key] = [held, posting]
            else:
                held.append(posting)
    # Docs holding a gram at an indexed position are a lower bound of the docs holding it,
    # so a gram indexed in more than the limit is surely common: drop it before it seeds.
    limit = common_limit(len(docs), options)
    shared = set()
    for key, held in index.items():
        if type(held) is list:
            if len(held) > limit and len({p >> _POS_BITS for p in held}) > limit:
                index[key] = _COMMON
            else:
                shared.add(key)
    return _Index(index, shared, limit=limit)


def seeded_matches(docs: list[Doc], options: Options) -> list[Match]:
    """Passages of at least ``min_words`` words, each pointing to its earliest occurrence.

    Every gram of every doc is looked up first, counting the docs each shared gram stands in;
    then seeds are extended, and a passage must hold ``min_words`` words of rare grams.
    """
    index = _build_index(docs, options)
    postings, shared, holders = index.postings, index.shared, index.holders
    pending: list[tuple[int, dict[int, list[int]]]] = []  # grams held elsewhere, by doc
    for number, doc in enumerate(docs):
        tokens = doc.norm.split()
        if len(tokens) < GRAM:
            continue
        grams = _grams(tokens)
        everything = set(grams)
        # Set operations in C find the few grams held elsewhere: a doc's own indexed grams
        # are in the index too, but only count when another doc holds them as well.
        own = set(grams[::STRIDE])
        keys = postings.keys()  # keys() & set walks the small set, set & dict the big dict
        found = keys & everything.difference(own)
        found.update(own.intersection(shared))
        twice: set[int] = set()
        if len(everything) < len(grams):  # a gram twice in the doc: maybe a repeat within it
            seen: set[int] = set()
            twice = {key for key in grams if key in seen or seen.add(key)}
            found.update(keys & twice)
        if not found:
            continue
        where: dict[int, list[int]] = {}
        for key in found:
            if postings[key] is not _COMMON:
                holders[key] = holders.get(key, 0) + 1
                where[key] = []
        if where:
            for key, positions in where.items():
                at = grams.index(key)  # in C; a gram rarely stands twice in one doc
                positions.append(at)
                if key in twice:
                    positions += [p for p in range(at + 1, len(grams)) if grams[p] == key]
            pending.append((number, where))
    found_matches: list[Match] = []
    for number, where in pending:
        seeds = []
        for key, positions in where.items():
            if holders[key] > index.limit:
                continue
            held = postings[key]
            for position in positions:
                own = (number << _POS_BITS) | position
                if type(held) is int:
                    if held < own:
                        seeds.append((held, position))
                else:
                    seeds.extend((posting, position) for posting in held if posting < own)
        if seeds:
            tokens = docs[number].norm.split()
            matches = _extend_seeds(docs, number, tokens, seeds, options)
            grams = _grams(tokens) if matches else []  # recomputed: cheaper than kept
            for match in matches:
                if _rare_words(index, grams, match.a0, match.a1) >= options.min_words:
                    found_matches.append(match)
    return found_matches


def _rare_words(index: _Index, grams: list[int], a0: int, a1: int) -> int:
    """Words of a0:a1 covered by rare grams: what is left once common phrases are discounted."""
    covered = 0
    reach = a0
    for position in range(a0, max(a0, a1 - GRAM + 1)):
        if index.rare(grams[position]):
            end = position + GRAM
            covered += end - max(reach, position)
            reach = end
    return covered


def _extend_seeds(
    docs: list[Doc], number: int, tokens: list[str], seeds: list[tuple[int, int]], options
) -> list[Match]:
    """Extend seeds, earliest target first, skipping seeds inside passages already found."""
    seeds.sort()
    covered: list[tuple[int, int]] = []
    cache: dict[int, list[str]] = {number: tokens}
    found = []
    for posting, position in seeds:
        if any(start <= position < end for start, end in covered):
            continue
        target, where = posting >> _POS_BITS, posting & _POS_MASK
        other = cache.get(target)
        if other is None:
            other = cache[target] = docs[target].norm.split()
        if tokens[position : position + GRAM] != other[where : where + GRAM]:
            continue  # a hash collision
        match = _extend(tokens, other, position, where, number, target)
        if target == number and match.b1 > match.a0:
            continue  # a stretch overlapping itself ("ha ha ha ha"), not a repeat
        if match.a1 - match.a0 >= options.min_words and match.matched >= options.min_words:
            found.append(match)
            covered.append((match.a0, match.a1))
    return found


def _extend(a: list[str], b: list[str], i: int, k: int, source: int, target: int) -> Match:
    """Grow the shared run a[i:] == b[k:] both ways, stepping over small edits."""
    a1, b1, right = _grow(a, b, i + GRAM, k + GRAM)
    a0, b0, left = _grow_back(a, b, i, k, right)
    return Match(source, target, a0, a1, b0, b1, GRAM + right + left)


def _grow(a: list[str], b: list[str], i: int, k: int) -> tuple[int, int, int]:
    """Extend a match forward from a[i], b[k]; return both ends and the words matched.

    An edit (a word changed, dropped or added, or two) is stepped over when the next words
    agree again; one edit is allowed, and one more for every 12 words matched.
    """
    matched = edits = 0
    size_a, size_b = len(a), len(b)
    while True:
        while i < size_a and k < size_b and a[i] == b[k]:
            i += 1
            k += 1
            matched += 1
        if i >= size_a or k >= size_b or edits + 1 > 1 + (matched + GRAM) // 12:
            return i, k, matched
        for skip_a, skip_b in _STEPS:
            ahead = a[i + skip_a : i + skip_a + _RESUME]
            if len(ahead) == _RESUME and ahead == b[k + skip_b : k + skip_b + _RESUME]:
                i += skip_a
                k += skip_b
                edits += 1
                break
        else:
            return i, k, matched


def _grow_back(a: list[str], b: list[str], i: int, k: int, before: int) -> tuple[int, int, int]:
    """Extend a match backward from a[i - 1], b[k - 1], as ``_grow`` does forward.

    ``before`` words matched forward already count toward the edits allowed.
    """
    matched = edits = 0
    while True:
        while i > 0 and k > 0 and a[i - 1] == b[k - 1]:
            i -= 1
            k -= 1
            matched += 1
        if i <= 0 or k <= 0 or edits + 1 > 1 + (matched + before + GRAM) // 12:
            return i, k, matched
        for skip_a, skip_b in _STEPS:
            end_a, end_b = i - skip_a, k - skip_b
            if (
                end_a >= _RESUME
                and end_b >= _RESUME
                and a[end_a - _RESUME : end_a] == b[end_b - _RESUME : end_b]
            ):
                i, k = end_a, end_b
                edits += 1
                break
        else:
            return i, k, matched
