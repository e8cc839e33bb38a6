"""A thread's words and stems worked out at once (numpy) give what the plain rules give per text:
``text.words`` per node, ``Counter(stems(text))`` per node in order of first use, the IDF of
each stem, the norms summed in order, the unit weights; and each shortcut on the way (the
ASCII form of a text with typographic marks, the common words told by two numbers) is pinned
to the rule it stands for."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from explorer import wordcut
from explorer.detect import stem_vectors
from explorer.detect.index import index_thread
from explorer.detect.reply_model import _SECOND_PERSON as SECOND_PERSON
from explorer.detect.reply_model import _YOU as YOU
from explorer.detect.reply_pairs import stem_entries
from explorer.detect.stem_vectors import (
    COMMON_WORDS,
    is_common,
    stems,
    thread_stems,
)
from explorer.formats import read_paths
from explorer.model import Node, Thread
from explorer.text import as_ascii, ascii_words, has_url, words
from explorer.wordcut import WIDE, halves, number_words
from tests.paths import REAL, SEEDS

# Pieces that turn the shortcuts: typographic marks (spaced or not), curly and straight
# apostrophes, digits and underscores inside words, URLs, common words in several cases,
# stems that meet, letters that casefold to ASCII ("K" Kelvin sign, long s), other scripts,
# combining marks, very long words, newlines and NUL.
PIECES = [
    " ", "\n", "\t", "\x00", "'", "’", "‘", "“", "”", "„", "«", "»", "—", "–", "…", "\xa0", ".",
    ",", "-", "_", "?", "://", "www.", "http://a.b/c?d=e", "www.example.org/x", "you're",
    "Don’t", "shouldn't", "it's", "About", "ACTUALLY", "interesting", "Interestingly",
    "whatever", "client", "clients", "Clientele", "discretionary", "abc123def", "x_y",
    "2014", "word4word", "K", "ſtreet", "İstanbul", "Zoë", "naïve", "café", "東京大学",
    "ภาษาไทย", "e\u0301t\u0301e\u0301", "a" * 17, "ab" * 40, "Seriously", "meanwhile",
    "You", "you've", "YOURS", "u", "U2", "ab" * 8, "http://a.b/c\x00",
]
texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(st.characters(codec="ascii"), max_size=8),
              st.text(max_size=4)),
    max_size=30,
).map("".join)


def thread_of(found: list[str]) -> Thread:
    """A flat thread whose post and comments hold these texts."""
    nodes = tuple(
        Node(id=f"t/{k}", kind="post" if k == 0 else "comment", position=k, label=str(k),
             text=text)
        for k, text in enumerate(found)
    )
    return Thread(id="t", title="t", source="test", nodes=nodes)


def plain_rows(found: list[str]) -> tuple[list[Counter[str]], dict[str, float], list[float]]:
    """Each text's stems counted, each stem's IDF and each text's norm, by the plain rules."""
    counted = [Counter(stems(text)) for text in found]
    frequency = Counter(stem for counts in counted for stem in counts)
    idf = {stem: math.log((len(found) + 1) / n) for stem, n in frequency.items()}
    norms = [math.sqrt(sum([(n * idf[s]) ** 2 for s, n in counts.items()])) for counts in counted]
    return counted, idf, norms


def numbered(vectors: stem_vectors.StemVectors) -> tuple[list[int], list[int], list[bool]]:
    """The words as numbers, the counts, and which texts say "you" (``numbered_words``)."""
    numbers, counts, says = vectors.numbered_words(YOU)
    return numbers.tolist(), counts.tolist(), says.tolist()


