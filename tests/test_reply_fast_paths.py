"""The shortcuts of reply inference give what the plain rules give (issue 23: cheaper per comment).

Each fast path is pinned to the general result: the rule it skips is run in full here, on
generated text and threads, and both must agree.
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from explorer.detect import choice, reply_model
from explorer.detect.choice import choose_parents, evidence_many
from explorer.detect.cues import find_cues
from explorer.detect.cues.cue import Line, own_lines
from explorer.detect.cues.names import _HEAD, _short_head
from explorer.detect.cues.times import _TIME_ANYWHERE
from explorer.detect.index import (
    _STARTER,
    _STARTER_WORDS,
    ThreadIndex,
    index_thread,
    stated_parents,
    stems,
    with_owner,
)
from explorer.detect.owner import find_owner, owner_by_answers
from explorer.detect.replies import find_candidates, infer_replies
from explorer.detect.reply_model import FEATURES, Profile
from explorer.detect.reply_pairs import SHINGLE, SIMILAR, _taken, rank_similar, stem_entries
from explorer.detect.stem_vectors import thread_stems
from explorer.formats import read_paths
from explorer.model import DEFAULT_REPLY, REMOVED_TEXTS, Node, Thread, person_key
from explorer.text import QUOTE_MARKS, QUOTED_LINE, as_ascii, count_words, has_url, words
from explorer.tree import _build_tree, reply_tree
from explorer.wordcut import number_words
from tests.paths import SEEDS
from tests.strategies import AUTHORS, hostile_threads, threads

# Characters the shortcuts turn on: separators, stops, spaces of several kinds, quote marks.
TRICKY = " \t\n\r\x0b\x0c\x85\xa0\u2028\u3000-–—:,;.!?&@>\"“”'’"
tricky_text = st.lists(
    st.one_of(
        st.sampled_from(TRICKY),
        st.sampled_from(["Jim", "and", "Tom", "anon", "ANON", "Anonymous", "at", "20.14", "8:45",
                         "pm", "x" * 61, "ſ", "K", "İ", "ı"]),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
).map("".join)


def _lines_by_regex(node: Node) -> list[Line]:
    """The plain rule: every run of characters that are not line breaks is a line."""
    lines = []
    for number, match in enumerate(re.finditer(r"[^\n]+", node.body)):
        text = match.group().strip()
        if text and text[0] not in QUOTE_MARKS and text[0] != ">":
            lead = len(match.group()) - len(match.group().lstrip())
            lines.append(Line(number, text, match.start() + lead))
    return lines


@settings(max_examples=300)
@given(tricky_text)
def test_own_lines_are_the_runs_between_line_breaks(text):
    node = Node("t/1", "comment", 1, "1", text)
    assert list(own_lines(node)) == _lines_by_regex(node)


def _head_in_full(text: str) -> re.Match[str] | None:
    """The plain rule: the head regex, kept when its name has five words at most."""
    head = _HEAD.match(text)
    return head if head and len(head.group("name").split()) <= 5 else None


# Heads of up to eight words, spaces of several kinds between them, then a mark and anything.
head_text = st.builds(
    lambda words, space, mark, rest: space.join(words) + mark + rest,
    st.lists(st.sampled_from(["Jim", "Jean-Luc", "a", "x" * 25, "and", "Zoë"]), max_size=8),
    st.sampled_from([" ", "  ", "\u3000", "\t", " \u3000 ", "\n"]),
    st.sampled_from([" - ", "-", " --  ", ",", ", ", " : ", ":", ":x", "—", " – ", ".", ""]),
    tricky_text,
)


@settings(max_examples=500)
@given(st.one_of(tricky_text, head_text))
def test_the_head_shortcut_finds_every_short_head(text):
    fast, full = _short_head(text), _head_in_full(text)
    assert (fast and fast.span(), fast and fast.groupdict()) == (
        full and full.span(), full and full.groupdict()
    )


def test_the_head_shortcut_on_heads_at_the_five_word_edge():
    for text, name in [
        ("one two three four five - you are right", "one two three four five"),
        ("one two three four five six - you are right", None),
        ("Jean-Luc - indeed", "Jean-Luc"),
        ("a b c d e\u3000\u3000, f", "a b c d e"),
        ("Comment 5 on the matter of item 5, said plainly.", None),
    ]:
        head = _short_head(text)
        assert (head.group("name") if head else None) == name == (
            _head_in_full(text).group("name") if _head_in_full(text) else None
        )


def test_whitespace_to_re_is_whitespace_to_split():
    # The head shortcut counts words with str.split before the first mark; a character that
    # re's \s takes for a space but split does not would add a word there.
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert spaces and all(len(f"a{c}b".split()) == 2 for c in spaces)


EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)


def test_only_a_f_n_o_and_r_fold_to_themselves():
    # The time shortcut looks for "anon" in the casefolded text, the owner's thanks for
    # "for ": every character the case-blind patterns take for one of these letters must
    # casefold to that letter.
    for letter in "afnor":
        taken = re.findall(f"(?i){letter}", EVERY_CHARACTER)
        assert taken and all(c.casefold() == letter for c in taken)


def test_word_characters_are_the_alphanumeric_ones_and_the_underscore():
    # person_key drops [\W_] by regex where it kept str.isalnum() characters.
    word = set(re.findall(r"\w", EVERY_CHARACTER))
    assert word == {c for c in EVERY_CHARACTER if c.isalnum()} | {"_"}


def test_only_w_lowers_to_text_holding_w():
    # has_url looks for "www." in the lower-cased text, as a case-blind pattern would find it.
    assert [c for c in EVERY_CHARACTER if "w" in c.lower()] == ["W", "w"]


def test_only_a_bracket_folds_to_a_bracket():
    # removal() looks for a placeholder such as "[removed]" only in texts holding "[".
    assert [c for c in EVERY_CHARACTER if "[" in c.casefold()] == ["["]
    assert all("[" in text for text in REMOVED_TEXTS)


@settings(max_examples=300)
@given(st.one_of(tricky_text, st.sampled_from(AUTHORS + ("user_6904", "İlker", "ß", "_ _", "'"))))
def test_person_key_keeps_the_alphanumeric_characters_of_the_casefold(name):
    plain = "".join(ch for ch in name.casefold() if ch.isalnum()) or name.strip().casefold()
    assert person_key(name) == (plain if name.strip() else None)


@settings(max_examples=300)
@given(tricky_text)
def test_a_time_anywhere_needs_anon_in_the_casefolded_text(text):
    if _TIME_ANYWHERE.search(text):
        assert "anon" in text.casefold()


def _with_loops(thread: Thread, parents: list[int | None]) -> Thread:
    """The thread with stated parents redrawn: loops, self parents and dangling ones."""
    nodes = list(thread.nodes)
    for k, pick in enumerate(parents[: len(nodes)]):
        if nodes[k].kind == "post":
            continue
        parent = None if pick is None else "t/absent" if pick < 0 else nodes[pick % len(nodes)].id
        nodes[k] = replace(nodes[k], parent=parent, stated=parent is not None or nodes[k].stated)
    return replace(thread, nodes=tuple(nodes))


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(threads("t"), hostile_threads()),
    st.lists(st.one_of(st.none(), st.integers(-1, 30)), max_size=30),
)
def test_stated_parents_are_the_stated_trees(thread, parents):
    thread = _with_loops(thread, parents)
    positions = {node.id: i for i, node in enumerate(thread.nodes)}
    assert stated_parents(thread, positions) == dict(reply_tree(thread, inferred=False).parent)


@settings(max_examples=100, deadline=None)
@given(threads("t"))
def test_the_index_read_lazily_is_the_index_read_whole(thread):
    index = index_thread(thread, find_owner(thread))
    folded = [node.text.casefold() for node in thread.nodes]
    assert [index.folded(i) for i in range(len(thread.nodes))] == folded
    assert index.corpus == "".join(text + "\n" for text in folded)
    assert [index.corpus[a : b - 1] for a, b in itertools.pairwise(index.starts)] == folded
    assert index.tree == _build_tree(thread, {})  # built afresh, not the cached tree
    assert dict(index.parents) == dict(index.tree.parent)


def test_the_owner_found_by_answers_reads_the_cues_again():
    # Nobody owns the thread until Ann signs two answers to other comments: the second
    # search for the owner must run (it is skipped only when no comment answers another).
    texts = ["Bob here, cars are bad.", "Ann - cars are fine, Bob.", "Bob - you are wrong",
             "Bob - I disagree with you", "Ann - agreed"]
    authors = ["Bob", "Ann", "Ann", "Ann", "Cy"]
    nodes = [Node("t/post", "post", 0, "post", "Should cities ban cars?")]
    nodes += [Node(f"t/{k}", "comment", k, str(k), text, author=author)
              for k, (text, author) in enumerate(zip(texts, authors, strict=True), start=1)]
    thread = Thread("t", tuple(nodes))
    assert find_owner(thread) is None
    assert infer_replies(thread).owner == "Ann"


def _model_requests(thread: Thread) -> tuple[ThreadIndex, Profile, list[tuple[int, list]]]:
    """The index, the model's profile and each comment's candidates, as infer_replies makes them."""
    index = index_thread(thread, find_owner(thread))
    requests = [
        (i, find_candidates(index, i, find_cues(index, i)))
        for i, node in enumerate(thread.nodes)
        if node.kind == "comment"
    ]
    return index, Profile(index), requests


def _plain_gaps(profile: Profile, i: int, options: list[int | None]) -> np.ndarray:
    """The plain rule of the gap feature: nan_to_num after maximum; none without a post."""
    post = -1 if profile.post is None else profile.post
    gaps = []
    for j in options:
        at = post if j is None else j
        gap = max(profile.times[i] - profile.times[at], 0.0) / profile.pace
        gaps.append(np.nan_to_num(gap) if at >= 0 else 0.0)
    return np.log1p(np.array(gaps))


def _assert_batch_is_each_alone(thread: Thread) -> None:
    _, profile, requests = _model_requests(thread)
    asked = []
    for i, found in requests:
        cues = {candidate.target: candidate.cues[0] for candidate in found if candidate.cues}
        asked.append((i, profile.options(i, [candidate.target for candidate in found]), cues))
    gap = FEATURES.index("gap")
    for (i, options, cues), rows in zip(asked, profile.features_many(asked), strict=True):
        assert rows.tobytes() == profile.features_many([(i, options, cues)])[0].tobytes()
        assert rows[:, gap].tolist() == _plain_gaps(profile, i, options).tolist()


@settings(max_examples=60, deadline=None)
@given(threads("t"))
def test_features_worked_out_together_are_each_comments_own(thread):
    _assert_batch_is_each_alone(thread)


@pytest.mark.parametrize("post", [True, False])
def test_features_together_with_unknown_times(post):
    # A comment without a time has no gap to anyone (NaN read as 0), as nan_to_num gave;
    # the post's row reads the post's time, and a thread without a post has no gap to it.
    when = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    texts = ["restic every night to a bucket", "borg with cron on the laptop, every night",
             "how do you prune restic snapshots?", "restic forget --prune, every night"]
    nodes = [
        Node(f"t/{k}", "comment", k, str(k), text, author=f"w{k % 2}",
             published=None if k == 2 else when + timedelta(minutes=k))
        for k, text in enumerate(texts, start=1)
    ]
    if post:
        nodes.insert(0, Node("t/post", "post", 0, "post", "Backups?", author="o", published=when))
    _assert_batch_is_each_alone(Thread("t", tuple(nodes)))


@settings(max_examples=60, deadline=None)
@given(threads("t"))
def test_parents_chosen_together_are_those_chosen_one_by_one(thread):
    index, profile, requests = _model_requests(thread)
    flat = [(i, found) for i, found in requests if thread.nodes[i].flat]
    alone = [choose_parents(index, [(i, found)], profile)[0] for i, found in flat]
    assert choose_parents(index, flat, profile) == alone


def test_seeds_give_the_same_edges_one_comment_per_batch(monkeypatch):
    # BATCH = 1 works out each comment's features alone: the plain rule, on real flat pages.
    threads_ = read_paths([str(SEEDS)])
    together = [infer_replies(thread) for thread in threads_]
    monkeypatch.setattr(choice, "BATCH", 1)
    assert [infer_replies(thread) for thread in threads_] == together


@settings(max_examples=60, deadline=None)
@given(threads("t"))
def test_stem_weights_in_numpy_are_pythons(thread):
    index = index_thread(thread, None)
    ids: dict[str, int] = {}
    plain = [
        (k, ids.setdefault(stem, len(ids)), n * index.idf[stem] / (index.norms[k] or 1.0))
        for k, counts in enumerate(index.stems)
        for stem, n in counts.items()
    ]
    node, stem, weight = stem_entries(index)
    assert list(zip(node.tolist(), stem.tolist(), weight.tolist(), strict=True)) == plain


@settings(max_examples=300)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "restic", "’"]), max_size=14), max_size=8))
def test_runs_taken_in_numpy_are_the_runs_each_node_shares_with_the_latest_earlier(tokens):
    # The plain rule: a node's runs of SHINGLE words as a set of tuples; each run counts once,
    # for the latest earlier node holding it.
    holders: dict[tuple[str, ...], list[int]] = {}
    for k, found in enumerate(tokens):
        for run in {tuple(found[s : s + SHINGLE]) for s in range(len(found) - SHINGLE + 1)}:
            holders.setdefault(run, []).append(k)
    plain = Counter(
        later * len(tokens) + earlier
        for nodes in holders.values()
        for earlier, later in itertools.pairwise(nodes)
    )
    numbers = number_words([word for found in tokens for word in found])
    codes, counts = _taken(numbers, np.array([len(found) for found in tokens], np.int64))
    assert dict(zip(codes.tolist(), counts.tolist(), strict=True)) == plain


# ASCII words that the shortcuts cut, count or look up: "you" in its forms, apostrophes, digits and
# underscores inside words, stems that meet ("client", "clients"), common words, URLs.
ascii_text = st.lists(
    st.one_of(
        st.sampled_from([" ", "\n", "'", "-", ".", ",", "?", ">", "_", "://", "www.",
                         "www.x.org/a", "http://a.b/c", "you", "You're", "YOUR", "yours", "u",
                         "U", "you've", "don't", "it's", "client", "clients", "Clientele",
                         "abc123def", "x_y", "about", "Actually", "discretionary", "2014"]),
        st.text(st.characters(codec="ascii"), max_size=8),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=500)
@given(ascii_text)
def test_stems_found_in_numpy_are_the_stems_of_the_text(text):
    entries = thread_stems([Node(id="t/0", kind="post", position=0, label="0", text=text)],
                           [None if has_url(text) else as_ascii(text)])
    found = [(entries.names[s], n) for s, n in zip(entries.stem.tolist(),
                                                   entries.count.tolist(), strict=True)]
    assert found == list(Counter(stems(text)).items())  # in order of first use


@settings(max_examples=500)
@given(st.one_of(ascii_text, tricky_text))
def test_the_words_counted_are_the_words_cut(text):
    # The reply model reads a comment's length from its words, tables from count_words.
    assert len(words(text)) == count_words(text)


@settings(max_examples=60, deadline=None)
@given(threads("t"))
def test_stem_holders_are_the_nodes_holding_each_stem(thread):
    index = index_thread(thread, None)
    plain: dict[str, list[int]] = {}
    for k, counts in enumerate(index.stems):
        for stem in counts:
            plain.setdefault(stem, []).append(k)
    assert {s: index.vectors.holders(s).tolist() for s in plain} == plain
    assert index.vectors.holders("absent-stem").tolist() == []


@settings(max_examples=300)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.sampled_from([0.5, 0.25, 1.0,
                                                                               0.1 + 0.2, 0.3])),
                max_size=60))
def test_pairs_ranked_by_two_sorts_are_ranked_as_by_lexsort(pairs):

    by_code = {later * 7 + earlier: value for later, earlier, value in pairs}  # unique, sorted
    codes = np.array(sorted(by_code), np.int64)
    similarity = np.array([by_code[code] for code in sorted(by_code)], float)
    later, earlier = codes // 7, codes % 7
    order, rank = rank_similar(later, similarity)
    plain = np.lexsort((earlier, -similarity, later))
    assert order.tolist() == plain.tolist()
    for node in set(later.tolist()):
        mine = [k for k in plain.tolist() if later[k] == node]
        expected = {k: (place + 1 if place < SIMILAR else 0) for place, k in enumerate(mine)}
        assert {k: rank[k] for k in mine} == expected


@settings(max_examples=300)
@given(st.one_of(ascii_text, tricky_text,
                 st.sampled_from(["wWw.x", "WwW.", "ww w.", "w", "İWWW.x", "ẞ wʷw."])))
def test_urls_found_with_the_shortcut_are_those_the_pattern_finds(text):
    assert has_url(text) == ("://" in text or re.search(r"www\.", text, re.IGNORECASE) is not None)


def test_the_starter_words_fold_to_themselves():
    # "I started this thread" is sought only in texts whose casefold holds a starter word.
    for letter in set("".join(_STARTER_WORDS)) - {" "}:
        taken = re.findall(f"(?i){letter}", EVERY_CHARACTER)
        assert taken and all(c.casefold() == letter for c in taken)


starter_text = st.lists(
    st.one_of(
        st.sampled_from(["I started this thread", "I’m the OP", "I AM THE OP", "I ſtarted it",
                         "I am the one who opened the original discussion", "I began this thread",
                         "I", "i", "I'm", "I’m", "I am", "the", "THE", "OP", "op", "ſtarted",
                         "STARTED", "began", "opened", "this", "thread", "discussion",
                         "person", "who", "initial", " ", "  ", "\n"]),
        st.sampled_from(TRICKY),
    ),
    max_size=16,
).map(" ".join)


@settings(max_examples=500)
@given(st.one_of(starter_text, tricky_text))
def test_a_starter_needs_a_starter_word_in_the_casefolded_text(text):
    if _STARTER.search(text):
        assert any(word in text.casefold() for word in _STARTER_WORDS)


def _plain_starters(thread: Thread) -> dict[int, int]:
    """"I started this thread": each node saying so -> the topmost comment above it in the
    stated tree, or the first top-level node of its kind before it."""
    tree = reply_tree(thread, inferred=False)
    positions = {node.id: i for i, node in enumerate(thread.nodes)}
    found = {}
    for i, node in enumerate(thread.nodes):
        if not _STARTER.search(node.text):
            continue
        if tree.is_reply(node.id):
            top = node.id
            while tree.is_reply(top):
                top = tree.parent[top]
            found[i] = positions[top]
        else:
            first = next(j for j, other in enumerate(thread.nodes)
                         if other.kind == node.kind and not tree.is_reply(other.id))
            if first < i:
                found[i] = first
    return found


@settings(max_examples=150, deadline=None)
@given(threads("t"), st.lists(st.tuples(st.integers(0, 40), starter_text), max_size=4))
def test_the_starters_found_lazily_are_those_of_every_node_walked(thread, said):
    # The stated tree is made only when some node says it started the thread.
    nodes = list(thread.nodes)
    for at, text in said:
        k = at % len(nodes)
        nodes[k] = replace(nodes[k], text=f"{nodes[k].text} {text}")
    thread = replace(thread, nodes=tuple(nodes))
    index = index_thread(thread, None)
    assert index.starters == _plain_starters(thread)
    assert ("tree" in index.__dict__) == any(_STARTER.search(node.text) for node in nodes)


@settings(max_examples=60, deadline=None)
@given(threads("t"))
def test_idf_with_a_logarithm_per_count_is_the_idf_of_each_stem(thread):
    index = index_thread(thread, None)
    frequency = Counter(itertools.chain.from_iterable(index.stems))
    total = len(thread.nodes) + 1
    plain = {stem: math.log(total / count) for stem, count in frequency.items()}
    assert list(index.idf.items()) == list(plain.items())


@settings(max_examples=100, deadline=None)
@given(threads("t"), st.data())
def test_the_owner_by_answers_is_the_owner_found_with_them(thread, data):
    # infer_replies finds the owner once, then reads only the answers again.
    if data.draw(st.booleans()):  # no byline: the answers decide
        thread = replace(thread, owner=None, nodes=tuple(
            replace(node, author=None) if node.kind == "post" else node for node in thread.nodes
        ))
    answering = frozenset(data.draw(st.lists(st.sampled_from([n.id for n in thread.nodes]))))
    assert owner_by_answers(thread, find_owner(thread), answering) == find_owner(thread, answering)


@settings(max_examples=300)
@given(ascii_text)
def test_ascii_words_are_the_runs_of_word_characters_joined_by_apostrophes(text):
    assume(not has_url(text))
    assert words(text) == re.findall(r"\w+(?:'\w+)*", text.lower())


def _plain_rarest(index, i: int, j: int, rare: float, most: int) -> list[str]:
    """The plain rule: the index's shared stems (rarest first), the rare ones alone if any."""
    shared = index.shared(index.stems[i], j)
    return ([stem for stem in shared if index.idf[stem] >= rare] or shared)[:most]


