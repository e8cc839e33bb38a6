"""Each metric on the hand-made thread of tests/handmade.py, against values worked out by hand."""

from __future__ import annotations

import random
from dataclasses import replace

import networkx as nx
import pytest

from explorer.formats import read_paths
from explorer.measures import gini, reciprocity, structural_virality
from explorer.metrics import (
    TABLES,
    author_metrics,
    comment_metrics,
    markdown_table,
    metric_rows,
    metrics_of,
    thread_metrics,
)
from explorer.model import Edge, Node, Thread
from explorer.tree import reply_tree
from tests.handmade import at, bare_thread, handmade_thread
from tests.paths import FORMATS, ROOT


@pytest.fixture(scope="module")
def metrics():
    return thread_metrics(handmade_thread())


def test_counts_and_reply_structure(metrics):
    assert metrics["comments"] == 6
    # c1 sits under the post and c4 under an excerpt, which belongs to the post: 2.
    assert metrics["top_level"] == 2
    # c2 and c6 have stated parents; c3 and c5 were inferred (c3's 0.9 edge beats 0.4).
    assert metrics["replies_explicit"] == 2
    assert metrics["replies_inferred"] == 2
    assert metrics["addressed"] == 1


def test_inferred_replies_by_confidence(metrics):
    # c3 hangs under c2 by its 0.9 edge (not the 0.4 one), c5 under c4 by a 0.7 edge.
    bands = [metrics[f"replies_inferred_{band}"] for band in ("high", "mid", "low")]
    assert bands == [1, 1, 0]
    assert sum(bands) == metrics["replies_inferred"]


def test_depth(metrics):
    # depths c1..c6 = 1, 2, 3, 1, 2, 3: max 3, mean 12 / 6 = 2.0
    assert metrics["max_depth"] == 3
    assert metrics["mean_depth"] == 2.0


def test_authors(metrics):
    # named: Ann, Jim ("Anonymous" is nobody); known only from a sign-off: Bob (c4's
    # sign-off "Jim" is already a named author, so it is not counted again).
    assert metrics["authors_named"] == 2
    assert metrics["authors_inferred"] == 1
    # no named author: c2, c3 -> 2 / 6; no author at all: c3 -> 1 / 6
    assert metrics["anonymous_share"] == pytest.approx(2 / 6)
    assert metrics["unattributed_share"] == pytest.approx(1 / 6)
    # owner Jim wrote c4 and c6 -> 2 / 6
    assert metrics["owner_share"] == pytest.approx(2 / 6)


def test_quotes_repeats_and_duplicates(metrics):
    # c5 -> c4 is marked, c6 -> c4 is not
    assert metrics["quotes_marked"] == 1
    assert metrics["quotes_unmarked"] == 1
    assert metrics["repeated_passages"] == 1
    assert metrics["duplicated_comments"] == 1
    assert metrics["external_quotes"] == 1
    # c4 is quoted twice, everyone else at most once
    assert metrics["most_quoted"] == "4"


def test_quoted_word_share(metrics):
    # c5: quotation covers words 0-2, the external quote words 1-3: union 0-3 = 4 words;
    # c6: "eight words" = 2 words. 6 quoted words of 4+6+2+8+10+5 = 35 -> 6 / 35
    assert metrics["quoted_word_share"] == pytest.approx(6 / 35)


def test_words(metrics):
    # 4 + 6 + 2 + 8 + 10 + 5 = 35; sorted 2 4 5 6 8 10 -> median (5 + 6) / 2 = 5.5
    assert metrics["words_total"] == 35
    assert metrics["words_median"] == 5.5


def test_times(metrics):
    assert metrics["first_time"] == at(10)
    assert metrics["last_time"] == at(17)
    # 17:00 - 10:00 = 7 h
    assert metrics["span_hours"] == 7.0
    # replies with both times: c2 12-10 = 2 h, c5 14-13 = 1 h, c6 17-14 = 3 h (c3 has no
    # time) -> median of 1, 2, 3 = 2 h
    assert metrics["reply_latency_median_hours"] == 2.0


def test_most_replied_takes_the_earliest_on_a_tie(metrics):
    # c1, c2, c4 and c5 each have one reply; c1 comes first
    assert metrics["most_replied"] == "1"


def test_reciprocity(metrics):
    # author links from replies: Bob->Ann (c2->c1), Ann->Jim (c5->c4), Jim->Ann (c6->c5);
    # c3 has no author. Ann<->Jim is returned, Bob->Ann is not: 2 / 3
    assert metrics["reciprocity"] == pytest.approx(2 / 3)


