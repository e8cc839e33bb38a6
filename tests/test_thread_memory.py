"""One big thread in bounded memory: what its reading and its metrics hold per comment.

Each saving is pinned to its plain rule (the same values as the work done whole) and to
a ceiling on what it allocates, measured with ``tracemalloc`` on a thread made here.
"""

from __future__ import annotations

import gc
import tracemalloc
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings

from explorer.measures import ThreadFacts, reciprocity, structural_virality
from explorer.model import Node, Thread, person_key, timestamp
from explorer.text import count_words
from explorer.tree import reply_tree
from tests.strategies import threads


def star(n: int) -> Thread:
    """``n`` comments, each answering the first, by a few authors, with times."""
    nodes = tuple(
        Node(id=f"s/c{i}", kind="comment", position=i, label=f"c{i}",
             text=f"Comment {i} on the matter of item {i % 1013}, said plainly.",
             parent="s/c0" if i else None, author=f"person {i % 97}",
             published=datetime.fromtimestamp(1_600_000_000 + 30 * i, UTC), stated=True)
        for i in range(n)
    )
    return Thread(id="s", nodes=nodes)


def peak_above(work) -> tuple[object, int]:
    """What ``work()`` gives, and the most memory it held at once beyond what it gave."""
    gc.collect()
    tracemalloc.start()
    try:
        result = work()
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak - kept


@pytest.mark.slow
def test_a_big_threads_words_are_counted_in_bounded_memory():
    thread = star(60_000)
    counts, spare = peak_above(lambda: ThreadFacts(thread).words)
    assert counts == [count_words(node.text) for node in thread.comments]
    # Counted whole, numpy's copies of the texts took about 0.4 KB a comment (24 MB here).
    assert spare < 8_000_000


@settings(max_examples=30, deadline=None)
@given(threads())
def test_author_pairs_are_the_reply_links_between_known_authors(thread):
    facts = ThreadFacts(thread)
    by_id = {node.id: node for node in thread.nodes}
    expected = []
    for comment, key in zip(facts.comments, facts.keys, strict=True):
        above = facts.tree.parent[comment.id]
        if above in facts.tree.comments:
            other = person_key(facts.names[facts.comments.index(by_id[above])])
            if key is not None and other is not None:
                expected.append((key, other))
    assert list(facts.author_pairs()) == expected
    assert reciprocity(facts.author_pairs()) == reciprocity(expected)


def test_most_replied_counts_the_comments_answering_not_the_stand_ins_below():
    def node(label, parent=None, kind="comment", position=0):
        return Node(id=f"t/{label}", kind=kind, position=position, label=label,
                    text="" if kind == "missing" else f"text {label}",
                    parent=None if parent is None else f"t/{parent}", stated=True)

    # c1 has a comment and a stand-in below it, c2 two comments: c2 is answered most.
    labels = [("c1", None, "comment"), ("c2", None, "comment"), ("missing:x", "c1", "missing"),
              ("c3", "c1", "comment"), ("c4", "c2", "comment"), ("c5", "c2", "comment"),
              ("c6", "missing:x", "comment")]
    thread = Thread(id="t", nodes=tuple(node(label, parent, kind, i)
                                        for i, (label, parent, kind) in enumerate(labels)))
    facts = ThreadFacts(thread)
    assert facts.most_replied == "c2"
    assert facts.answers("t/c1") == ["t/c3"]
    assert facts.answers("t/c2") == ["t/c4", "t/c5"]
    assert facts.answers("t/c6") == []


@settings(max_examples=40, deadline=None)
@given(threads())
def test_each_nodes_children_are_the_nodes_naming_it_parent_in_thread_order(thread):
    tree = reply_tree(thread)
    for node in thread.nodes:
        expected = tuple(other.id for other in thread.nodes if tree.parent[other.id] == node.id)
        assert tree.children[node.id] == expected
        assert type(tree.children[node.id]) is tuple


def test_a_chains_tree_is_built_without_a_list_per_node():
    nodes = tuple(Node(id=f"c/{i}", kind="comment", position=i, label=str(i), text="x",
                       parent=f"c/{i - 1}" if i else None, stated=True) for i in range(30_000))
    tree, spare = peak_above(lambda: reply_tree(Thread(id="c", nodes=nodes)))
    assert tree.children["c/0"] == ("c/1",) and tree.depth["c/29999"] == 30_000
    # With a list per parent while grouping, 2.9 MB beyond the tree here; 1 MB without.
    assert spare < 2_000_000


def _virality_whole(tree) -> float | None:
    """The plain rule: every comment's subtree size held at once."""
    n = len(tree.comments) + 1
    if n < 2:
        return None
    size = dict.fromkeys(tree.comments, 1)
    for comment in sorted(tree.comments, key=tree.depth.__getitem__, reverse=True):
        if tree.is_reply(comment):
            size[tree.parent[comment]] += size[comment]
    return sum(s * (n - s) for s in size.values()) / (n * (n - 1) / 2)


@settings(max_examples=60, deadline=None)
@given(threads())
def test_virality_from_the_pending_subtrees_is_that_of_all_subtrees(thread):
    tree = reply_tree(thread)
    assert structural_virality(tree) == _virality_whole(tree)


def test_a_chains_virality_holds_no_size_per_comment():
    nodes = tuple(Node(id=f"c/{i}", kind="comment", position=i, label=str(i), text="x",
                       parent=f"c/{i - 1}" if i else None, stated=True) for i in range(30_000))
    tree = reply_tree(Thread(id="c", nodes=nodes))
    virality, spare = peak_above(lambda: structural_virality(tree))
    assert virality == _virality_whole(tree)
    # A size per comment took 2.5 MB here; 0.7 MB is the sort's two lists.
    assert spare < 1_000_000


@settings(max_examples=60, deadline=None)
@given(threads())
def test_time_range_is_the_first_and_last_of_the_times_sorted(thread):
    times = sorted((c.published for c in thread.comments if c.published), key=timestamp)
    found = ThreadFacts(thread).time_range
    assert found == ((times[0], times[-1]) if times else None)
    if times:  # the very objects, as equal times may be written in other zones
        assert found[0] is times[0] and found[1] is times[-1]


def test_time_range_keeps_the_sorted_order_among_equal_moments():
    zones = [timezone(timedelta(hours=h)) for h in (0, 1, -2)]
    moments = [datetime(2024, 1, 1, 12, tzinfo=UTC).astimezone(zone) for zone in zones]
    nodes = tuple(Node(id=f"t/{i}", kind="comment", position=i, label=str(i), text="x",
                       published=moment) for i, moment in enumerate(moments))
    first, last = ThreadFacts(Thread(id="t", nodes=nodes)).time_range
    assert first is moments[0] and last is moments[-1]