_PHRASES = {
    "quotes": "quotes it", "best_quotes": "quotes it", "previous": "the comment just before",
    "named_by": "it named this writer", "alternation": "the two writers take turns",
    "owner_answers": "the post's writer answering", "to_owner": "on the post's writer's comment",
    "question": "answers a question", "question_answered": "answers a question",
}


def _plain_phrase(profile: Profile, i: int, j: int, name: str) -> str | None:
    """What one feature says of the pair (i, j), the shared words read from the index."""
    index = profile.index
    if name in {"similarity", "best_similarity", "relative_similarity", "similar_rank",
                "shared_rare"}:
        shared = _plain_rarest(index, i, j, profile.rare, 3)
        return f"shared words: {', '.join(shared)}" if shared else None
    if name == "names_writer":
        return f"names its writer ({index.people[j]})"
    return _PHRASES.get(name)


def _plain_explain(profile: Profile, i: int, j: int | None, row, cues) -> str:
    """The plain rule of the evidence: every feature sorted by contribution, those over 0.1
    speaking."""
    key = profile.post if j is None else j
    named = cues.get(key) if key is not None else None
    if j is None:
        return named.evidence if named else DEFAULT_REPLY
    weights = profile.model.weights
    ranked = sorted(
        ((weights[name] * value, name) for name, value in zip(FEATURES, row, strict=True)),
        reverse=True,
    )
    said: list[str] = []
    for contribution, name in ranked:
        text = _plain_phrase(profile, i, j, name) if contribution > 0.1 else None
        if name == "cue" and named and contribution > 0.1:
            text = named.evidence
        if text and text not in said:
            said.append(text)
    return "; ".join(said[:3]) or "near it"


