"""Tokens with spans, normalisation and quotation marks (explorer.text)."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from explorer.text import (
    SharedStrings,
    count_words,
    escape_controls,
    normalise_token,
    quotation_spans,
    quoted_line_words,
    word_spans,
    words,
)
from tests.strategies import text_pieces


def quoted(text: str) -> list[str]:
    return [text[start:end] for start, end in quotation_spans(text)]


def test_words_fold_case_apostrophes_and_punctuation():
    assert words("Don’t SAY, “Hello”…  there!") == ["don't", "say", "hello", "there"]
    assert words("It's  the\nSAME—text.") == words("it’s the same text")


def test_a_url_is_one_token_without_scheme_or_www():
    text = "See https://www.Example.org/a?b=1). Or www.example.org/a?b=1, same."
    tokens, spans = words(text), word_spans(text)
    assert tokens == ["see", "example.org/a?b=1", "or", "example.org/a?b=1", "same"]
    assert text[spans[1][0] : spans[1][1]] == "https://www.Example.org/a?b=1"


def test_spans_point_at_the_tokens_in_the_original_text():
    text = "İstanbul, straße — l‘été ‘quoted’ 60+ e-mail"
    tokens, spans = words(text), word_spans(text)
    assert [normalise_token(text[s:e]) for s, e in spans] == tokens
    assert tokens == ["i̇stanbul", "strasse", "l'été", "quoted", "60", "e", "mail"]


@given(text_pieces)
def test_fast_words_equal_the_tokens_their_spans_point_at(text):
    tokens, spans = words(text), word_spans(text)
    assert [normalise_token(text[start:end]) for start, end in spans] == tokens
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


@given(text_pieces)
def test_one_splitter_counts_the_words_it_finds(text):
    assert count_words(text) == len(words(text)) == len(word_spans(text))
    quoted, own = quoted_line_words(text)
    assert quoted + own == count_words(text)


def test_counts_are_words_not_whitespace_runs():
    # Dashes, bullets and quote marks standing alone are no words; a URL is one.
    assert count_words("Yes — I agree • see “https://example.org/a, b” ...") == 6


def test_other_cuts_are_named():
    assert words("Jim's R2D2, don't") == ["jim's", "r2d2", "don't"]
    assert words("Jim's R2D2, don't", cut="runs") == ["jim", "s", "r2d2", "don", "t"]
    assert words("Jim's R2D2_x, don't", cut="letters") == ["jim", "s", "r", "d", "x", "don", "t"]


def test_a_chinese_or_japanese_character_is_a_word():
    comment = ("我觉得这篇文章写得很好，作者把问题讲得清清楚楚。"
               "希望以后能看到更多这样的文章，谢谢分享！")
    assert count_words(comment) == len(comment) - 4 == 40  # all but the four punctuation marks
    assert words("吾輩は猫である。ネコ") == list("吾輩は猫であるネコ")
    assert words("Python 很好用, don't you think") == ["python", "很", "好", "用", "don't", "you",
                                                      "think"]
    text = "東京 https://例え.jp/パス 东京"
    assert words(text) == ["東", "京", "例え.jp/パス", "东", "京"]
    assert [text[s:e] for s, e in word_spans(text)][2] == "https://例え.jp/パス"


def test_thai_letters_keep_their_marks_and_marks_join_words():
    # Thai has no spaces between words: each letter with its vowel and tone marks is a word.
    assert words("สวัสดีครับ") == ["ส", "วั", "ส", "ดี", "ค", "รั", "บ"]
    # A Devanagari vowel sign or a decomposed accent is part of its word, not a cut.
    assert words("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]
    assert words("cafe\u0301ine noir") == ["cafe\u0301ine", "noir"]
    assert words("नमस्ते 世界", cut="runs") == words("नमस्ते 世界", cut="letters") == [
        "नमस्ते", "世", "界"]


def test_quoted_line_words_count_nested_marks_aside():
    assert quoted_line_words("> > Old words here\n>new one\nMy own reply.") == (5, 3)
    assert quoted_line_words("a > b, no quote") == (0, 4)


def test_quotation_marks_of_every_style():
    text = (
        "He said “curly double” and ‘curly single’ and \"straight double\" and "
        "'straight single' and « guillemets » but don't split o'clock.\n> a quoted line\n"
    )
    assert sorted(quoted(text)) == sorted(
        ["curly double", "curly single", "straight double", "straight single", "guillemets",
         "a quoted line"]
    )


def test_apostrophes_do_not_open_or_close_quotations():
    assert quoted("It's the lads' night, isn't it? Ma'am, o'clock.") == []
    assert quoted("these so called ‘Nasty Crew’ are") == ["Nasty Crew"]
    assert quoted("they’re ‘don’t do it’ people") == ["don’t do it"]


def test_escape_controls_shows_terminal_sequences_as_text():
    assert escape_controls("a\x1b[31mred\x07\nb\tc") == "a\\x1b[31mred\\x07\\nb\\tc"
    assert escape_controls("\x9b2J \u202eevil \u2028") == "\\x9b2J \\u202eevil \\u2028"
    assert escape_controls("Zoë — 日本語 “quoted” 😀") == "Zoë — 日本語 “quoted” 😀"


@given(st.text())
def test_escaped_text_has_no_control_characters_and_keeps_the_rest(text):
    shown = escape_controls(text)
    assert all(ch.isprintable() for ch in shown if ord(ch) < 0xA0)
    assert not set(shown) & {"\u202e", "\u2066", "\u200f", "\u2028"}
    if text.isprintable():
        assert shown == text


@given(st.lists(st.one_of(st.none(), st.sampled_from(["Ann", "ann", "Bo", ""]),
                          st.text(max_size=3))))
def test_shared_strings_give_each_text_as_the_first_equal_one_given(texts):
    shared = SharedStrings()
    # Fresh copies, as a reader makes a string per row: equal, but other objects.
    found = [shared(None if text is None else "".join(list(text))) for text in texts]
    assert found == texts
    first = {}
    for text in found:
        if text is not None:
            assert text is first.setdefault(text, text)


def test_a_token_is_normalised_as_its_case_folded_self_is():
    # ``words`` leaves the folding of a text with a URL to ``normalise_token``: every
    # character, and a URL of them, comes out as it would folded first.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    for token in (every, "HTTPS://WWW." + every.replace("/", "")):
        assert normalise_token(token) == normalise_token(token.casefold())
    assert words("See HTTPS://WWW.Straße.DE/Σ now") == ["see", "strasse.de/σ", "now"]
