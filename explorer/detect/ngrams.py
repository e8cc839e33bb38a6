"""Seeds for passage search: one numpy index of hashed word n-grams over a whole corpus.

Every word of every node is hashed once into one array, and every run of GRAM words (a gram)
gets a hash. Equal grams are grouped by sorting, one slice of the hash space at a time (on
several cores when asked). A gram standing in more than ``common_nodes`` nodes, or in three
or more nodes all by one author, is common (boilerplate, stock phrases, sign-offs) and seeds
nothing; any other gram held twice seeds a pair from each later holder to the earliest one.
Words of ``Node.signature`` get hashes of their own, so signatures never match. Cost grows
with the number of words, never with pairs of nodes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from ..model import Node
from ..wordcut import count_many, docs_of, word_bounds
from .arrays import run_positions, stable_order
from .marks import quoted_pieces
from .wordhash import WordCut, hash_words, unique_hashes
from .workers import Clock, iterate_fresh, run_forked

if TYPE_CHECKING:
    from . import Options

GRAM = 4  # words per gram: any shared run of GRAM words meets in the index
_SLICE = 1 << 18  # grams sorted at once (a slice of hash space): bounds the arrays of one search
_SAME_AUTHOR = 3  # a gram in this many nodes, all by one author, is a sign-off or a habit
_DOCS = 5_000  # docs read at once, in one task when several processes read
_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F)  # odd multipliers spreading word hashes
_TOP_BITS = 7  # bits of a gram's hash kept to pick its slice: up to 128 slices
_NO_GRAM = 255  # in place of the top bits where no gram starts (too near a doc's end)
_SCAN = 1 << 23  # top bits scanned at once when picking a slice's grams


@dataclass(slots=True)
class Doc:
    """A node with what detection needs: its thread, its size, and later its words' bounds."""

    node: Node
    thread: int
    size: int = 0  # words
    _bounds: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Where each word starts in the text, and where each ends."""
        if self._bounds is None:
            self._bounds = word_bounds(self.node.text)
        return self._bounds

    def char_span(self, w0: int, w1: int) -> tuple[int, int]:
        """Characters from the start of word w0 to the end of word w1 - 1."""
        starts, ends = self.bounds
        return int(starts[w0]), int(ends[w1 - 1])


@dataclass(slots=True)
class Corpus:
    """Word hashes of every doc end to end, where each doc starts, and which grams are common."""

    tokens: np.ndarray  # int64 word hashes
    starts: np.ndarray  # int64, one more than docs: doc i holds tokens[starts[i]:starts[i + 1]]
    common: np.ndarray  # bool per gram position: the gram there stands in too many nodes
    common_grams: int = 0  # distinct grams found common
    pieces: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.int64))
    """(doc, first word, end word) of each quoted piece (``marks.quoted_pieces``), by doc."""
    grams: np.ndarray | None = None
    """Each position's gram hash (``rolling_hashes``) when the docs were hashed in one piece
    here (a batch), that need not be made again."""

    def words_of(self, doc: int) -> list[int]:
        """The word hashes of one doc, as a list (for word-by-word extension)."""
        return self.tokens[self.starts[doc] : self.starts[doc + 1]].tolist()

    def rare_words(self, doc: int, a0: int, a1: int) -> int:
        """Words of a0:a1 in ``doc`` covered by grams that are not common."""
        start = int(self.starts[doc])
        flags = self.common[start + a0 : start + max(a0, a1 - GRAM + 1)].tolist()
        if True not in flags:  # most passages: every gram rare, so every word covered
            return a1 - a0 if flags else 0
        covered = 0
        reach = a0
        for offset, common in enumerate(flags):
            if not common:
                position = a0 + offset
                covered += position + GRAM - max(reach, position)
                reach = position + GRAM
        return covered


class Hashed(NamedTuple):
    """What hashing a run of docs gives: word hashes end to end, each doc's word count, and
    (doc, first word, end word) of each quoted piece (``marks.quoted_pieces``)."""

    tokens: np.ndarray
    sizes: np.ndarray
    pieces: np.ndarray


def hash_corpus(docs: list[Doc], jobs: int = 1) -> tuple[Hashed, np.ndarray, np.ndarray | None]:
    """``Hashed`` of all docs, the top bits of each position's gram hash (``_NO_GRAM``
    where no gram starts), and, when they are hashed in one piece here (``_DOCS`` docs at
    most), the gram hashes, with each doc's words' bounds kept in it (``Doc.bounds``): read
    by ``jobs`` fresh processes in ranges of ``_DOCS`` docs whose texts travel with the task.

    Words of a node's signature get hashes of their own, unequal to any word's.
    """
    tasks = [
        (low, [(doc.node.text, doc.node.signature) for doc in docs[low : low + _DOCS]])
        for low in range(0, len(docs), _DOCS)
    ]
    if len(tasks) <= 1:  # a batch: hashed here, its words' bounds and gram hashes kept
        hashed, tops, (cut, grams) = _hash_range(tasks[0] if tasks else (0, []), keep=True)
        _keep_bounds(docs, cut)
    else:
        hashed, tops = _hash_ranges(tasks, len(docs), jobs)
        grams = None
    for doc, size in zip(docs, hashed.sizes.tolist(), strict=True):
        doc.size = size
    return hashed, tops, grams


def _keep_bounds(docs: list[Doc], cut: WordCut) -> None:
    """Each doc's words' bounds from the cut that hashed them (``Doc.bounds``), but those of
    texts cut by ``text.words``: made when asked (0.4 ms a batch of 5,000 docs)."""
    for number, doc in enumerate(docs):
        doc._bounds = None if number in cut.spelled else cut.bounds(number)


def _hash_ranges(tasks: list, docs: int, jobs: int) -> tuple[Hashed, np.ndarray]:
    """``_hash_range`` of each task (``docs`` docs in all), by ``jobs`` fresh processes,
    end to end."""
    tokens = np.zeros(0, np.int64)
    tops = np.zeros(0, np.uint8)
    sizes = np.zeros(docs, np.int64)
    pieces = []
    filled = 0
    for (low, texts), (hashed, top, _) in zip(tasks, iterate_fresh(_hash_range, tasks, jobs),
                                              strict=True):
        count = len(hashed.tokens)
        sizes[low : low + len(texts)] = hashed.sizes
        if filled + count > len(tokens):
            # Grown in place (realloc, pages moved not copied): no second copy of the words.
            room = max(filled + count, len(tokens) * 3 // 2)
            tokens.resize(room, refcheck=False)
            tops.resize(room, refcheck=False)
        tokens[filled : filled + count] = hashed.tokens
        tops[filled : filled + count] = top
        pieces.append(hashed.pieces)
        filled += count
    tokens.resize(filled, refcheck=False)
    tops.resize(filled, refcheck=False)
    pieces = np.concatenate([np.zeros((0, 3), np.int64), *pieces])
    return Hashed(tokens, sizes, pieces), tops


def doc_starts(sizes: np.ndarray) -> np.ndarray:
    """Where each doc's words start in the corpus array, and one past the last (int64)."""
    starts = np.zeros(len(sizes) + 1, np.int64)
    np.cumsum(sizes, out=starts[1:])
    return starts


