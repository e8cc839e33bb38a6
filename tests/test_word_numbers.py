"""Words known by numbers (``wordcut.word_numbers``), as the reply model reads them: cut in
numpy, they are the numbers of ``text.words`` one by one; equal words, equal numbers; and the
lookups and squares the profile takes from them are the plain rules'."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.detect.index import index_thread
from explorer.detect.reply_model import _among
from explorer.model import Node, Thread
from explorer.text import as_ascii, has_url, words
from explorer.wordcut import WIDE, heads, number_words, word_numbers
from tests.strategies import hostile_text

# Words at the edges of the byte heads (8, 16 and 17 bytes), with NUL, apostrophes, digits,
# letters of other scripts (several bytes each) and a URL that normalises to a bare host.
word_pieces = st.sampled_from([
    "", "a", "ab", "u", "you", "You're", "don't", "x_y", "2014", "a" * 8, "a" * 9, "b" * 16,
    "b" * 17, "ab" * 40, "a\x00", "\x00", "zoë", "東京", "ภาษา", "e\u0301", "'", "’",
])
ascii_texts = st.lists(st.one_of(word_pieces, st.sampled_from([" ", "\n", ".", "'", "—", "“"]),
                                 st.text(st.characters(codec="ascii"), max_size=6)),
                       max_size=25).map("".join)
texts = st.one_of(ascii_texts, hostile_text,
                  st.sampled_from(["see http://a.b/c\x00 now", "www.x.org you", ""]))


@settings(max_examples=300, deadline=None)  # the first non-ASCII text builds the patterns
@given(st.lists(st.one_of(word_pieces, st.text(max_size=20)), max_size=30))
def test_equal_words_have_equal_numbers_and_others_differ(found):
    numbers = number_words(found).tolist()
    assert len(numbers) == len(found)
    for a, number_a in zip(found, numbers, strict=True):
        for b, number_b in zip(found, numbers, strict=True):
            assert (number_a == number_b) == (a == b)


@settings(max_examples=300)
@given(st.lists(texts, max_size=6))
def test_words_cut_in_numpy_are_numbered_as_each_word_alone(found):
    ascii_forms = [None if has_url(text) else as_ascii(text) for text in found]
    numbers, counts, says = word_numbers(found, ascii_forms, {"you", "u"})
    cut = [words(text) for text in found]
    assert numbers.tolist() == number_words([word for each in cut for word in each]).tolist()
    assert counts.tolist() == [len(each) for each in cut]
    # A run of word characters, any case, between non-word characters ("you're" holds "you").
    assert says.tolist() == [
        ascii_form is not None and any(run.lower() in {"you", "u"} for run in
                                       words(text, cut="runs"))
        for text, ascii_form in zip(found, ascii_forms, strict=True)]


@settings(max_examples=300)
@given(st.lists(st.binary(max_size=24), max_size=12))
def test_heads_are_the_first_bytes_of_each_run(runs):
    buffer = np.frombuffer(b"".join(runs) or b"\x00", np.uint8)
    lengths = np.array([len(run) for run in runs], np.int64)
    starts = np.cumsum(lengths) - lengths
    front, back = heads(buffer, starts, lengths)
    padded = [run[:WIDE].ljust(WIDE, b"\x00") for run in runs]
    assert front.tolist() == [int.from_bytes(run[:8], "little") for run in padded]
    assert back.tolist() == [int.from_bytes(run[8:], "little") for run in padded]


@settings(max_examples=300)
@given(st.lists(st.integers(0, 2**64 - 1), max_size=40), st.data())
def test_numbers_among_the_sought_are_those_in_the_set(sought, data):
    # Numbers sharing their low bits (a table slot) and zero (an empty slot's value).
    sought = sorted(set(sought + data.draw(st.lists(st.sampled_from([0, 1, 2**20 + 1, 2**40 + 1]),
                                                    max_size=3))))
    numbers = data.draw(st.lists(st.one_of(st.sampled_from([*sought, 0, 1, 2**30 + 1]),
                                           st.integers(0, 2**64 - 1)), max_size=40))
    found = _among(np.array(numbers, np.uint64), np.array(sought, np.uint64))
    assert found.tolist() == [number in set(sought) for number in numbers]


def test_norms_of_words_used_many_times_are_summed_as_python_sums():
    # Each (count, frequency) square is taken once and read for every entry: counts of 1 to
    # 300 in one thread, stems shared by one, two and every node.
    texts = ["", "alpha " * 300 + "beta gamma", "alpha beta " * 7 + "delta " * 40,
             "gamma epsilon " * 3 + "alpha", "zeta"]
    nodes = tuple(Node(id=f"t/{k}", kind="post" if k == 0 else "comment", position=k,
                       label=str(k), text=text) for k, text in enumerate(texts))
    index = index_thread(Thread(id="t", title="t", source="test", nodes=nodes), None)
    counted = [Counter(found) for found in
               ([w[:6] for w in words(text) if len(w) >= 4] for text in texts)]
    frequency = Counter(stem for counts in counted for stem in counts)
    idf = {stem: math.log((len(texts) + 1) / n) for stem, n in frequency.items()}
    assert list(index.norms) == [
        math.sqrt(sum([(n * idf[s]) ** 2 for s, n in counts.items()])) for counts in counted]
