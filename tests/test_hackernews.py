"""The Hacker News reader: Algolia item trees and Firebase item records."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from explorer.errors import ExplorerError
from explorer.formats import hackernews, parse_text, read_paths
from tests.paths import FORMATS as DATA


def by_id(thread):
    return {node.id: node for node in thread.nodes}


def test_algolia_tree():
    [thread] = read_paths([str(DATA / "hn_algolia.json")])
    assert thread.id == "39550001"
    assert thread.title == "Show HN: A faster way to read threads"
    assert thread.url == "https://news.ycombinator.com/item?id=39550001"
    assert [(n.label, n.parent) for n in thread.nodes] == [
        ("post", None),
        ("39550002", None),
        ("39550003", "39550001/39550002"),
        ("39550004", "39550001/39550003"),
        ("39550005", None),
    ]
    nodes = by_id(thread)
    post = nodes["39550001/post"]
    assert post.kind == "post" and post.author == "pg"
    assert post.text == "https://example.org/threads"  # a link story: the link is the post
    first = nodes["39550001/39550002"]
    assert first.author == "tptacek"
    assert first.published == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert first.text == (
        "This is wrong for three reasons:\n\n1. Cost & latency.\n\n"
        '2. Nobody measures "p99" > 1s.\n\n  code stays\n  indented'
    )
    deleted = nodes["39550001/39550003"]
    assert deleted.author is None and deleted.text == "[deleted]"
    assert nodes["39550001/39550004"].text == "Please don't post flamebait.\n\nSee the guidelines."
    assert nodes["39550001/39550005"].author == "jökull"
    assert len(thread.comments) == 4 and not thread.problems


def test_firebase_array_orders_siblings_by_kids():
    [thread] = read_paths([str(DATA / "hn_firebase.json")])
    assert thread.id == "8863" and thread.title == "Ask HN: Which editor? & why"
    assert [(n.label, n.parent, n.author) for n in thread.nodes] == [
        ("post", None, "alice"),
        ("8952", None, None),
        ("8953", "8863/8952", "dave"),
        ("8870", None, "bob"),
        ("8871", "8863/8870", "carol"),
        ("8954", None, "eve"),
    ]
    nodes = by_id(thread)
    assert nodes["8863/post"].text == "I'm choosing between two.\n\nOpinions?"
    assert nodes["8863/8952"].text == "[deleted]"
    assert nodes["8863/8954"].text == "[dead]"
    assert nodes["8863/8871"].text == "Obviously not >:("
    assert nodes["8863/8870"].published == datetime.fromtimestamp(1175714500, UTC)
    assert thread.problems == ()  # descendants 5 = 5 comments found


def test_firebase_lines_without_the_story():
    [thread] = read_paths([str(DATA / "hn_firebase.jsonl")])
    assert thread.id == "8863" and thread.title is None
    # The story is absent: its replies hang under a stand-in keeping its id, never guessed.
    assert [(n.label, n.kind, n.parent) for n in thread.nodes] == [
        ("missing:8863", "missing", None), ("8870", "comment", "8863/missing:8863"),
        ("8871", "comment", "8863/8870"), ("8952", "comment", "8863/missing:8863"),
        ("8953", "comment", "8863/8952"), ("8954", "comment", "8863/missing:8863"),
    ]
    assert thread.problems == (
        "story 8863 is not in the input",
        "replies to messages not in the input: 3 (8863); each hangs under a stand-in for its "
        "parent (missing:<id>)",
    )


def test_descendants_mismatch_is_reported():
    text = (
        '[{"by": "a", "descendants": 3, "id": 1, "kids": [2], "time": 1, "title": "t",'
        ' "type": "story"}, {"by": "b", "id": 2, "parent": 1, "text": "x", "time": 2,'
        ' "type": "comment"}]'
    )
    [thread] = parse_text(text)
    assert thread.problems == ("story says 3 comments, found 1",)


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"id": 1, "children": [{"id": 2, "created_at_i": "x"', "line 1, column"),
        ('{"id": 1, "created_at_i": 5, "children": [{"created_at_i": 6}]}', "malformed Algolia"),
        ('[{"id": 1, "type": "story", "time": 1}, 7]', "record 2: expected a Hacker News item"),
        ('{"id": 1, "type": "comment", "time": 1}\n{"id": 2, "type"\n', "line 2, column"),
        ('[{"id": 1, "type": "story", "time": 1, "kids": 5, "title": ["x"]}]',
         "item 1: title must be text"),
        ('[{"id": 1, "type": "story", "time": 1e300}]', "item 1: time out of range"),
        ('[{"id": 1, "type": "story", "time": 1, "url": {"a": 1}}]', "item 1: url must be text"),
        ('{"type": "story", "created_at_i": 5, "children": []}', "malformed Algolia item"),
        ('{"id": 1, "created_at_i": 5, "children": 5}', "children must be a list"),
    ],
)
def test_malformed_files_give_one_line(content, message):
    with pytest.raises(ExplorerError) as caught:
        parse_text(content, "bad.json", format="hackernews")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_sniff():
    assert hackernews.sniff((DATA / "hn_algolia.json").read_text(encoding="utf-8"))
    assert hackernews.sniff((DATA / "hn_firebase.json").read_text(encoding="utf-8"))
    assert hackernews.sniff((DATA / "hn_firebase.jsonl").read_text(encoding="utf-8"))
    assert not hackernews.sniff('[{"id": 1, "parent_id": null, "text": "x"}]')


def test_hnapi_tree_keeps_nesting_deleted_and_dead_comments():
    [thread] = read_paths([str(DATA / "hn_hnapi.json")])
    assert thread.id == "41000001" and thread.title == "Ask HN: What do you read threads with?"
    assert thread.url == "https://news.ycombinator.com/item?id=41000001"
    assert [(n.label, n.parent, n.author) for n in thread.nodes] == [
        ("post", None, "ada"),
        ("41000010", None, "brian"),
        ("41000011", "41000001/41000010", None),
        ("41000012", "41000001/41000011", "chloé"),
        ("41000020", None, "spammer"),
    ]
    nodes = by_id(thread)
    assert nodes["41000001/post"].text == (
        "Mail clients, forums & feeds: what works for long threads?")
    assert nodes["41000001/41000010"].text == "A tree view.\n\nFlat lists hide who answers whom."
    assert nodes["41000001/41000010"].published == datetime(2024, 7, 3, 9, 56, 40, tzinfo=UTC)
    assert nodes["41000001/41000011"].text == "[deleted]"
    assert nodes["41000001/41000020"].text == "Buy followers here"  # dead, text kept
    assert dict(nodes["41000001/41000020"].meta)["dead"] is True
    assert not thread.problems


def hnapi(comments, **story) -> str:
    return json.dumps({"id": 7, "title": "t", "user": "u", "time": 1720000000,
                       "time_ago": "now", "type": "link", "url": "https://x.org",
                       "comments": comments, **story})


def comment(ident, level, *replies, **fields):
    return {"id": ident, "level": level, "user": f"u{ident}", "time": 1720000000 + ident,
            "time_ago": "now", "content": f"<p>comment {ident}", "comments": list(replies),
            **fields}


def test_hnapi_reports_a_level_other_than_the_nesting_and_a_count_that_differs():
    text = hnapi([comment(1, 0, comment(2, 3))], comments_count=5)
    [thread] = parse_text(text, "hnapi.json")
    assert [(n.label, n.parent) for n in thread.nodes] == [
        ("post", None), ("1", None), ("2", "7/1")]
    assert thread.problems == ("comment 2 says level 3, nested at 1",
                               "story says 5 comments, found 2")


def test_hnapi_item_of_a_comment_reads_from_that_comment():
    text = json.dumps({**comment(9, 0, comment(10, 1)), "type": "comment"})
    [thread] = parse_text(text, "hnapi.json")
    assert [n.label for n in thread.nodes] == ["9", "10"]
    assert thread.problems == ("starts at comment 9, not at its story",)


@pytest.mark.parametrize("comments, says", [
    ([["not", "an object"]], "a comment must be an object"),
    ([{**comment(1, 0), "comments": "none"}], "comments must be a list"),
    ([{"level": 0, "time_ago": "now", "content": "no id"}], "id"),
])
def test_malformed_hnapi_item_is_one_error(comments, says):
    with pytest.raises(ExplorerError, match="malformed hnapi item") as err:
        parse_text(hnapi(comments), "hnapi.json")
    assert says in str(err.value)
