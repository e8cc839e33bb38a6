"""Quoted and repeated passages: quote edges, repeat groups and external quotes.

Passages of ``min_words`` or more come from one hashed n-gram index over all nodes
(``ngrams``); shorter quotations in marks are sought as exact phrases (``quotations``).
Pieces quoted across an ellipsis are joined, passages standing in very many nodes dropped,
and what is left becomes edges from the later node to the earliest one: later in time
wherever both nodes have times, later in the thread where they do not (``search_order``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np

from ..collector import paused
from ..model import Edge, Node, Occurrence, Passage, RepeatGroup, Thread, timestamp
from ..text import ELLIPSIS
from ..wordcut import many_word_bounds
from .extension import Match, seeded_matches
from .marks import marked_spans
from .ngrams import Corpus, Doc
from .quotations import marked_matches
from .stock import stock_phrases, unrelated
from .workers import Clock, Phase, iterate_fresh

if TYPE_CHECKING:
    from . import Options

PASSAGE_KINDS = ("quote", "repeat", "duplicate")
_DUPLICATE_SHARE = 0.9  # a passage this share of both nodes makes the later one a duplicate
_EDIT_GAP = 3  # words between two pieces of one quote that an edit may leave unmatched


def find_passages(thread: Thread, options: Options | None = None) -> Thread:
    """Return the thread with its quote, repeat and duplicate edges, repeats and external quotes.

    Earlier passage edges are replaced; edges of other kinds are kept.
    """
    return find_passages_across([thread], options)[0]


def find_passages_across(threads: Sequence[Thread], options: Options | None = None) -> list[Thread]:
    """Find passages across many threads from one index; edges may join nodes of two threads.

    Threads count as earlier in the order given (sort them by time first for an archive).
    Marked quotations of 2-3 words are only sought within their own thread: across a corpus
    such short phrases recur by chance.
    """
    return list(search_passages(threads, options).threads)


def find_passages_apart(threads: Sequence[Thread], options: Options | None = None) -> list[Thread]:
    """``find_passages`` of each thread, from one index over them all: each thread gets the
    passages it gets searched alone, and many small threads cost one search, not one each."""
    return list(search_passages(threads, options, apart=True).threads)


@dataclass(frozen=True, slots=True)
class Search:
    """Threads with their passages, and what the search left out as common."""

    threads: tuple[Thread, ...]
    common_nodes: int
    """Nodes a phrase may stand in before it counts as common (``Options.common_nodes``)."""
    common_grams: int
    """Distinct word 4-grams found common (in too many nodes, or a sign-off of one author)."""
    phases: tuple[Phase, ...] = field(default=(), compare=False)
    """What each phase of the search cost, in order (wall-clock and CPU seconds)."""


def search_passages(
    threads: Sequence[Thread], options: Options | None = None, jobs: int = 1,
    apart: bool = False,
) -> Search:
    """``find_passages_across`` with what it left out, on ``jobs`` processes; with ``apart``,
    ``find_passages_apart`` (no passage joins two threads, none is common for being in
    many threads)."""
    if options is None:
        from . import Options

        options = Options()
    with paused():  # millions of objects, no cycles
        clock = Clock()
        docs = corpus_docs(threads)
        corpus, matches = seeded_matches(docs, options, jobs, clock, apart)
        matches += marked_matches(docs, corpus, threads, matches, options, jobs, apart)
        clock.lap("marked quotations")
        matches = join_ellipses(docs, matches)
        clock.lap("join ellipses")
        return finish_search(threads, docs, corpus, matches, options, corpus.common_grams,
                             jobs, clock, apart)


def corpus_docs(threads: Sequence[Thread]) -> list[Doc]:
    """The docs of a corpus in search order: threads as given, each in ``search_order``."""
    return [
        Doc(node, index)
        for index, thread in enumerate(threads)
        for node in search_order(thread.nodes)
    ]


def search_order(nodes: Sequence[Node]) -> list[Node]:
    """A thread's nodes in the order passages are sought: what a passage's earliest holder is.

    Two nodes with times are in time order, so a quote points from the later comment to the
    earlier one even where the file lists them otherwise (pages read out of order, answers
    sorted by votes). A node without a time keeps its place in the thread, right after the
    latest time before it, so nodes without times stay in thread order among themselves.
    """
    ordered = sorted(nodes, key=_position)
    moments: list[float] = []
    latest, rising = -math.inf, True
    for node in ordered:
        if node.published is None:
            moments.append(latest)
            continue
        moment = timestamp(node.published)
        if moment < latest:
            rising = False
        latest = max(latest, moment)
        moments.append(moment)
    if rising:  # times never go back in thread order (most threads): that order is kept
        return ordered
    # A stable sort on the moments alone keeps thread order among equal moments.
    return [ordered[i] for i in sorted(range(len(ordered)), key=moments.__getitem__)]


_position = attrgetter("position")


def finish_search(
    threads: Sequence[Thread], docs: list[Doc], corpus: Corpus, matches: list[Match],
    options: Options, common_grams: int, jobs: int, clock: Clock, apart: bool = False,
) -> Search:
    """The threads with the edges, repeat groups and external quotes of the final matches.

    ``corpus`` needs the word hashes of the matches' targets only.
    """
    edges, groups, external = _edges_and_groups(threads, docs, corpus, matches, options, jobs,
                                                clock, apart)
    results = []
    for index, thread in enumerate(threads):
        kept = tuple(edge for edge in thread.edges if edge.kind not in PASSAGE_KINDS)
        results.append(
            replace(
                thread,
                edges=kept + tuple(edges.get(index, ())),
                repeats=tuple(groups.get(index, ())),
                external_quotes=tuple(external.get(index, ())),
            )
        )
    clock.lap("thread results")
    return Search(tuple(results), options.common_nodes, common_grams, tuple(clock.phases))


def join_ellipses(docs: list[Doc], matches: list[Match]) -> list[Match]:
    """Join two pieces of one source that quote one target in order across an ellipsis, or
    two unmarked pieces across an edit the extension could not step over (at most
    ``_EDIT_GAP`` words apart on both sides: a quote with more words changed than its length
    allows). Quotations in marks with a word of the writer's between them stay two."""
    matches.sort(key=lambda m: (m.source, m.a0))
    joined: list[Match] = []
    for match in matches:
        last = joined[-1] if joined else None
        follows = (
            last is not None
            and last.source == match.source
            and last.target == match.target >= 0
            and last.a1 <= match.a0
            and last.b1 <= match.b0
        )
        if follows and (match.a0 - last.a1 <= _EDIT_GAP and match.b0 - last.b1 <= _EDIT_GAP
                        and not (last.marked or match.marked)):
            last.a1, last.b1 = match.a1, match.b1
            last.matched += match.matched
            last.marked = last.marked or match.marked
            continue
        if follows and _ellipsis_between(docs[match.source], last.a1, match.a0):
            last.gaps = (last.gaps[0] + match.a0 - last.a1, last.gaps[1] + match.b0 - last.b1)
            last.a1, last.b1 = match.a1, match.b1
            last.matched += match.matched
            last.marked = last.marked or match.marked
            last.joined = True
            continue
        joined.append(match)
    return joined


