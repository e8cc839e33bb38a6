"""Marked quotations shorter than a seeded passage: exact phrases sought in their thread.

A quotation is cut at its ellipses into pieces of at least ``marked_min_words`` words; each
piece points to the earliest other place in its thread holding the same words. A piece found
nowhere is an external quote (the post quoting a newspaper). Pieces are sought in the
corpus's word hashes, all pieces of a thread in one pass over the thread's words, and pieces
of 4 or more words missing from their thread in one pass over the whole corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..model import Thread
from .extension import Match
from .ngrams import GRAM, Corpus, Doc, Members, combine_hashes, number_salts, rolling_hashes
from .workers import run_forked

if TYPE_CHECKING:
    from . import Options

_EXTERNAL_MIN_WORDS = 3  # two words in marks found nowhere are mostly scare quotes
_ACROSS_MIN_WORDS = GRAM  # across a corpus, shorter phrases recur by chance
_CHUNK = 1 << 22  # words hashed at once in a pass over the whole corpus
_THREADS = 2_000  # threads whose quotations one task seeks

Piece = tuple[int, int, int]  # doc number, first word, end word


def marked_matches(
    docs: list[Doc], corpus: Corpus, threads: Sequence[Thread], seeded: list[Match],
    options: Options, jobs: int = 1, apart: bool = False,
) -> list[Match]:
    """Exact matches of quoted pieces not already inside a seeded passage.

    A quotation is cut at its ellipses into pieces of at least ``marked_min_words`` words,
    sought first in their own thread, then (from 4 words) in the other threads of a corpus.
    A piece found nowhere else becomes an external quote (a match whose target is -1).
    ``jobs`` processes seek the pieces of a range of threads each. With ``apart``, pieces
    are sought in their own thread only, as if each thread were searched alone.
    """
    covered = covered_words(np.array([(m.source, m.a0, m.a1) for m in seeded], np.int64))
    ranges = thread_ranges(docs)
    tasks = [ranges[low : low + _THREADS] for low in range(0, len(ranges), _THREADS)]
    # Forked workers read numpy arrays alone: no page of this process's objects is copied.
    parts = run_forked(seek_in_threads, tasks, jobs, corpus=corpus, covered=covered,
                       options=options, across=len(threads) > 1 and not apart)
    found = [Match.from_row(row, marked=True) for part in parts for row in part[0].tolist()]
    elsewhere = [Match.from_row(row, marked=True) for part in parts for row in part[1].tolist()]
    if elsewhere:
        found += _find_across(docs, corpus, elsewhere, options)
    return found


def _rows(matches: list[Match]) -> np.ndarray:
    """Matches as rows of numbers (``Match.row``), compact to hand between processes."""
    return np.array([match.row() for match in matches], np.int64).reshape(-1, 7)


def covered_words(passages: np.ndarray) -> np.ndarray:
    """Rows (source doc, first word, end word) of the passages found, sorted by source doc:
    what ``seek_in_threads`` skips."""
    rows = passages.reshape(-1, 3)
    return rows[np.argsort(rows[:, 0], kind="stable")]


def seek_in_threads(
    ranges: list[tuple[int, int]], corpus: Corpus, covered: np.ndarray, options: Options,
    across: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Quoted pieces (``corpus.pieces``) of these threads (``ranges`` of docs, one after
    another) found in their thread (or nowhere, so external), and those to seek in the other
    threads (``across``); a piece mostly inside a passage already found (``covered``:
    ``covered_words``) is skipped.

    The places of all threads' pieces are found in one pass over their words, each anchor's
    hash mixed with its thread's number (``ngrams.number_salts``), so that a piece meets the
    words of its own thread alone.
    """
    found: list[Match] = []
    elsewhere: list[Match] = []
    chosen: list[list[Piece]] = []  # each thread's pieces, for the threads with some
    for first, last in ranges:
        low, high = np.searchsorted(corpus.pieces[:, 0], (first, last)).tolist()
        pieces = [piece for piece in map(tuple, corpus.pieces[low:high].tolist())
                  if piece[2] - piece[1] >= options.marked_min_words]
        if pieces:
            chosen.append(pieces)
    if not chosen:
        return _rows(found), _rows(elsewhere)
    sizes = [last - first for first, last in ranges]
    salts = number_salts(np.repeat(np.arange(len(ranges)), sizes))  # by doc, from the first
    every = [piece for pieces in chosen for piece in pieces]
    anchors = [(size, key ^ int(salts[number - ranges[0][0]]))
               for (size, key), (number, _, _) in zip(find_anchors(corpus, every), every,
                                                       strict=True)]
    places = find_places(corpus, anchors, int(corpus.starts[ranges[0][0]]),
                         int(corpus.starts[ranges[-1][1]]), (ranges[0][0], salts))
    anchored = iter(anchors)
    for pieces in chosen:
        mine: dict[int, list[tuple[int, int]]] = {}
        for piece in pieces:
            anchor = next(anchored)
            number, a0, a1 = piece
            low, high = np.searchsorted(covered[:, 0], (number, number + 1)).tolist()
            spans = covered[low:high, 1:].tolist() + mine.get(number, [])
            if any(min(a1, e) - max(a0, s) > (a1 - a0) / 2 for s, e in spans):
                continue
            held = find_holders(corpus, piece, anchor, places, options.common_nodes)
            match = _earliest(piece, held, options.common_nodes)
            if match is None:
                continue
            if match.target >= 0:
                found.append(match)
                mine.setdefault(number, []).append((a0, a1))
            elif across and a1 - a0 >= _ACROSS_MIN_WORDS:
                elsewhere.append(match)
            elif a1 - a0 >= _EXTERNAL_MIN_WORDS:
                found.append(match)
    return _rows(found), _rows(elsewhere)


