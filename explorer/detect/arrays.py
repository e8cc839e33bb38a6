"""Numpy steps several detectors share: a fast stable sort, the positions of runs, and of
chosen runs of a table. (Which doc holds each position is ``wordcut.docs_of``.)"""

from __future__ import annotations

import numpy as np


def stable_order(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` of 64-bit keys from two unstable sorts, twice as
    fast: the keys' ranks, then each index ranked by its key's rank and itself."""
    order = np.argsort(keys)
    ordered = keys[order]
    ranks = np.zeros(len(keys), np.int64)
    np.cumsum(ordered[1:] != ordered[:-1], out=ranks[1:])
    return np.sort(ranks * len(keys) + order) % len(keys)


def run_positions(firsts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every position of the runs ``lengths`` long starting at ``firsts``, in order, and
    each one's place within its run."""
    within = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(firsts, lengths) + within, within


def picked_runs(starts: np.ndarray, picked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every position of the runs ``picked`` (run k from ``starts[k]`` to ``starts[k + 1]``),
    one run after another, and the place in ``picked`` of the run holding each."""
    counts = starts[picked + 1] - starts[picked]
    return run_positions(starts[picked], counts)[0], np.repeat(np.arange(len(picked)), counts)
