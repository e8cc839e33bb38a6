"""Quoted and repeated passages: quote edges, repeat groups and external quotes.

Passages of ``min_words`` or more come from one hashed n-gram index over all nodes
(``ngrams``); shorter quotations in marks are sought as exact phrases (``quotations``).
Pieces quoted across an ellipsis are joined, passages standing in very many nodes dropped,
and what is left becomes edges from the later node to the earliest one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import Edge, Occurrence, Passage, RepeatGroup, Span, Thread
from ..text import ELLIPSIS
from .extension import Match, seeded_matches
from .ngrams import Corpus, Doc
from .quotations import marked_matches
from .workers import Clock, Phase, run_forked

if TYPE_CHECKING:
    from . import Options

PASSAGE_KINDS = ("quote", "repeat", "duplicate")
_DUPLICATE_SHARE = 0.9  # a passage this share of both nodes makes the later one a duplicate


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
    threads: Sequence[Thread], options: Options | None = None, jobs: int = 1
) -> Search:
    """``find_passages_across`` with what it left out; ``jobs`` processes build the index."""
    if options is None:
        from . import Options

        options = Options()
    clock = Clock()
    docs = corpus_docs(threads)
    corpus, matches = seeded_matches(docs, options, jobs, clock)
    matches += marked_matches(docs, corpus, threads, matches, options, jobs)
    clock.lap("marked quotations")
    matches = _join_ellipses(docs, matches)
    clock.lap("join ellipses")
    return finish_search(threads, docs, corpus, matches, options, corpus.common_grams, jobs,
                         clock)


def corpus_docs(threads: Sequence[Thread]) -> list[Doc]:
    """The docs of a corpus in search order: threads as given, each node by position."""
    return [
        Doc(node, index)
        for index, thread in enumerate(threads)
        for node in sorted(thread.nodes, key=lambda node: node.position)
    ]


def finish_search(
    threads: Sequence[Thread], docs: list[Doc], corpus: Corpus, matches: list[Match],
    options: Options, common_grams: int, jobs: int, clock: Clock,
) -> Search:
    """The threads with the edges, repeat groups and external quotes of the final matches.

    ``corpus`` needs the word hashes of the matches' targets only.
    """
    edges, groups, external = _results(docs, corpus, matches, options, jobs, clock)
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


def _join_ellipses(docs: list[Doc], matches: list[Match]) -> list[Match]:
    """Join two pieces of one source that quote one target in order across an ellipsis."""
    matches.sort(key=lambda m: (m.source, m.a0))
    joined: list[Match] = []
    for match in matches:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.source == match.source
            and last.target == match.target >= 0
            and last.a1 <= match.a0
            and last.b1 <= match.b0
            and _ellipsis_between(docs[match.source], last.a1, match.a0)
        ):
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


def _share_marked(doc: Doc, span: tuple[int, int]) -> float:
    inside = sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in doc.marked)
    return inside / max(1, span[1] - span[0])


def _is_block(text: str, span: tuple[int, int]) -> bool:
    """True when a span fills its lines: nothing but marks and spaces around it on them."""
    before = text[text.rfind("\n", 0, span[0]) + 1 : span[0]]
    after_end = text.find("\n", span[1])
    after = text[span[1] : len(text) if after_end < 0 else after_end]
    return not re.search(r"\w", before) and not re.search(r"\w", after)


def _kind(docs: list[Doc], match: Match, marked: bool, span: tuple[int, int]) -> tuple[str, str]:
    """The edge kind of a match between two nodes, and the evidence for it."""
    source, words_count = docs[match.source], match.a1 - match.a0
    if marked:
        return "quote", "in quotation marks"
    size_a, size_b = source.size, docs[match.target].size
    copied = match.b1 - match.b0
    if words_count >= _DUPLICATE_SHARE * size_a and copied >= _DUPLICATE_SHARE * size_b:
        return "duplicate", "a copy of the whole earlier text"
    if _is_block(source.node.text, span):
        return "repeat", f"the same {words_count} words pasted again"
    return "quote", f"the same {words_count} words, unmarked"


def _drop_common(corpus: Corpus, matches: list[Match], options: Options) -> list[Match]:
    """Drop passages whose words stand in too many nodes (boilerplate the index let through)."""
    holders: dict[bytes, set[int]] = {}
    keys = []
    for match in matches:
        if match.target < 0:
            keys.append(None)
            continue
        start = int(corpus.starts[match.target])
        key = corpus.tokens[start + match.b0 : start + match.b1].tobytes()
        holders.setdefault(key, set()).update((match.source, match.target))
        keys.append(key)
    return [
        match
        for match, key in zip(matches, keys, strict=True)
        if key is None or len(holders[key]) <= options.common_nodes
    ]


_SPANS = 20_000  # matches described at once, in one task


def _describe(
    bounds: tuple[int, int], docs: list[Doc], matches: list[Match]
) -> list[tuple[Span, Span, bool, str, str]]:
    """Character spans of matches low:high in both docs, whether the first is in marks, and
    the edge kind and evidence."""
    described = []
    for match in matches[bounds[0] : bounds[1]]:
        source = docs[match.source]
        source_span = source.char_span(match.a0, match.a1)
        if match.target < 0:
            described.append((source_span, source_span, True, "", ""))
            continue
        target_span = docs[match.target].char_span(match.b0, match.b1)
        marked = match.marked or _share_marked(source, source_span) >= 0.5
        kind, evidence = "repeat", "repeated within one text"
        if match.source != match.target:
            kind, evidence = _kind(docs, match, marked, source_span)
            if match.joined:
                evidence += ", pieces joined across an ellipsis"
            if match.score < 1:
                evidence += f", {match.score:.0%} alike"
        described.append((source_span, target_span, marked, kind, evidence))
    return described


def _results(
    docs: list[Doc], corpus: Corpus, matches: list[Match], options: Options, jobs: int,
    clock: Clock,
):
    """Turn matches into edges, repeat groups and external quotes, per thread."""
    matches = _drop_common(corpus, matches, options)
    clock.lap("drop common passages")
    ranges = [(low, min(len(matches), low + _SPANS)) for low in range(0, len(matches), _SPANS)]
    described = run_forked(_describe, ranges, jobs, docs=docs, matches=matches)
    clock.lap("spans and kinds")
    edges: dict[int, list[Edge]] = {}
    # (target doc, span) -> (text, words, [(doc number, occurrence)])
    groups: dict[tuple[int, tuple[int, int]], tuple[str, int, list[tuple[int, Occurrence]]]] = {}
    external: dict[int, list[Occurrence]] = {}
    for match, (source_span, target_span, marked, kind, evidence) in zip(
        matches, (one for part in described for one in part), strict=True
    ):
        source = docs[match.source]
        if match.target < 0:
            external.setdefault(source.thread, []).append(Occurrence(source.node.id, source_span))
            continue
        target = docs[match.target]
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
                score=match.score,
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
    clock.lap("edges and groups")
    return edges, by_thread, external
