"""The numpy fast paths of the gram index, each pinned to the plain numpy call it stands for."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from explorer.detect.arrays import stable_order
from explorer.detect.ngrams import GRAM, Corpus, Doc, doc_starts, hash_corpus
from explorer.model import Node
from explorer.wordcut import docs_of, folded, word_bounds
from tests.strategies import text_pieces


@given(st.lists(st.integers(0, 5), min_size=1, max_size=12), st.data())
def test_the_doc_of_each_position_is_the_one_a_binary_search_finds(sizes, data):
    starts = doc_starts(np.array(sizes, np.int64))  # empty docs among them
    every = range(int(starts[-1]))
    positions = np.array(sorted(data.draw(st.sets(st.sampled_from(every)) if every
                                          else st.just(set()))), np.int64)
    found = docs_of(positions, starts)
    assert found.tolist() == (np.searchsorted(starts, positions, side="right") - 1).tolist()


@given(st.lists(st.integers(-3, 3) | st.integers(-2**63, 2**63 - 1), max_size=40),
       st.sampled_from([np.int64, np.uint64]))
def test_the_stable_order_is_numpys_stable_argsort(values, kind):
    keys = np.array(values, np.int64).astype(kind)  # many equal keys, and extreme ones
    assert stable_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()


@given(st.lists(st.booleans(), min_size=1, max_size=30), st.data())
def test_rare_words_are_the_words_that_grams_not_common_cover(commons, data):
    # Mostly every gram is rare (the fast path); the plain rule counts words one by one.
    common = np.array(data.draw(st.sampled_from([[False] * len(commons), commons])), bool)
    size = len(common) + GRAM - 1
    corpus = Corpus(np.zeros(size, np.int64), np.array([0, size], np.int64), common)
    a0 = data.draw(st.integers(0, size))
    a1 = data.draw(st.integers(a0, size))
    covered = {word for start in range(a0, a1 - GRAM + 1) if not common[start]
               for word in range(start, start + GRAM)}
    assert corpus.rare_words(0, a0, a1) == len(covered)


@given(st.lists(text_pieces, max_size=6))
def test_a_batchs_kept_bounds_are_those_of_a_fresh_cut(texts):
    # Hashed in one piece, the docs keep their words' bounds from the cut that hashed them;
    # texts that ``text.words`` cuts (scripts without spaces) keep none: theirs are made
    # when asked.
    docs = [Doc(Node(id=f"t/{i}", kind="comment", position=i, label=str(i), text=text), 0)
            for i, text in enumerate(texts)]
    hash_corpus(docs)
    kept = [doc._bounds is not None for doc in docs]
    assert kept == [folded(text) is not None for text in texts]
    for doc in docs:
        fresh = word_bounds(doc.node.text)
        assert [a.tolist() for a in doc.bounds] == [a.tolist() for a in fresh]
        assert doc.size == len(fresh[0])
