"""Quoted and repeated passages: quote edges, repeat groups and external quotes.

One index serves a whole corpus. Every node's normalised tokens are cut into word 4-grams;
every 5th gram of each node goes into a hash index, and every gram of every node is looked up
in it, so any shared run of 8 or more words meets at least one indexed gram (a seed). Seeds
are extended word by word in both directions, stepping over a changed, dropped or added word.
Grams found in very many nodes (boilerplate, signatures) are dropped from the index, so they
never seed a passage. Marked quotations shorter than ``min_words`` are looked up as exact
phrases in the text of their own thread. Cost grows with the number of words, not of pairs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import Edge, Node, Occurrence, Passage, RepeatGroup, Thread
from ..text import word_spans, words

if TYPE_CHECKING:
    from . import Options

PASSAGE_KINDS = ("quote", "repeat", "duplicate")
GRAM = 4  # words per indexed gram
STRIDE = 5  # index every STRIDE-th gram: runs of GRAM + STRIDE - 1 = 8 words always meet one
_POS_BITS = 24  # a posting packs (node number << _POS_BITS) | word position
_POS_MASK = (1 << _POS_BITS) - 1
_RESUME = 3  # words that must agree after an edit before the extension steps over it
_STEPS = ((1, 1), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2))  # (skipped source, skipped target)
_DUPLICATE_SHARE = 0.9  # a passage this share of both nodes makes the later one a duplicate
_EXTERNAL_MIN_WORDS = 3  # two words in marks found nowhere are mostly scare quotes

# Quotation marks: pairs of curly, guillemet, low-high and straight quotes. A straight or
# curly single quote only opens after a non-word character and closes before one, so the
# apostrophe in "don't" never closes a quotation.
_QUOTATIONS = (
    re.compile(r"“([^“”]{1,3000})”"),
    re.compile(r"„([^„“”]{1,3000})[“”]"),
    re.compile(r"«([^«»]{1,3000})»"),
    re.compile(r"»([^«»\n]{1,3000})«"),
    re.compile(r"(?<!\w)‘([^‘\n]{1,1000}?)’(?!\w)"),
    re.compile(r'"([^"]{1,3000})"'),
    re.compile(r"(?<![\w'])'(?=\S)([^'\n]{1,1000}?)(?<=\S)'(?![\w'])"),
)
_QUOTED_LINES = re.compile(r"(?m)(?:^[ \t]*>[ \t]?(.*)(?:\n|$))+")
_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.|\[\.\.\.\]")


@dataclass(slots=True)
class _Doc:
    """A node with what detection needs: its thread, normalised words, and later its spans."""

    node: Node
    thread: int
    norm: str
    _spans: list[tuple[int, int]] | None = None
    _marked: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = word_spans(self.node.text)
        return self._spans

    @property
    def marked(self) -> list[tuple[int, int]]:
        if self._marked is None:
            self._marked = quotation_spans(self.node.text)
        return self._marked


@dataclass(slots=True)
class _Match:
    """A passage of doc ``source`` (words a0:a1) that also stands in doc ``target`` (b0:b1)."""

    source: int
    target: int
    a0: int
    a1: int
    b0: int
    b1: int
    matched: int
    marked: bool = False
    joined: bool = False  # pieces joined across an ellipsis
    gaps: tuple[int, int] = (0, 0)  # words left out between joined pieces (source, target)

    @property
    def score(self) -> float:
        size = max(self.a1 - self.a0 - self.gaps[0], self.b1 - self.b0 - self.gaps[1])
        return round(self.matched / size, 3)


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the text inside quotation marks or on lines starting with ">"."""
    spans = []
    for pattern in _QUOTATIONS:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            inner = match.group(1)
            start += len(inner) - len(inner.lstrip())
            end -= len(inner) - len(inner.rstrip())
            if end > start:
                spans.append((start, end))
    for block in _QUOTED_LINES.finditer(text):
        for line in re.finditer(r"(?m)^[ \t]*>[ \t]?(.*)$", block.group()):
            start, end = line.span(1)
            if line.group(1).strip():
                spans.append((block.start() + start, block.start() + end))
    return sorted(set(spans))


