"""The stems pairs of nodes share, rarest first: ``ThreadIndex.shared`` for many pairs at once.

The evidence of a chosen parent names a few words the two comments share; a thread's
chosen pairs are looked up together in its stem entries, in numpy, instead of building
each node's counted stems in Python.
"""

from __future__ import annotations

import numpy as np

from .arrays import picked_runs
from .index import ThreadIndex
from .stem_vectors import Entries


def rarest_shared(
    index: ThreadIndex, later: np.ndarray, earlier: np.ndarray, rare: float, most: int
) -> list[list[str]]:
    """For each pair, the first ``most`` of ``index.shared(index.stems[later], earlier)``, of
    those whose IDF is ``rare`` or more alone when there are any.

    ``index.shared`` keeps the later node's order of first use among stems as rare (a
    stable sort); a stable sort of the same keys here does too.
    """
    entries, idf = index.vectors.entries, index.vectors.idf_values
    width = max(len(idf), 1)
    pair, stem = _stems(entries, np.asarray(later, np.int64))
    # Each pair's earlier node's stems as (pair, stem) keys, in order: only the pairs' nodes
    # are sorted, not the thread's.
    held_pair, held_stem = _stems(entries, np.asarray(earlier, np.int64))
    held = np.sort(held_pair * width + held_stem)
    sought = pair * width + stem
    spot = np.minimum(np.searchsorted(held, sought), max(len(held) - 1, 0))
    shared = held[spot] == sought
    pair, stem = pair[shared], stem[shared]
    weight = idf[stem]
    order = np.lexsort((-weight, pair))  # rarest first, then in the later node's order
    pair, stem, weight = pair[order], stem[order], weight[order]
    place = np.arange(len(pair)) - np.searchsorted(pair, pair)  # among the pair's stems
    # The rare ones come first: when there are any, only they are kept.
    rares = np.bincount(pair, weight >= rare, len(later)).astype(np.int64)
    keep = place < np.where(rares > 0, np.minimum(rares, most), most)[pair]
    found: list[list[str]] = [[] for _ in range(len(later))]
    names = entries.names
    for k, s in zip(pair[keep].tolist(), stem[keep].tolist(), strict=True):
        found[k].append(names[s])
    return found


def _stems(entries: Entries, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The entries of each of ``nodes`` in turn, as (place in ``nodes``, stem)."""
    at, place = picked_runs(entries.starts, nodes)
    return place, entries.stem[at]
