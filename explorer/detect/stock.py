"""Stock phrases: unmarked passages of frequent words, or shared by unrelated comments.

"If you have any questions feel free to" stands in job ad after job ad, each written
apart: a phrase of frequent words shared by two comments says they share a genre, not
that one quotes the other. Such a passage is a repeat, never a quote (so it names no
addressee). Word frequencies are counted in a sample of the corpus's docs, so the cost
stays small at any size; a thread of a few comments has no frequent words but the commonest.
Where the source states where both comments hang and neither stands above the other (two
job ads answering the post), an unmarked shared passage is a repeat too, whatever its words.
"""

from __future__ import annotations

import numpy as np

from .ngrams import Corpus, Doc, Members

_SAMPLE = 20_000  # docs whose words are counted, spread evenly over the corpus
_FREQUENT_SHARE = 0.03  # a word in this share of the sampled docs is frequent...
_FREQUENT_DOCS = 4  # ...and in at least this many
_TELLING = 3  # a passage with fewer words than this that are not frequent is a stock phrase


def frequent_words(corpus: Corpus) -> Members:
    """The hashes of the words in at least ``_FREQUENT_SHARE`` of a sample of the docs."""
    docs = len(corpus.starts) - 1
    picked = np.unique(np.linspace(0, docs - 1, min(docs, _SAMPLE)).astype(np.int64))
    if not docs:
        return Members(np.zeros(0, np.uint64))
    sizes = corpus.starts[picked + 1] - corpus.starts[picked]
    within = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    tokens = corpus.tokens[np.repeat(corpus.starts[picked], sizes) + within]
    owner = np.repeat(np.arange(len(picked)), sizes)
    pairs = np.unique(np.stack([tokens, owner]), axis=1)  # each word once per doc
    words, counts = np.unique(pairs[0], return_counts=True)
    floor = max(_FREQUENT_DOCS, _FREQUENT_SHARE * len(picked))
    return Members(words[counts >= floor].view(np.uint64))


def stock_phrases(corpus: Corpus, spans: np.ndarray) -> np.ndarray:
    """Per (doc, first word, end word) row, True when fewer than ``_TELLING`` of its words
    are not frequent (``frequent_words``)."""
    spans = spans.reshape(-1, 3)
    if not len(spans):
        return np.zeros(0, bool)
    frequent = frequent_words(corpus)
    sizes = spans[:, 2] - spans[:, 1]
    within = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    tokens = corpus.tokens[np.repeat(corpus.starts[spans[:, 0]] + spans[:, 1], sizes) + within]
    common = np.zeros(len(tokens), bool)
    if len(frequent.keys):
        common[frequent.find(tokens.view(np.uint64))] = True
    owner = np.repeat(np.arange(len(spans)), sizes)
    telling = np.bincount(owner[~common], minlength=len(spans))
    return telling < _TELLING


def unrelated(docs: list[Doc], pairs: np.ndarray) -> np.ndarray:
    """Per (later doc, earlier doc) row, True when the source states where both hang, in one
    thread, and the earlier is not above the later (an answer quoting what it answers, or
    something above that, is related)."""
    out = np.zeros(len(pairs), bool)
    parents: dict[str, str | None] = {}  # node id -> stated parent, filled once when needed
    for row, (later, earlier) in enumerate(pairs.reshape(-1, 2).tolist()):
        if later == earlier or earlier < 0:
            continue
        a, b = docs[later].node, docs[earlier].node
        if not (docs[later].thread == docs[earlier].thread and a.stated and b.stated
                and a.kind == b.kind == "comment"):
            continue
        if not parents:
            parents = {doc.node.id: doc.node.parent for doc in docs}
        above, seen = a.parent, set()
        while above is not None and above != b.id and above not in seen:
            seen.add(above)
            above = parents.get(above)
        out[row] = above != b.id
    return out
