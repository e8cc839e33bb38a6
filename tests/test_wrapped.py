"""API responses wrapping a known format's records: post/comments, data, items/results/hits."""

from __future__ import annotations

import json

import pytest

from explorer.errors import ExplorerError
from explorer.formats import parse_text, read_paths, wrapped
from tests.paths import FORMATS, REAL

HN_SAMPLE = REAL / "hn" / "hn_comments_2024-07_whoishiring.json"


def test_real_hn_post_and_comments_wrapper():
    [thread] = read_paths([str(HN_SAMPLE)])
    document = json.loads(HN_SAMPLE.read_text(encoding="utf-8"))
    assert (thread.id, thread.title) == ("40846428", "Ask HN: Who is hiring? (July 2024)")
    assert len(thread.comments) == len(document["comments"]) == 407
    assert thread.problems == ("story says 596 comments, found 407",)
    # Siblings keep the story's ranking (its kids), and each comment its source id.
    top = [node.label for node in thread.comments if node.parent is None]
    ranked = [str(kid) for kid in document["post"]["kids"]]
    assert top == [kid for kid in ranked if kid in set(top)]
    assert dict(thread.nodes[0].meta)["score"] == document["post"]["score"]


def test_hand_made_hn_wrapper_nests_replies():
    [thread] = read_paths([str(FORMATS / "hn_wrapped.json")])
    assert [(n.label, n.parent) for n in thread.nodes] == [
        ("post", None), ("9224", None), ("9272", "8863/9224"), ("9479", "8863/9272"),
        ("8917", None),
    ]


def test_search_hits_are_read_as_a_table():
    [thread] = read_paths([str(FORMATS / "hn_search_hits.json")])
    assert [(n.label, n.parent, n.author) for n in thread.nodes] == [
        ("40500010", None, "alice"), ("40500022", "40500001/40500010", "bob"),
        ("40500031", None, "carol"),
    ]
    assert dict(thread.nodes[0].meta)["story_title"] == "Learning Rust in 2024"


@pytest.mark.parametrize("key", ["data", "items", "results"])
def test_other_wrapper_keys_and_nesting(key):
    rows = [{"id": "a", "parent_id": None, "thread_id": "t", "text": "first"},
            {"id": "b", "parent_id": "a", "thread_id": "t", "text": "second"}]
    text = json.dumps({"data": {key: rows}, "meta": {"page": 1}})
    assert wrapped.sniff(text)
    [thread] = parse_text(text, "api.json")
    assert [(n.label, n.parent) for n in thread.nodes] == [("a", None), ("b", "t/a")]


def test_a_wrapper_of_unknown_records_is_refused_in_one_line():
    text = json.dumps({"items": [{"colour": "red"}]})
    assert not wrapped.sniff(text)
    with pytest.raises(ExplorerError, match="not a wrapper of records in a known format"):
        parse_text(text, "api.json", format="wrapped")
    with pytest.raises(ExplorerError, match="not a thread in any supported format"):
        parse_text(text, "api.json")


def test_other_reddit_things_and_empty_listings_are_not_wrappers():
    assert not wrapped.sniff(json.dumps({"kind": "Listing", "data": {"children": []}}))
    assert not wrapped.sniff(json.dumps({"kind": "t1", "data": {"id": "x", "body": "b"}}))


def test_a_reddit_listing_of_comments_is_read_as_dump_records():
    threads = read_paths([str(FORMATS / "reddit_comments_listing.json")])
    assert [(t.id, t.platform) for t in threads] == [("1b9x9x", "reddit"), ("1b2c3d", "reddit")]
    assert [(n.label, n.parent) for n in threads[0].nodes] == [
        ("kq9aaa", None), ("kq9bbb", "1b9x9x/kq9aaa")
    ]
    assert dict(threads[0].nodes[0].meta)["name"] == "t1_kq9aaa"
    assert threads[1].problems == (
        "replies to messages not in the input: 1 (kq1zzz); each hangs under a stand-in for its "
        "parent (missing:<id>)",
    )
