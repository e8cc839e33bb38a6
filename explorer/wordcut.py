"""The words of many texts cut at once in numpy: where each starts and ends, or how many.

Texts in ASCII (after curly apostrophes become straight ones and common non-word marks such as
“ ” — … become spaces) are folded to lower case by a byte table and cut with no Python object
per word: a word is a run of ``[a-z0-9_]`` joined by single apostrophes, as ``text.words``
finds. Other texts, and texts holding a URL (one token with its punctuation), are left to
``text``: ``ascii_form`` and ``folded`` give None for them. ``cut_texts`` lays out and cuts
both kinds in one buffer, for the word hashes of the passage search (``detect/wordhash.py``)
and the words' numbers alike (``word_numbers``: each word known by a number, to compare
words without a string each). The counts of the texts a passage search has just cut are
remembered, so that the metrics of the same batch need not cut them again. Many texts are
counted TEXTS_AT_ONCE characters at a time (``pieces``), so a big thread's copies in numpy
stay small.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np

from .text import as_ascii, count_words, has_url, word_spans, words

_SPACE = 0x20
APOSTROPHE = 0x27
_WORD_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789_"
# Bytes table: upper case folded to lower, word bytes and apostrophes kept, the rest spaces.
_FOLD = bytes(
    byte if byte in _WORD_BYTES or byte == APOSTROPHE
    else byte + 32 if 0x41 <= byte <= 0x5A
    else _SPACE
    for byte in range(256)
)


def ascii_form(text: str) -> str | None:
    """``text.as_ascii`` of a text holding no URL (one token with its punctuation), else
    None: the texts whose words numpy cuts."""
    ascii_text = as_ascii(text)
    return None if ascii_text is None or has_url(ascii_text) else ascii_text


def folded(text: str) -> bytes | None:
    """The text's bytes folded for cutting in numpy, or None when ``text.words`` must cut it."""
    ascii_text = ascii_form(text)
    return None if ascii_text is None else ascii_text.encode("ascii").lower().translate(_FOLD)


