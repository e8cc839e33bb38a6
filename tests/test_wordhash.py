"""Word hashes computed in numpy (explorer.detect.wordhash)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.detect import wordhash
from explorer.detect.marks import quoted_pieces
from explorer.detect.wordhash import hash_words
from explorer.text import word_spans, words
from explorer.wordcut import word_bounds
from tests.strategies import text_pieces


def tokens_and_hashes(texts: list[str]) -> tuple[list[str], list[int]]:
    hashes, counts, _ = hash_words(texts)
    assert counts.tolist() == [len(words(text)) for text in texts]
    return [token for text in texts for token in words(text)], hashes.tolist()


@given(st.lists(text_pieces, max_size=5))
def test_equal_words_and_only_they_hash_alike(texts):
    tokens, hashes = tokens_and_hashes(texts)
    assert [len(word_spans(text)) for text in texts] == hash_words(texts)[1].tolist()
    tokens = [token.replace("'", "") for token in tokens]  # "don't" is "dont"
    for first, first_hash in zip(tokens, hashes, strict=True):
        for second, second_hash in zip(tokens, hashes, strict=True):
            assert (first == second) == (first_hash == second_hash), (first, second)


def test_an_apostrophe_inside_a_word_counts_for_nothing():
    hashes, _, _ = hash_words(["Don't rock'n'roll " + "o'" * 40 + "x", "dont rocknroll " + "o" * 40
                            + "x", "Zoë dont"])
    assert hashes[0] == hashes[3] == hashes[7] and hashes[1] == hashes[4]
    assert hashes[2] == hashes[5]  # 81 bytes with its apostrophes, 41 without
    assert hash_words(["'"])[1].tolist() == [0]  # an apostrophe and no word


@given(text_pieces)
def test_word_bounds_are_the_spans_of_the_words(text):
    starts, ends = word_bounds(text)
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == word_spans(text)


def test_a_word_hashes_alike_in_ascii_and_in_other_text():
    texts = [
        "Don't say it's O'Neil's WORD",  # ASCII: cut in numpy
        "don’t SAY it’s o’neil’s word",  # curly apostrophes: made straight, then numpy
        "Zoë: don't say it's o'neil's word",  # a letter outside ASCII: cut by text.words
        "see http://x.org/ — don't say it's o'neil's word",  # a URL: cut by text.words
    ]
    tokens, hashes = tokens_and_hashes(texts)
    by_token: dict[str, set[int]] = {}
    for token, value in zip(tokens, hashes, strict=True):
        by_token.setdefault(token, set()).add(value)
    assert all(len(values) == 1 for values in by_token.values())
    assert len({next(iter(values)) for values in by_token.values()}) == len(by_token)


def test_words_longer_than_the_numpy_path_hash_by_content():
    long_a, long_b = "a" * 100, "a" * 99 + "b"
    tokens, hashes = tokens_and_hashes([f"{long_a} x {long_b}", f"Zoë {long_a.upper()}"])
    assert tokens == [long_a, "x", long_b, "zoë", long_a]
    assert hashes[0] == hashes[4] != hashes[2]


def test_edges_empty_texts_and_texts_without_words():
    tokens, hashes = tokens_and_hashes(["", "   ", "--- !!!", "'", "a", ""])
    assert tokens == ["a"] and len(hashes) == 1


@pytest.mark.slow
def test_hashes_are_the_same_in_every_process():
    code = "from explorer.detect.wordhash import hash_words; print(hash_words(['Hello, world'])[0])"
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1 and outputs.pop().strip() == str(hash_words(["Hello, world"])[0])


@given(st.lists(text_pieces, max_size=6))
def test_the_cut_kept_gives_each_texts_word_bounds(texts):
    # Kept from hashing so that the passage search never cuts a text twice: ASCII texts,
    # texts with a URL or letters outside ASCII (cut by text.words) alike.
    texts += ["see http://x.org/a — it's “quoted”", "Zoë said 'no'", ""]
    cut = hash_words(texts)[2]
    for number, text in enumerate(texts):
        kept = [array.tolist() for array in cut.bounds(number)]
        assert kept == [array.tolist() for array in word_bounds(text)]
    assert quoted_pieces(texts, cut.bounds) == quoted_pieces(texts)


def test_the_hash_keys_are_splitmix64s_first_outputs():
    # splitmix64 as its authors write it, one 64-bit step at a time.
    mask, state, plain = (1 << 64) - 1, 0x5EED, []
    for _ in range(3):
        state = (state + 0x9E3779B97F4A7C15) & mask
        mixed = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & mask
        mixed = ((mixed ^ (mixed >> 27)) * 0x94D049BB133111EB) & mask
        plain.append(mixed ^ (mixed >> 31))
    assert wordhash._constants(3) == plain
