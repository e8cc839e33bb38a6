"""Where a text quotes: its spans in quotation marks, and their pieces as word ranges.

A quotation is cut at its ellipses into pieces; each piece is the run of words inside it,
numbered as ``text.words`` numbers the text's words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

import numpy as np

from ..text import APOSTROPHE_MARKS, ELLIPSIS, QUOTE_MARKS, quotation_spans
from ..wordcut import many_word_bounds

_APOSTROPHE = re.compile(f"[{APOSTROPHE_MARKS}]")
# Marks that quote wherever they stand (single quotes may be apostrophes), and ">" lines.
_SURE_MARKS = (*(mark for mark in QUOTE_MARKS if mark not in APOSTROPHE_MARKS), ">")


def marked_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the text in quotation marks or on ``>`` lines."""
    return quotation_spans(text) if _may_quote(text) else []


def quoted_pieces(
    texts: list[str], bounds_of: Callable[[int], tuple[np.ndarray, np.ndarray]] | None = None,
) -> list[list[tuple[int, int]]]:
    """(first word, end word) of each piece of each text's quotations, cut at ellipses;
    ``bounds_of(number)`` gives a text's ``wordcut.word_bounds`` where they are known."""
    spans = [marked_spans(text) for text in texts]
    quoting = [number for number, found in enumerate(spans) if found]
    if bounds_of is None:
        bounds = dict(zip(quoting, many_word_bounds([texts[n] for n in quoting]), strict=True))
    else:
        bounds = {number: bounds_of(number) for number in quoting}
    pieces: list[list[tuple[int, int]]] = [[] for _ in texts]
    for number in quoting:
        text, (starts, ends) = texts[number], bounds[number]
        starts, ends = starts.tolist(), ends.tolist()  # a few cuts each: bisect, not numpy
        for start, end in spans[number]:
            cuts = [start]
            for ellipsis in ELLIPSIS.finditer(text, start, end):
                cuts += [ellipsis.start(), ellipsis.end()]
            cuts.append(end)
            for low, high in zip(cuts[::2], cuts[1::2], strict=True):
                first = bisect_left(starts, low)  # the first word starting inside
                last = max(first, bisect_right(ends, high))
                if last > first:
                    pieces[number].append((first, last))
    return pieces


def _may_quote(text: str) -> bool:
    """False for most texts without quotations, cheaply: an apostrophe inside a word is none."""
    for mark in _SURE_MARKS:
        if mark in text:
            return True
    if not any(mark in text for mark in APOSTROPHE_MARKS):
        return False
    return any(
        not (text[at - 1 : at].isalnum() and text[at + 1 : at + 2].isalnum())
        for at in (match.start() for match in _APOSTROPHE.finditer(text))
    )