def hash_texts(task: tuple[int, list[tuple[str, str | None]]]) -> Hashed:
    """``Hashed`` of the (text, signature) of docs numbered from ``low``: the same in every
    process (signature words get hashes unique to their doc number)."""
    return hash_and_cut(task)[0]


def hash_and_cut(task: tuple[int, list[tuple[str, str | None]]]) -> tuple[Hashed, WordCut]:
    """``hash_texts``, and the cut of the texts' words (``wordhash.WordCut``)."""
    low, texts = task
    hashes, sizes, cut = hash_words([text for text, _ in texts])
    ends = np.cumsum(sizes)
    signed, tails = [], []
    for number, (text, signature) in enumerate(texts):
        signature = (signature or "").strip()
        at = text.rfind(signature) if signature else -1
        if at >= 0:
            signed.append(number)
            tails.append(text[at:])
    if signed:
        counts = np.array(count_many(tails), np.int64)
        positions, within = run_positions(ends[signed] - counts, counts)
        hashes[positions] = unique_hashes(np.repeat(np.array(signed) + low, counts), within)
    pieces = [(low + number, a0, a1)
              for number, found in enumerate(quoted_pieces(cut.texts, cut.bounds))
              for a0, a1 in found]
    return Hashed(hashes, sizes, np.array(pieces, np.int64).reshape(-1, 3)), cut