def find_passages(thread: Thread, options: Options | None = None) -> Thread:
    """Return the thread with its quote, repeat and duplicate edges, repeats and external quotes.

    Earlier passage edges are replaced; edges of other kinds are kept.
    """
    return find_passages_across([thread], options)[0]


def find_passages_across(threads: Sequence[Thread], options: Options | None = None) -> list[Thread]:
    """Find passages across many threads from one index; edges may join nodes of two threads.

    Threads count as earlier in the order given (sort them by time first for an archive).
    Marked quotations shorter than ``min_words`` are only sought within their own thread.
    """
    if options is None:
        from . import Options

        options = Options()
    docs = [
        _Doc(node, index, " ".join(words(node.text)))
        for index, thread in enumerate(threads)
        for node in sorted(thread.nodes, key=lambda node: node.position)
    ]
    matches = _seeded_matches(docs, options)
    matches += _marked_matches(docs, threads, matches, options)
    matches = _join_ellipses(docs, matches)
    edges, groups, external = _results(docs, matches, options)
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
    return results


# --- Seed and extend ----------------------------------------------------------------------------


def _common_limit(count: int, options: Options) -> int:
    return max(options.common_nodes, int(options.max_share * count))


def _grams(tokens: list[str]) -> list[int]:
    """Hashes of every GRAM-word run of a token list, in order."""
    return list(map(hash, zip(*(tokens[k:] for k in range(GRAM)), strict=False)))


@dataclass(slots=True)
class _Index:
    """Postings of every STRIDE-th gram of each doc, and which grams are shared or common."""

    postings: dict[int, object]  # gram -> posting (int) or postings (list); COMMON if common
    shared: set[int]  # grams indexed more than once
    holders: dict[int, int] = field(default_factory=dict)  # gram -> docs holding it (shared)
    limit: int = 0  # docs a gram or passage may stand in before it counts as common

    def rare(self, key: int) -> bool:
        held = self.postings.get(key)
        return held is not _COMMON and self.holders.get(key, 0) <= self.limit


_COMMON = False


def _build_index(docs: list[_Doc], options: Options) -> _Index:
    """Index every STRIDE-th gram of each doc; grams indexed in too many docs count as common."""
    index: dict[int, object] = {}
    get = index.get
    for number, doc in enumerate(docs):
        tokens = doc.norm.split()
        base = number << _POS_BITS
        grams = zip(*(tokens[k::STRIDE] for k in range(GRAM)), strict=False)
        for position, key in enumerate(map(hash, grams)):
            posting = base | (position * STRIDE)
            held = get(key)
            if held is None:
                index[key] = posting
            elif type(held) is int:
                index[key] = [held, posting]
            else:
                held.append(posting)
    limit = _common_limit(len(docs), options)
    # Only one gram in STRIDE is indexed, so a gram in n docs holds about n / STRIDE postings;
    # dropping those early keeps boilerplate from flooding the seeds.
    sampled_limit = limit // STRIDE
    shared = set()
    for key, held in index.items():
        if type(held) is list:
            if len(held) > sampled_limit and len({p >> _POS_BITS for p in held}) > sampled_limit:
                index[key] = _COMMON
            else:
                shared.add(key)
    return _Index(index, shared, limit=limit)