def test_gini(metrics):
    # comments per known author: Ann 2, Bob 1, Jim 2 -> sorted 1 2 2, n = 3, sum 5;
    # G = 2 * (1*1 + 2*2 + 3*2) / (3 * 5) - (3 + 1) / 3 = 22/15 - 20/15 = 2/15
    assert metrics["gini"] == pytest.approx(2 / 15)


def test_structural_virality(metrics):
    # n = 7 (post + 6). Subtree sizes c1 3, c2 2, c3 1, c4 3, c5 2, c6 1.
    # sum of size * (n - size) = 12 + 10 + 6 + 12 + 10 + 6 = 56 over 7*6/2 = 21 pairs = 8/3
    assert metrics["structural_virality"] == pytest.approx(8 / 3)


def test_missing_data_is_none_not_zero():
    metrics = thread_metrics(bare_thread())
    for name in ("first_time", "last_time", "span_hours", "reply_latency_median_hours",
                 "owner_share", "reciprocity", "gini", "most_quoted"):
        assert metrics[name] is None, name
    # present data is still counted: 2 comments, 1 explicit reply, 5 words
    assert (metrics["comments"], metrics["replies_explicit"], metrics["words_total"]) == (2, 1, 5)
    assert metrics["anonymous_share"] == 1.0
    assert metrics["quoted_word_share"] == 0.0


def test_thread_without_comments():
    thread = Thread(id="t", nodes=(Node("t/post", "post", 0, "post", "only a post"),))
    metrics = thread_metrics(thread)
    assert metrics["comments"] == 0 and metrics["words_total"] == 0
    for name in ("max_depth", "mean_depth", "words_median", "anonymous_share",
                 "quoted_word_share", "structural_virality", "most_replied"):
        assert metrics[name] is None, name


def test_comment_metrics():
    rows = {row["label"]: row for row in comment_metrics(handmade_thread())}
    assert [rows[label]["depth"] for label in "123456"] == [1, 2, 3, 1, 2, 3]
    assert [rows[label]["parent"] for label in "123456"] == [None, "1", "2", None, "4", "5"]
    assert [rows[label]["replies_received"] for label in "123456"] == [1, 1, 0, 1, 1, 0]
    assert [rows[label]["quotes_made"] for label in "123456"] == [0, 0, 0, 0, 1, 1]
    assert [rows[label]["quotes_received"] for label in "123456"] == [0, 0, 0, 2, 0, 0]
    assert [rows[label]["words"] for label in "123456"] == [4, 6, 2, 8, 10, 5]
    # c1: c2 at 12 - 10 = 2 h; c2's reply c3 has no time; c4: 14 - 13 = 1 h; c5: 17 - 14 = 3 h
    assert [rows[label]["first_reply_hours"] for label in "123456"] == [
        2.0, None, None, 1.0, 3.0, None
    ]
    assert rows["2"]["author"] == "Bob" and rows["3"]["author"] is None


def test_author_metrics():
    rows = {row["author"]: row for row in author_metrics(handmade_thread())}
    assert list(rows) == ["Ann", "Bob", None, "Jim"]  # order of first comment
    ann, bob, nobody, jim = rows["Ann"], rows["Bob"], rows[None], rows["Jim"]
    # Ann: c1 + c5 = 4 + 10 words; sent c5 -> c4; received c2 (on c1) and c6 (on c5)
    assert (ann["comments"], ann["words"], ann["replies_sent"], ann["replies_received"]) == (
        2, 14, 1, 2
    )
    assert (ann["quotes_made"], ann["quotes_received"]) == (1, 0)
    assert (ann["first_time"], ann["last_time"]) == (at(10), at(14))
    # Bob: c2 only, a reply to c1, answered by c3
    assert (bob["comments"], bob["words"], bob["replies_sent"], bob["replies_received"]) == (
        1, 6, 1, 1
    )
    # Jim: c4 + c6 = 8 + 5 words; sent c6; received c5; c6 quotes c4, c4 is quoted twice
    assert (jim["comments"], jim["words"], jim["replies_sent"], jim["replies_received"]) == (
        2, 13, 1, 1
    )
    assert (jim["quotes_made"], jim["quotes_received"]) == (1, 2)
    assert (jim["first_time"], jim["last_time"]) == (at(13), at(17))
    assert (nobody["comments"], nobody["first_time"], nobody["last_time"]) == (1, None, None)


