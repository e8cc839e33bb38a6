"""The corpus-wide passage search on a Dask cluster: a shuffle of word 4-grams by their hash.

The same search as ``detect.passages.search_passages``, with the same result, in tasks:

1. **hash**: each part (a run of whole threads, about ``PART_CHARS`` characters of text)
   hashes its words (``wordhash``: the same in every process) and keeps them on its worker;
2. **shuffle**: every gram of a part becomes a row (gram hash, doc << 32 | word), sent to
   reducer ``hash % reducers``; a reducer groups equal grams, applies the document-frequency
   caps and seeds each later holder to the earliest one (``ngrams.group_grams``);
3. **join**: seeds and common positions go back to the part of the later doc; the part asks
   the parts holding its seeds' earlier docs for their word hashes (a join on doc number),
   then grows the seeds with the local search's code (``extension.extend_pairs``) and
   matches marked quotations within its threads (``quotations.seek_in_threads``);
4. **broadcast**: marked pieces missing from their thread (few) are sought in every part;
5. **gather**: here, the matches are joined across ellipses, the parts give the words of
   each passage's target to drop common ones, and the threads are built, in input order.

Threads and results stay on the machine running the search; the words, the grams and the
seeds, the bulk of the work and of the memory, stay on the workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .detect.extension import Match, extend_pairs, pair_seeds
from .detect.ngrams import (
    GRAM,
    Corpus,
    Doc,
    author_numbers,
    doc_starts,
    group_grams,
    hash_texts,
    rolling_hashes,
    run_positions,
)
from .detect.passages import Search, corpus_docs, finish_search, join_ellipses
from .detect.quotations import (
    across_match,
    covered_words,
    find_anchors,
    find_holders,
    find_places,
    seek_in_threads,
    thread_ranges,
)
from .detect.stock import sample_docs
from .detect.workers import Clock
from .engine import dask_client
from .model import Thread

if TYPE_CHECKING:
    from .detect import Options

PART_CHARS = 20_000_000
"""Characters of text in a part: its words, grams and seeds fit one worker many times over."""
_NO_COMMON = np.zeros(0, bool)


@dataclass(slots=True)
class Part:
    """A run of whole threads on a worker, with its docs and their word hashes."""

    docs: list[Doc]
    first_doc: int  # corpus number of docs[0]
    tokens: np.ndarray  # int64 word hashes of the docs end to end
    starts: np.ndarray  # doc i holds tokens[starts[i]:starts[i + 1]]
    pieces: np.ndarray  # (doc, first word, end word) of quoted pieces, docs numbered from 0

    def corpus(self) -> Corpus:
        """The part as a corpus of its own (docs numbered from 0)."""
        return Corpus(self.tokens, self.starts, _NO_COMMON, pieces=self.pieces)


def search_passages_dask(
    threads: Iterable[Thread], options: Options | None = None, scheduler: str | None = None,
    jobs: int | None = None, part_chars: int = PART_CHARS,
) -> Search:
    """``search_passages`` on a Dask cluster: the scheduler at ``scheduler``, or a
    LocalCluster of ``jobs`` workers; parts of about ``part_chars`` characters.

    The cluster is reached before the threads are read.
    """
    with dask_client(scheduler, jobs) as client:
        return search_on(client, list(threads), options, part_chars)


def search_on(
    client, threads: Sequence[Thread], options: Options | None = None,
    part_chars: int = PART_CHARS,
) -> Search:
    """``search_passages`` on the cluster of a ``distributed.Client``."""
    if options is None:
        from .detect import Options

        options = Options()
    docs = corpus_docs(threads)
    workers = sum(client.nthreads().values())
    # At least a part per worker, so that every worker hashes and extends.
    chars = sum(len(node.text) for thread in threads for node in thread.nodes)
    runs = _split(threads, min(part_chars, -(-chars // max(1, workers))))
    first_docs = np.cumsum([0] + [sum(len(t.nodes) for t in run) for run in runs])
    first_threads = np.cumsum([0] + [len(run) for run in runs])
    count = len(runs)
    reducers = max(count, workers)

    def take(future, *path):
        return client.submit(_take, future, *path)

    parts = [
        client.submit(hash_part, batch, int(first_docs[i]), int(first_threads[i]))
        for i, batch in enumerate(client.scatter(runs))
    ]
    authors = client.scatter(author_numbers(docs), broadcast=True)
    rows = [client.submit(shuffle_grams, part, reducers) for part in parts]
    indexed = [
        client.submit(index_grams, [take(row, k) for row in rows], authors, len(docs),
                      options.common_nodes, first_docs)
        for k in range(reducers)
    ]
    del rows
    seeds = [[take(reduced, 0, i) for reduced in indexed] for i in range(count)]
    common = [take(reduced, 1) for reduced in indexed]
    del indexed  # the reducers' seeds are released once their parts took them
    asked = [client.submit(ask_words, seeds[i], first_docs, i) for i in range(count)]
    served = [
        client.submit(serve_words, parts[j], [take(asked[i], j) for i in range(j + 1, count)])
        for j in range(count)
    ]
    found = [
        client.submit(find_matches, parts[i], seeds[i],
                      [take(served[j], i - j - 1) for j in range(i)], options, len(threads) > 1)
        for i in range(count)
    ]
    del seeds, asked, served
    phrases = [take(result, 4) for result in found]
    held = [client.submit(find_pieces, part, phrases, options.common_nodes) for part in parts]
    results, held, common = client.gather([found, held, common])
    del found, phrases
    for doc, size in zip(docs, np.concatenate([r[3] for r in results]).tolist(), strict=True):
        doc.size = size
    matches = [m for result in results for m in result[0]]
    matches += [m for result in results for m in result[1]]
    matches += _match_across(docs, [m for result in results for m in result[2]], held,
                             options)
    matches = join_ellipses(docs, matches)
    targets = _target_corpus(client, parts, first_docs, matches, len(docs))
    return finish_search(threads, docs, targets, matches, options, sum(common), 1, Clock())


def _split(threads: Sequence[Thread], part_chars: int) -> list[list[Thread]]:
    """Whole threads in input order, in runs of about ``part_chars`` characters of text."""
    runs: list[list[Thread]] = [[]]
    size = 0
    for thread in threads:
        if size >= part_chars:
            runs.append([])
            size = 0
        runs[-1].append(thread)
        size += sum(len(node.text) for node in thread.nodes)
    return runs


def _take(value, *path):
    for key in path:
        value = value[key]
    return value


def hash_part(threads: list[Thread], first_doc: int, first_thread: int) -> Part:
    """Hash the words of a part's docs; signature words get hashes that match nothing."""
    docs = corpus_docs(threads)
    for doc in docs:
        doc.thread += first_thread
    task = (first_doc, [(doc.node.text, doc.node.signature) for doc in docs])
    tokens, sizes, pieces = hash_texts(task)  # hashes equal in any process
    pieces[:, 0] -= first_doc
    return Part(docs, first_doc, tokens, doc_starts(sizes), pieces)


