"""Words of many texts cut at once in numpy (explorer.wordcut), against ``text.count_words``."""

from __future__ import annotations

import gc
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import wordcut
from explorer.text import as_ascii, count_words, has_url, word_spans, words
from explorer.wordcut import ascii_form, count_many, cut_texts, folded, many_word_bounds
from tests.strategies import comment_text, hostile_text, text_pieces

ASCII_TEXT = st.text(st.sampled_from("ab Z9_'’‘ .,-—“”…\n\t\xa0>"), max_size=40)


@given(st.lists(st.one_of(text_pieces, comment_text(), hostile_text, ASCII_TEXT), max_size=8))
def test_count_many_counts_as_count_words(texts):
    plain = [count_words(text) for text in texts]
    assert wordcut._count(texts) == plain  # cut in numpy, nothing remembered
    assert count_many(texts) == plain


def test_count_many_mixes_texts_cut_in_numpy_and_by_text():
    texts = ["Don't stop", "Zoë's café, twice", "see http://x.org/a-b now", "", "'", "a''b 'c'",
             "it’s “quoted” — and…more", "www.example.org is one"]
    assert [folded(text) is None for text in texts] == [False, True, True, False, False, False,
                                                      False, True]
    assert count_many(texts) == [2, 3, 3, 0, 0, 3, 4, 3]
    assert count_many(texts) == [count_words(text) for text in texts]
    assert count_many([]) == []


@given(st.lists(st.one_of(text_pieces, comment_text(), hostile_text, ASCII_TEXT), max_size=8))
def test_cut_texts_gives_each_texts_words_and_which_were_spelled(texts):
    forms = [ascii_form(text) for text in texts]
    assert forms == [None if has_url(text) else as_ascii(text) for text in texts]
    cut = cut_texts(texts, forms)
    held = cut.buffer.tobytes()
    found = [[held[a:b].decode("utf-8", "surrogatepass")
              for a, b in zip(cut.starts[low:high].tolist(), cut.ends[low:high].tolist(),
                              strict=True)]
             for low, high in zip(cut.firsts[:-1].tolist(), cut.firsts[1:].tolist(), strict=True)]
    assert found == [[word or "/" for word in words(text)] for text in texts]
    assert cut.spelled == [k for k, form in enumerate(forms) if form is None]
    # Each text's words lie inside its own part of the buffer.
    low, high = cut.offsets[:-1], cut.offsets[1:] - 1
    assert all((low[k] <= cut.starts[cut.firsts[k] : cut.firsts[k + 1]]).all()
               and (cut.ends[cut.firsts[k] : cut.firsts[k + 1]] <= high[k]).all()
               for k in range(len(texts)))


@given(st.lists(st.one_of(text_pieces, comment_text(), hostile_text, ASCII_TEXT), max_size=8))
def test_many_word_bounds_are_each_texts_word_spans(texts):
    found = [list(zip(starts.tolist(), ends.tolist(), strict=True))
             for starts, ends in many_word_bounds(texts)]
    assert found == [word_spans(text) for text in texts]


@given(st.lists(st.one_of(text_pieces, comment_text(), hostile_text, ASCII_TEXT), max_size=8))
def test_counts_remembered_from_the_passage_search_are_count_words(texts):
    from explorer.detect.wordhash import hash_words

    hash_words(texts)  # remembers the counts it cut
    assert [wordcut._counts.get(text) for text in texts] == [count_words(text) for text in texts]
    assert count_many(texts) == [count_words(text) for text in texts]


def test_at_most_recent_texts_are_remembered(monkeypatch):
    monkeypatch.setattr(wordcut, "_counts", {})
    monkeypatch.setattr(wordcut, "_held", [0])
    monkeypatch.setattr(wordcut, "RECENT_TEXTS", 3)
    wordcut.remember_counts(["a b", "c"], [2, 1])
    wordcut.remember_counts(["d e f"], [3])
    assert wordcut._counts == {"a b": 2, "c": 1, "d e f": 3}
    wordcut.remember_counts(["g"], [1])  # one too many: the older ones go
    assert wordcut._counts == {"g": 1}
    wordcut.remember_counts(["h", "i", "j", "k"], [1, 1, 1, 1])  # a run larger than kept
    assert wordcut._counts == {"g": 1}
    assert count_many(["g", "x y"]) == [1, 2]


def test_at_most_recent_chars_are_remembered(monkeypatch):
    monkeypatch.setattr(wordcut, "_counts", {})
    monkeypatch.setattr(wordcut, "_held", [0])
    monkeypatch.setattr(wordcut, "RECENT_CHARS", 10)
    wordcut.remember_counts(["a b c", "d"], [3, 1])  # 6 characters
    wordcut.remember_counts(["e f g"], [3])  # 11 in all: the older ones go
    assert wordcut._counts == {"e f g": 3}
    wordcut.remember_counts(["h i j k l m"], [6])  # longer than kept alone
    assert wordcut._counts == {"e f g": 3} and wordcut._held == [5]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(text_pieces, comment_text(), hostile_text, ASCII_TEXT), max_size=12),
       st.sampled_from([1, 30, 1 << 20]), st.data())
def test_count_many_a_piece_at_a_time_counts_as_count_words(texts, at_once, data):
    # TEXTS_AT_ONCE 1: each text a piece of its own; 30: a few texts a piece. Some counts
    # remembered, the others cut.
    remembered = data.draw(st.lists(st.sampled_from(texts), unique=True) if texts else st.just([]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wordcut, "_counts", {})
        patch.setattr(wordcut, "_held", [0])
        patch.setattr(wordcut, "TEXTS_AT_ONCE", at_once)
        wordcut.remember_counts(remembered, [count_words(text) for text in remembered])
        assert count_many(texts) == [count_words(text) for text in texts]


@given(st.lists(st.integers(0, 50), max_size=30), st.integers(1, 80))
def test_pieces_cover_the_items_in_order_each_run_within_the_bound(sizes, at_once):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wordcut, "TEXTS_AT_ONCE", at_once)
        found = wordcut.pieces(sizes)
    assert [k for low, high in found for k in range(low, high)] == list(range(len(sizes)))
    # A run holds one item more only while what it has after its first is under the bound.
    assert all(high == low + 1 or sum(sizes[low + 1:high]) < at_once for low, high in found)
    assert all(high == len(sizes) or sum(sizes[low + 1:high + 1]) >= at_once
               for low, high in found)


def test_a_big_threads_texts_are_counted_in_bounded_memory(monkeypatch):
    # A page counts every comment's words at once (render/network.py), most of them not
    # remembered: counted whole, numpy's copies took about 0.4 KB a text (24 MB here).
    monkeypatch.setattr(wordcut, "_counts", {})
    texts = [f"Comment {i} on the matter of item {i % 1013}, said plainly." for i in range(60_000)]
    gc.collect()
    tracemalloc.start()
    try:
        counts = count_many(texts)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert counts == [10] * len(texts)
    assert peak - kept < 8_000_000
