"""Bluesky getPostThread JSON: stated parents kept, posts the server left out as stand-ins."""

from __future__ import annotations

import copy
import json
from datetime import datetime

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.cli import cli
from explorer.errors import ExplorerError
from explorer.formats import FORMATS, bluesky, parse_text, read_paths
from tests.paths import DATA

THREAD = DATA / "samples" / "bluesky" / "thread.json"


def _raw() -> dict:
    return json.loads(THREAD.read_text(encoding="utf-8"))


def _views(view: dict) -> list[dict]:
    """Every view of the response: the parent chain and the replies, walked independently."""
    found, stack = [], [view]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(item.get("replies") or [])
    parent = view.get("parent")
    while parent:
        found.append(parent)
        parent = parent.get("parent")
    return found


def test_every_post_is_a_node_with_its_stated_parent():
    raw = _raw()
    [thread] = read_paths([str(THREAD)])
    posts = [view["post"] for view in _views(raw["thread"]) if "post" in view]
    by_label = {n.label: n for n in thread.nodes}
    key = lambda uri: uri.rsplit("/", 1)[-1]  # noqa: E731
    assert thread.id == key(raw["thread"]["post"]["record"]["reply"]["root"]["uri"])
    assert thread.platform == "bluesky"
    assert sorted(n.label for n in thread.nodes if n.kind != "missing") == sorted(
        key(post["uri"]) for post in posts)
    for post in posts:
        node = by_label[key(post["uri"])]
        parent = key(post["record"]["reply"]["parent"]["uri"])
        assert node.parent == f"{thread.id}/{parent if parent in by_label else 'missing:' + parent}"
        assert node.author == post["author"]["handle"]
        assert node.published == datetime.fromisoformat(post["record"]["createdAt"])
        assert node.text.startswith(post["record"]["text"]) and node.stated
    assert "posts the server left out: 2 (blocked 1, not found (deleted) 1)" in thread.problems


def test_images_and_links_are_lines_a_link_card_once():
    [thread] = read_paths([str(THREAD)])
    text = {n.label: n.text for n in thread.nodes}
    assert text["3ktop0000003"].endswith("\n\n[image: Fahrplan Linie 7]")
    assert text["3kreply00004"].count("https://example.org/linie-7-fahrplan-2024.pdf") == 1
    assert text["3kreply00004"].endswith("[link: Fahrplan 2024 (https://example.org/linie-"
                                         "7-fahrplan-2024.pdf)]")


def test_the_root_fetched_is_the_post_and_names_the_thread():
    raw = _raw()
    top = raw["thread"]
    gone = top["parent"]["uri"]
    root_uri = top["post"]["record"]["reply"]["root"]["uri"]
    root = copy.deepcopy(top["replies"][2]["post"])
    root.update(uri=root_uri, author={"handle": "ann.bsky.social", "did": "did:plc:aaaa1111"})
    root["record"] = {"text": "Wann fährt die 7?", "createdAt": "2024-06-01T10:00:00Z"}
    middle = copy.deepcopy(root)
    middle.update(uri=gone, author={"handle": "nils.bsky.social"})
    middle["record"] = {"text": "Bald.", "createdAt": "2024-06-01T10:01:00Z",
                        "reply": {"parent": {"uri": root_uri}, "root": {"uri": root_uri}}}
    top["parent"] = {"post": middle, "parent": {"post": root}}
    [thread] = parse_text(json.dumps(raw))
    assert [(n.label, n.kind, n.parent) for n in thread.nodes[:3]] == [
        ("3kroot000001", "post", None), ("3kgone000002", "comment", None),
        ("3ktop0000003", "comment", "3kroot000001/3kgone000002")]
    assert thread.url == "https://bsky.app/profile/did:plc:aaaa1111/post/3kroot000001"


def test_sniffing_takes_bluesky_threads_and_no_other_sample():
    found = next(f for f in FORMATS if f.sniff(THREAD.read_text(encoding="utf-8")))
    assert found.name == "bluesky"
    others = [path for path in (*DATA.rglob("*.json"), *DATA.rglob("*.jsonl")) if path != THREAD]
    assert not [path for path in others
                if bluesky.sniff(path.read_text(encoding="utf-8", errors="replace"))]


