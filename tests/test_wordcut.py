"""Words of many texts cut at once in numpy (explorer.wordcut), against ``text.count_words``."""

from __future__ import annotations

from hypothesis import given
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
