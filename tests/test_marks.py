"""Quoted spans as word ranges (explorer.detect.marks), pinned to their plain definition."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from explorer.detect.marks import marked_spans, quoted_pieces
from explorer.text import ELLIPSIS, quotation_spans, word_spans

QUOTING = st.lists(st.sampled_from(
    ["“", "”", '"', "'", "‘", "’", "«", "»", "\n> ", "...", "…", " . . . ", "don't", "Zoë",
     " ", "\n", "said", "the cat sat", "x", "—"]), max_size=25).map("".join)


def plain_pieces(text: str) -> list[tuple[int, int]]:
    """Each quotation cut at its ellipses, each piece the words starting and ending in it."""
    starts = [start for start, _ in word_spans(text)]
    ends = [end for _, end in word_spans(text)]
    pieces = []
    for start, end in quotation_spans(text):
        cuts = [start]
        for ellipsis in ELLIPSIS.finditer(text, start, end):
            cuts += [ellipsis.start(), ellipsis.end()]
        cuts.append(end)
        for low, high in zip(cuts[::2], cuts[1::2], strict=True):
            first = int(np.searchsorted(starts, low))
            last = max(first, int(np.searchsorted(ends, high, side="right")))
            if last > first:
                pieces.append((first, last))
    return pieces


@given(st.lists(QUOTING, max_size=6))
def test_quoted_pieces_are_the_plain_word_ranges(texts):
    assert quoted_pieces(texts) == [plain_pieces(text) for text in texts]
    # The cheap look for marks skips only texts that quote nothing.
    assert [marked_spans(text) for text in texts] == [quotation_spans(text) for text in texts]


def test_a_quotation_cut_at_an_ellipsis_gives_two_pieces():
    text = 'He said “the cat sat … on the mat” and left; “x”'
    assert quoted_pieces([text, "no quote"]) == [[(2, 5), (5, 8), (10, 11)], []]