def _ellipsis_between(doc: Doc, a1: int, a0: int) -> bool:
    """True when words a1-1 and a0 are separated by an ellipsis and at most three words."""
    if a0 - a1 > 3:
        return False
    return bool(ELLIPSIS.search(doc.node.text, doc.char_span(a1 - 1, a1)[1],
                                doc.char_span(a0, a0 + 1)[0]))


def _share_marked(marks: list[tuple[int, int]], span: tuple[int, int]) -> float:
    inside = sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in marks)
    return inside / max(1, span[1] - span[0])


_WORD_CHARACTER = re.compile(r"\w")


def _is_block(text: str, span: tuple[int, int]) -> bool:
    """True when a span fills its lines: nothing but marks and spaces around it on them."""
    before = text[text.rfind("\n", 0, span[0]) + 1 : span[0]]
    after_end = text.find("\n", span[1])
    after = text[span[1] : len(text) if after_end < 0 else after_end]
    return not _WORD_CHARACTER.search(before) and not _WORD_CHARACTER.search(after)


# What a match is, as ``_describe`` numbers it: (edge kind, evidence before details).
_EXTERNAL, _WITHIN, _MARKED, _DUPLICATE, _PASTED, _UNMARKED, _UNLIKE, _STOCK, _APART = range(9)
_KINDS = {
    _WITHIN: ("repeat", "repeated within one text"),
    _MARKED: ("quote", "in quotation marks"),
    _DUPLICATE: ("duplicate", "a copy of the whole earlier text"),
    _PASTED: ("repeat", "the same {} words pasted again"),
    _UNMARKED: ("quote", "the same {} words, unmarked"),
    _STOCK: ("repeat", "a stock phrase of {} frequent words, unmarked"),
    _APART: ("repeat", "the same {} words in two unrelated comments, unmarked"),
}