def _seeded_matches(docs: list[_Doc], options: Options) -> list[_Match]:
    """Passages of at least ``min_words`` words, each pointing to its earliest occurrence.

    Every gram of every doc is looked up first, counting the docs each shared gram stands in;
    then seeds are extended, and a passage must hold ``min_words`` words of rare grams.
    """
    index = _build_index(docs, options)
    postings, shared, holders = index.postings, index.shared, index.holders
    pending: list[tuple[int, list[int], dict[int, list[int]]]] = []
    for number, doc in enumerate(docs):
        tokens = doc.norm.split()
        if len(tokens) < GRAM:
            continue
        grams = _grams(tokens)
        everything = set(grams)
        # Set operations in C find the few grams held elsewhere: a doc's own indexed grams
        # are in the index too, but only count when another doc holds them as well.
        own = set(grams[::STRIDE])
        keys = postings.keys()  # keys() & set walks the small set, set & dict the big dict
        found = keys & everything.difference(own)
        found.update(own.intersection(shared))
        if len(everything) < len(grams):  # a gram twice in the doc: maybe a repeat within it
            seen: set[int] = set()
            twice = {key for key in grams if key in seen or seen.add(key)}
            found.update(keys & twice)
        if not found:
            continue
        where: dict[int, list[int]] = {}
        for key in found:
            if postings[key] is not _COMMON:
                holders[key] = holders.get(key, 0) + 1
                where[key] = []
        if where:
            for position, key in enumerate(grams):
                if key in where:
                    where[key].append(position)
            pending.append((number, grams, where))
    found_matches: list[_Match] = []
    for number, grams, where in pending:
        seeds = []
        for key, positions in where.items():
            if holders[key] > index.limit:
                continue
            held = postings[key]
            for position in positions:
                own = (number << _POS_BITS) | position
                if type(held) is int:
                    if held < own:
                        seeds.append((held, position))
                else:
                    seeds.extend((posting, position) for posting in held if posting < own)
        if seeds:
            tokens = docs[number].norm.split()
            for match in _extend_seeds(docs, number, tokens, seeds, options):
                if _rare_words(index, grams, match.a0, match.a1) >= options.min_words:
                    found_matches.append(match)
    return found_matches


def _rare_words(index: _Index, grams: list[int], a0: int, a1: int) -> int:
    """Words of a0:a1 covered by rare grams: what is left once common phrases are discounted."""
    covered = 0
    reach = a0
    for position in range(a0, max(a0, a1 - GRAM + 1)):
        if index.rare(grams[position]):
            end = position + GRAM
            covered += end - max(reach, position)
            reach = end
    return covered


def _extend_seeds(
    docs: list[_Doc], number: int, tokens: list[str], seeds: list[tuple[int, int]], options
) -> list[_Match]:
    """Extend seeds, earliest target first, skipping seeds inside passages already found."""
    seeds.sort()
    covered: list[tuple[int, int]] = []
    cache: dict[int, list[str]] = {number: tokens}
    found = []
    for posting, position in seeds:
        if any(start <= position < end for start, end in covered):
            continue
        target, where = posting >> _POS_BITS, posting & _POS_MASK
        other = cache.get(target)
        if other is None:
            other = cache[target] = docs[target].norm.split()
        if tokens[position : position + GRAM] != other[where : where + GRAM]:
            continue  # a hash collision
        match = _extend(tokens, other, position, where, number, target)
        if target == number and match.b1 > match.a0:
            continue  # a stretch overlapping itself ("ha ha ha ha"), not a repeat
        if match.a1 - match.a0 >= options.min_words and match.matched >= options.min_words:
            found.append(match)
            covered.append((match.a0, match.a1))
    return found


def _extend(a: list[str], b: list[str], i: int, k: int, source: int, target: int) -> _Match:
    """Grow the shared run a[i:] == b[k:] both ways, stepping over small edits."""
    a1, b1, right = _grow(a, b, i + GRAM, k + GRAM)
    end_a, end_b, left = _grow(a[::-1], b[::-1], len(a) - i, len(b) - k)
    return _Match(source, target, len(a) - end_a, a1, len(b) - end_b, b1, GRAM + right + left)


