"""What the reply model reads of pairs of nodes, for a whole thread at once, in numpy.

The TF-IDF cosine of two nodes, the rare words they share, the runs of words one takes from
the other, and who names whom are computed once per thread from indexes of words -> nodes,
never over all pairs: a stem used by more than COMMON nodes joins no pairs (its weight is
small where it is that common), so the cost grows with the thread's words, not its square.
Each comment is then offered its SIMILAR most similar earlier nodes as candidates: in a busy
flat thread the parent is often far back, behind other sub-threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np

from .index import ThreadIndex

COMMON = 100  # a stem in more nodes than this links no pair (its IDF is small)
SIMILAR = 5  # the most similar earlier nodes each comment is offered
SHINGLE = 5  # words in a shingle: five shared words in a row are a quotation, not chance
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: mixes each word's hash into its run's
NAME_PART = 3  # the least letters of a name word that counts as naming its writer


class PairTable:
    """Values of pairs (later node, earlier node): a number or a row of them per pair; absent
    pairs read 0."""

    def __init__(self, size: int, codes: np.ndarray, values: np.ndarray) -> None:
        self.size = size
        if np.all(codes[1:] > codes[:-1]):  # as np.unique gives them: no sort needed
            self.codes, self.values = codes, values
        else:
            order = np.argsort(codes, kind="stable")
            self.codes, self.values = codes[order], values[order]

    def get(self, i: int | np.ndarray, earlier: np.ndarray) -> np.ndarray:
        """The value of each pair (i, earlier[k]); ``i`` a node or one node per pair."""
        codes = np.asarray(i, dtype=np.int64) * self.size + earlier.astype(np.int64)
        if not len(self.codes):
            return np.zeros((len(codes), *self.values.shape[1:]))
        at = np.minimum(np.searchsorted(self.codes, codes), len(self.codes) - 1)
        found = self.codes[at] == codes
        return self.values[at] * found.reshape(-1, *[1] * (self.values.ndim - 1))


class Pairs:
    """Pair tables of one thread: ``shared`` (per pair: TF-IDF cosine, stems no other node
    uses, rank among the later node's most similar earlier nodes), ``quotes`` (runs taken),
    and each node's most similar earlier nodes."""

    def __init__(self, index: ThreadIndex) -> None:
        size = len(index.nodes)
        later, earlier, weights, rare = _shared_stems(index)
        codes, inverse = np.unique(later * size + earlier, return_inverse=True)
        similarity = np.bincount(inverse, weights, len(codes))
        second, first = codes // size, codes % size
        order, rank = rank_similar(second, similarity)
        shared = np.column_stack([similarity, np.bincount(inverse, rare, len(codes)), rank])
        self.shared = PairTable(size, codes, shared)
        self.quotes = PairTable(size, *_taken(index.vectors.words, size))
        self.similar: dict[int, list[int]] = {}
        top = order[rank[order] > 0]
        for node, other in zip(second[top].tolist(), first[top].tolist(), strict=True):
            self.similar.setdefault(node, []).append(other)


def rank_similar(later: np.ndarray, similarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs in order of (later node, similarity from high to low, earlier node), and each
    pair's rank among its later node's pairs (1, 2, ..., 0 past SIMILAR).

    The pairs come sorted by (later, earlier) node: a stable sort by similarity keeps that
    order among equal ones, so sorting those places by later node gives the order sought
    (the key stays below the pairs squared, far from 2 ** 63)."""
    by_similarity = np.argsort(-similarity, kind="stable")
    place = np.empty_like(by_similarity)
    place[by_similarity] = np.arange(len(later))
    order = np.argsort(later * len(later) + place)
    starts = np.searchsorted(later[order], later[order], side="left")
    rank = np.zeros(len(later))
    rank[order] = np.arange(len(order)) - starts + 1
    rank[rank > SIMILAR] = 0
    return order, rank


def _shared_stems(index: ThreadIndex) -> tuple[np.ndarray, ...]:
    """Every pair of nodes sharing a stem of at most COMMON nodes: (later, earlier, the product
    of the stem's unit TF-IDF weights in each, 1 when no other node uses the stem)."""
    node, stem, weight = stem_entries(index)
    used = np.bincount(stem, minlength=len(index.idf))
    keep = (used[stem] >= 2) & (used[stem] <= COMMON)
    node, stem, weight = node[keep], stem[keep], weight[keep]
    order = np.lexsort((node, stem))
    node, stem, weight = node[order], stem[order], weight[order]
    # Each entry pairs with the entries before it in its stem's group (earlier nodes).
    group_start = np.searchsorted(stem, stem, side="left")
    before = np.arange(len(stem)) - group_start
    later = np.repeat(np.arange(len(stem)), before)
    offsets = np.arange(len(later)) - np.repeat(np.cumsum(before) - before, before)
    earlier = np.repeat(group_start, before) + offsets
    rare = (used[stem[later]] == 2).astype(float)
    return node[later], node[earlier], weight[later] * weight[earlier], rare


def stem_entries(index: ThreadIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (node, stem) of the thread: node, stem id (in order of first use), and the stem's
    unit TF-IDF weight in the node, ``count * idf / norm`` as Python computes it."""
    # The stems are in order of first use: the pairs are summed in that order.
    node, stem, count = index.vectors.entries
    # The same IEEE product and quotient per entry as in Python, done in numpy.
    weight = count * np.fromiter(index.idf.values(), float, len(index.idf))[stem]
    return node, stem, weight / np.array([norm or 1.0 for norm in index.norms], float)[node]


def _taken(tokens: Sequence[list[str]], size: int) -> tuple[np.ndarray, np.ndarray]:
    """How many runs of SHINGLE words each node takes from each earlier node, as (codes, counts).

    A run counts once, for the latest earlier node holding it: mail quotes the whole chain
    it answers, and a reply quotes the node that quoted. Runs are told apart by a 64-bit
    hash of their words' hashes, as a tuple's hash told them apart before.
    """
    lengths = np.fromiter(map(len, tokens), np.int64, len(tokens))
    words = np.fromiter(map(hash, chain.from_iterable(tokens)), np.int64, int(lengths.sum()))
    runs = len(words) - SHINGLE + 1
    if runs <= 0:
        return np.zeros(0, np.int64), np.zeros(0)
    words = words.view(np.uint64)
    shingle = words[:runs].copy()
    for s in range(1, SHINGLE):
        shingle *= _MIX  # wraps modulo 2 ** 64
        shingle += words[s : s + runs]
    holder = np.repeat(np.arange(len(tokens), dtype=np.int64), lengths)[:runs]
    inside = np.arange(SHINGLE, runs + SHINGLE) <= np.cumsum(lengths)[holder]  # one node's words
    shingle, holder = shingle[inside], holder[inside]
    order = np.argsort(shingle, kind="stable")  # the holders stay in thread order
    shingle, holder = shingle[order], holder[order]
    first = np.ones(len(shingle), bool)
    first[1:] = (shingle[1:] != shingle[:-1]) | (holder[1:] != holder[:-1])
    shingle, holder = shingle[first], holder[first]  # each node's run once
    follows = np.flatnonzero(shingle[1:] == shingle[:-1]) + 1
    codes, counts = np.unique(holder[follows] * size + holder[follows - 1], return_counts=True)
    return codes, counts.astype(float)