def _drop_common(
    docs: list[Doc], corpus: Corpus, matches: list[Match], options: Options, apart: bool
) -> list[Match]:
    """Drop passages whose words stand in too many nodes (boilerplate the index let through);
    with ``apart``, too many nodes of their thread."""
    holders: dict[tuple[int, bytes], set[int]] = {}
    keys = []
    for match in matches:
        if match.target < 0:
            keys.append(None)
            continue
        start = int(corpus.starts[match.target])
        key = (docs[match.target].thread if apart else 0,
               corpus.tokens[start + match.b0 : start + match.b1].tobytes())
        holders.setdefault(key, set()).update((match.source, match.target))
        keys.append(key)
    return [
        match
        for match, key in zip(matches, keys, strict=True)
        if key is None or len(holders[key]) <= options.common_nodes
    ]


_SPANS = 20_000  # matches described at once, in one task


def _describe(task: tuple[np.ndarray, dict[int, str], dict | None]) -> np.ndarray:
    """Per match, a row (source, target, a0, a1, b0, b1, marked, both docs' sizes, short,
    stock), with the texts of the docs by number (and their words' bounds, when the search
    kept them): character spans in both docs, whether the first is in marks, and what the
    match is (``_KINDS``, or ``_UNLIKE``: a ``short`` match, one word short of
    ``min_words`` matched, whose odd word is not a form of the other's).
    ``stock`` is 1 for a phrase of frequent words (``stock.stock_phrases``), 2 for one in two
    unrelated comments (``stock.unrelated``): unmarked, either is a repeat, not a quote."""
    rows, texts, bounds = task
    if bounds is None:
        bounds = dict(zip(texts, many_word_bounds(list(texts.values())), strict=True))
    marks: dict[int, list[tuple[int, int]]] = {}
    described = []
    for source, target, a0, a1, b0, b1, in_marks, size_a, size_b, short, stock in rows.tolist():
        starts, ends = bounds[source]
        span = (int(starts[a0]), int(ends[a1 - 1]))
        if target < 0:
            described.append((*span, *span, True, _EXTERNAL))
            continue
        starts, ends = bounds[target]
        if short and not _variants(texts[source], bounds[source], (a0, a1),
                                   texts[target], bounds[target], (b0, b1)):
            described.append((*span, *span, False, _UNLIKE))
            continue
        if not in_marks:
            if source not in marks:
                marks[source] = marked_spans(texts[source])
            in_marks = _share_marked(marks[source], span) >= 0.5
        if source == target:
            what = _WITHIN
        elif in_marks:
            what = _MARKED
        elif a1 - a0 >= _DUPLICATE_SHARE * size_a and b1 - b0 >= _DUPLICATE_SHARE * size_b:
            what = _DUPLICATE
        else:
            what = (_PASTED if _is_block(texts[source], span) else _STOCK if stock == 1
                    else _APART if stock == 2 else _UNMARKED)
        described.append((*span, int(starts[b0]), int(ends[b1 - 1]), bool(in_marks), what))
    return np.array(described, np.int64).reshape(-1, 6)


def _variants(
    text_a: str, bounds_a: tuple[np.ndarray, np.ndarray], words_a: tuple[int, int],
    text_b: str, bounds_b: tuple[np.ndarray, np.ndarray], words_b: tuple[int, int],
) -> bool:
    """True when two runs of as many words differ only in words that are forms of one word
    (``_forms``)."""
    if words_a[1] - words_a[0] != words_b[1] - words_b[0]:
        return False
    for k in range(words_a[1] - words_a[0]):
        a = text_a[bounds_a[0][words_a[0] + k] : bounds_a[1][words_a[0] + k]]
        b = text_b[bounds_b[0][words_b[0] + k] : bounds_b[1][words_b[0] + k]]
        if not _forms(a, b):
            return False
    return True


_ENDINGS = ("ing", "ed", "es", "s", "d", "e")  # ends of English word forms, longest first


def _forms(a: str, b: str) -> bool:
    """True when two words are one, or forms of one: one is the other with an ending
    ("your", "yours"), or both are one stem with endings ("used", "using"); "the" and
    "their" are not."""
    a, b = (word.lower().replace("'", "").replace("’", "") for word in (a, b))
    if a == b or any(a == b + end or b == a + end for end in _ENDINGS):
        return True
    return _stem(a) == _stem(b) and len(_stem(a)) >= 2


def _stem(word: str) -> str:
    for end in _ENDINGS:
        if word.endswith(end) and len(word) > len(end) + 1:
            return word[: -len(end)]
    return word