def thread_ranges(docs: list[Doc]) -> list[tuple[int, int]]:
    """(first, end) doc numbers of each thread: docs come thread by thread."""
    ranges = []
    first = 0
    for number in range(1, len(docs) + 1):
        if number == len(docs) or docs[number].thread != docs[first].thread:
            ranges.append((first, number))
            first = number
    return ranges


def find_anchors(corpus: Corpus, pieces: Sequence[Piece]) -> list[tuple[int, int]]:
    """(words hashed, hash) of the start of each piece: its first GRAM words, or all."""
    sizes = np.array([min(GRAM, a1 - a0) for _, a0, a1 in pieces])
    firsts = np.array([int(corpus.starts[number]) + a0 for number, a0, _ in pieces])
    hashes = np.zeros(len(pieces), np.uint64)
    for size in np.unique(sizes).tolist():
        chosen = np.flatnonzero(sizes == size)
        words = [corpus.tokens[firsts[chosen] + k] for k in range(size)]
        hashes[chosen] = combine_hashes(words)
    return list(zip(sizes.tolist(), hashes.tolist(), strict=True))


def find_places(
    corpus: Corpus, anchors: list[tuple[int, int]], low: int, high: int,
    salts: tuple[int, np.ndarray] | None = None,
) -> dict[tuple[int, int], np.ndarray]:
    """Word positions in low:high where each anchor stands, by anchor. With ``salts``
    (first doc, a number per doc from it on), each position's hash is mixed with its doc's
    number, as the anchors' are: an anchor is found in the docs of its own number alone
    (and at the last words of them, in runs that go on past them)."""
    wanted: dict[int, set[int]] = {}
    for size, key in anchors:
        wanted.setdefault(size, set()).add(key)
    members = {size: Members(np.fromiter(keys, np.uint64, len(keys)))
               for size, keys in wanted.items()}
    grams = corpus.grams
    places: dict[tuple[int, int], np.ndarray] = {}
    for at in range(low, high, _CHUNK):
        mixed = None if salts is None else _position_salts(
            corpus.starts, at, min(high, at + _CHUNK), *salts)
        for size, member in members.items():
            end = min(high, at + _CHUNK + size - 1)
            if size == GRAM and grams is not None:  # made once for the index: not changed
                hashes = grams[at : max(at, end - GRAM + 1)]
                if mixed is not None:
                    hashes = hashes ^ mixed[: len(hashes)]
            else:
                hashes = rolling_hashes(corpus.tokens[at:end], size)
                if mixed is not None:
                    hashes ^= mixed[: len(hashes)]
            hits = member.find(hashes)
            if not len(hits):
                continue
            order = np.argsort(hashes[hits], kind="stable")
            values, hits = hashes[hits][order], hits[order] + at
            bounds = np.flatnonzero(np.diff(values)) + 1
            for value, group in zip(values[np.append(0, bounds)].tolist(),
                                    np.split(hits, bounds), strict=True):
                key = (size, value)
                places[key] = np.append(places[key], group) if key in places else group
    return places