def _grow(a: list[str], b: list[str], i: int, k: int) -> tuple[int, int, int]:
    """Extend a match forward from a[i], b[k]; return both ends and the words matched.

    An edit (a word changed, dropped or added, or two) is stepped over when the next words
    agree again; one edit is allowed, and one more for every 12 words matched.
    """
    matched = edits = 0
    size_a, size_b = len(a), len(b)
    while True:
        while i < size_a and k < size_b and a[i] == b[k]:
            i += 1
            k += 1
            matched += 1
        if i >= size_a or k >= size_b or edits + 1 > 1 + (matched + GRAM) // 12:
            return i, k, matched
        for skip_a, skip_b in _STEPS:
            ahead = a[i + skip_a : i + skip_a + _RESUME]
            if len(ahead) == _RESUME and ahead == b[k + skip_b : k + skip_b + _RESUME]:
                i += skip_a
                k += skip_b
                edits += 1
                break
        else:
            return i, k, matched


# --- Marked quotations --------------------------------------------------------------------------


def _marked_matches(
    docs: list[_Doc], threads: Sequence[Thread], seeded: list[_Match], options: Options
) -> list[_Match]:
    """Exact matches of quoted pieces not already inside a seeded passage, within each thread.

    A quotation is cut at its ellipses into pieces of at least ``marked_min_words`` words.
    A piece found nowhere else becomes an external quote (a match whose target is -1).
    """
    covered: dict[int, list[tuple[int, int]]] = {}
    for match in seeded:
        covered.setdefault(match.source, []).append((match.a0, match.a1))
    firsts: dict[int, int] = {}
    for number, doc in enumerate(docs):
        firsts.setdefault(doc.thread, number)
    haystacks: dict[int, tuple[str, list[int]]] = {}
    found: list[_Match] = []
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
                if doc.thread not in haystacks:
                    haystacks[doc.thread] = _haystack(docs, firsts[doc.thread], doc.thread)
                match = _find_phrase(docs, haystacks[doc.thread], number, a0, a1, options)
                if match is None:
                    continue
                if match.target >= 0:
                    found.append(match)
                    covered.setdefault(number, []).append((a0, a1))
                elif a1 - a0 >= _EXTERNAL_MIN_WORDS:
                    found.append(match)
    return found


def _may_quote(text: str) -> bool:
    return any(mark in text for mark in "\"'“”‘’«»„>")


def _pieces(doc: _Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Word ranges of a quotation's pieces, cut where an ellipsis stands."""
    cuts = [start]
    for ellipsis in _ELLIPSIS.finditer(doc.node.text, start, end):
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


def _haystack(docs: list[_Doc], first: int, thread: int) -> tuple[str, list[int]]:
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
    docs: list[_Doc], haystack: tuple[str, list[int]], number: int, a0: int, a1: int, options
) -> _Match | None:
    """The earliest other occurrence of words a0:a1 of doc ``number`` in its thread."""
    text, offsets = haystack
    tokens = docs[number].norm.split()
    phrase = " " + " ".join(tokens[a0:a1]) + " "
    first = number - _first_of_thread(docs, number)
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
    base = number - first
    size = a1 - a0
    if not found:
        return _Match(number, -1, a0, a1, a0, a1, size, marked=True)
    local, position = found[0]
    if (local, position) > (first, a0):
        return None  # the first of several: later nodes point here, nothing is external
    return _Match(number, base + local, a0, a1, position, position + size, size, marked=True)


def _first_of_thread(docs: list[_Doc], number: int) -> int:
    thread = docs[number].thread
    while number > 0 and docs[number - 1].thread == thread:
        number -= 1
    return number


# --- Joining, kinds and results -----------------------------------------------------------------


def _join_ellipses(docs: list[_Doc], matches: list[_Match]) -> list[_Match]:
    """Join two pieces of one source that quote one target in order across an ellipsis."""
    matches.sort(key=lambda m: (m.source, m.a0))
    joined: list[_Match] = []
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


def _ellipsis_between(doc: _Doc, a1: int, a0: int) -> bool:
    """True when words a1-1 and a0 are separated by an ellipsis and at most three words."""
    if a0 - a1 > 3:
        return False
    spans = doc.spans
    return bool(_ELLIPSIS.search(doc.node.text, spans[a1 - 1][1], spans[a0][0]))


