"""Words of many texts cut at once in numpy (explorer.wordcut), against ``text.count_words``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from explorer.text import count_words, word_spans
from explorer.wordcut import count_many, folded, many_word_bounds
from tests.strategies import comment_text, hostile_text, text_pieces

ASCII_TEXT = st.text(st.sampled_from("ab Z9_'’‘ .,-—“”…\n\t\xa0>"), max_size=40)


@given(st.lists(st.one_of(text_pieces, comment_text(), hostile_text, ASCII_TEXT), max_size=8))
def test_count_many_counts_as_count_words(texts):
    assert count_many(texts) == [count_words(text) for text in texts]


def test_count_many_mixes_texts_cut_in_numpy_and_by_text():
    texts = ["Don't stop", "Zoë's café, twice", "see http://x.org/a-b now", "", "'", "a''b 'c'",
             "it’s “quoted” — and…more", "www.example.org is one"]
    assert [folded(text) is None for text in texts] == [False, True, True, False, False, False,
                                                      False, True]
    assert count_many(texts) == [2, 3, 3, 0, 0, 3, 4, 3]
    assert count_many(texts) == [count_words(text) for text in texts]
    assert count_many([]) == []


@given(st.lists(st.one_of(text_pieces, comment_text(), hostile_text, ASCII_TEXT), max_size=8))
def test_many_word_bounds_are_each_texts_word_spans(texts):
    found = [list(zip(starts.tolist(), ends.tolist(), strict=True))
             for starts, ends in many_word_bounds(texts)]
    assert found == [word_spans(text) for text in texts]