@settings(max_examples=40, deadline=None)
@given(threads("t"))
def test_evidence_from_the_features_over_a_tenth_is_the_plain_evidence(thread):
    # Every option of every comment explained at once, as if each had been chosen.
    _, profile, requests = _model_requests(thread)
    picks, plain, table = [], [], []
    for i, found in requests:
        cues = {candidate.target: candidate.cues[0] for candidate in found if candidate.cues}
        options = profile.options(i, [candidate.target for candidate in found])
        [rows] = profile.features_many([(i, options, cues)])
        for j, row in zip(options, rows, strict=True):
            picks.append((i, j, cues))
            plain.append(_plain_explain(profile, i, j, row, cues))
            table.append(row)
    rows = np.array(table).reshape(-1, len(FEATURES))
    assert evidence_many(profile, picks, rows * profile.weights) == plain


@settings(max_examples=40, deadline=None)
@given(threads("t"))
def test_shared_stems_sorted_in_reverse_are_sorted_by_negated_idf(thread):
    index = index_thread(thread, None)
    for i, query in enumerate(index.stems):
        for j in range(i):
            plain = sorted((s for s in query if s in index.stems[j]), key=lambda s: -index.idf[s])
            assert index.shared(query, j) == plain


@settings(max_examples=300)
@given(st.one_of(ascii_text, tricky_text))
def test_questions_and_quoted_lines_need_their_mark(text):
    # The reply model searches only texts holding "?" (questions) or ">" (quoted lines).
    if reply_model._QUESTION.search(text):
        assert "?" in text
    if QUOTED_LINE.search(text):
        assert ">" in text