def shuffle_grams(part: Part, reducers: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(gram hashes, doc << 32 | word) of every gram inside a doc, split by reducer."""
    positions = _gram_positions(part.starts)
    keys = rolling_hashes(part.tokens, GRAM)[positions]
    doc = np.searchsorted(part.starts, positions, side="right") - 1
    places = (doc + part.first_doc) << 32 | (positions - part.starts[doc])
    reducer = keys % np.uint64(reducers)
    order = np.argsort(reducer, kind="stable")  # stable: each reducer's rows in corpus order
    bounds = np.searchsorted(reducer[order], np.arange(1, reducers))
    return list(zip(np.split(keys[order], bounds), np.split(places[order], bounds), strict=True))


def _gram_positions(starts: np.ndarray) -> np.ndarray:
    """Positions where a gram starts with all its words in one doc (docs at ``starts``)."""
    return run_positions(starts[:-1], np.maximum(np.diff(starts) - GRAM + 1, 0))[0]


def index_grams(
    rows: list[tuple[np.ndarray, np.ndarray]], authors: np.ndarray, docs: int, cap: int,
    first_docs: np.ndarray,
) -> tuple[list[tuple[np.ndarray, np.ndarray, np.ndarray]], int]:
    """Seeds (later, earliest) and common places of one reducer's grams, split by the part
    of the later doc, and how many grams were common."""
    keys = np.concatenate([row[0] for row in rows])
    places = np.concatenate([row[1] for row in rows])  # parts in order: corpus order
    starts = np.searchsorted(places >> 32, np.arange(docs + 1))
    found = group_grams(keys, np.arange(len(keys)), starts, authors, cap)
    later, earlier, common = places[found.later], places[found.earlier], places[found.common]
    later_part = np.searchsorted(first_docs, later >> 32, side="right") - 1
    common_part = np.searchsorted(first_docs, common >> 32, side="right") - 1
    split = [
        (later[later_part == i], earlier[later_part == i], common[common_part == i])
        for i in range(len(first_docs) - 1)
    ]
    return split, found.common_grams


def ask_words(seeds: list[tuple], first_docs: np.ndarray, number: int) -> list[np.ndarray]:
    """The earlier docs of a part's seeds that other parts hold, by part: ``number``'s
    requests."""
    earlier = np.unique(np.concatenate([seed[1] for seed in seeds]) >> 32)
    part = np.searchsorted(first_docs, earlier, side="right") - 1
    return [earlier[part == j] for j in range(len(first_docs) - 1)]


def serve_words(part: Part, asked: list[np.ndarray]) -> list[tuple[np.ndarray, ...]]:
    """For each later part, the docs it asked for: (numbers, sizes, word hashes end to end)."""
    served = []
    for numbers in asked:
        local = numbers - part.first_doc
        lows, highs = part.starts[local], part.starts[local + 1]
        words = [part.tokens[low:high] for low, high in zip(lows, highs, strict=True)]
        served.append((numbers, highs - lows, np.concatenate([np.zeros(0, np.int64), *words])))
    return served


def find_matches(
    part: Part, seeds: list[tuple[np.ndarray, ...]], served: list[tuple[np.ndarray, ...]],
    options: Options, across: bool,
) -> tuple[list[Match], list[Match], list[Match], np.ndarray, list[np.ndarray]]:
    """A part's passages: seeded, marked within their thread, marked pieces to seek in the
    other threads, its docs' sizes, and those pieces' word hashes. Docs numbered as in the
    corpus."""
    later = np.concatenate([seed[0] for seed in seeds])
    earlier = np.concatenate([seed[1] for seed in seeds])
    common = np.concatenate([seed[2] for seed in seeds])
    # Docs served by earlier parts first, then the part's own: numbers in corpus order.
    numbers = np.concatenate([*(got[0] for got in served),
                              np.arange(len(part.docs)) + part.first_doc])
    sizes = np.concatenate([*(got[1] for got in served), np.diff(part.starts)])
    tokens = np.concatenate([*(got[2] for got in served), part.tokens])
    starts = doc_starts(sizes)
    flags = np.zeros(len(tokens), bool)
    flags[_locate(common, numbers, starts)] = True
    corpus = Corpus(tokens, starts, flags)
    pairs = pair_seeds(corpus, _locate(later, numbers, starts),
                       _locate(earlier, numbers, starts), options)
    rows = extend_pairs((0, len(pairs.lows)), corpus, pairs, options)
    covered = covered_words(rows[:, (0, 2, 3)] - (len(numbers) - len(part.docs), 0, 0))
    rows[:, :2] = numbers[rows[:, :2]]
    seeded = [Match.from_row(row) for row in rows.tolist()]
    marked, pending = (
        [Match.from_row(row, marked=True) for row in found.tolist()]
        for found in seek_in_threads(thread_ranges(part.docs), part.corpus(), covered, options,
                                     across)
    )
    for match in (*marked, *pending):
        match.source += part.first_doc
        match.target += part.first_doc if match.target >= 0 else 0
    phrases = [
        part.tokens[part.starts[m.source - part.first_doc] + m.a0 :][: m.a1 - m.a0]
        for m in pending
    ]
    return seeded, marked, pending, np.diff(part.starts), phrases


def _locate(places: np.ndarray, numbers: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Positions in a corpus of docs ``numbers`` (sorted) of places doc << 32 | word."""
    return starts[np.searchsorted(numbers, places >> 32)] + (places & 0xFFFFFFFF)


def find_pieces(
    part: Part, pending: list[list[np.ndarray]], limit: int
) -> list[list[tuple[int, int, int]]]:
    """(doc, word, thread) in this part of each pending marked piece (its word hashes, by
    part), in corpus order, until more than ``limit`` + 1 docs hold it."""
    phrases = [phrase for found in pending for phrase in found]
    if not phrases:
        return []
    sizes = np.array([len(phrase) for phrase in phrases], np.int64)
    starts = np.concatenate([part.starts, part.starts[-1] + np.cumsum(sizes)])
    corpus = Corpus(np.concatenate([part.tokens, *phrases]), starts, _NO_COMMON)
    # Each phrase is a doc of its own after the part's docs, outside the places sought.
    pieces = [(len(part.docs) + k, 0, size) for k, size in enumerate(sizes.tolist())]
    anchors = find_anchors(corpus, pieces)
    places = find_places(corpus, anchors, 0, len(part.tokens))
    return [
        [(doc + part.first_doc, word, part.docs[doc].thread)
         for doc, word in find_holders(corpus, piece, anchor, places, limit)]
        for piece, anchor in zip(pieces, anchors, strict=True)
    ]


def _match_across(
    docs: list[Doc], pieces: list[Match], held: list[list[list[tuple[int, int, int]]]],
    options: Options,
) -> list[Match]:
    """Matches of the pieces missing from their thread, from where each part holds them."""
    found = []
    for number, match in enumerate(pieces):
        places = _cut_holders([place for part in held for place in part[number]],
                              options.common_nodes)
        own = docs[match.source].thread
        found += across_match(match, [(d, w) for d, w, t in places if t != own], options)
    return found


def _cut_holders(held: list[tuple[int, int, int]], limit: int) -> list[tuple[int, int, int]]:
    """The places of a piece in corpus order until more than ``limit`` + 1 docs hold it, as
    ``quotations.find_holders`` stops over one corpus."""
    docs: set[int] = set()
    for count, place in enumerate(held):
        docs.add(place[0])
        if len(docs) > limit + 1:
            return held[: count + 1]
    return held


def _target_corpus(
    client, parts: list, first_docs: np.ndarray, matches: list[Match], count: int
) -> Corpus:
    """A corpus of ``count`` docs holding the word hashes of the matches' targets and of the
    docs whose words are counted for stock phrases (``stock.sample_docs``) only (other docs
    empty), from the parts holding them: what the last phase reads."""
    targets = np.union1d([match.target for match in matches if match.target >= 0],
                         sample_docs(count)).astype(np.int64)
    owner = np.searchsorted(first_docs, targets, side="right") - 1
    asked = [
        client.submit(serve_words, parts[part], [targets[owner == part]])
        for part in np.unique(owner).tolist()
    ]
    served = [got for answer in client.gather(asked) for got in answer]  # in doc order
    sizes = np.zeros(count, np.int64)
    for numbers, lengths, _ in served:
        sizes[numbers] = lengths
    starts = doc_starts(sizes)
    tokens = np.concatenate([np.zeros(0, np.int64), *(got[2] for got in served)])
    return Corpus(tokens, starts, _NO_COMMON)