def _position_salts(
    starts: np.ndarray, low: int, high: int, first: int, by_doc: np.ndarray
) -> np.ndarray:
    """The salt of each position low:high: that of its doc (``by_doc[doc - first]``)."""
    d0, d1 = (np.searchsorted(starts, (low, high - 1), side="right") - 1).tolist()
    counts = np.diff(np.clip(starts[d0 : d1 + 2], low, high))
    return np.repeat(by_doc[d0 - first : d1 + 1 - first], counts)


def find_holders(
    corpus: Corpus, piece: Piece, anchor: tuple[int, int], places: dict, limit: int
) -> list[tuple[int, int]]:
    """(doc, word) of the places holding a piece's words, in corpus order, until more than
    ``limit`` docs hold it."""
    number, a0, a1 = piece
    start = int(corpus.starts[number])
    phrase = corpus.tokens[start + a0 : start + a1].tolist()
    candidates = places.get(anchor, np.zeros(0, np.int64))
    held: list[tuple[int, int]] = []
    docs: set[int] = set()
    owners = np.searchsorted(corpus.starts, candidates, side="right") - 1
    for at, owner in zip(candidates.tolist(), owners.tolist(), strict=True):
        if at + len(phrase) > corpus.starts[owner + 1]:
            continue  # runs past the end of its doc
        if corpus.tokens[at : at + len(phrase)].tolist() != phrase:
            continue
        held.append((owner, at - int(corpus.starts[owner])))
        docs.add(owner)
        if len(docs) > limit + 1:
            break
    return held


def _earliest(piece: Piece, held: list[tuple[int, int]], limit: int) -> Match | None:
    """The match of a piece to the earliest other place holding it, or an external quote.

    None when the piece is common or itself the earliest of several places.
    """
    number, a0, a1 = piece
    others = [place for place in held if place != (number, a0)]
    if len({doc for doc, _ in others}) > limit:
        return None  # a stock phrase, not a quotation
    size = a1 - a0
    if not others:
        return Match(number, -1, a0, a1, a0, a1, size, marked=True)
    target, position = others[0]
    if (target, position) > (number, a0):
        return None  # the first of several: later nodes point here, nothing is external
    return Match(number, target, a0, a1, position, position + size, size, marked=True)


def _find_across(
    docs: list[Doc], corpus: Corpus, pending: list[Match], options: Options
) -> list[Match]:
    """Seek pieces their own thread lacks in all other threads, in one pass over the corpus."""
    pieces = [(m.source, m.a0, m.a1) for m in pending]
    anchors = find_anchors(corpus, pieces)
    places = find_places(corpus, anchors, 0, len(corpus.tokens))
    found = []
    for match, piece, anchor in zip(pending, pieces, anchors, strict=True):
        own = docs[match.source].thread
        held = [
            place
            for place in find_holders(corpus, piece, anchor, places, options.common_nodes)
            if docs[place[0]].thread != own
        ]
        found += across_match(match, held, options)
    return found


def across_match(match: Match, held: list[tuple[int, int]], options: Options) -> list[Match]:
    """A piece its thread lacks, matched to the earliest (doc, word) of the other threads
    holding it (``_earliest``); an external quote only from ``_EXTERNAL_MIN_WORDS`` words."""
    found = _earliest((match.source, match.a0, match.a1), held, options.common_nodes)
    if found is None or (found.target < 0 and found.a1 - found.a0 < _EXTERNAL_MIN_WORDS):
        return []
    return [found]