@settings(max_examples=60, deadline=None)
@given(threads("t"))
def test_norms_from_the_entries_are_the_norms_summed_in_python(thread):
    index = index_thread(thread, None)
    idf = index.idf
    plain = [
        math.sqrt(sum([(n * idf[s]) ** 2 for s, n in counts.items()])) for counts in index.stems
    ]
    assert list(index.norms) == plain


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.name[:3])
def test_an_index_for_another_owner_keeps_what_no_owner_changes(seed):
    """``with_owner`` keeps the texts, tree and starters worked out, and gives the same
    names, people and starters as an index built for that owner from the start."""
    [thread] = read_paths([str(seed)])
    index = index_thread(thread, find_owner(thread))
    worked_out = (index.texts, index.first_word, index.tree, index.spans, index.starters)
    other = next(a for a in ("someone else", "Getafix") if a != index.owner)
    moved = with_owner(index, other)
    fresh = index_thread(thread, other)
    assert (moved.texts, moved.first_word, moved.tree, moved.spans, moved.starters) == worked_out
    assert moved.texts is index.texts and moved.tree is index.tree
    assert moved.owner == other
    assert moved.people == fresh.people
    assert moved.owned.names == fresh.owned.names
    assert moved.starters == fresh.starters and moved.spans == fresh.spans
