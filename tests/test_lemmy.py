"""Lemmy API comment lists and post views: ``path`` states each comment's parent."""

from __future__ import annotations

import json
from datetime import datetime

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.cli import cli
from explorer.errors import ExplorerError
from explorer.formats import FORMATS, lemmy, parse_text, read_paths
from tests.paths import DATA

COMMENTS = DATA / "samples" / "lemmy" / "comments.json"


def _raw() -> dict:
    return json.loads(COMMENTS.read_text(encoding="utf-8"))


def test_every_comment_is_a_node_under_the_parent_its_path_names():
    raw = _raw()
    [thread] = read_paths([str(COMMENTS)])
    post = raw["comments"][0]["post"]
    assert (thread.id, thread.title, thread.url, thread.platform) == (
        str(post["id"]), post["name"], post["ap_id"], "lemmy")
    by_label = {n.label: n for n in thread.nodes}
    assert by_label[str(post["id"])].kind == "post"
    assert by_label[str(post["id"])].text.startswith(post["body"])
    assert sorted(n.label for n in thread.nodes if n.kind == "comment") == sorted(
        str(view["comment"]["id"]) for view in raw["comments"])
    for view in raw["comments"]:
        comment = view["comment"]
        node = by_label[str(comment["id"])]
        chain = comment["path"].split(".")
        if len(chain) == 2:
            assert node.parent is None
        else:
            above = chain[-2] if chain[-2] in by_label else f"missing:{chain[-2]}"
            assert node.parent == f"{thread.id}/{above}"
        assert node.stated and node.text == comment["content"]
        assert node.published == datetime.fromisoformat(comment["published"])
        assert dict(node.meta)["score"] == view["counts"]["score"]


def test_users_of_other_instances_are_named_with_their_instance():
    [thread] = read_paths([str(COMMENTS)])
    authors = {n.label: n.author for n in thread.nodes}
    # Two people called anna: the local one and the one from lemmy.ml stay apart.
    assert (authors["101"], authors["102"], authors["104"]) == (
        "anna", "bob2000@lemmy.world", "anna@lemmy.ml")
    assert dict(next(n for n in thread.nodes if n.label == "101").meta)["display_name"] == \
        "Anna K."
    assert dict(next(n for n in thread.nodes if n.label == "106").meta)["deleted"] is True


def test_a_post_view_gives_the_post_its_author_and_joins_the_comments():
    raw = _raw()
    first = raw["comments"][0]
    post_view = {"post": first["post"], "community": first["community"],
                 "creator": {"name": "carla", "actor_id": "https://feddit.example/u/carla",
                             "local": True},
                 "counts": {"comments": 5, "score": 12}}
    [thread] = parse_text(json.dumps({"post_view": post_view, "comments": raw["comments"]}))
    post = thread.nodes[0]
    assert (post.kind, post.author, dict(post.meta)["score"]) == ("post", "carla", 12)
    [alone] = parse_text(json.dumps({"post_view": post_view}))
    assert [n.kind for n in alone.nodes] == ["post"]


def test_sniffing_takes_lemmy_and_no_other_sample():
    found = next(f for f in FORMATS if f.sniff(COMMENTS.read_text(encoding="utf-8")))
    assert found.name == "lemmy"
    others = [path for path in (*DATA.rglob("*.json"), *DATA.rglob("*.jsonl"))
              if path != COMMENTS]
    assert not [path for path in others
                if lemmy.sniff(path.read_text(encoding="utf-8", errors="replace"))]


def test_bad_lists_are_one_error_line():
    text = COMMENTS.read_text(encoding="utf-8")
    raw = _raw()
    del raw["comments"][1]["comment"]["id"]
    wrong = _raw()
    wrong["comments"][2]["comment"]["path"] = "0.101.999"
    for broken, expected in ((text[:-10], "cut short"), (json.dumps(raw), "comment 2: missing"),
                             (json.dumps(wrong), "does not end at comment 104"),
                             ('{"comments": []}', "no Lemmy post")):
        result = CliRunner().invoke(cli, ["comments", "-", "--input-format", "lemmy"],
                                    input=broken)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr


