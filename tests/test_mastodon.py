"""Mastodon context and status JSON: stated parents kept, an absent root named by its id."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import mastodon, parse_text, read_paths
from tests.paths import DATA

REAL = DATA / "real"
SAMPLES = DATA / "samples"

MASTODON = SAMPLES / "mastodon"


def test_context_with_its_root():
    path = MASTODON / "context.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    [thread] = read_paths([str(path)])
    # Counted another way: every status of the two lists is one node.
    assert len(thread.nodes) == len(raw["ancestors"]) + len(raw["descendants"])
    assert (thread.id, thread.platform) == ("110000000000000001", "mastodon")
    tree = {n.label[-1]: (n.kind, n.parent and n.parent[-1], n.author) for n in thread.nodes}
    assert tree == {
        "1": ("post", None, "ada"),
        "3": ("comment", None, "bo@other.town"),
        "4": ("comment", "3", "ada"),
        "5": ("comment", None, "cy"),
    }
    assert all(node.stated for node in thread.nodes)
    reply = thread.nodes[1]
    assert reply.text == "@ada Yes, since 2019."
    assert reply.published == datetime(2023, 5, 1, 10, 5, tzinfo=UTC)
    assert dict(reply.meta)["display_name"] == "Bo"
    assert thread.nodes[2].text == "Which line?\n\n[image: a map of the line]"


def test_context_of_the_root_names_the_thread_by_the_absent_root():
    [thread] = read_paths([str(MASTODON / "context-of-root.json")])
    assert thread.id == "110000000000000001"
    # Each reply keeps the parent it states, in the file or not: none is guessed.
    stated = {n.label[-1]: dict(n.meta)["in_reply_to_id"][-1]
              for n in thread.nodes if n.kind != "missing"}
    assert stated == {"3": "1", "5": "1", "7": "6"}
    # The absent root and the absent status 6 are stand-ins their replies hang under.
    assert {n.label[-1] for n in thread.nodes if n.kind == "missing"} == {"1", "6"}
    assert all(n.parent and "missing:" in n.parent for n in thread.nodes if n.label[-1] in "357")


def test_one_status_and_a_list_of_statuses():
    data = json.loads((MASTODON / "context.json").read_text(encoding="utf-8"))
    [one] = parse_text(json.dumps(data["ancestors"][0]))
    assert [n.kind for n in one.nodes] == ["post"]
    [listed] = parse_text(json.dumps(data["descendants"]))
    # Three replies, and a stand-in for the root they answer, which the list leaves out.
    assert [n.kind for n in listed.nodes].count("comment") == 3
    assert [n.label for n in listed.nodes if n.kind == "missing"] == [
        "missing:110000000000000001"]
    assert listed.id == "110000000000000001"


def test_a_timeline_of_two_conversations_is_two_threads():
    data = json.loads((MASTODON / "context.json").read_text(encoding="utf-8"))
    other = json.loads((MASTODON / "context-of-root.json").read_text(encoding="utf-8"))
    stranger = dict(other["descendants"][2], id="120000000000000009", in_reply_to_id=None)
    timeline = [*data["descendants"], stranger]
    threads = parse_text(json.dumps({"statuses": timeline}))
    statuses = sorted((t.id, sum(n.kind != "missing" for n in t.nodes)) for t in threads)
    assert statuses == [("110000000000000001", 3), ("120000000000000009", 1)]


def test_times_with_and_without_a_zone_still_find_the_earliest():
    statuses = [
        {"id": "2", "in_reply_to_id": "1", "created_at": "2023-05-01T10:00:00Z",
         "account": {"acct": "a"}, "content": "zoned"},
        {"id": "3", "in_reply_to_id": "9", "created_at": "2023-05-01T09:00:00",
         "account": {"acct": "b"}, "content": "naive, earlier"},
    ]
    [thread] = parse_text(json.dumps({"ancestors": [], "descendants": statuses}))
    assert thread.id == "9"


def test_sniffing():
    assert mastodon.sniff('{"ancestors": [], "descendants": []}')
    assert not mastodon.sniff('{"posts": [{"no": 1, "resto": 0}]}')


def test_empty_context_is_one_error_line():
    try:
        parse_text('{"ancestors": [], "descendants": []}')
    except ExplorerError as err:
        assert "holds no statuses" in str(err)
    else:
        raise AssertionError("an empty context read as a thread")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "id": st.one_of(st.text(max_size=3), st.integers(), st.none(), st.lists(st.integers())),
    "in_reply_to_id": st.one_of(st.none(), st.text(max_size=2), st.integers(0, 3)),
    "created_at": st.one_of(st.text(max_size=8), st.none(), st.integers()),
    "content": st.one_of(st.text(max_size=12), st.none()),
    "account": st.one_of(st.none(), st.fixed_dictionaries({"acct": st.text(max_size=4)})),
}), max_size=6))
def test_any_statuses_read_or_fail_in_one_line(statuses):
    try:
        parse_text(json.dumps({"ancestors": statuses, "descendants": []}), format="mastodon")
    except ExplorerError as err:
        assert "\n" not in str(err)


def test_a_loop_of_statuses_is_one_conversation_cut_once():
    # Each status answers the next: one conversation, none of them absent.
    statuses = [{"id": str(n), "in_reply_to_id": str(n % 3 + 1), "account": {"acct": "a"},
                 "content": f"m{n}", "created_at": f"2024-01-01T00:0{n}:00Z"} for n in (1, 2, 3)]
    [thread] = parse_text(json.dumps(statuses))
    assert (thread.id, sorted(n.label for n in thread.nodes)) == ("1", ["1", "2", "3"])
    assert not any("not in the input" in problem for problem in thread.problems)
    assert any(problem.startswith("reply loops cut: 1") for problem in thread.problems)



def test_a_boost_in_a_timeline_is_the_status_it_shares():
    data = json.loads((MASTODON / "context.json").read_text(encoding="utf-8"))
    shared = data["descendants"][0]
    boost = {"id": "130000000000000001", "in_reply_to_id": None, "content": "",
             "account": {"acct": "booster"}, "created_at": "2023-05-02T00:00:00Z",
             "reblog": shared}
    threads = parse_text(json.dumps([boost, *data["descendants"][1:]]))
    nodes = [n for t in threads for n in t.nodes if n.kind != "missing"]
    assert sorted(n.label for n in nodes) == sorted(s["id"] for s in data["descendants"])
    node = next(n for n in nodes if n.label == shared["id"])
    assert (node.author, node.text) == (shared["account"]["acct"], "@ada Yes, since 2019.")


def test_a_status_that_cannot_be_read_is_named_by_its_place():
    data = json.loads((MASTODON / "context.json").read_text(encoding="utf-8"))
    del data["descendants"][1]["id"]
    try:
        parse_text(json.dumps(data["descendants"]))
    except ExplorerError as err:
        assert str(err) == "<text>: status 2: missing field 'id'"
    else:
        raise AssertionError("a status without an id was read")
