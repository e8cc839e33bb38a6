"""Comments with as many options stacked: numpy's per-comment results in a few calls.

The reply model scores each comment's rows with one matrix-vector product and sums its
probabilities with one pairwise sum. Over the rows of many comments at once, neither gives
the same bits: OpenBLAS computes a row by another kernel according to its place in the call,
and ``reduceat`` sums in order, not pairwise. Stacked into (comments, options, features),
numpy makes one BLAS call per comment and sums each comment's row alone, as for each comment
by itself, in one call per size of comment.
"""

from __future__ import annotations

import numpy as np


class Stacks:
    """The rows of comments held one comment after another (``sizes`` rows each), by size."""

    def __init__(self, sizes: np.ndarray) -> None:
        order = np.argsort(sizes, kind="stable")
        counts = sizes[order]
        ends = np.cumsum(sizes)
        moved = np.cumsum(counts) - counts  # each comment's first row, stacked
        rows = int(ends[-1]) if len(ends) else 0
        # Each stacked row's place in the rows one comment after another.
        self.places = np.repeat((ends - sizes)[order] - moved, counts) + np.arange(rows)
        self.order = order
        cuts = (np.flatnonzero(counts[1:] != counts[:-1]) + 1).tolist()
        firsts, lasts = [0, *cuts], [*cuts, len(order)]
        # Each size: its comments' places in ``order`` and their rows' in ``places``.
        self.groups = [
            (a, b, int(moved[a]), int(counts[a])) for a, b in zip(firsts, lasts, strict=True)
        ]

    def products(self, rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """``rows[a:b] @ vector`` of each comment's rows (a to b), one after another."""
        stacked = rows[self.places]
        found = np.empty(len(stacked))
        for a, b, start, size in self.groups:
            end = start + (b - a) * size
            np.matmul(stacked[start:end].reshape(b - a, size, -1), vector,
                      out=found[start:end].reshape(b - a, size))
        out = np.empty_like(found)
        out[self.places] = found
        return out

    def sums(self, values: np.ndarray) -> np.ndarray:
        """``values[a:b].sum()`` of each comment's values (a to b), as numpy sums one array."""
        stacked = values[self.places]
        found = np.empty(len(self.order))
        for a, b, start, size in self.groups:
            end = start + (b - a) * size
            np.add.reduce(stacked[start:end].reshape(b - a, size), axis=1, out=found[a:b])
        out = np.empty_like(found)
        out[self.order] = found
        return out
