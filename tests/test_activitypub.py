"""ActivityPub outboxes (a Mastodon archive's outbox.json): posts by their stated parents,
one thread per conversation, boosts counted."""

from __future__ import annotations

import json
from datetime import datetime

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.cli import cli
from explorer.errors import ExplorerError
from explorer.formats import FORMATS, activitypub, parse_text, read_paths
from tests.paths import DATA

OUTBOX = DATA / "samples" / "activitypub" / "outbox.json"


def _raw() -> dict:
    return json.loads(OUTBOX.read_text(encoding="utf-8"))


def _tail(address: str) -> str:
    return address.rsplit("/", 1)[-1]


def test_every_post_is_a_node_under_the_post_it_answers():
    raw = _raw()
    notes = [item["object"] for item in raw["orderedItems"] if item["type"] == "Create"]
    threads = read_paths([str(OUTBOX)])
    nodes = {n.label: (t, n) for t in threads for n in t.nodes}
    assert sorted(label for label, (_, n) in nodes.items() if n.kind != "missing") == sorted(
        _tail(note["id"]) for note in notes)
    for note in notes:
        thread, node = nodes[_tail(note["id"])]
        assert node.published == datetime.fromisoformat(note["published"])
        assert node.author == "ada@tram.social" and node.stated
        answered = note["inReplyTo"]
        if answered is None:
            assert (node.kind, thread.id) == ("post", node.label)
        elif _tail(answered) in nodes and nodes[_tail(answered)][1].kind == "post":
            assert node.parent is None  # answering the post is the top level
        else:
            assert node.parent == f"{thread.id}/missing:{_tail(answered)}"
    assert {t.platform for t in threads} == {"mastodon"}


def test_html_warnings_and_media_become_text():
    threads = read_paths([str(OUTBOX)])
    text = {n.label: n.text for t in threads for n in t.nodes}
    assert text["111000000000000001"] == ("La ligne 7 roule de nouveau\xa0!\n\nQui l'a prise ?"
                                          "\n\n[image: Un tram vert au dépôt]")
    assert text["111000000000000003"] == "transport\n\n@bo oui, depuis lundi"


def test_boosts_are_counted_once():
    threads = read_paths([str(OUTBOX)])
    said = [p for t in threads for p in t.problems if p.startswith("activities without")]
    assert said == ["activities without a post of their own left out: 1 (Announce 1)"]


def test_addresses_sharing_their_last_part_keep_the_whole_address():
    raw = _raw()
    raw["orderedItems"][2]["object"]["inReplyTo"] = \
        "https://other.town/notes/111000000000000001"
    threads = parse_text(json.dumps(raw))
    labels = {n.label for t in threads for n in t.nodes}
    assert "missing:https://other.town/notes/111000000000000001" in labels
    assert "https://tram.social/users/ada/statuses/111000000000000001" in labels


def test_sniffing_takes_activitypub_and_no_other_sample():
    found = next(f for f in FORMATS if f.sniff(OUTBOX.read_text(encoding="utf-8")))
    assert found.name == "activitypub"
    others = [path for path in (*DATA.rglob("*.json"), *DATA.rglob("*.jsonl")) if path != OUTBOX]
    assert not [path for path in others
                if activitypub.sniff(path.read_text(encoding="utf-8", errors="replace"))]


def test_bad_outboxes_are_one_error_line():
    text = OUTBOX.read_text(encoding="utf-8")
    raw = _raw()
    del raw["orderedItems"][1]["object"]["id"]
    boosts = dict(_raw(), orderedItems=_raw()["orderedItems"][3:])
    for broken, expected in ((text[:-5], "cut short"), (json.dumps(raw), "a post without an id"),
                             (json.dumps(boosts), "holds no posts: 1 (Announce 1)")):
        result = CliRunner().invoke(cli, ["comments", "-", "--input-format", "activitypub"],
                                    input=broken)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr


def test_a_loop_of_replies_is_cut_once_and_said():
    notes = [{"type": "Note", "id": f"https://h/n/{n}", "inReplyTo": f"https://h/n/{n % 3 + 1}",
              "content": f"m{n}", "published": f"2024-01-01T00:0{n}:00Z"} for n in (1, 2, 3)]
    [thread] = parse_text(json.dumps({"@context": "https://www.w3.org/ns/activitystreams",
                                      "type": "OrderedCollection", "orderedItems": notes}))
    assert sorted(n.label for n in thread.nodes) == ["1", "2", "3"]
    assert any(problem.startswith("reply loops cut: 1") for problem in thread.problems)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.fixed_dictionaries({
    "type": st.sampled_from(["Create", "Note", "Announce"]),
    "object": st.one_of(st.none(), st.text(max_size=3), st.fixed_dictionaries({
        "type": st.just("Note"), "id": st.one_of(st.text(max_size=4), st.none(), st.integers()),
        "inReplyTo": st.one_of(st.none(), st.text(max_size=4), st.integers()),
        "content": st.one_of(st.text(max_size=6), st.none())})),
    "id": st.text(max_size=4),
})), max_size=5))
def test_any_items_read_or_fail_in_one_line(items):
    try:
        parse_text(json.dumps({"orderedItems": items}), format="activitypub")
    except ExplorerError as err:
        assert "\n" not in str(err)


def test_an_author_given_as_a_list_is_its_first_actor():
    # ActivityStreams lets attributedTo list several actors (a person and a group, as
    # PeerTube and group servers write it): the whole outbox was refused.
    note = {"type": "Note", "id": "https://m.example/users/ann/statuses/1", "content": "<p>hi</p>",
            "attributedTo": [{"type": "Person", "id": "https://m.example/users/ann"},
                             "https://m.example/groups/trams"]}
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection",
              "orderedItems": [{"type": "Create", "object": note}]}
    [thread] = parse_text(json.dumps(outbox), format="activitypub")
    assert [(n.label, n.author, n.text) for n in thread.nodes] == [("1", "ann@m.example", "hi")]


def test_a_post_with_only_a_content_map_keeps_its_text():
    note = {"type": "Note", "id": "https://m.example/users/ann/statuses/2",
            "contentMap": {"de": "<p>Linie 7 fährt wieder</p>"},
            "attributedTo": "https://m.example/users/ann"}
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection",
              "orderedItems": [{"type": "Create", "object": note}]}
    [thread] = parse_text(json.dumps(outbox), format="activitypub")
    assert [n.text for n in thread.nodes] == ["Linie 7 fährt wieder"]
