"""The Discourse topic JSON reader: post numbers, reply_to_post_number, events, unloaded posts."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

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
        "posts not in the files read (Discourse sends 20 posts a page): 2",
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
        ({"id": 5, "post_stream": {"posts": [{"id": 1}]}}, "post 1: missing field 'post_number'"),
        ({"id": 5, "post_stream": {"posts": [{"post_number": [1]}]}}, "post_number must be"),
        ({"id": 5, "post_stream": {"posts": [{"post_number": 1, "created_at": 1e300}]}},
         "time out of range"),
    ],
)
def test_malformed_topics_give_one_line(document, message):
    with pytest.raises(ExplorerError, match=message) as caught:
        parse_text(json.dumps(document), "t.json", format="discourse")
    assert "\n" not in str(caught.value)


def _topic_posts(count: int, topic: int = 4242) -> list[dict]:
    """A topic of ``count`` posts: every third answers the post two before it."""
    return [
        {"id": 90000 + number, "post_number": number, "topic_id": topic,
         "username": f"user{number % 7}", "created_at": f"2024-03-01T10:{number % 60:02d}:00Z",
         "cooked": f"<p>Post {number} of the topic.</p>",
         "reply_to_post_number": number - 2 if number % 3 == 0 else None, "post_type": 1}
        for number in range(1, count + 1)
    ]


def _page(posts: list[dict], topic: int = 4242, stream: list[int] | None = None) -> str:
    document = {"post_stream": {"posts": posts}, "id": topic, "title": "Paged topic"}
    if stream is not None:
        document["post_stream"]["stream"] = stream
    return json.dumps(document)


def test_pages_of_a_topic_in_any_order_are_one_thread(tmp_path):
    posts = _topic_posts(96)
    stream = [post["id"] for post in posts]
    # Five pages as Discourse sends them, the first with the stream, each page repeating
    # the last post of the one before; written and read in a shuffled order.
    bounds = [(0, 20), (19, 40), (39, 60), (59, 80), (79, 96)]
    paths = []
    for number, (start, end) in enumerate(bounds, start=1):
        path = tmp_path / f"page-{number}.json"
        path.write_text(_page(posts[start:end], stream=stream if number == 1 else None))
        paths.append(path)
    order = [paths[3], paths[0], paths[4], paths[2], paths[1]]
    [thread] = read_paths([str(path) for path in order])
    assert (thread.id, thread.title, len(thread.nodes)) == ("4242", "Paged topic", 96)
    assert thread.problems == ()  # every parent found, every listed post read, none twice
    by_label = {node.label: node for node in thread.nodes}
    for post in posts:
        parent = post["reply_to_post_number"]
        node = by_label[str(post["post_number"])]
        expected = f"4242/{parent}" if parent and parent != 1 else None
        assert node.parent == expected and node.stated


def test_a_page_that_starts_at_post_433_is_read(tmp_path):
    posts = _topic_posts(460)[432:452]
    posts[1]["reply_to_post_number"] = 410  # post 434 answers one on an earlier page
    [thread] = parse_text(_page(posts), "t-4242-page-22.json")
    posts_read = [node for node in thread.nodes if node.kind != "missing"]
    assert sorted(int(node.label) for node in posts_read) == list(range(433, 453))
    assert dict(posts_read[1].meta)["id"] == 90435  # 435 answers 433, so nests under it
    # A reply to a post on an earlier page keeps its stated parent, a stand-in, and is reported.
    by_label = {node.label: node for node in thread.nodes}
    assert by_label["434"].parent == "4242/missing:410" and by_label["434"].stated
    assert by_label["missing:410"].kind == "missing"
    assert any("not in the input" in problem and "410" in problem
               for problem in thread.problems)


def test_posts_json_joins_the_topics_it_lists(tmp_path):
    latest = _topic_posts(3, topic=1) + _topic_posts(2, topic=2)
    for post in latest:
        post["topic_title"] = f"Topic {post['topic_id']}"
    (tmp_path / "posts.json").write_text(json.dumps({"latest_posts": latest[::-1]}))
    (tmp_path / "t-1.json").write_text(_page(_topic_posts(5, topic=1)[3:], topic=1))
    threads = read_paths([str(tmp_path)])
    assert sorted((t.id, t.title, len(t.nodes)) for t in threads) == [
        ("1", "Topic 1", 5), ("2", "Topic 2", 2)
    ]
    first = next(t for t in threads if t.id == "1")
    assert [node.label for node in first.nodes] == ["1", "2", "3", "4", "5"]
    assert discourse.sniff(json.dumps({"latest_posts": latest}))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "post_number": st.one_of(st.integers(-2, 5), st.text(max_size=2), st.none(),
                             st.lists(st.integers(), max_size=1)),
    "topic_id": st.one_of(st.integers(0, 2), st.none(), st.text(max_size=1)),
    "reply_to_post_number": st.one_of(st.none(), st.integers(0, 5)),
    "cooked": st.one_of(st.none(), st.text(alphabet="<p>ab&", max_size=8)),
    "id": st.one_of(st.integers(), st.lists(st.integers(), max_size=1)),
}), max_size=6))
# "²" is a digit to str.isdigit, yet no int: the numbers of posts are read as decimals.
@example([{"post_number": "²", "topic_id": 0, "reply_to_post_number": None, "cooked": None,
           "id": 0}])
def test_any_latest_posts_read_or_fail_in_one_line(posts):
    try:
        parse_text(json.dumps({"latest_posts": posts}), format="discourse")
    except ExplorerError as err:
        assert "\n" not in str(err)
