"""What the reply model reads of pairs of nodes, for a whole thread at once, in numpy.

The TF-IDF cosine of two nodes, the rare words they share and the runs of words one takes
from the other are computed once per thread from indexes of words -> nodes, never over all
pairs: a stem used by more than COMMON nodes joins no pairs (its weight is
small where it is that common), so the cost grows with the thread's words, not its square.
Each comment is then offered its SIMILAR most similar earlier nodes as candidates: in a busy
flat thread the parent is often far back, behind other sub-threads.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from .arrays import picked_runs, stable_order
from .index import ThreadIndex

COMMON = 100  # a stem in more nodes than this links no pair (its IDF is small)
SIMILAR = 5  # the most similar earlier nodes each comment is offered
SHINGLE = 5  # words in a shingle: five shared words in a row are a quotation, not chance
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: mixes each word's hash into its run's


PAIRS_AT_ONCE = 1 << 18
"""Pairs of nodes sharing a stem expanded at a time: a bound on memory, not on the answer (a
flat thread of 13,000 comments made 550 MB of them at once)."""
DENSE_ENTRIES = 1 << 20
"""(node, stem) keys of a thread of at most this many (its nodes times its stems) are looked
up for the pairs asked for in a table with a place for each (4 MB at most)."""
DENSE_PAIRS = 1 << 16
"""Pairs (later, earlier) of a thread of at most this many (its size squared, or the pairs
expanded at once) are summed in a table with a place for each: no sort. ``np.bincount``
adds each pair's products in the order given either way, so the sums are the same bits."""


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
        return self.lookup(i, earlier)[0]

    def lookup(self, i: int | np.ndarray, earlier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``get``'s values, and whether the table holds each pair."""
        codes = np.asarray(i, dtype=np.int64) * self.size + earlier.astype(np.int64)
        if not len(self.codes):
            return np.zeros((len(codes), *self.values.shape[1:])), np.zeros(len(codes), bool)
        at = np.minimum(np.searchsorted(self.codes, codes), len(self.codes) - 1)
        found = self.codes[at] == codes
        return self.values[at] * found.reshape(-1, *[1] * (self.values.ndim - 1)), found


class Pairs:
    """Pair tables of one thread: ``shared`` (per pair: TF-IDF cosine, stems no other node
    uses, rank among the later node's most similar earlier nodes), ``quotes`` (runs taken),
    and each node's most similar earlier nodes."""

    def __init__(self, index: ThreadIndex, words: np.ndarray, lengths: np.ndarray) -> None:
        """``words``: each node's words as numbers (``StemVectors.numbered_words``), one node
        after another, ``lengths`` of them."""
        self.shared = SharedStems(index)
        self.similar = self.shared.similar
        self.quotes = PairTable(len(index.nodes), *_taken(words, lengths))


class SharedStems:
    """The ``shared`` values of pairs of nodes (TF-IDF cosine, stems no other node uses, rank
    among the later node's SIMILAR most similar earlier nodes, 0 past them), and ``similar``,
    each node's most similar earlier nodes, best first.

    Every pair sharing a stem is weighed to rank them, PAIRS_AT_ONCE at a time (all of a
    later node's pairs together); only the ranked ones are kept. Any other pair asked for is
    worked out again from its two nodes' stems, summed in the same order (stem by stem, in
    order of first use), so it reads the same bits as if it had been kept.
    """

    def __init__(self, index: ThreadIndex) -> None:
        self.size = size = len(index.nodes)
        node, stem, weight = stem_entries(index)
        used = np.bincount(stem, minlength=len(index.vectors.entries.names))
        holders = used[stem]
        keep = (holders >= 2) & (holders <= COMMON)
        self.rare = (used == 2).astype(float)  # per stem: no third node uses it
        self.stems = len(used)
        node, stem, weight = node[keep], stem[keep], weight[keep]
        # By node, then stem: a node's stems for pairs asked for, and (node, stem) keys (each
        # pair once: the sort needs no stability).
        keys = node * self.stems + stem
        order = np.argsort(keys)
        self.by_node = node[order], stem[order], weight[order]
        self.keys = keys[order]
        self.starts = np.searchsorted(self.by_node[0], np.arange(size + 1))
        self.similar: dict[int, list[int]] = {}
        order = _stem_order(*self.by_node[:2])
        by_node = np.empty_like(order)
        by_node[order] = np.arange(len(order))  # each entry's place in stem order
        self.table = self._ranked(*(values[order] for values in self.by_node), by_node)

    def _ranked(self, node: np.ndarray, stem: np.ndarray, weight: np.ndarray,
                by_node: np.ndarray) -> PairTable:
        """The ranked pairs, from the entries sorted by stem, then node (``by_node``: their
        places in that order, by node, then stem)."""
        group_start = np.searchsorted(stem, stem, side="left")
        before = np.arange(len(stem)) - group_start  # the earlier nodes sharing each entry
        pairs_of = np.cumsum(np.bincount(node, before, minlength=self.size))
        node_starts = self.starts  # each node's entries in by_node, as in by_node's arrays
        codes, rows, low = [], [], 0
        while low < self.size:
            done = pairs_of[low - 1] if low else 0
            high = max(int(np.searchsorted(pairs_of, done + PAIRS_AT_ONCE, "right")), low + 1)
            high = min(high, self.size)
            entries = (np.arange(len(by_node)) if low == 0 and high == self.size  # all
                       else np.sort(by_node[node_starts[low] : node_starts[high]]))  # stem order
            kept = self._rank_some(node, stem, weight, group_start[entries], before[entries],
                                   entries)
            codes.append(kept[0])
            rows.append(kept[1])
            low = high
        return PairTable(self.size, np.concatenate(codes), np.concatenate(rows))

    def _rank_some(self, node: np.ndarray, stem: np.ndarray, weight: np.ndarray,
                   group_start: np.ndarray, before: np.ndarray,
                   entries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ranked pairs whose later node holds ``entries`` (each pairing with the entries
        before it in its stem's group): their codes and rows."""
        later = np.repeat(entries, before)
        # Each pair's earlier entry: its group's start, plus its place among the pairs of its
        # later entry (one repeat for both).
        earlier = np.repeat(group_start - np.cumsum(before) + before, before)
        earlier += np.arange(len(later))
        pairs = (node * self.size)[later] + node[earlier]
        products, rare = weight[later] * weight[earlier], self.rare[stem[later]]
        if self.size * self.size <= max(DENSE_PAIRS, len(pairs)):
            # Every pair of the thread has a place of its own: counted, not sorted.
            codes = np.flatnonzero(np.bincount(pairs, minlength=self.size * self.size))
            similarity = np.bincount(pairs, products, self.size * self.size)[codes]
            rare = np.bincount(pairs, rare, self.size * self.size)[codes]
        else:
            codes, inverse = np.unique(pairs, return_inverse=True)
            similarity = np.bincount(inverse, products, len(codes))
            rare = np.bincount(inverse, rare, len(codes))
        second, first = codes // self.size, codes % self.size
        order, rank = rank_similar(second, similarity)
        top = order[rank[order] > 0]
        for later, other in zip(second[top].tolist(), first[top].tolist(), strict=True):
            self.similar.setdefault(later, []).append(other)
        ranked = rank > 0
        return codes[ranked], np.column_stack([similarity, rare, rank])[ranked]

    def get(self, i: int | np.ndarray, earlier: np.ndarray) -> np.ndarray:
        """The row of each pair (i, earlier[k]); ``i`` a node or one node per pair."""
        later = np.broadcast_to(np.asarray(i, dtype=np.int64), earlier.shape)
        rows, found = self.table.lookup(later, earlier)
        asked = np.flatnonzero(~found & (earlier.astype(np.int64) < later))
        rows[asked, 0], rows[asked, 1] = self._weighed(later[asked], earlier[asked])
        return rows

    @cached_property
    def _places(self) -> np.ndarray | None:
        """Each (node, stem) key's place in ``keys`` (-1: none), for a thread of at most
        DENSE_ENTRIES keys (a binary search per key cost ten times more); None for others."""
        if self.size * self.stems > DENSE_ENTRIES:
            return None
        places = np.full(self.size * self.stems, -1, np.int32)
        places[self.keys] = np.arange(len(self.keys), dtype=np.int32)
        return places

    def _weighed(self, later: np.ndarray, earlier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The cosine and rare stems of pairs, from the later node's stems (in stem order)
        found among the earlier node's."""
        node, stem, weight = self.by_node
        at, pair = picked_runs(self.starts, later)
        keys = earlier.astype(np.int64)[pair] * self.stems + stem[at]
        if self._places is not None:
            other = self._places[keys]
            shared = other >= 0
        else:
            other = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
            shared = self.keys[other] == keys if len(self.keys) else np.zeros(len(keys), bool)
        pair, at, other = pair[shared], at[shared], other[shared]
        return (np.bincount(pair, weight[at] * weight[other], len(later)),
                np.bincount(pair, self.rare[stem[at]], len(later)))


def _stem_order(node: np.ndarray, stem: np.ndarray) -> np.ndarray:
    """The order of the entries by stem, then node."""
    return np.argsort(stem * (int(node.max(initial=0)) + 1) + node)  # each key once


def rank_similar(later: np.ndarray, similarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs in order of (later node, similarity from high to low, earlier node), and each
    pair's rank among its later node's pairs (1, 2, ..., 0 past SIMILAR).

    The pairs come sorted by (later, earlier) node: a stable sort by similarity keeps that
    order among equal ones, so sorting those places by later node gives the order sought
    (the key stays below the pairs squared, far from 2 ** 63)."""
    size = len(later)
    by_similarity = stable_order(-similarity)
    place = np.empty_like(by_similarity)
    place[by_similarity] = np.arange(size)
    order = np.argsort(later * size + place)
    starts = np.searchsorted(later[order], later[order], side="left")
    rank = np.zeros(len(later))
    rank[order] = np.arange(len(order)) - starts + 1
    rank[rank > SIMILAR] = 0
    return order, rank


def stem_entries(index: ThreadIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (node, stem) of the thread: node, stem id (in order of first use), and the stem's
    unit TF-IDF weight in the node, ``count * idf / norm`` as Python computes it."""
    # The stems are in order of first use: the pairs are summed in that order. The products
    # are the ones the norms were summed from; the same IEEE quotient per entry as in Python.
    vectors = index.vectors
    entries = vectors.entries
    norms = np.array(vectors.norms, float)
    norms[norms == 0] = 1.0
    return entries.node, entries.stem, vectors.weights / norms[entries.node]


def _taken(words: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How many runs of SHINGLE words each node takes from each earlier node, as (codes, counts),
    from each node's words as numbers (``wordcut.number_words``), ``lengths`` of them a node.

    A run counts once, for the latest earlier node holding it: mail quotes the whole chain
    it answers, and a reply quotes the node that quoted. Runs are told apart by a 64-bit
    hash of their words' numbers, as a tuple's hash told them apart before.
    """
    size = len(lengths)
    runs = len(words) - SHINGLE + 1
    if runs <= 0:
        return np.zeros(0, np.int64), np.zeros(0)
    words = words.view(np.uint64)
    shingle = words[:runs].copy()
    for s in range(1, SHINGLE):
        shingle *= _MIX  # wraps modulo 2 ** 64
        shingle += words[s : s + runs]
    holder = np.repeat(np.arange(size, dtype=np.int64), lengths)[:runs]
    inside = np.arange(SHINGLE, runs + SHINGLE) <= np.cumsum(lengths)[holder]  # one node's words
    shingle, holder = shingle[inside], holder[inside]
    order = stable_order(shingle)  # the holders stay in thread order
    shingle, holder = shingle[order], holder[order]
    del order
    first = np.ones(len(shingle), bool)
    first[1:] = (shingle[1:] != shingle[:-1]) | (holder[1:] != holder[:-1])
    shingle, holder = shingle[first], holder[first]  # each node's run once
    follows = np.flatnonzero(shingle[1:] == shingle[:-1]) + 1
    codes, counts = np.unique(holder[follows] * size + holder[follows - 1], return_counts=True)
    return codes, counts.astype(float)
