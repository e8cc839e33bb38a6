"""The words of many texts cut at once in numpy: where each starts and ends, or how many.

Texts in ASCII (after curly apostrophes become straight ones and common non-word marks such as
“ ” — … become spaces) are folded to lower case by a byte table and cut with no Python object
per word: a word is a run of ``[a-z0-9_]`` joined by single apostrophes, as ``text.words``
finds. Other texts, and texts holding a URL (one token with its punctuation), are left to
``text``: ``folded`` gives None for them. The counts of the texts a passage search has just
cut are remembered, so that the metrics of the same batch need not cut them again.
"""

from __future__ import annotations

import numpy as np

from .text import as_ascii, count_words, word_spans

SPACE = 0x20
APOSTROPHE = 0x27
_WORD_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789_"
# Bytes table: upper case folded to lower, word bytes and apostrophes kept, the rest spaces.
_FOLD = bytes(
    byte if byte in _WORD_BYTES or byte == APOSTROPHE
    else byte + 32 if 0x41 <= byte <= 0x5A
    else SPACE
    for byte in range(256)
)


def folded(text: str) -> bytes | None:
    """The text's bytes folded for cutting in numpy, or None when ``text.words`` must cut it."""
    ascii_text = as_ascii(text)
    if ascii_text is None:
        return None
    data = ascii_text.encode("ascii").lower()
    if b"://" in data or b"www." in data:
        return None  # a URL is one token with its punctuation
    return data.translate(_FOLD)


def joined(parts: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The parts between single spaces (and one at each end) as one byte buffer, and where
    each part starts in it, with one past the last part's end."""
    buffer = np.frombuffer(b" " + b" ".join(parts) + b" ", np.uint8)
    offsets = np.ones(len(parts) + 1, np.int64)
    np.cumsum([len(part) + 1 for part in parts], out=offsets[1:])
    offsets[1:] += 1
    return buffer, offsets


def word_flags(buffer: np.ndarray) -> np.ndarray:
    """True at each byte of a word, in folded bytes (those of ``folded``) between spaces."""
    flags = buffer > APOSTROPHE  # folded, a byte is a space, an apostrophe or a word's
    # An apostrophe joins two word bytes ("don't"); at a word's edge it is punctuation.
    marks = np.flatnonzero(buffer == APOSTROPHE)
    if len(marks):
        flags[marks[flags[marks - 1] & flags[marks + 1]]] = True
    return flags


def word_edges(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of word bytes starts and ends (the first and last bytes are spaces)."""
    edges = np.flatnonzero(flags[1:] != flags[:-1])
    edges += 1
    return edges[::2], edges[1::2]


def word_bounds(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``words(text)`` starts in the text, and where each ends."""
    return many_word_bounds([text])[0]


def many_word_bounds(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """``word_bounds`` of each text: those cut in numpy are cut together, in one buffer."""
    cut = [folded(text) for text in texts]
    parts = [data for data in cut if data is not None]
    buffer, offsets = joined(parts)
    starts, ends = word_edges(word_flags(buffer))
    firsts = np.searchsorted(starts, offsets)  # each part's first word
    # Every word made relative to its part's start at once: each text's bounds are views.
    shift = np.repeat(offsets[:-1], np.diff(firsts))
    starts, ends = starts - shift, ends - shift
    firsts = firsts.tolist()
    bounds = []
    at = 0
    for text, data in zip(texts, cut, strict=True):
        if data is None:
            spans = np.array(word_spans(text), np.int64).reshape(-1, 2)
            bounds.append((spans[:, 0], spans[:, 1]))
            continue
        low, high = firsts[at], firsts[at + 1]
        bounds.append((starts[low:high], ends[low:high]))
        at += 1
    return bounds


RECENT_TEXTS = 4_000
"""Texts whose word counts are kept once cut: a batch of the engine (about 2,000 nodes), so
that its metrics count none of its words again after its passage search."""
RECENT_CHARS = 1 << 24
"""Characters of those texts at most: a batch of long messages keeps no text alive for
longer than its batch."""
_counts: dict[str, int] = {}
_held = [0]  # characters of the texts in _counts


def remember_counts(texts: list[str], counts: list[int]) -> None:
    """Keep the word counts (``text.count_words``) of texts just cut, for ``count_many``:
    the last RECENT_TEXTS (of RECENT_CHARS characters) at most, none of a larger run."""
    size = sum(map(len, texts))
    if len(texts) > RECENT_TEXTS or size > RECENT_CHARS:
        return
    if len(_counts) + len(texts) > RECENT_TEXTS or _held[0] + size > RECENT_CHARS:
        _counts.clear()
        _held[0] = 0
    _counts.update(zip(texts, counts, strict=True))
    _held[0] += size


def count_many(texts: list[str]) -> list[int]:
    """``text.count_words`` of each text: remembered (``remember_counts``), else those cut
    in numpy counted together."""
    counts = list(map(_counts.get, texts))
    missing = [number for number, count in enumerate(counts) if count is None]
    if missing:
        for number, count in zip(missing, _count([texts[n] for n in missing]), strict=True):
            counts[number] = count
    return counts


def _count(texts: list[str]) -> list[int]:
    """``text.count_words`` of each text, those cut in numpy counted together."""
    cut = [folded(text) for text in texts]
    parts = [data for data in cut if data is not None]
    if len(parts) < len(cut):
        counts = iter(_counted(parts))
        return [count_words(text) if data is None else next(counts)
                for text, data in zip(texts, cut, strict=True)]
    return _counted(parts)


def _counted(parts: list[bytes]) -> list[int]:
    """Words in each folded part."""
    if not parts:
        return []
    buffer, offsets = joined(parts)
    flags = word_flags(buffer)
    starts = np.flatnonzero(flags[1:] > flags[:-1])  # the space before each word
    return np.diff(np.searchsorted(starts, offsets - 1)).tolist()