def _hash_range(task: tuple[int, list[tuple[str, str | None]]], keep: bool = False):
    """``hash_texts``, the top bits of the grams' hashes (``_gram_tops``), and with ``keep``
    the cut of the words (``wordhash.WordCut``) and the gram hashes: a pair, else None."""
    hashed, cut = hash_and_cut(task)
    grams = rolling_hashes(hashed.tokens, GRAM)
    tops = _gram_tops(grams, np.cumsum(hashed.sizes), len(hashed.tokens))
    return hashed, tops, (cut, grams) if keep else None


def _gram_tops(grams: np.ndarray, ends: np.ndarray, count: int) -> np.ndarray:
    """Top ``_TOP_BITS`` bits of the gram hash of each of ``count`` positions;
    ``_NO_GRAM`` where the gram would run past its doc's end (``ends``: where each doc's
    words end)."""
    tops = np.full(count, _NO_GRAM, np.uint8)
    if count < GRAM:
        return tops
    tops[: len(grams)] = grams >> np.uint64(64 - _TOP_BITS)
    for k in range(1, GRAM):
        last = ends - k  # a doc's last words start no gram (none before the first word)
        tops[last[last >= 0]] = _NO_GRAM
    return tops


def rolling_hashes(tokens: np.ndarray, size: int) -> np.ndarray:
    """A hash per position for the ``size`` words starting there (positions that fit)."""
    count = max(0, len(tokens) - size + 1)
    return combine_hashes([tokens[k : k + count] for k in range(size)])


def combine_hashes(columns: Iterable[np.ndarray]) -> np.ndarray:
    """One hash per row of equally long arrays of word hashes (the words of n-grams).

    Columns may come one at a time (a generator): only the one being mixed in is held.
    """
    columns = iter(columns)
    grams = next(columns).view(np.uint64).copy()
    with np.errstate(over="ignore"):
        for column in columns:
            np.multiply(grams, np.uint64(_MIX[0]), out=grams)
            np.bitwise_xor(grams, column.view(np.uint64), out=grams)
        np.bitwise_xor(grams, grams >> np.uint64(31), out=grams)
        np.multiply(grams, np.uint64(_MIX[1]), out=grams)
    return grams


@dataclass(slots=True)
class _Slice:
    """What one slice of hash space yields: seeds (later, earliest) and common positions."""

    later: np.ndarray
    earlier: np.ndarray
    common: np.ndarray
    common_grams: int


def _index_slice(
    part: int, tokens: np.ndarray, tops: np.ndarray, shift: int, starts: np.ndarray,
    authors: np.ndarray, cap: int, salts: np.ndarray | None = None,
    grams: np.ndarray | None = None,
) -> _Slice:
    """Group the grams whose top bits (``tops >> shift``) equal ``part``; seed or drop each
    group. Their hashes are made again from the words unless ``grams`` holds them (a corpus
    hashed in one piece): no array of all grams is kept otherwise. With ``salts``
    (``thread_salts``), each gram's hash is mixed with its thread's number."""
    positions = np.concatenate([
        np.flatnonzero(tops[at : at + _SCAN] >> shift == part) + at
        for at in range(0, len(tops), _SCAN)
    ] or [np.zeros(0, np.int64)])
    if grams is None:
        keys = combine_hashes(tokens[positions + k] for k in range(GRAM))
    else:
        keys = grams[positions]
    if salts is None:
        return group_grams(keys, positions, starts, authors, cap)
    docs = docs_of(positions, starts)
    keys ^= salts[docs]
    return group_grams(keys, positions, starts, authors, cap, docs)


