"""The learned reply model: its features on hand-made threads, the shipped weights, and its
held-out precision on a real sample."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from itertools import islice

import numpy as np
import pytest

from benchmarks.replies import choose_example
from benchmarks.reply_data import Flat, flat_threads, flatten, pages
from benchmarks.train_replies import examples, isotonic, link_f, read_held_out
from explorer.detect.choice import choose_many
from explorer.detect.cues import CONFIDENCE
from explorer.detect.index import index_thread
from explorer.detect.replies import NEAREST, infer_replies
from explorer.detect.reply_model import (
    AGREEING,
    FEATURES,
    HIGH,
    UNSUPPORTED,
    WEIGHTS,
    Model,
    Profile,
    decide,
    load_model,
    support,
)
from explorer.formats import read_paths
from explorer.model import DEFAULT_REPLY, Node, Thread
from tests.paths import DATA, SEEDS

REPLY_DATA = DATA / "replies"

START = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def flat(*comments: tuple[str, str], post: str = "Which backup tool do you use?") -> Thread:
    """A post by "owner" and flat comments (writer, text), one minute apart."""
    nodes = [Node("t/post", "post", 0, "post", post, author="owner", published=START)]
    for k, (writer, text) in enumerate(comments, start=1):
        moment = START + timedelta(minutes=k)
        nodes.append(Node(f"t/{k}", "comment", k, str(k), text, author=writer, published=moment))
    return Thread("t", tuple(nodes))


def row(profile: Profile, i: int, j: int | None) -> dict[str, float]:
    """The features of comment ``i`` against candidate ``j`` (None: the post)."""
    return dict(zip(FEATURES, profile.features_many([(i, [j], {})])[0][0], strict=True))


def test_a_quoted_run_of_words_points_at_its_source():
    thread = flat(
        ("ann", "I run restic every night to a remote bucket and it has never failed me."),
        ("bob", "Borg here, with a cron job on the laptop."),
        ("cid", "> restic every night to a remote bucket\nHow do you prune old snapshots?"),
    )
    profile = Profile(index_thread(thread, None))
    assert row(profile, 3, 1)["quotes"] > 0 and row(profile, 3, 1)["best_quotes"] == 1
    assert row(profile, 3, 2)["quotes"] == 0
    [(target, confidence, evidence)] = choose_many(profile, [(3, [1, 2], {})])
    assert target == 1
    assert "quotes it" in evidence and 0 <= confidence <= 1


def test_writers_taking_turns_and_shared_rare_words():
    thread = flat(
        ("ann", "My NAS keeps dropping the rsync daemon after upgrades."),
        ("bob", "Is the rsyncd unit masked after the upgrade? Check systemctl."),
        ("cid", "Unrelated, but I like the post."),
        ("ann", "Yes, the rsyncd unit was masked; systemctl unmask fixed it."),
    )
    profile = Profile(index_thread(thread, None))
    answer = row(profile, 4, 2)
    assert answer["alternation"] == 1 and answer["question"] == 1
    assert answer["shared_rare"] > 0 and answer["best_similarity"] == 1
    assert row(profile, 4, 1)["same_author"] == 1
    [(target, _, evidence)] = choose_many(profile, [(4, [1, 2, 3], {})])
    assert target == 2
    assert "shared words" in evidence


def test_the_first_comment_can_only_answer_the_post():
    thread = flat(("ann", "Duplicity, for years."))
    profile = Profile(index_thread(thread, None))
    [(target, confidence, evidence)] = choose_many(profile, [(1, [], {})])
    assert (target, evidence) == (None, DEFAULT_REPLY)
    assert 0 <= confidence <= 1


def test_a_thread_without_a_post_offers_top_level():
    thread = flat(("ann", "First."), ("bob", "Second."))
    thread = Thread("t", thread.nodes[1:])
    profile = Profile(index_thread(thread, None))
    assert profile.options(1, [0]) == [None, 0]


def test_the_shipped_weights_have_the_training_scripts_format():
    shipped = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert shipped["features"] == list(FEATURES) == list(shipped["weights"])
    model = load_model()
    assert dict(model.weights) == shipped["weights"]
    for kind in ("post", "comment"):
        table = model.calibration[kind]
        assert [x for x, _ in table] == sorted(x for x, _ in table)
        assert [y for _, y in table] == sorted(y for _, y in table)  # monotone
        assert all(0 <= y <= 1 for _, y in table)
        assert model.confidence(0.0, kind) == table[0][1]
        assert model.confidence(1.0, kind) == table[-1][1]


def test_isotonic_fit_is_monotone_and_pools_violators():
    points = isotonic([0.1, 0.2, 0.3, 0.4], [False, True, False, True])
    assert [y for _, y in points] == [0.0, 0.5, 1.0]
    model = Model({}, {"comment": tuple(points)})
    assert model.confidence(0.25, "comment") == pytest.approx(0.5)


# Measured: r-lists 68 of 69 links right, Reddit 12 of 12 (one wrong would be 0.92).
@pytest.mark.parametrize(
    ("source", "threads", "least", "share"),
    [("r-lists", 60, 62, 0.95), ("reddit", None, 11, 0.9)],
)
@pytest.mark.slow
def test_held_out_links_of_high_confidence_are_right(source, threads, least, share):
    """Scored by the model train_replies.py trained without the source (no retraining here):
    links of confidence >= HIGH are right nine times in ten, and no fewer than measured."""
    model = read_held_out()[source]
    data = [e for flat_ in islice(flat_threads([source]), threads) for e in examples(flat_)]
    found = [choose_example(model, example) for example in data]
    links = [
        (best, example)
        for example, best, confidence in found
        if confidence >= HIGH and best is not None and example.options[best] is not None
    ]
    right = sum(best == example.answer for best, example in links)
    assert len(links) >= least
    assert right / len(links) >= share, f"{right}/{len(links)}"


def test_the_stored_held_out_models_read_the_runtime_features():
    for model in read_held_out().values():
        assert list(model.weights) == list(FEATURES)
        assert all(model.calibration[kind] for kind in ("post", "comment"))


def test_a_link_on_one_kind_of_evidence_stays_below_high():
    thread = flat(
        ("ann", "Restic snapshots to a bucket."),
        ("bob", "Restic snapshots to a bucket, and a second copy on a USB disk."),
    )
    profile = Profile(index_thread(thread, None))
    options = profile.options(2, [1])
    [rows] = profile.features_many([(2, options, {})])
    assert support(rows[1]) < AGREEING
    sure = Model(profile.model.weights, {})  # uncalibrated: the probability itself
    best, confidence = decide(sure, options, [0.0, 20.0], rows)
    assert options[best] == 1 and confidence == UNSUPPORTED < HIGH


def test_a_word_for_word_repeat_is_not_a_candidate():
    thread = flat(
        ("ann", "Logo design services. Great portfolio!"),
        ("ann", "Logo design services. Great portfolio!"),
    )
    profile = Profile(index_thread(thread, None))
    assert profile.options(2, [1]) == [None]


def test_a_run_of_words_counts_for_the_latest_node_holding_it():
    quoted = "the rsync daemon drops after every single upgrade"
    thread = flat(
        ("ann", f"Why does {quoted}?"),
        ("bob", f"> {quoted}\nMasked unit, most likely."),
        ("ann", f"> > {quoted}\n> Masked unit, most likely.\nIt was, thanks."),
    )
    profile = Profile(index_thread(thread, None))
    taken = profile.pairs.quotes.get(3, np.arange(3))  # runs taken from each earlier node
    assert np.flatnonzero(taken).tolist() == [2]
    assert row(profile, 3, 1)["quotes"] == 0 and row(profile, 3, 2)["quotes"] > 0


def test_an_addressing_cue_decides_with_a_calibrated_confidence():
    thread = flat(
        ("ann", "Duplicity with GPG keys, for years now."),
        ("bob", "Borg, because of deduplication."),
        ("cid", "@ann do you keep the keys offline?"),
    )
    reply = next(e for e in infer_replies(thread).edges if e.source == "t/3")
    assert (reply.target, reply.kind, reply.inferred) == ("t/1", "reply", True)
    assert "@ann" in reply.evidence
    assert reply.score == round(load_model().cue_confidence(CONFIDENCE["at"]), 3)


def test_a_comment_wins_when_the_comments_together_beat_the_post():
    """Each comment is less likely than the post alone, but together they are more likely:
    the best comment is chosen, with its own (low) probability as the doubt."""
    options = [None, 1, 2, 3]
    rows = [[0.0] * len(FEATURES)] * 4
    plain = Model({}, {}, link_below=0.5)
    best, confidence = decide(plain, options, [1.0, 0.6, 0.5, 0.5], rows)
    assert (options[best], round(confidence, 3)) == (1, 0.232)  # the post: 0.347
    best, confidence = decide(plain, options, [3.0, 0.6, 0.5, 0.5], rows)
    assert options[best] is None and confidence > 0.5


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("00*")), ids=lambda path: path.name)
def test_pair_tables_agree_with_the_index(seed):
    """The thread-wide numpy tables give what the index gives pair by pair (seeds are small:
    no stem is too common to join pairs)."""
    thread = read_paths([str(seed)])[0]
    index = index_thread(thread, None)
    profile = Profile(index)
    for i in range(1, len(thread.nodes)):
        earlier = np.arange(i)
        similarity, rare, _ = profile.pairs.shared.get(i, earlier).T
        query = index.weigh(index.stems[i])
        expected = [index.similarity(query, j) for j in range(i)]
        assert similarity == pytest.approx(expected, abs=1e-9)
        shared = [index.shared(index.stems[i], j) for j in range(i)]
        assert rare.tolist() == [
            sum(index.idf[stem] >= profile.rare for stem in stems) for stems in shared
        ]


def test_a_far_earlier_comment_on_the_same_subject_is_offered():
    """In a busy flat thread the parent may stand many comments back, behind other talk."""
    chatter = [(f"w{k}", f"Nice weather today number {k}.") for k in range(NEAREST + 5)]
    thread = flat(
        ("ann", "My zfs scrub reports checksum errors on the mirrored vdev."),
        *chatter,
        ("bob", "Checksum errors on a mirrored vdev during a zfs scrub mean a failing disk."),
    )
    profile = Profile(index_thread(thread, None))
    last = len(thread.nodes) - 1
    assert 1 in profile.options(last, list(range(last - NEAREST, last)))
    assert row(profile, last, 1)["similar_rank"] == 1


def test_pages_keep_every_reply_with_its_parent():
    """A long thread is cut into pages of whole conversations, in time order."""
    nodes = [Node("t/post", "post", 0, "post", "Post.", published=START)]
    truth: dict[str, str | None] = {}
    for k in range(1, 8):
        parent = None if k % 3 == 1 else f"t/{k - 1}"
        nodes.append(
            Node(f"t/{k}", "comment", k, str(k), f"c{k}", published=START + timedelta(minutes=k))
        )
        truth[f"t/{k}"] = parent
    found = list(pages(Thread("t", tuple(nodes)), truth, longest=4))
    assert [[node.id for node in page.nodes] for page, _ in found] == [
        ["t/post", "t/1", "t/2", "t/3"],
        ["t/post", "t/4", "t/5", "t/6", "t/7"],
    ]
    assert all(parent is None or parent in kept for _, kept in found for parent in kept.values())


def test_a_busy_flat_reddit_page_beats_the_previous_comment():
    """150 comments of one wallstreetbets conversation (149 answer another comment), flat in
    time order, scored by the model trained without the long Reddit threads."""
    page = REPLY_DATA / "reddit_ld5rd9_page.jsonl"
    thread, truth = flatten(read_paths([str(page)])[0])
    data = examples(Flat("reddit-long", thread, truth))
    found = [choose_example(read_held_out()["reddit-long"], example) for example in data]
    links = [(e, best) for e, best, _ in found]
    baseline = [(e, e.previous if e.previous is not None else 0) for e in data]
    assert sum(e.truth_is_comment for e in data) >= 140
    assert link_f(links) >= 0.18
    assert link_f(links) >= 3 * link_f(baseline)
