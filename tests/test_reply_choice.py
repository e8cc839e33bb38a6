"""The reply choice worked out for a thread's comments at once gives each comment's own choice.

``decide_many`` and ``choose_many`` do in numpy, over many comments, what ``decide`` and
``explain`` do for one: each is run here both ways, and the results must be the same bits.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.detect import reply_model
from explorer.detect.choice import choose_many
from explorer.detect.cues import find_cues, thread_cues
from explorer.detect.cues.quotes import _parent_text
from explorer.detect.index import index_thread
from explorer.detect.owner import find_owner
from explorer.detect.passages import find_passages
from explorer.detect.replies import _candidates, thread_candidates
from explorer.detect.reply_model import (
    FEATURES,
    NAME_PART,
    Model,
    Profile,
    decide,
    decide_many,
    load_model,
    support,
    supports,
)
from explorer.detect.shared_words import rarest_shared
from explorer.detect.stacks import Stacks
from explorer.formats import read_paths
from explorer.model import Node, Thread
from explorer.text import words
from tests.paths import SEEDS
from tests.strategies import AUTHORS, hostile_threads, threads
from tests.test_reply_fast_paths import (
    _model_requests,
    _plain_explain,
    _plain_rarest,
    ascii_text,
    tricky_text,
)

# Scores with ties, zeros of both signs, and spreads wide enough to underflow exp.
scores = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, 1.0 + 2**-52, -3.5, 700.0, -745.0]),
    st.floats(-50, 50, allow_nan=False),
)
rows = st.lists(st.sampled_from([0.0, 0.0, 0.5, 1.0, -1.0]), min_size=len(FEATURES),
                max_size=len(FEATURES))
comments = st.lists(st.lists(st.tuples(scores, rows), min_size=1, max_size=20), min_size=1,
                    max_size=12)
models = st.one_of(
    st.just(load_model()),
    st.builds(
        Model,
        st.just(load_model().weights),
        st.fixed_dictionaries({
            "post": st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=4)
            .map(sorted).map(tuple),
            "comment": st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=4)
            .map(sorted).map(tuple),
        }),
        st.floats(0, 1),
    ),
)


@settings(max_examples=300, deadline=None)
@given(comments, models)
def test_deciding_many_comments_at_once_is_deciding_each_alone(found, model):
    sizes = np.array([len(options) for options in found], np.int64)
    flat_scores = np.array([score for options in found for score, _ in options])
    flat_rows = np.array([row for options in found for _, row in options], float)
    best, confidences = decide_many(model, sizes, flat_scores, flat_rows)
    start = 0
    for options, at, confidence in zip(found, best.tolist(), confidences, strict=True):
        alone_scores = np.array([score for score, _ in options])
        alone_rows = np.array([row for _, row in options], float)
        alone = decide(model, [None] * len(options), alone_scores, alone_rows)
        assert (at - start, confidence) == alone
        start += len(options)


def test_a_score_not_finite_is_decided_comment_by_comment():
    # exp(inf - inf) is NaN: the plain rule's answer is kept, whatever it is.
    model = load_model()
    found = np.array([0.0, np.inf, 1.0, 2.0, np.nan, 0.5])
    sizes = np.array([3, 3])
    table = np.zeros((6, len(FEATURES)))
    with np.errstate(invalid="ignore"):
        best, confidences = decide_many(model, sizes, found, table)
        alone = [decide(model, [None] * 3, found[a : a + 3], table[a : a + 3]) for a in (0, 3)]
    assert list(zip((best - [0, 3]).tolist(), confidences, strict=True)) == alone


@given(st.lists(rows, min_size=1, max_size=20))
def test_support_of_many_rows_is_each_rows(found):
    table = np.array(found, float)
    assert supports(table).tolist() == [support(row) for row in found]


def _plain_choices(profile, asked):
    """The plain rule: each comment's rows alone, scored, decided and explained by itself."""
    chosen = []
    for i, candidates, cues in asked:
        options = profile.options(i, candidates)
        [table] = profile.features_many([(i, options, cues)])
        best, confidence = decide(profile.model, options, table @ profile.weights, table)
        evidence = _plain_explain(profile, i, options[best], table[best], cues)
        chosen.append((options[best], round(confidence, 3), evidence))
    return chosen