@settings(max_examples=100, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "comment": st.one_of(st.none(), st.fixed_dictionaries({
        "id": st.one_of(st.integers(1, 4), st.text(max_size=2), st.none()),
        "path": st.one_of(st.text(alphabet="0123.", max_size=6), st.none(), st.integers()),
        "content": st.one_of(st.text(max_size=5), st.none()),
        "published": st.one_of(st.text(max_size=5), st.none())})),
    "post": st.one_of(st.none(), st.fixed_dictionaries({"id": st.integers(1, 2)})),
    "creator": st.one_of(st.none(), st.fixed_dictionaries({
        "name": st.text(max_size=3), "actor_id": st.text(max_size=8), "local": st.booleans()})),
}), max_size=5))
def test_any_comment_views_read_or_fail_in_one_line(views):
    try:
        parse_text(json.dumps({"comments": views}), format="lemmy")
    except ExplorerError as err:
        assert "\n" not in str(err)


def test_a_post_s_pages_and_post_view_are_one_thread(tmp_path):
    raw = _raw()
    first = raw["comments"][0]
    pages = [raw["comments"][:2], raw["comments"][1:]]  # comment 102 on both pages
    post_view = {"post": first["post"], "creator": {"name": "carla", "local": True},
                 "counts": {"score": 12}}
    for number, page in enumerate(pages, start=1):
        (tmp_path / f"page{number}.json").write_text(json.dumps({"comments": page}))
    (tmp_path / "post.json").write_text(json.dumps({"post_view": post_view}))
    [thread] = read_paths([str(tmp_path)])
    [whole] = read_paths([str(COMMENTS)])
    assert [(n.label, n.parent, n.text) for n in thread.nodes] == [
        (n.label, n.parent, n.text) for n in whole.nodes]
    post = thread.nodes[0]
    # The post view's author and counts, not those of a comment's copy of the post.
    assert (post.author, dict(post.meta)["score"]) == ("carla", 12)
    assert not any("read twice" in problem for problem in thread.problems)
    assert "score" not in dict(whole.nodes[0].meta)


def _view(number: int, path: str, content: str) -> dict:
    post = {"id": 5, "name": "Trams", "ap_id": "https://l.example/post/5"}
    return {"comment": {"id": number, "content": content, "path": path},
            "creator": {"name": "anna"}, "post": post}


def test_a_comment_sharing_its_post_s_id_is_kept_and_answered():
    # Lemmy numbers posts and comments apart: comment 5 of post 5 was lost, its reply moved up.
    views = [_view(5, "0.5", "comment five"), _view(6, "0.5.6", "answers comment five")]
    [thread] = parse_text(json.dumps({"comments": views}), format="lemmy")
    assert [(n.label, n.kind, n.parent, n.text) for n in thread.nodes] == [
        ("post:5", "post", None, ""),
        ("5", "comment", None, "comment five"),
        ("6", "comment", "5/5", "answers comment five")]


def test_a_comment_edited_between_pages_keeps_both_texts_and_says_so():
    views = [_view(7, "0.7", "first"), _view(7, "0.7", "first, edited"), _view(7, "0.7", "first")]
    [thread] = parse_text(json.dumps({"comments": views}), format="lemmy")
    assert [(n.label, n.text) for n in thread.nodes[1:]] == [("7", "first"),
                                                             ("7~2", "first, edited")]
    assert thread.problems == (
        "records reusing an id with other content: 1; kept as <id>~2, ~3...",)


def test_a_path_without_its_leading_zero_still_names_the_parent():
    # "12.34" names 12 as plainly as "0.12.34": the parent was dropped to the post.
    views = [_view(12, "0.12", "first"), _view(34, "12.34", "second"), _view(56, "", "third")]
    [thread] = parse_text(json.dumps({"comments": views}), format="lemmy")
    assert [(n.label, (n.parent or "").rpartition("/")[2]) for n in thread.nodes[1:]] == [
        ("12", ""), ("34", "12"), ("56", "")]