def test_gini_by_hand():
    assert gini([]) is None
    assert gini([3]) == 0.0
    assert gini([2, 2, 2]) == 0.0
    # 1 1 4: sum of |xi - xj| over ordered pairs = 2 * (0 + 3 + 3) = 12; 12 / (2 * 9 * 2) = 1/3
    assert gini([1, 1, 4]) == pytest.approx(1 / 3)
    # one person wrote everything among 4: 2 * 4 * 1 / (4 * 1) - 5/4 = 3/4
    assert gini([0, 0, 0, 1]) == pytest.approx(3 / 4)


def test_reciprocity_by_hand():
    assert reciprocity([]) is None
    assert reciprocity([("a", "a")]) is None  # self-replies are not links
    assert reciprocity([("a", "b"), ("b", "a")]) == 1.0
    # a->b, b->a, a->c: 2 of 3 links are returned
    assert reciprocity([("a", "b"), ("b", "a"), ("a", "c"), ("a", "c")]) == pytest.approx(2 / 3)


def _thread_from_parents(parents: list[int | None]) -> Thread:
    """Comment i replies to comment parents[i] (None: the post)."""
    nodes = [Node("t/post", "post", 0, "post", "p")]
    for index, parent in enumerate(parents):
        nodes.append(Node(f"t/{index}", "comment", index + 1, str(index), "w",
                          parent=None if parent is None else f"t/{parent}"))
    return Thread(id="t", nodes=tuple(nodes))


def test_structural_virality_of_a_star_and_a_chain():
    # star: post + 3 top-level comments: 3 edges * 1 * 3 = 9 over 6 pairs = 1.5
    assert structural_virality(reply_tree(_thread_from_parents([None] * 3))) == 1.5
    # chain post-a-b-c: 3*1 + 2*2 + 1*3 = 10 over 6 pairs = 5/3
    tree = reply_tree(_thread_from_parents([None, 0, 1]))
    assert structural_virality(tree) == pytest.approx(5 / 3)
    assert structural_virality(reply_tree(_thread_from_parents([]))) is None


@pytest.mark.parametrize("seed", range(20))
def test_structural_virality_matches_all_pairs(seed):
    rng = random.Random(seed)
    parents = [rng.choice([None, *range(i)]) for i in range(rng.randint(1, 40))]
    tree = reply_tree(_thread_from_parents(parents))
    graph = nx.Graph([(child, parent) for child, parent in tree.parent.items() if parent])
    assert structural_virality(tree) == pytest.approx(nx.average_shortest_path_length(graph))


def test_reply_cycle_is_cut_and_depths_stay_finite():
    thread = _thread_from_parents([1, 0, None])  # 0 and 1 name each other as parent
    tree = reply_tree(thread)
    assert sorted(tree.depth.values()) == [0, 1, 1, 2]  # the post, then the comments
    assert tree.cut == ("t/0",)
    graph = nx.Graph([(child, parent) for child, parent in tree.parent.items() if parent])
    assert structural_virality(tree) == pytest.approx(nx.average_shortest_path_length(graph))


def test_inferred_reply_to_the_post_is_top_level():
    thread = _thread_from_parents([None, None])
    thread = replace(thread, edges=(Edge("t/1", "t/post", "reply", inferred=True, score=0.9),))
    metrics = thread_metrics(thread)
    assert (metrics["top_level"], metrics["replies_inferred"]) == (2, 0)


def test_spellings_of_one_name_are_one_author():
    nodes = [Node("t/post", "post", 0, "post", "p")]
    for index, name in enumerate(["Jim", "jim", "'Jim", "Guest", "Ann"], start=1):
        nodes.append(Node(f"t/{index}", "comment", index, str(index), "w", author=name,
                          parent="t/1" if index > 1 else None))
    thread = Thread(id="t", nodes=tuple(nodes), owner="JIM")
    metrics = thread_metrics(thread)
    # Jim x3 (case and marks ignored), Ann; "Guest" is a stand-in for nobody
    assert metrics["authors_named"] == 2
    assert metrics["owner_share"] == pytest.approx(3 / 5)
    # counts 3 and 1: G = 2 * (1*1 + 2*3) / (2 * 4) - 3/2 = 14/8 - 12/8 = 1/4
    assert metrics["gini"] == pytest.approx(1 / 4)
    # replies to c1 (Jim): jim->Jim and 'Jim->Jim are self-replies; Ann->Jim is one link,
    # never returned -> 0
    assert metrics["reciprocity"] == 0.0
    rows = author_metrics(thread)
    assert [(row["author"], row["comments"]) for row in rows] == [("Jim", 3), (None, 1), ("Ann", 1)]


DOCS = ROOT / "docs" / "metrics.md"