@settings(max_examples=60, deadline=None)
@given(threads("t"))
def test_choosing_a_threads_comments_together_is_choosing_each_alone(thread):
    _, profile, requests = _model_requests(thread)
    asked = [
        (i, [candidate.target for candidate in found],
         {candidate.target: candidate.cues[0] for candidate in found if candidate.cues})
        for i, found in requests
        if thread.nodes[i].flat
    ]
    assert choose_many(profile, asked) == _plain_choices(profile, asked)


def _shuffled_kinds(thread: Thread, data) -> Thread:
    """The thread with some nodes made stand-ins and the post moved: the general path."""
    nodes = list(thread.nodes)
    if len(nodes) > 2 and data.draw(st.booleans()):
        k = data.draw(st.integers(1, len(nodes) - 1))
        nodes[k] = replace(nodes[k], kind="missing", text="")
    if data.draw(st.booleans()):
        nodes.append(nodes.pop(0))  # the post last, after the comments
    return replace(thread, nodes=tuple(nodes))


@settings(max_examples=80, deadline=None)
@given(st.one_of(threads("t"), hostile_threads()), st.data())
def test_a_threads_candidates_are_each_nodes_own(thread, data):
    thread = _shuffled_kinds(thread, data)
    index = index_thread(thread, find_owner(thread))
    cues = [find_cues(index, i) for i in range(len(thread.nodes))]
    plain = [_candidates(index, i, found, infer=True) for i, found in enumerate(cues)]
    assert thread_candidates(index, cues) == plain


def test_a_long_flat_threads_candidates_are_each_nodes_own():
    # Thirty flat comments, the post among them: windows of NEAREST nodes holding it or not.
    nodes = [Node(f"t/{k}", "comment", k, str(k), f"comment {k}") for k in range(30)]
    nodes.insert(12, Node("t/post", "post", 12, "post", "the post"))
    thread = Thread("t", tuple(nodes))
    index = index_thread(thread, None)
    cues = [[] for _ in nodes]
    plain = [_candidates(index, i, [], infer=True) for i in range(len(nodes))]
    assert thread_candidates(index, cues) == plain
    assert [c.target for c in plain[20]] == [12, *range(19, 12, -1), 11, 10]


def _with_passages(thread: Thread, data) -> Thread:
    """The thread with its quote edges found (for the quote cue), maybe on an imageboard."""
    thread = find_passages(thread)
    if data.draw(st.booleans()):
        thread = replace(thread, platform="imageboard")
    return thread


@settings(max_examples=80, deadline=None)
@given(st.one_of(threads("t"), hostile_threads()), st.data())
def test_a_threads_cues_are_each_nodes_own(thread, data):
    thread = _with_passages(_shuffled_kinds(thread, data), data)
    index = index_thread(thread, find_owner(thread))
    assert thread_cues(index) == [find_cues(index, i) for i in range(len(thread.nodes))]


def test_seeds_cues_of_a_thread_are_each_nodes_own():
    for thread in read_paths([str(SEEDS)]):
        index = index_thread(find_passages(thread), find_owner(thread))
        assert thread_cues(index) == [find_cues(index, i) for i in range(len(thread.nodes))]


@settings(max_examples=80, deadline=None)
@given(st.one_of(threads("t"), hostile_threads()), st.data())
def test_nothing_but_the_post_is_above_a_flat_node(thread, data):
    # The quote cue skips the stated tree for flat nodes: the rule it skips, run in full.
    thread = find_passages(_shuffled_kinds(thread, data))
    index = index_thread(thread, find_owner(thread))
    for i, node in enumerate(thread.nodes):
        if node.flat:
            assert not any(index.above(t, i) for t in range(len(thread.nodes)) if t != index.post)
            assert _parent_text(index, i) == ""  # so no quote of it is inherited


points = st.sampled_from([0.0, 0.25, 0.5, 0.5, 0.75, 1.0]) | st.floats(0, 1)