def _describe_tasks(
    threads: Sequence[Thread], docs: list[Doc], corpus: Corpus, matches: list[Match],
    options: Options, apart: bool,
) -> list:
    """Tasks of ``_SPANS`` matches for ``_describe``, with the texts they need."""
    rows = np.array([(m.source, m.target, m.a0, m.a1, m.b0, m.b1, m.marked,
                      docs[m.source].size, docs[m.target].size if m.target >= 0 else 0,
                      m.matched < options.min_words and not m.marked)
                     for m in matches],
                    np.int64).reshape(-1, 10)
    # The target's words: ``corpus`` may hold the targets' alone (the Dask search).
    threads_of = np.fromiter((doc.thread for doc in docs), np.int64, len(docs)) if apart else None
    # Only an unmarked match between two docs can be a stock phrase (``_describe``): the
    # others are asked of no target (-1), which is neither.
    pairs = rows[:, :2].copy()
    pairs[(rows[:, 0] == rows[:, 1]) | (rows[:, 6] != 0), 1] = -1
    spans = np.column_stack([pairs[:, 1], rows[:, 4:6]])
    stock = np.where(stock_phrases(corpus, spans, threads_of), 1,
                     np.where(unrelated(docs, threads, pairs), 2, 0))
    rows = np.column_stack([rows, stock.astype(np.int64)])
    tasks = []
    for low in range(0, len(rows), _SPANS):
        part = rows[low : low + _SPANS]
        numbers = np.unique(part[:, :2])
        numbers = numbers[numbers >= 0].tolist()
        bounds = None if corpus.grams is None else {n: docs[n].bounds for n in numbers}
        tasks.append((part, {n: docs[n].node.text for n in numbers}, bounds))
    return tasks


def _edges_and_groups(
    threads: Sequence[Thread], docs: list[Doc], corpus: Corpus, matches: list[Match],
    options: Options, jobs: int, clock: Clock, apart: bool,
):
    """Turn matches into edges, repeat groups and external quotes, per thread."""
    matches = _drop_common(docs, corpus, matches, options, apart)
    clock.lap("drop common passages")
    # Fresh workers: texts travel in the tasks, no page of this process's is copied. Each
    # part is made into edges here while the workers describe the next ones.
    tasks = _describe_tasks(threads, docs, corpus, matches, options, apart)
    described = (row for part in iterate_fresh(_describe, tasks, jobs) for row in part.tolist())
    edges: dict[int, list[Edge]] = {}
    # (target doc, span) -> (text, words, [(doc number, occurrence)])
    groups: dict[tuple[int, tuple[int, int]], tuple[str, int, list[tuple[int, Occurrence]]]] = {}
    external: dict[int, list[Occurrence]] = {}
    for match, (s0, s1, t0, t1, marked, what) in zip(matches, described, strict=True):
        source, source_span, target_span = docs[match.source], (s0, s1), (t0, t1)
        if what == _UNLIKE:
            continue
        if what == _EXTERNAL:
            external.setdefault(source.thread, []).append(Occurrence(source.node.id, source_span))
            continue
        target, marked, score = docs[match.target], bool(marked), match.score
        kind, evidence = _KINDS[what]
        evidence = evidence.format(match.a1 - match.a0)
        if what != _WITHIN:
            if match.joined:
                evidence += ", pieces joined across an ellipsis"
            if score < 1:
                evidence += f", {score:.0%} alike"
        if kind != "quote":
            key = (match.target, target_span)
            if key not in groups:
                target_text = target.node.text[target_span[0] : target_span[1]]
                first = (match.target, Occurrence(target.node.id, target_span))
                groups[key] = (target_text, match.b1 - match.b0, [first])
            groups[key][2].append((match.source, Occurrence(source.node.id, source_span)))
        if match.source == match.target:
            continue
        text = source.node.text[source_span[0] : source_span[1]]
        passage = Passage(text, source_span, target_span, match.a1 - match.a0, marked)
        edges.setdefault(source.thread, []).append(
            Edge(
                source=source.node.id,
                target=target.node.id,
                kind=kind,
                inferred=not marked,
                evidence=evidence,
                score=score,
                passage=passage,
            )
        )
    by_thread: dict[int, list[RepeatGroup]] = {}
    for (target_number, _), (text, count, occurrences) in groups.items():
        unique = [o for _, o in sorted(set(occurrences), key=lambda pair: (pair[0], pair[1].span))]
        if len(unique) > 1:
            by_thread.setdefault(docs[target_number].thread, []).append(
                RepeatGroup(text=text, words=count, occurrences=tuple(unique))
            )
    clock.lap("spans, kinds and edges")
    return edges, by_thread, external
