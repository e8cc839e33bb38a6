"""Stock phrases: unmarked passages of frequent words, or shared by unrelated comments.

"If you have any questions feel free to" stands in job ad after job ad, each written
apart: a phrase of frequent words shared by two comments says they share a genre, not
that one quotes the other. Such a passage is a repeat, never a quote (so it names no
addressee). Word frequencies are counted in a sample of the corpus's docs, so the cost
stays small at any size; a corpus of under 100 docs has none.
Where the source states where both comments hang and neither stands above the other (two
job ads answering the post), an unmarked shared passage is a repeat too, whatever its words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..model import Thread
from ..tree import ancestry, reply_tree
from .arrays import run_positions, stable_order
from .ngrams import Corpus, Doc, Members

_SAMPLE = 10_000  # docs whose words are counted, spread evenly over the corpus
_FREQUENT_SHARE = 0.015  # a word in this share of the sampled docs is frequent...
_FREQUENT_DOCS = 4  # ...and in at least this many
_TELLING = 3  # a passage with fewer words than this that are not frequent is a stock phrase
_TELLING_SHARE = 0.25  # ... or with fewer than this share of its words
# In fewer docs than this no word is frequent: in a mail thread of ten messages, each quoting
# the last, the words of one message stand in most of them by copying, not by habit.
_FEW_DOCS = 100
_NO_WORDS = Members(np.zeros(0, np.uint64))


def sample_docs(count: int) -> np.ndarray:
    """The numbers of the docs whose words are counted, of ``count`` docs: up to ``_SAMPLE``
    spread evenly (a corpus holding only some docs' words must hold these)."""
    return np.unique(np.linspace(0, count - 1, min(count, _SAMPLE)).astype(np.int64))


def frequent_words(corpus: Corpus, first: int = 0, end: int | None = None) -> Members:
    """The hashes of the words in at least ``_FREQUENT_SHARE`` of the sampled docs
    (``sample_docs``) of docs ``first`` to ``end`` (all by default; none among fewer than
    ``_FEW_DOCS`` docs)."""
    docs = (len(corpus.starts) - 1 if end is None else end) - first
    if docs < _FEW_DOCS:
        return _NO_WORDS
    picked = first + sample_docs(docs)
    sizes = corpus.starts[picked + 1] - corpus.starts[picked]
    tokens = corpus.tokens[run_positions(corpus.starts[picked], sizes)[0]]
    owner = np.repeat(np.arange(len(picked)), sizes)
    # Stable: a word's places stay in doc order, so its first place in each doc is a new doc.
    order = stable_order(tokens)
    tokens, owner = tokens[order], owner[order]
    fresh = np.ones(len(tokens), bool)
    fresh[1:] = (tokens[1:] != tokens[:-1]) | (owner[1:] != owner[:-1])
    words = tokens[fresh]  # sorted: each word's docs stand together
    opens = np.ones(len(words), bool)  # where each word's run opens
    opens[1:] = words[1:] != words[:-1]
    runs = np.flatnonzero(opens)
    words, counts = words[runs], np.diff(np.append(runs, len(words)))
    floor = max(_FREQUENT_DOCS, _FREQUENT_SHARE * len(picked))
    return Members(words[counts >= floor].view(np.uint64))


def stock_phrases(corpus: Corpus, spans: np.ndarray,
                  threads_of: np.ndarray | None = None) -> np.ndarray:
    """Per (doc, first word, end word) row, True when fewer than ``_TELLING`` of its words,
    or fewer than ``_TELLING_SHARE`` of them, are not frequent (``frequent_words``); rows
    whose doc is -1 are False.

    With ``threads_of`` (each doc's thread number, docs of a thread together, in thread
    order), words are frequent within each thread's own docs: threads searched apart get
    what each gets alone.
    """
    spans = spans.reshape(-1, 3)
    out = np.zeros(len(spans), bool)
    known = np.flatnonzero(spans[:, 0] >= 0)
    if threads_of is None:
        if len(known):
            out[known] = _few_telling(corpus, spans[known], frequent_words(corpus))
        return out
    thread = threads_of[spans[known, 0]]
    numbers = np.unique(thread)
    firsts, ends = np.searchsorted(threads_of, numbers), np.searchsorted(threads_of, numbers + 1)
    # A thread of fewer than _FEW_DOCS docs has no frequent word: its rows are told at once.
    few = np.isin(thread, numbers[ends - firsts < _FEW_DOCS])
    out[known[few]] = _few_telling(corpus, spans[known[few]], _NO_WORDS)
    for number, first, end in zip(numbers.tolist(), firsts.tolist(), ends.tolist(), strict=True):
        if end - first >= _FEW_DOCS:
            rows = known[thread == number]
            out[rows] = _few_telling(corpus, spans[rows], frequent_words(corpus, first, end))
    return out


def _few_telling(corpus: Corpus, spans: np.ndarray, frequent: Members) -> np.ndarray:
    """``stock_phrases`` of rows whose docs are known, given the frequent words."""
    sizes = spans[:, 2] - spans[:, 1]
    if not len(frequent.keys):  # every word tells
        return sizes < np.maximum(_TELLING, _TELLING_SHARE * sizes)
    tokens = corpus.tokens[run_positions(corpus.starts[spans[:, 0]] + spans[:, 1], sizes)[0]]
    common = np.zeros(len(tokens), bool)
    common[frequent.find(tokens.view(np.uint64))] = True
    owner = np.repeat(np.arange(len(spans)), sizes)
    telling = np.bincount(owner[~common], minlength=len(spans))
    return telling < np.maximum(_TELLING, _TELLING_SHARE * sizes)


def unrelated(docs: list[Doc], threads: Sequence[Thread], pairs: np.ndarray) -> np.ndarray:
    """Per (later doc, earlier doc) row, True when the source states where both comments
    hang, in one thread, and the earlier is not above the later in the stated reply tree
    (an answer quoting what it answers, or something above that, is related), nor is a
    stand-in for a parent missing from the input (which might be the earlier)."""
    pairs = pairs.reshape(-1, 2)
    out = np.zeros(len(pairs), bool)
    numbers = np.unique(pairs[pairs >= 0])
    stated = numbers[np.fromiter((docs[n].node.stated for n in numbers.tolist()), bool,
                                 len(numbers))]
    both = np.flatnonzero(np.isin(pairs[:, 0], stated) & np.isin(pairs[:, 1], stated))
    trees: dict[int, tuple[Mapping[str, tuple[int, int]], frozenset[str]]] = {}
    for row, (later, earlier) in zip(both.tolist(), pairs[both].tolist(), strict=True):
        a, b = docs[later], docs[earlier]
        if later == earlier or a.thread != b.thread or not a.node.kind == b.node.kind == "comment":
            continue
        if a.thread not in trees:
            tree = reply_tree(threads[a.thread], inferred=False)
            trees[a.thread] = (ancestry(tree), tree.missing)
        spans, missing = trees[a.thread]
        inner = spans[a.node.id][0]
        out[row] = not any(spans[above][0] < inner < spans[above][1]
                           for above in (b.node.id, *missing))
    return out