@settings(max_examples=300)
@given(st.lists(st.tuples(points, points), max_size=5).map(sorted), st.lists(points, max_size=20))
def test_confidences_of_many_probabilities_are_each_ones(table, probabilities):
    # Tables with one point, repeated points (a step) and probabilities on the points.
    model = Model(load_model().weights, {"comment": tuple(table)})
    found = model.confidences(np.array(probabilities + [x for x, _ in table], float), "comment")
    plain = [model.confidence(p, "comment") for p in probabilities + [x for x, _ in table]]
    assert found.tolist() == plain


def test_a_double_post_is_not_offered_what_it_repeats():
    texts = ["restic every night", "borg on cron", "restic every night", "prune it weekly"]
    nodes = [Node("t/post", "post", 0, "post", "Backups?")]
    nodes += [Node(f"t/{k}", "comment", k, str(k), text) for k, text in enumerate(texts, 1)]
    _, profile, _ = _model_requests(Thread("t", tuple(nodes)))
    assert profile.options(3, [2, 1, 0, 4]) == [None, 2]


@settings(max_examples=80, deadline=None)
@given(st.one_of(threads("t"), hostile_threads()), st.data())
def test_names_you_and_repeats_read_from_numbered_words_are_the_plain_rules(thread, data):
    # The profile reads each text's words as numbers: who names whom (a writer's key of
    # NAME_PART letters or more among the node's words), "you" (the second-person pattern)
    # and double posts (the same words in order) are what the words as strings give.
    texts = data.draw(st.lists(st.one_of(ascii_text, tricky_text,
                                         st.sampled_from([*AUTHORS, "you're", "İlker"])),
                               min_size=len(thread.nodes), max_size=len(thread.nodes)))
    thread = replace(thread, nodes=tuple(
        replace(node, text=node.text if k % 2 else text + " " + node.text)
        for k, (node, text) in enumerate(zip(thread.nodes, texts, strict=True))))
    index = index_thread(thread, find_owner(thread))
    profile = reply_model.Profile(index)
    keys = sorted(set(index.owned.person_keys) - {""})
    width = len(keys) + 1
    cut = [words(node.text) for node in thread.nodes]
    assert profile.names.codes.tolist() == [
        k * width + w for k, found in enumerate(cut)
        for w, key in enumerate(keys, start=1) if len(key) >= NAME_PART and key in found]
    assert profile.you.tolist() == [
        bool(reply_model._SECOND_PERSON.search(node.text)) for node in thread.nodes]
    texts = profile.text_ids.tolist()
    assert [text < 0 for text in texts] == [not found for found in cut]
    assert [[a == b for b in texts] for a in texts] == [
        [a == b for b in cut] for a in cut]
    assert profile.length.tolist() == np.log1p([len(found) for found in cut]).tolist()


@settings(max_examples=40, deadline=None)
@given(threads("t"))
def test_the_cue_column_is_the_strongest_cue_naming_each_option(thread):
    # Filled only for comments some cue names: every other row reads 0.
    _, profile, requests = _model_requests(thread)
    post = profile.post
    for i, found in requests:
        cues = {candidate.target: candidate.cues[0] for candidate in found if candidate.cues}
        options = profile.options(i, [candidate.target for candidate in found])
        [table] = profile.features_many([(i, options, cues)])
        plain = [cues[key].score if (key := post if j is None else j) in cues else 0.0
                 for j in options]
        assert table[:, FEATURES.index("cue")].tolist() == plain


# Comments of 1 to 140 options: OpenBLAS's kernels by place and numpy's pairwise sums
# (blocks of 8, halves past 128) both show.
stacked = st.lists(st.one_of(st.integers(1, 20), st.integers(100, 140)), min_size=1, max_size=10)


