"""Word hashes of many texts at once, in numpy: one 64-bit number per word of ``text.words``.

Texts are cut into words by ``wordcut.cut_texts`` (those in ASCII in numpy, with no Python
object per word, the others by ``text.words``); an apostrophe inside a word counts for nothing
in its hash ("don't" and "dont" are one word), so a word has one hash whatever text it stands
in. The hash depends on the word's bytes alone (never on ``PYTHONHASHSEED``): the same in
every process and on every machine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from ..wordcut import APOSTROPHE, ascii_form, cut_texts, remember_counts, spread_bits, word_bounds
from .arrays import run_positions


def _constants(count: int) -> list[int]:
    """The first ``count`` outputs of splitmix64 seeded with 0x5EED: fixed random keys."""
    steps = np.arange(1, count + 1, dtype=np.uint64)  # its states wrap modulo 2 ** 64
    return spread_bits(np.uint64(0x5EED) + np.uint64(0x9E3779B97F4A7C15) * steps).tolist()


_BASE, _LENGTH_KEY, _UNIQUE_KEY = _constants(3)
_BASE |= 1  # odd: multiplying by it loses no bits modulo 2**64
_LONGEST = 64  # bytes of the longest word hashed in numpy; longer ones go to hashlib


def hash_words(texts: list[str]) -> tuple[np.ndarray, np.ndarray, WordCut]:
    """The hashes of each text's ``words`` end to end (int64), each text's word count, and
    where each text's words stand in it (``WordCut``)."""
    cut = cut_texts(texts, [ascii_form(text) for text in texts])
    counts = np.diff(cut.firsts)
    remember_counts(texts, counts.tolist())  # the metrics count them again otherwise
    hashes = _hash_tokens(cut.buffer, cut.starts, cut.ends - cut.starts)
    shift = np.repeat(cut.offsets[:-1], counts)  # every word made relative to its text at once
    return hashes, counts, WordCut(texts, cut.starts - shift, cut.ends - shift,
                                   cut.firsts.tolist(), frozenset(cut.spelled))


@dataclass(frozen=True, slots=True)
class WordCut:
    """The cut that hashed some texts' words, kept so that their bounds need no second cut."""

    texts: list[str]
    starts: np.ndarray  # where each word of every text starts in its text, text after text
    ends: np.ndarray
    firsts: list[int]  # each text's first word, and one past the last text's last
    spelled: frozenset[int]  # texts cut by ``text.words``: their bounds are not those above

    def bounds(self, number: int) -> tuple[np.ndarray, np.ndarray]:
        """``wordcut.word_bounds`` of text ``number``: where each word starts and ends in it."""
        if number in self.spelled:
            return word_bounds(self.texts[number])
        low, high = self.firsts[number], self.firsts[number + 1]
        return self.starts[low:high], self.ends[low:high]


def _hash_tokens(buffer: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A hash per word: its bytes but apostrophes folded in by Horner's rule (an odd random
    base modulo 2**64), mixed with its length, so "don't" and "dont" are one word."""
    hashes = _fold_bytes(buffer, starts, lengths)
    marks = np.flatnonzero(buffer == APOSTROPHE)
    if len(marks) and len(starts):
        word = np.maximum(np.searchsorted(starts, marks, side="right") - 1, 0)
        marked = np.unique(word[marks < starts[word] + lengths[word]])
        if len(marked):
            hashes[marked] = _fold_bytes(*_without_apostrophes(buffer, starts[marked],
                                                               lengths[marked]))
    return spread_bits(hashes).view(np.int64)


def _without_apostrophes(
    buffer: np.ndarray, starts: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The words at ``starts`` as a buffer of their own with their apostrophes left out, and
    where each starts in it and how long it is."""
    data = buffer[run_positions(starts, lengths)[0]]
    keep = data != APOSTROPHE
    sizes = np.bincount(np.repeat(np.arange(len(starts)), lengths)[keep], minlength=len(starts))
    return data[keep], np.cumsum(sizes) - sizes, sizes


def _fold_bytes(buffer: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Each word's bytes folded by Horner's rule and its length mixed in (uint64, unmixed).

    Words are taken longest first, so byte k of every word at least k + 1 long is one slice.
    """
    hashes = np.zeros(len(starts), np.uint64)
    long = np.flatnonzero(lengths > _LONGEST)
    for word in long.tolist():  # a whole URL or a pasted blob: rare, hashed by hashlib
        data = buffer[starts[word] : starts[word] + lengths[word]].tobytes()
        hashes[word] = int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")
    short = np.minimum(lengths, _LONGEST + 1).astype(np.uint8)
    order = np.argsort(short, kind="stable")[::-1][len(long) :]  # the long ones come first
    longer = len(order) - np.cumsum(np.bincount(short, minlength=_LONGEST + 2))
    cursor = starts[order]  # each word's next byte
    folded = np.zeros(len(order), np.uint64)
    base = np.uint64(_BASE)
    for k in range(_LONGEST):
        count = int(longer[k])  # words longer than k bytes
        if count <= 0:
            break
        head, at = folded[:count], cursor[:count]
        head *= base
        head += buffer[at]
        at += 1
    hashes[order] = folded
    hashes ^= lengths.astype(np.uint64) * np.uint64(_LENGTH_KEY)
    return hashes


def unique_hashes(docs: np.ndarray, places: np.ndarray) -> np.ndarray:
    """A hash per (doc, place in it) pair, equal to no word's and to no other pair's: for
    words that must match nothing (a signature's)."""
    keys = docs.astype(np.uint64) << np.uint64(32)
    keys |= places.astype(np.uint64)
    keys ^= np.uint64(_UNIQUE_KEY)
    return spread_bits(keys).view(np.int64)