def plain_numbers(found: list[str]) -> tuple[list[int], list[int], list[bool]]:
    """The same by the plain rules: ``number_words`` of each of ``text.words``, and for a text
    without a URL in ASCII (typographic marks aside) the second-person pattern."""
    says = [not has_url(text) and as_ascii(text) is not None
            and SECOND_PERSON.search(text) is not None for text in found]
    return (number_words([word for text in found for word in words(text)]).tolist(),
            [len(words(text)) for text in found], says)


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8), st.sampled_from([1, 60, 1 << 20]))
def test_the_thread_at_once_is_each_text_by_the_plain_rules(found, at_once):
    # TEXTS_AT_ONCE 1: each text a piece of its own; 60: a few texts a piece.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wordcut, "TEXTS_AT_ONCE", at_once)
        index = index_thread(thread_of(found), None)
        vectors = index.vectors
        counted, idf, norms = plain_rows(found)
        assert [list(counts.items()) for counts in vectors.stems] == [
            list(counts.items()) for counts in counted
        ]  # in order of first use, counted alike
        assert list(vectors.idf.items()) == list(idf.items())  # bit for bit, in order of first use
        assert list(vectors.norms) == norms
        assert numbered(vectors) == plain_numbers(found)
        node, stem, weight = stem_entries(index)
        names = list(idf)
        assert [(k, names[s], w) for k, s, w in zip(node.tolist(), stem.tolist(), weight.tolist(),
                                                   strict=True)] == [
            (k, s, n * idf[s] / (norms[k] or 1.0)) for k, counts in enumerate(counted)
            for s, n in counts.items()
        ]


REAL_THREADS = [
    REAL / "reddit_urs/wallstreetbets_ld5rd9_shorts_RAW.json",
    REAL / "reddit_urs/askreddit_mbtjq7_belly_button_all-raw.json",
    REAL / "hn/hn_comments_2024-07_whoishiring.json",
    REAL / "imageboard/4chan-wsg-normal-thread.json",
    REAL / "stackexchange/music.meta",
    SEEDS,
    pytest.param(REAL / "mail/fetchmail-users", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("path", REAL_THREADS, ids=lambda path: path.name)
def test_real_threads_are_cut_as_each_text_alone(path, monkeypatch):
    # Real comments: curly quotes and dashes, URLs, other scripts, quoted mail, long threads;
    # their stems found and counted some 5,000 characters at a time.
    monkeypatch.setattr(wordcut, "TEXTS_AT_ONCE", 5_000)
    checked = 0
    for thread in read_paths([str(path)]):
        found = [node.text for node in thread.nodes]
        vectors = index_thread(thread, None).vectors
        counted, idf, norms = plain_rows(found)
        assert [list(c.items()) for c in vectors.stems] == [list(c.items()) for c in counted]
        assert list(vectors.idf.items()) == list(idf.items())
        assert list(vectors.norms) == norms
        assert numbered(vectors) == plain_numbers(found)
        checked += len(found)
    assert checked >= 5


@settings(max_examples=500)
@given(texts)
def test_the_ascii_form_of_a_text_has_its_words(text):
    ascii_text = as_ascii(text)
    assume(ascii_text is not None)
    assert ascii_text.isascii() and len(ascii_text) == len(text)
    assert words(ascii_text, cut="letters") == words(text, cut="letters")
    assert words(ascii_text, cut="runs") == words(text, cut="runs")
    if not has_url(text):
        assert ascii_words(ascii_text) == words(text)


def test_common_words_are_told_by_two_numbers():
    # Each common word of four letters or more, and words one letter away, longer, shorter.
    near = {word + tail for word in COMMON_WORDS for tail in ("", "s", "x", "a" * 9)}
    near |= {word[:-1] for word in COMMON_WORDS} | {word[1:] for word in COMMON_WORDS}
    found = sorted(word for word in near if 4 <= len(word) < WIDE)
    front, back = halves([word.encode() for word in found])
    assert is_common(front, back).tolist() == [word in COMMON_WORDS for word in found]
    assert sum(is_common(front, back)) == sum(len(w) >= 4 for w in COMMON_WORDS)


@settings(max_examples=300)
@given(st.lists(st.text(st.sampled_from("abcdeghilnorstuwy"), min_size=4, max_size=WIDE - 1),
                max_size=30))
def test_common_words_told_by_numbers_are_the_set(found):
    front, back = halves([word.encode() for word in found])
    assert is_common(front, back).tolist() == [word in COMMON_WORDS for word in found]


def test_a_thread_without_stems_has_no_entries():
    for found in ([""], ["", "a b c", "the and you", "abc1def2"], ["東京", "ok: www.x.y"]):
        nodes = thread_of(found).nodes
        entries = thread_stems(nodes, [as_ascii(n.text) if not has_url(n.text) else None
                                       for n in nodes])
        assert entries.node.tolist() == [] and entries.names == []
        assert np.array_equal(entries.starts, np.zeros(len(found) + 1))