@settings(max_examples=200, deadline=None)
@given(stacked, st.data())
def test_stacked_products_and_sums_are_each_comments_alone(sizes, data):
    # The plain rule: each comment's rows alone in memory, scored; its values summed alone.
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    weights = load_model().weights
    vector = np.array([weights[name] for name in FEATURES])
    rows = rng.normal(size=(sum(sizes), len(FEATURES))) * rng.integers(0, 2, (sum(sizes), 1))
    values = rng.random(sum(sizes)) ** 8
    stacks = Stacks(np.array(sizes, np.int64))
    ends = np.cumsum(sizes).tolist()
    spans = list(zip([0, *ends[:-1]], ends, strict=True))
    plain = np.concatenate([rows[a:b].copy() @ vector for a, b in spans])
    assert stacks.products(rows, vector).tobytes() == plain.tobytes()
    assert stacks.sums(values).tolist() == [values[a:b].sum() for a, b in spans]


def test_stacks_score_a_seeded_draw_as_each_comment_alone():
    # One call over all rows may score some rows other bits (it does on OpenBLAS for this draw).
    rng = np.random.default_rng(1)
    rows, vector = rng.normal(size=(13, len(FEATURES))), rng.normal(size=len(FEATURES))
    spans = [(0, 5), (5, 6), (6, 13)]
    plain = np.concatenate([rows[a:b].copy() @ vector for a, b in spans])
    assert Stacks(np.array([5, 1, 7])).products(rows, vector).tobytes() == plain.tobytes()
    values = rng.random(13)
    sums = [values[a:b].sum() for a, b in spans]
    assert Stacks(np.array([5, 1, 7])).sums(values).tolist() == sums


@settings(max_examples=60, deadline=None)
@given(threads("t"), st.integers(1, 4), st.floats(0.0, 3.0))
def test_rarest_shared_words_of_many_pairs_are_each_pairs(thread, most, rare):
    index = index_thread(thread, None)
    pairs = [(i, j) for i in range(len(thread.nodes)) for j in range(len(thread.nodes))]
    later, earlier = (np.array(column, np.int64).reshape(-1) for column in zip(*pairs, strict=True))
    found = rarest_shared(index, later, earlier, rare, most)
    assert found == [_plain_rarest(index, i, j, rare, most) for i, j in pairs]


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.name[:3])
def test_rarest_shared_words_on_the_seeds(seed):
    # Real pages: stems of equal IDF (kept in the later node's order) and rare ones.
    [thread] = read_paths([str(seed)])
    index = index_thread(thread, None)
    rare = Profile(index).rare
    pairs = [(i, j) for i in range(len(thread.nodes)) for j in range(i)]
    found = rarest_shared(index, *(np.array(column) for column in zip(*pairs, strict=True)),
                          rare, 3)
    assert found == [_plain_rarest(index, i, j, rare, 3) for i, j in pairs]
    assert any(len(words) == 3 for words in found)


def _assert_options_many_are_each_comments(profile, asked) -> None:
    sizes, options = profile.options_many(asked)
    plain = [profile.options(i, candidates) for i, candidates, _ in asked]
    assert sizes.tolist() == [len(found) for found in plain]
    assert options.tolist() == [-1 if j is None else j for found in plain for j in found]


@settings(max_examples=80, deadline=None)
@given(threads("t"), st.data())
def test_options_of_many_comments_are_each_comments(thread, data):
    _, profile, requests = _model_requests(thread)
    nodes = range(len(thread.nodes))
    asked = [(i, data.draw(st.lists(st.sampled_from(nodes), max_size=12)), {})
             for i, _ in requests]
    _assert_options_many_are_each_comments(profile, asked)


@pytest.mark.parametrize("post", [True, False])
def test_options_of_many_comments_with_double_posts(post):
    # Repeats word for word (and texts without words) are left out as for each comment alone.
    texts = ["restic every night", "borg on cron", "restic every night", "...", "!!",
             "borg on cron", "prune it weekly"]
    nodes = [Node("t/post", "post", 0, "post", "Backups?")] if post else []
    nodes += [Node(f"t/{k}", "comment", k, str(k), text) for k, text in enumerate(texts, 1)]
    _, profile, _ = _model_requests(Thread("t", tuple(nodes)))
    every = list(range(len(nodes)))
    asked = [(i, every[::-1], {}) for i in every]
    _assert_options_many_are_each_comments(profile, asked)
    again = 3 if post else 2  # repeats the first comment word for word
    assert profile.options_many([(again, every, {})])[1].tolist() == [-1, again - 1]
