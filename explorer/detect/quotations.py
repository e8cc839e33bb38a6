"""Marked quotations shorter than a seeded passage: exact phrases sought in their thread.

A quotation is cut at its ellipses into pieces of at least ``marked_min_words`` words; each
piece points to the earliest other place in its thread holding the same words. A piece found
nowhere is an external quote (the post quoting a newspaper).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Thread
from ..text import ELLIPSIS
from .ngrams import Doc, Match, common_limit

if TYPE_CHECKING:
    from . import Options

_EXTERNAL_MIN_WORDS = 3  # two words in marks found nowhere are mostly scare quotes
_ACROSS_MIN_WORDS = 4  # across a corpus, shorter phrases recur by chance
_SAMPLE = 2000  # docs read to find how common word pairs are


def marked_matches(
    docs: list[Doc], threads: Sequence[Thread], seeded: list[Match], options: Options
) -> list[Match]:
    """Exact matches of quoted pieces not already inside a seeded passage.

    A quotation is cut at its ellipses into pieces of at least ``marked_min_words`` words,
    sought first in their own thread, then (from 4 words) in the other threads of a corpus.
    A piece found nowhere else becomes an external quote (a match whose target is -1).
    """
    covered: dict[int, list[tuple[int, int]]] = {}
    for match in seeded:
        covered.setdefault(match.source, []).append((match.a0, match.a1))
    firsts: dict[int, int] = {}
    for number, doc in enumerate(docs):
        firsts.setdefault(doc.thread, number)
    haystack: tuple[int, tuple[str, list[int]]] = (-1, ("", []))  # docs come thread by thread
    found: list[Match] = []
    elsewhere: list[Match] = []  # not in their own thread: sought in the others
    for number, doc in enumerate(docs):
        if not _may_quote(doc.node.text):
            continue
        for start, end in doc.marked:
            for piece in _pieces(doc, start, end):
                a0, a1 = piece
                if a1 - a0 < options.marked_min_words:
                    continue
                if any(min(a1, e) - max(a0, s) > (a1 - a0) / 2 for s, e in covered.get(number, ())):
                    continue
                if haystack[0] != doc.thread:
                    haystack = (doc.thread, _haystack(docs, firsts[doc.thread], doc.thread))
                match = _find_phrase(
                    docs, haystack[1], number, firsts[doc.thread], (a0, a1), options
                )
                if match is None:
                    continue
                if match.target >= 0:
                    found.append(match)
                    covered.setdefault(number, []).append((a0, a1))
                elif len(threads) > 1 and a1 - a0 >= _ACROSS_MIN_WORDS:
                    elsewhere.append(match)
                elif a1 - a0 >= _EXTERNAL_MIN_WORDS:
                    found.append(match)
    if elsewhere:
        found += _find_across(docs, elsewhere, options)
    return found


def _find_across(docs: list[Doc], pending: list[Match], options: Options) -> list[Match]:
    """Seek pieces their own thread lacks in all other threads, in one pass over the corpus.

    Each piece is anchored on its rarest word pair, as counted in a sample of the corpus;
    each doc's word pairs meet the anchors in a set intersection (in C), so the pass costs
    little more than reading the words, however many pieces are sought.
    """
    phrases = [docs[m.source].norm.split()[m.a0 : m.a1] for m in pending]
    candidates = {pair for phrase in phrases for pair in _pairs(phrase)}
    seen: Counter[tuple[str, str]] = Counter()
    for doc in docs[:: max(1, len(docs) // _SAMPLE)]:
        seen.update(candidates.intersection(_pairs(doc.norm.split())))
    wanted: dict[tuple[str, str], list[tuple[int, int]]] = {}  # pair -> (piece, offset)
    for number, phrase in enumerate(phrases):
        pairs = _pairs(phrase)
        offset = min(range(len(pairs)), key=lambda i: seen[pairs[i]])
        wanted.setdefault(pairs[offset], []).append((number, offset))
    limit = common_limit(len(docs), options)
    holders: list[list[tuple[int, int]]] = [[] for _ in pending]
    firsts = {pair[0] for pair in wanted}
    for number, doc in enumerate(docs):
        tokens = doc.norm.split()
        if firsts.isdisjoint(tokens):  # in C, without building a set: most docs stop here
            continue
        pairs = _pairs(tokens)
        for pair in wanted.keys() & set(pairs):
            places = [i for i, here in enumerate(pairs) if here == pair]
            for index, offset in wanted[pair]:
                phrase, held = phrases[index], holders[index]
                if docs[pending[index].source].thread == doc.thread or len(held) > limit:
                    continue  # its own thread was searched already
                held += [
                    (number, i - offset)
                    for i in places
                    if i >= offset and tokens[i - offset : i - offset + len(phrase)] == phrase
                ]
    found = []
    for match, held in zip(pending, holders, strict=True):
        if len({number for number, _ in held}) > limit:
            continue  # a stock phrase
        if not held:
            if match.a1 - match.a0 >= _EXTERNAL_MIN_WORDS:
                found.append(match)
        elif held[0][0] < match.source:
            target, position = held[0]
            size = match.a1 - match.a0
            found.append(Match(match.source, target, match.a0, match.a1, position,
                               position + size, size, marked=True))
    return found


def _pairs(tokens: list[str]) -> list[tuple[str, str]]:
    return list(zip(tokens, tokens[1:], strict=False))


def _may_quote(text: str) -> bool:
    return any(mark in text for mark in "\"'“”‘’«»„>")


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Word ranges of a quotation's pieces, cut where an ellipsis stands."""
    cuts = [start]
    for ellipsis in ELLIPSIS.finditer(doc.node.text, start, end):
        cuts += [ellipsis.start(), ellipsis.end()]
    cuts.append(end)
    spans = doc.spans
    starts = [span[0] for span in spans]
    pieces = []
    for piece_start, piece_end in zip(cuts[::2], cuts[1::2], strict=True):
        first = bisect_left(starts, piece_start)
        last = first
        while last < len(spans) and spans[last][1] <= piece_end:
            last += 1
        if last > first:
            pieces.append((first, last))
    return pieces