def test_the_docs_tables_are_the_registry():
    text = DOCS.read_text(encoding="utf-8")
    for by in TABLES:
        assert markdown_table(by) in text, f"docs/metrics.md: paste markdown_table({by!r})"
    documented = [line for line in text.splitlines() if line.startswith("| `")]
    listed = [line for by in TABLES for line in markdown_table(by).splitlines()[2:]]
    assert documented == listed


@pytest.mark.parametrize("by", list(TABLES))
def test_records_rows_and_columns_come_from_one_registry(by):
    thread = handmade_thread()
    records = {"thread": lambda t: [thread_metrics(t)], "author": author_metrics,
               "comment": comment_metrics}[by](thread)
    names = [metric.name for metric in metrics_of(by)]
    assert [list(record) for record in records] == [names] * len(records)
    assert len(metric_rows(thread, by)) == len(records)
    assert all(len(row) == len(names) for row in metric_rows(thread, by))


def test_replies_to_an_absent_parent_are_counted_apart():
    from explorer.formats import table

    text = (
        "id,parent_id,thread_id,text\n"
        "p,,p,The post\nc1,p,p,First\nc2,gone,p,Lost reply\nc3,c2,p,Its answer\n"
        "c4,gone,p,Another lost one\n"
    )
    thread = table.parse(text, "t.csv")[0]
    metrics = thread_metrics(thread)
    # c1 answers the post; c2 and c4 answer "gone", not in the input; c3 answers c2.
    assert (metrics["comments"], metrics["top_level"], metrics["replies_to_missing"]) == (4, 1, 2)
    assert (metrics["replies_explicit"], metrics["replies_inferred"]) == (2, 0)
    # The stand-in counts as a comment for depth: c2 is at 2, c3 at 3.
    depths = {r["label"]: r["depth"] for r in comment_metrics(thread)}
    assert depths == {"c1": 1, "c2": 2, "c3": 3, "c4": 2}


def test_a_reply_dated_before_its_parent_carries_no_latency():
    from explorer.formats import table

    # c2's writer had a clock 27 minutes behind (a real pipermail case): it answers c1.
    text = (
        "id,parent_id,thread_id,time,text\n"
        "p,,p,2013-04-01T06:00:00+02:00,The post\n"
        "c1,p,p,2013-04-01T07:07:07+02:00,First\n"
        "c2,c1,p,2013-04-01T06:40:32+02:00,A reply from a slow clock\n"
        "c3,c1,p,2013-04-01T09:07:07+02:00,A reply two hours on\n"
    )
    thread = table.parse(text, "t.csv")[0]
    assert thread_metrics(thread)["reply_latency_median_hours"] == 2.0
    first = {r["label"]: r["first_reply_hours"] for r in comment_metrics(thread)}
    assert first["c1"] == 2.0


def test_deleted_and_spam_comments_are_counted_not_lost():
    def comment(number: int, text: str, **meta) -> Node:
        return Node(f"t/{number}", "comment", number, str(number), text,
                    meta=tuple(sorted(meta.items())))

    thread = Thread(id="t", nodes=(
        Node("t/post", "post", 0, "post", "[deleted]"),  # the post is no comment
        comment(1, "[deleted]"),
        comment(2, " [Removed] "),
        comment(3, "Cheap watches here", is_spam=True, is_deleted=False),
        comment(4, "", is_deleted=True, is_spam=False),
        comment(5, "A flagged post, shown to those who ask", dead=True),
        comment(6, "They wrote [deleted] in the middle", is_deleted=False),
    ))
    metrics = thread_metrics(thread)
    assert (metrics["deleted_comments"], metrics["spam_comments"]) == (4, 1)
    assert [row["removed"] for row in comment_metrics(thread)] == [
        "deleted", "deleted", "spam", "deleted", "deleted", None]
    assert metrics["comments"] == 6


@pytest.mark.parametrize(("sample", "deleted", "spam"), [
    ("disqus.xml", 1, 1),  # isDeleted and isSpam, each once in the file
    ("reddit_thread.json", 2, 0),  # a "[deleted]" and a "[removed]" body
    ("hn_firebase.json", 2, 0),  # one item "deleted", one "dead"
    # Real: 120 of the 1,075 bodies of the Pushshift dump read "[deleted]" or "[removed]".
    ("../real/reddit/RC_2005-12.zst", 120, 0),
])
def test_deleted_and_spam_counts_of_real_formats(sample, deleted, spam):
    threads = read_paths([str(FORMATS / sample)])
    totals = [sum(thread_metrics(thread)[name] for thread in threads)
              for name in ("deleted_comments", "spam_comments")]
    assert totals == [deleted, spam]