def group_grams(
    keys: np.ndarray, positions: np.ndarray, starts: np.ndarray, authors: np.ndarray, cap: int,
    docs: np.ndarray | None = None,
) -> _Slice:
    """Group grams by hash (``keys``, at ascending ``positions`` in corpus order, docs
    starting at ``starts``, or each position's doc in ``docs`` when the caller has them);
    drop the common groups, and seed each later holder of the others to the earliest one."""
    # Most grams stand once: sorting the hashes alone (fast) finds the few that repeat, and
    # only their postings are sorted with their positions.
    ordered = np.sort(keys)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]  # sorted: each value's first copy
    del ordered
    if not len(repeated):
        empty = np.zeros(0, np.int64)
        return _Slice(empty, empty, empty, 0)
    distinct = np.ones(len(repeated), bool)
    np.not_equal(repeated[1:], repeated[:-1], out=distinct[1:])
    shared = Members(repeated[distinct]).find(keys)
    keys, positions = keys[shared], positions[shared]
    doc = docs_of(positions, starts) if docs is None else docs[shared]
    order = stable_order(keys)  # stable: postings stay in corpus order
    keys, positions, doc = keys[order], positions[order], doc[order]
    first = np.empty(len(keys), bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    runs = np.flatnonzero(first)
    sizes = np.diff(np.append(runs, len(positions)))
    fresh = first.copy()
    fresh[1:] |= doc[1:] != doc[:-1]
    holders = np.add.reduceat(fresh, runs) if len(runs) else np.zeros(0, np.int64)
    writer = authors[doc]
    same = np.minimum.reduceat(writer, runs) == np.maximum.reduceat(writer, runs)
    common = (holders > cap) | (same & (holders >= _SAME_AUTHOR))
    dropped = np.repeat(common, sizes)
    seeding = ~dropped & ~first
    earliest = np.repeat(positions[runs], sizes)
    return _Slice(positions[seeding], earliest[seeding], positions[dropped], int(common.sum()))


def author_numbers(docs: list[Doc]) -> np.ndarray:
    """A number per doc for its author; every nameless doc gets a number of its own."""
    numbers: dict[str, int] = {}
    out = np.empty(len(docs), np.int64)
    for number, doc in enumerate(docs):
        author = doc.node.author
        out[number] = numbers.setdefault(author, len(numbers)) if author else -1 - number
    return out


class Members:
    """Hashes sought among many: a bit table rules most out, a sorted search confirms."""

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = np.sort(keys)
        self.mask = np.uint64((1 << min(24, max(8, 4 + len(keys).bit_length()))) - 1)
        self.table = np.zeros(int(self.mask) + 1, bool)
        self.table[(keys & self.mask).view(np.int64)] = True

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """Indexes of the hashes that are keys."""
        # A view, not a converted copy: the masked values fit, and a copy is one more array.
        candidates = np.flatnonzero(self.table[(hashes & self.mask).view(np.int64)])
        values = hashes[candidates]
        at = np.minimum(np.searchsorted(self.keys, values), len(self.keys) - 1)
        return candidates[self.keys[at] == values]


def thread_salts(docs: list[Doc]) -> np.ndarray:
    """A number per doc, one per thread, that mixed into a gram's hash keeps the grams of
    different threads apart."""
    return number_salts(np.fromiter((doc.thread for doc in docs), np.int64, len(docs)))


def number_salts(numbers: np.ndarray) -> np.ndarray:
    """A uint64 per number (of a thread) that, mixed into hashes, keeps those of different
    numbers apart."""
    with np.errstate(over="ignore"):
        return (numbers.astype(np.uint64) + np.uint64(1)) * np.uint64(_MIX[0])


def find_seeds(
    docs: list[Doc], options: Options, jobs: int = 1, clock: Clock | None = None,
    apart: bool = False,
) -> tuple[Corpus, np.ndarray, np.ndarray]:
    """The corpus index and its seeds: word positions (later, earliest) of equal rare grams.

    ``jobs`` processes sort slices of the hash space (forked, so on platforms with fork).
    With ``apart``, each thread is indexed as if alone: grams meet, and count as common,
    within their thread only.
    """
    clock = clock or Clock()
    (tokens, sizes, pieces), tops, grams = hash_corpus(docs, jobs)
    starts = doc_starts(sizes)
    clock.lap("hash words")
    bits = min(_TOP_BITS, int(len(tokens) // _SLICE).bit_length())
    slices = run_forked(_index_slice, list(range(1 << bits)), jobs, tokens=tokens, tops=tops,
                        shift=_TOP_BITS - bits, starts=starts, authors=author_numbers(docs),
                        cap=options.common_nodes, salts=thread_salts(docs) if apart else None,
                        grams=grams)
    del tops
    clock.lap("group grams")
    common = np.zeros(len(tokens), bool)
    for piece in slices:
        common[piece.common] = True
    corpus = Corpus(tokens, starts, common, sum(piece.common_grams for piece in slices), pieces,
                    grams)
    later = np.concatenate([piece.later for piece in slices] or [np.zeros(0, np.int64)])
    earlier = np.concatenate([piece.earlier for piece in slices] or [np.zeros(0, np.int64)])
    clock.lap("collect seeds")
    return corpus, later, earlier