def _joined(parts: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The parts between single spaces (and one at each end) as one byte buffer, and where
    each part starts in it, with one past the last part's end."""
    buffer = np.frombuffer(b" " + b" ".join(parts) + b" ", np.uint8)
    return buffer, _offsets(list(map(len, parts)))


def _offsets(lengths: list[int]) -> np.ndarray:
    """Where each part ``lengths`` bytes long starts in its ``_joined`` buffer, with one past
    the last part's end."""
    offsets = np.ones(len(lengths) + 1, np.int64)
    np.cumsum([length + 1 for length in lengths], out=offsets[1:])
    offsets[1:] += 1
    return offsets


def docs_of(positions: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The doc holding each of the ascending word ``positions`` (docs starting at
    ``starts``): ``np.searchsorted(starts, positions, side="right") - 1``, in one pass over
    the positions rather than a binary search each (4 ms a batch of 2,000 docs)."""
    counts = np.diff(np.searchsorted(positions, starts))
    return np.repeat(np.arange(len(counts)), counts)


def _word_flags(buffer: np.ndarray) -> np.ndarray:
    """True at each byte of a word, in folded bytes (those of ``folded``) between spaces."""
    flags = buffer > APOSTROPHE  # folded, a byte is a space, an apostrophe or a word's
    # An apostrophe joins two word bytes ("don't"); at a word's edge it is punctuation.
    marks = np.flatnonzero(buffer == APOSTROPHE)
    if len(marks):
        flags[marks[flags[marks - 1] & flags[marks + 1]]] = True
    return flags


def _word_edges(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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
    buffer, offsets = _joined(parts)
    starts, ends = _word_edges(_word_flags(buffer))
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


TEXTS_AT_ONCE = 1 << 19
"""Characters of texts cut at once (``pieces``): a bound on memory (numpy's copies of their
bytes and words, about 8 bytes a character: 4 MB), the cost of a call spread over many."""


def pieces(sizes: Sequence[int] | np.ndarray) -> list[tuple[int, int]]:
    """Items of these sizes (in characters) in runs ``(low, high)`` of TEXTS_AT_ONCE
    characters (a longer item alone)."""
    ends = np.cumsum(sizes)
    found, low = [], 0
    while low < len(ends):
        high = max(int(np.searchsorted(ends, ends[low] + TEXTS_AT_ONCE)), low + 1)
        found.append((low, high))
        low = high
    return found


def count_many(texts: Sequence[str]) -> list[int]:
    """``text.count_words`` of each text: remembered (``remember_counts``), else those cut
    in numpy counted together, TEXTS_AT_ONCE characters of texts at a time."""
    counts: list[int] = []
    sizes = np.fromiter(map(len, texts), np.int64, len(texts))
    sizes += 1  # a space between texts
    for low, high in pieces(sizes):
        piece = texts[low:high]
        found = list(map(_counts.get, piece))
        missing = [number for number, count in enumerate(found) if count is None]
        for number, count in zip(missing, _count([piece[n] for n in missing]), strict=True):
            found[number] = count
        counts += found
    return counts


def _count(texts: list[str]) -> list[int]:
    """``text.count_words`` of each text, those cut in numpy counted together."""
    cut = [folded(text) for text in texts]
    parts = [data for data in cut if data is not None]
    if len(parts) < len(cut):
        counts = iter(_count_folded(parts))
        return [count_words(text) if data is None else next(counts)
                for text, data in zip(texts, cut, strict=True)]
    return _count_folded(parts)


def _count_folded(parts: list[bytes]) -> list[int]:
    """Words in each folded part."""
    if not parts:
        return []
    buffer, offsets = _joined(parts)
    flags = _word_flags(buffer)
    starts = np.flatnonzero(flags[1:] > flags[:-1])  # the space before each word
    return np.diff(np.searchsorted(starts, offsets - 1)).tolist()


@dataclass(frozen=True, slots=True)
class TextCut:
    """Texts cut into words in one byte buffer, laid out as ``_joined`` lays out its parts."""

    buffer: np.ndarray  # folded bytes (``folded``); a spelled text's words as ``text.words``
    offsets: np.ndarray  # where each text starts in the buffer, and one past the last's end
    starts: np.ndarray  # where each word starts in the buffer, text after text
    ends: np.ndarray
    firsts: np.ndarray  # each text's first word, and one past the last text's last
    spelled: list[int]  # the texts ``text.words`` cut, an empty word of theirs spelled "/"


def cut_texts(texts: Sequence[str], ascii_texts: Sequence[str | None]) -> TextCut:
    """The words of texts, each given with its ``ascii_form``: those with one folded and cut
    in numpy, the others by ``text.words`` (every non-space byte of theirs is a word's)."""
    parts = list(ascii_texts)
    spelled = [k for k, text in enumerate(ascii_texts) if text is None]
    for k in spelled:
        # An empty word (a URL of punctuation alone) stands as "/", which no word is.
        parts[k] = " ".join(word or "/" for word in words(texts[k]))
    # Folded in one pass over the whole buffer; the spelled texts' bytes are put back after.
    data = (" " + " ".join(parts) + " ").encode("utf-8", "surrogatepass")
    buffer = np.frombuffer(data.lower().translate(_FOLD), np.uint8)
    lengths = list(map(len, parts))
    for k in spelled:
        lengths[k] = len(parts[k].encode("utf-8", "surrogatepass"))
    offsets = _offsets(lengths)
    flags = _word_flags(buffer)
    if spelled:
        buffer, raw = buffer.copy(), np.frombuffer(data, np.uint8)
    for k in spelled:
        low, high = offsets[k], offsets[k + 1] - 1
        buffer[low:high] = raw[low:high]
        flags[low:high] = raw[low:high] != _SPACE
    starts, ends = _word_edges(flags)
    return TextCut(buffer, offsets, starts, ends, np.searchsorted(starts, offsets), spelled)


WIDE = 16
"""Bytes of a word numbered from its bytes themselves; a longer word is numbered by blake2b."""
_BACK_KEY, _LENGTH_KEY = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xD6E8FEB86659FD93)  # odd


def word_numbers(
    texts: Sequence[str], ascii_texts: Sequence[str | None], runs: Collection[str] = ()
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text's words (``text.words``) as numbers (``number_words``), one text after
    another; how many words each text has; and whether a run of word characters (``\\w+``,
    any case) of each text is one of ``runs`` (lower-case ASCII words of at most 8 bytes).

    ``ascii_texts`` holds each text's ``ascii_form``: those not None are cut in numpy, the
    others by ``text.words`` (their ``runs`` read False)."""
    cut = cut_texts(texts, ascii_texts)
    buffer, starts, spelled = cut.buffer, cut.starts, cut.spelled
    found = np.zeros(len(texts), bool)
    if runs and len(spelled) < len(texts):
        found[_texts_with_runs(buffer, cut.offsets, runs)] = True
        found[spelled] = False
    lengths = cut.ends - starts
    numbers = _numbers(buffer, starts, lengths)
    if spelled:  # folded texts hold no "/": each one-byte "/" word is an empty one
        numbers[(lengths == 1) & (buffer[starts] == ord("/"))] = number_words([""])[0]
    return numbers, np.diff(cut.firsts), found


def number_words(found: Sequence[str]) -> np.ndarray:
    """Each word's number: its UTF-8 bytes, zero-padded to WIDE, as two 64-bit numbers mixed
    with its length (a longer word: blake2b of its bytes), so that equal words have one
    number and others differ but by chance (2 ** -64 a pair). The plain rule of
    ``word_numbers``."""
    return _numbers_of([word.encode("utf-8", "surrogatepass") for word in found])


def _numbers(buffer: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The number of each word of a byte buffer (``starts``, ``lengths``)."""
    front, back = heads(buffer, starts, lengths)
    return _long_words(_mixed(front, back, lengths), lengths,
                       lambda k: buffer[starts[k] : starts[k] + lengths[k]].tobytes())


_LOW_BYTES = np.array([(1 << 8 * k) - 1 for k in range(9)], np.uint64)  # k bytes' bits


def heads(buffer: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray,
                                                                               np.ndarray]:
    """The first WIDE bytes of runs of a byte buffer (``starts``, ``lengths``), zero past each
    run's end, as two little-endian 64-bit numbers (its bytes 0-7, then 8-15)."""
    at = _every_eight(buffer)
    front = at[starts] & _LOW_BYTES[np.minimum(lengths, 8)]
    back = at[starts + 8] & _LOW_BYTES[np.clip(lengths - 8, 0, 8)]
    return front, back


def _every_eight(buffer: np.ndarray) -> np.ndarray:
    """The eight bytes from every position of a byte buffer (zeros past its end, and eight
    positions more), each as a little-endian number: a view of one padded copy."""
    padded = np.concatenate([buffer, np.zeros(16, np.uint8)])
    return np.ndarray((len(padded) - 7,), "<u8", padded, 0, (1,))


def halves(words: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The first WIDE bytes of each word, zero-padded, as two little-endian numbers."""
    data = np.frombuffer(b"".join(word[:WIDE].ljust(WIDE, b"\0") for word in words), "<u8")
    return data[0::2], data[1::2]


def _numbers_of(encoded: list[bytes]) -> np.ndarray:
    """The number of each word given as bytes."""
    lengths = np.fromiter(map(len, encoded), np.int64, len(encoded))
    return _long_words(_mixed(*halves(encoded), lengths), lengths, encoded.__getitem__)


def _mixed(front: np.ndarray, back: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The two halves of each word and its length mixed into one number (splitmix64's
    finaliser: every bit spread over all others)."""
    mixed = back * _BACK_KEY
    mixed ^= front
    mixed ^= lengths.astype(np.uint64) * _LENGTH_KEY
    return spread_bits(mixed)


def spread_bits(values: np.ndarray) -> np.ndarray:
    """Spread every bit of 64-bit numbers over all others (splitmix64's finaliser), in place."""
    values ^= values >> np.uint64(30)
    values *= np.uint64(0xBF58476D1CE4E5B9)
    values ^= values >> np.uint64(27)
    values *= np.uint64(0x94D049BB133111EB)
    values ^= values >> np.uint64(31)
    return values


def _long_words(numbers: np.ndarray, lengths: np.ndarray,
                data: Callable[[int], bytes]) -> np.ndarray:
    """``numbers`` with the words longer than WIDE bytes numbered by blake2b of their bytes
    (``data(k)``: word k's)."""
    for k in np.flatnonzero(lengths > WIDE).tolist():  # URLs and pasted blobs: few
        digest = hashlib.blake2b(data(k), digest_size=8).digest()
        numbers[k] = int.from_bytes(digest, "little")
    return numbers


def _texts_with_runs(buffer: np.ndarray, offsets: np.ndarray, runs: Collection[str]) -> np.ndarray:
    """The parts of a folded buffer (``_joined``) holding a run of word bytes (an apostrophe
    ends one) that is one of ``runs`` (ASCII words of 1 to 8 bytes): sought only where a run
    starts with one of their first letters."""
    word = np.zeros(len(buffer) + 8, bool)  # past the end: no word byte
    word[: len(buffer)] = buffer > APOSTROPHE
    first = np.zeros(len(buffer), bool)
    for letter in {run[0] for run in runs}:  # compared byte by byte: faster than a table
        first |= buffer == ord(letter)
    starts = np.flatnonzero(first)
    starts = starts[~word[starts - 1]]  # the buffer starts with a space
    front = _every_eight(buffer)[starts]
    found = np.zeros(len(starts), bool)
    for run in runs:
        key = np.uint64(int.from_bytes(run.encode("ascii"), "little"))
        found |= ((front & _LOW_BYTES[len(run)]) == key) & ~word[starts + len(run)]
    return np.unique(docs_of(starts[found], offsets))
