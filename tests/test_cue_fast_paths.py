"""The shortcuts of the reply cue finders give what their plain rules give (issue 23).

Each shortcut is pinned here to the rule it skips: both run on generated text and threads
(and on the real samples), and must agree.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.detect.choice import Candidate
from explorer.detect.cues import Cue, names, quotes, times
from explorer.detect.cues.cue import Line, may_open, own_lines
from explorer.detect.cues.names import _HEAD, _short_head
from explorer.detect.cues.times import TIME_START
from explorer.detect.index import index_thread, stems
from explorer.detect.replies import _candidates, find_candidates, thread_candidates
from explorer.model import Node, Thread
from tests.strategies import text_pieces, threads

# Words sharing their first six letters, case that folds to other letters, marks inside words.
STEMMY = ["client", "clients", "clientele", "CLIENT", "ſtrange", "strange", "Straße", "STRASSE",
          "İstanbul", "istanbul", "naïve", "naive", "Kelvin", "kelvin", "don’t", "won't",
          "probation", "probe", "x"]
stemmy_text = st.lists(st.one_of(st.sampled_from(STEMMY), text_pieces), max_size=12).map(" ".join)


def _thread(texts: list[str]) -> Thread:
    nodes = tuple(Node(f"t/{k}", "comment", k, str(k), text) for k, text in enumerate(texts))
    return Thread("t", nodes)


@settings(max_examples=300)
@given(st.lists(stemmy_text, min_size=1, max_size=12), stemmy_text)
def test_short_quotes_are_sought_alike_by_reading_and_by_the_stem_index(texts, phrase):
    index = index_thread(_thread(texts), None)
    words = set(stems(phrase))
    if not words:
        return
    for i in range(len(texts) + 1):
        read = list(quotes._holders_read(index, words, i))
        assert read == list(quotes._holders_indexed(index, words, i))
        # The plain rule: every earlier node whose stems hold all the words.
        assert read == [j for j in range(i) if words <= set(stems(texts[j]))]


# Words, some opening or ending with a mark, between spaces of several kinds: the first mark
# falls before, on and after the start of the sixth word.
marked_words = st.lists(
    st.one_of(st.sampled_from(["Jim", "x" * 70, "-x", "x-", ",", ":y", "—", "–z", "a", "Zoë"]),
              text_pieces),
    max_size=9,
)


@settings(max_examples=500)
@given(marked_words, st.lists(st.sampled_from([" ", "  ", "\t", "\u3000", "\xa0", " \x85 "]),
                              min_size=8, max_size=8))
def test_the_mark_is_sought_up_to_the_sixth_word_only(words, spaces):
    text = "".join(word + space for word, space in zip(words, spaces, strict=False))
    full = _HEAD.match(text)
    full = full if full and len(full.group("name").split()) <= 5 else None
    fast = _short_head(text)
    assert (fast and fast.span(), fast and fast.groupdict()) == (
        full and full.span(), full and full.groupdict()
    )


# Lines that open with names, greetings, times, mentions and marks, and any characters.
OPENINGS = ["Jim", "Tom", "anon", "ANON", "Anonymous", "To", "to", "Dear", "re:", "RE", "@", "@Jim",
            "20.14", "8:45", "pm", "and", "&", "Thank you", "Olá", "K", "ſ", "İ", "١٢:٣٠", "x" * 61]
opening_text = st.lists(
    st.one_of(st.sampled_from(OPENINGS), st.sampled_from(list(" \t\u3000-–—:,;.!?")),
              st.characters(codec="utf-8")),
    max_size=16,
).map("".join)
NAMED = _thread(["Jim wrote this", "Tom here", "Jim again", "x"])
NAMED = replace(NAMED, nodes=tuple(
    replace(node, author=author, published=datetime(2024, 1, 1, 20, 14 + k))
    for k, (node, author) in enumerate(zip(NAMED.nodes, ["Jim", "Tom", "Anonymous", None],
                                           strict=True))
))


@settings(max_examples=1000)
@given(opening_text)
def test_a_line_that_may_not_open_with_a_cue_names_nobody(text):
    text = text.strip()
    if not text or may_open(text):
        return
    index = index_thread(NAMED, None)
    line = Line(0, text, 0)
    assert TIME_START.match(text) is None
    assert names._addressees(index, 3, line) == []
    assert names.find(index, 3, [line], []) == times.find(index, 3, [line], []) == []


@settings(max_examples=200)
@given(threads())
def test_the_cues_of_opening_lines_are_those_of_every_own_line(thread):
    index = index_thread(thread, None)
    for i, node in enumerate(thread.nodes):
        every, opening = own_lines(node), own_lines(node, opening=True)
        assert set(opening) <= set(every)
        for finder in (names.find, times.find):
            assert finder(index, i, opening, []) == finder(index, i, every, [])


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["flat", "flat", "flat", "stated", "excerpt", "cued"]),
                min_size=12, max_size=40),
       st.booleans(), st.data())
def test_uncued_candidates_are_each_nodes_own(kinds, stand_ins, data):
    # Flat comments without cues take a slice of the nodes before them and the post, wherever
    # it stands; stated, cued and excerpt nodes and threads with stand-ins take the general
    # path. Half the threads have stand-ins; the post stands anywhere, often near the end.
    if stand_ins:
        for k in data.draw(st.lists(st.integers(0, len(kinds) - 1), min_size=1, max_size=3)):
            kinds[k] = "missing"
    post = data.draw(st.one_of(st.none(), st.integers(0, len(kinds)),
                               st.integers(len(kinds) - 10, len(kinds))))
    if post is not None:
        kinds.insert(post, "post")
    nodes = tuple(
        Node(f"t/{k}", "comment" if kind in ("flat", "stated", "cued") else kind, k, str(k),
             "" if kind == "missing" else kind, stated=kind == "stated")
        for k, kind in enumerate(kinds)
    )
    index = index_thread(Thread("t", nodes), None)
    cues = [[Cue("t/0", 0.9, "named")] if kind == "cued" and k else [] for k, kind in
            enumerate(kinds)]
    plain = [_candidates(index, i, found, infer=True) for i, found in enumerate(cues)]
    assert thread_candidates(index, cues) == plain
    each = [Candidate(j) for j in range(len(nodes))]
    for i, found in enumerate(cues):  # the post's own and stated nodes' too, asked directly
        assert find_candidates(index, i, found, each, whole=not stand_ins) == find_candidates(
            index, i, found)


class CountingTuple(tuple):
    """A tuple that counts how often an item is read."""

    reads = 0

    def __getitem__(self, key):
        CountingTuple.reads += 1
        return super().__getitem__(key)


def test_short_quotes_after_long_texts_are_sought_in_the_stem_index():
    # Reading the texts before a short quote is bounded by characters as well as by nodes:
    # ten comments of 15,000 words (135,000 characters) are not read through for a two-word
    # quote after the first.
    long = " ".join(["probation officer caseload"] * 5_000)
    texts = [long] * 10 + ["probation officer"]
    index = index_thread(_thread(texts), None)
    index.__dict__["texts"] = CountingTuple(index.texts)
    CountingTuple.reads = 0
    words = set(stems("probation officer"))
    assert list(quotes._holders(index, words, 10)) == list(range(10))
    assert CountingTuple.reads == 0
    assert list(quotes._holders(index, words, 1)) == [0]  # under 200,000 characters before
    assert CountingTuple.reads > 0