def _char_span(doc: _Doc, w0: int, w1: int) -> tuple[int, int]:
    spans = doc.spans
    return spans[w0][0], spans[w1 - 1][1]


def _share_marked(doc: _Doc, span: tuple[int, int]) -> float:
    inside = sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in doc.marked)
    return inside / max(1, span[1] - span[0])


def _is_block(text: str, span: tuple[int, int]) -> bool:
    """True when a span fills its lines: nothing but marks and spaces around it on them."""
    before = text[text.rfind("\n", 0, span[0]) + 1 : span[0]]
    after_end = text.find("\n", span[1])
    after = text[span[1] : len(text) if after_end < 0 else after_end]
    return not re.search(r"\w", before) and not re.search(r"\w", after)


def _kind(docs: list[_Doc], match: _Match, marked: bool, span: tuple[int, int]) -> tuple:
    """The edge kind of a match between two nodes, and the evidence for it."""
    source, words_count = docs[match.source], match.a1 - match.a0
    if marked:
        return "quote", "in quotation marks"
    size_a, size_b = len(source.norm.split()), len(docs[match.target].norm.split())
    copied = match.b1 - match.b0
    if words_count >= _DUPLICATE_SHARE * size_a and copied >= _DUPLICATE_SHARE * size_b:
        return "duplicate", "a copy of the whole earlier text"
    if _is_block(source.node.text, span):
        return "repeat", f"the same {words_count} words pasted again"
    return "quote", f"the same {words_count} words, unmarked"


def _drop_common(docs: list[_Doc], matches: list[_Match], options: Options) -> list[_Match]:
    """Drop passages whose words stand in too many nodes (boilerplate the index let through)."""
    holders: dict[int, set[int]] = {}
    keys = []
    for match in matches:
        if match.target < 0:
            keys.append(None)
            continue
        key = hash(tuple(docs[match.target].norm.split()[match.b0 : match.b1]))
        holders.setdefault(key, set()).update((match.source, match.target))
        keys.append(key)
    limit = _common_limit(len(docs), options)
    return [
        match
        for match, key in zip(matches, keys, strict=True)
        if key is None or len(holders[key]) <= limit
    ]


def _results(docs: list[_Doc], matches: list[_Match], options: Options):
    """Turn matches into edges, repeat groups and external quotes, per thread."""
    order = {doc.node.id: number for number, doc in enumerate(docs)}
    matches = _drop_common(docs, matches, options)
    edges: dict[int, list[Edge]] = {}
    groups: dict[tuple[int, tuple[int, int]], tuple[str, int, list[Occurrence]]] = {}
    external: dict[int, list[Occurrence]] = {}
    for match in matches:
        source = docs[match.source]
        source_span = _char_span(source, match.a0, match.a1)
        if match.target < 0:
            external.setdefault(source.thread, []).append(Occurrence(source.node.id, source_span))
            continue
        target = docs[match.target]
        target_span = _char_span(target, match.b0, match.b1)
        marked = match.marked or _share_marked(source, source_span) >= 0.5
        kind, evidence = "repeat", "repeated within one text"
        if match.source != match.target:
            kind, evidence = _kind(docs, match, marked, source_span)
        if kind != "quote":
            key = (match.target, target_span)
            if key not in groups:
                target_text = target.node.text[target_span[0] : target_span[1]]
                first = Occurrence(target.node.id, target_span)
                groups[key] = (target_text, match.b1 - match.b0, [first])
            groups[key][2].append(Occurrence(source.node.id, source_span))
        if match.source == match.target:
            continue
        if match.joined:
            evidence += ", pieces joined across an ellipsis"
        if match.score < 1:
            evidence += f", {match.score:.0%} alike"
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
        unique = sorted(set(occurrences), key=lambda o: (order[o.node], o.span))
        if len(unique) > 1:
            by_thread.setdefault(docs[target_number].thread, []).append(
                RepeatGroup(text=text, words=count, occurrences=tuple(unique))
            )
    return edges, by_thread, external
