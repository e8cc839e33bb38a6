"""The Discourse topic JSON reader: post numbers, reply_to_post_number, events, unloaded posts."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from explorer.errors import ExplorerError
from explorer.formats import discourse, parse_text, read_paths
from tests.paths import FORMATS

TOPIC = FORMATS / "discourse_topic.json"


def test_topic_posts_nest_by_reply_to_post_number():
    [thread] = read_paths([str(TOPIC)])
    assert (thread.id, thread.title) == ("1187", "Should the high street go car-free?")
    assert [(n.label, n.kind, n.parent, n.author) for n in thread.nodes] == [
        ("1", "post", None, "mira"),
        ("2", "comment", None, "tomas"),
        ("3", "comment", "1187/2", "mira"),
        ("6", "comment", "1187/3", "tomas"),
        ("5", "comment", None, "ann_lee"),
        ("7", "comment", "1187/5", "ben_k"),
    ]
    assert all(node.stated for node in thread.nodes)
    assert thread.nodes[1].published == datetime(2024, 3, 1, 10, 15, 44, 120000, tzinfo=UTC)
    assert thread.problems == (
        "topic events (pinned, closed...) without text skipped: 1",
        "posts not in the file (Discourse sends the first 20 of a topic): 2",
    )


def test_quotes_are_marked_and_meta_keeps_post_fields():
    [thread] = read_paths([str(TOPIC)])
    quoting = thread.nodes[2]
    assert quoting.text == (
        "Tomás Ruiz:\n\n> Our street did it in 2019\n\nWhich street? I’d love to hear more."
    )
    meta = dict(quoting.meta)
    assert (meta["id"], meta["name"], meta["post_type"]) == (5503, "Mira Okafor", 1)
    assert "name" not in dict(thread.nodes[4].meta)  # an empty display name is no value


def test_posts_json_without_topic_fields_takes_the_topic_id_from_posts():
    document = json.loads(TOPIC.read_text(encoding="utf-8"))
    [thread] = parse_text(json.dumps({"post_stream": document["post_stream"]}), "posts.json")
    assert thread.id == "1187" and thread.title is None


def test_sniff():
    assert discourse.sniff(TOPIC.read_text(encoding="utf-8"))
    assert not discourse.sniff('{"threads": []}')


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"post_stream": {"posts": []}}, "post_stream.posts holds no posts"),
        ({"post_stream": {"posts": [{"id": 1, "post_number": 1}]}}, "'topic_id'"),
        ({"id": 5, "post_stream": {"posts": [{"id": 1}]}}, "post 1: KeyError"),
        ({"id": 5, "post_stream": {"posts": [{"post_number": [1]}]}}, "post_number must be"),
        ({"id": 5, "post_stream": {"posts": [{"post_number": 1, "created_at": 1e300}]}},
         "time out of range"),
    ],
)
def test_malformed_topics_give_one_line(document, message):
    with pytest.raises(ExplorerError, match=message) as caught:
        parse_text(json.dumps(document), "t.json", format="discourse")
    assert "\n" not in str(caught.value)