def test_bad_threads_are_one_error_line():
    text = THREAD.read_text(encoding="utf-8")
    raw = _raw()
    del raw["thread"]["replies"][0]["post"]["uri"]
    missing = {"thread": {"$type": "app.bsky.feed.defs#notFoundPost", "uri": "at://x/y/z",
                          "notFound": True}}
    for broken, expected in ((text[:-30], "cut short"), (json.dumps(raw), "missing field 'uri'"),
                             (json.dumps(missing), "no post (not found (deleted): 1)")):
        result = CliRunner().invoke(cli, ["comments", "-", "--input-format", "bluesky"],
                                    input=broken)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr


def _post(n: int, parent: int | None) -> dict:
    record = {"text": f"p{n}", "createdAt": f"2024-01-01T00:0{n}:00Z"}
    if parent is not None:
        uri = f"at://d/app.bsky.feed.post/{parent}"
        record["reply"] = {"parent": {"uri": uri}, "root": {"uri": uri}}
    return {"uri": f"at://d/app.bsky.feed.post/{n}", "author": {"handle": "h"}, "record": record}


def test_a_loop_of_stated_parents_is_cut_once_and_said():
    view = {"post": _post(1, 3), "replies": [{"post": _post(2, 1), "replies": [
        {"post": _post(3, 2)}]}]}
    [thread] = parse_text(json.dumps({"thread": view}), format="bluesky")
    assert sorted(n.label for n in thread.nodes) == ["1", "2", "3"]
    assert any(problem.startswith("reply loops cut: 1") for problem in thread.problems)


views = st.recursive(
    st.fixed_dictionaries({"post": st.one_of(st.none(), st.fixed_dictionaries({
        "uri": st.one_of(st.text(max_size=4), st.integers(), st.none()),
        "record": st.one_of(st.none(), st.fixed_dictionaries({
            "text": st.one_of(st.text(max_size=5), st.none()),
            "createdAt": st.one_of(st.text(max_size=5), st.none())})),
        "author": st.one_of(st.none(), st.fixed_dictionaries({"handle": st.text(max_size=3)})),
    }))}),
    lambda inner: st.fixed_dictionaries({"post": st.just(_post(9, None)),
                                         "replies": st.lists(inner, max_size=3)}),
    max_leaves=6)


@settings(max_examples=100, deadline=None)
@given(views)
def test_any_thread_reads_or_fails_in_one_line(view):
    try:
        parse_text(json.dumps({"thread": view}), format="bluesky")
    except ExplorerError as err:
        assert "\n" not in str(err)


def test_the_javascript_client_s_response_is_read_the_same():
    raw = _raw()
    wrapped = {"success": True, "headers": {"content-type": "application/json"}, "data": raw}
    assert parse_text(json.dumps(wrapped)) == parse_text(json.dumps(raw))


def test_a_quoted_post_is_shown_under_the_quote_with_its_author():
    # The app shows a quote post's quoted text; the reader dropped it.
    quoted = {"$type": "app.bsky.embed.record#viewRecord", "uri": "at://d/app.bsky.feed.post/7",
              "author": {"handle": "tram7.bsky.social"},
              "value": {"text": "Line 7 runs again\n\nfrom Monday"}}
    post = _post(1, None)
    post["embed"] = {"$type": "app.bsky.embed.record#view", "record": quoted}
    reply = _post(2, 1)
    reply["embed"] = {"$type": "app.bsky.embed.recordWithMedia#view",
                      "record": {"record": quoted},
                      "media": {"images": [{"alt": "a tram"}]}}
    gone = _post(3, 1)
    gone["embed"] = {"record": {"$type": "app.bsky.embed.record#viewNotFound", "uri": "at://x"}}
    [thread] = parse_text(json.dumps({"thread": {"post": post, "replies": [
        {"post": reply}, {"post": gone}]}}), format="bluesky")
    shown = "[quote: tram7.bsky.social]\n> Line 7 runs again\n>\n> from Monday"
    assert [n.text for n in thread.nodes] == [
        f"p1\n\n{shown}", f"p2\n\n[image: a tram]\n\n{shown}", "p3"]