def _haystack(docs: list[Doc], first: int, thread: int) -> tuple[str, list[int]]:
    """A thread's normalised text as one string, each doc framed by spaces, with offsets."""
    parts, offsets, at = [], [], 0
    number = first
    while number < len(docs) and docs[number].thread == thread:
        part = f" {docs[number].norm} \n"
        offsets.append(at)
        parts.append(part)
        at += len(part)
        number += 1
    return "".join(parts), offsets


def _find_phrase(
    docs: list[Doc],
    haystack: tuple[str, list[int]],
    number: int,
    thread_start: int,
    piece: tuple[int, int],
    options: Options,
) -> Match | None:
    """The earliest other occurrence of words a0:a1 of doc ``number`` in its thread.

    ``thread_start`` is the number of the thread's first doc, where ``haystack`` begins.
    """
    text, offsets = haystack
    a0, a1 = piece
    tokens = docs[number].norm.split()
    phrase = " " + " ".join(tokens[a0:a1]) + " "
    first = number - thread_start
    found: list[tuple[int, int]] = []  # (doc offset in thread, word position)
    at = text.find(phrase)
    while at >= 0 and len(found) <= options.common_nodes:
        local = bisect_right(offsets, at) - 1
        position = text.count(" ", offsets[local], at + 1) - 1
        if (local, position) != (first, a0):
            found.append((local, position))
        at = text.find(phrase, at + 1)
    if len({local for local, _ in found}) > options.common_nodes:
        return None  # a stock phrase, not a quotation
    size = a1 - a0
    if not found:
        return Match(number, -1, a0, a1, a0, a1, size, marked=True)
    local, position = found[0]
    if (local, position) > (first, a0):
        return None  # the first of several: later nodes point here, nothing is external
    return Match(number, thread_start + local, a0, a1, position, position + size, size, marked=True)
