"""Imageboard thread JSON (4chan, vichan, 2ch): >>N links are stated parents and addressees."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import analyse
from explorer.errors import ExplorerError
from explorer.formats import imageboard, parse_text, read_paths
from tests.paths import DATA

REAL = DATA / "real"
SAMPLES = DATA / "samples"

FOURCHAN = REAL / "imageboard"


@pytest.mark.parametrize("name", ["4chan-wsg-normal-thread", "4chan-wsg-subject-thread"])
def test_real_4chan_threads_keep_every_post_and_its_links(name):
    path = FOURCHAN / f"{name}.json"
    raw = path.read_text(encoding="utf-8")
    [thread] = read_paths([str(path)])
    # Counted another way: the "no" keys of the raw file, and its quotelinks.
    assert len(thread.nodes) == len(re.findall(r'"no":\s*\d+', raw))
    links = re.findall(r'quotelink\\?">&gt;&gt;(\d+)<', raw)
    linked = [n for n in thread.nodes if ">>" in n.text]
    assert len(linked) == len(links)
    assert thread.nodes[0].kind == "post" and thread.platform == "imageboard"
    assert all(node.stated for node in thread.nodes)
    by_label = {n.label: n for n in thread.nodes}
    for node in linked:
        target = re.search(r">>(\d+)", node.text).group(1)
        expected = None if by_label[target].kind == "post" else f"{thread.id}/{target}"
        assert node.parent == expected


def test_4chan_post_fields():
    [thread] = read_paths([str(FOURCHAN / "4chan-wsg-normal-thread.json")])
    post = thread.nodes[0]
    assert post.text == (
        "[image: 16 Sorts - Disparity Circle.webm]\nMath-y thread\n\nStarting with OC"
    )
    assert post.published == datetime(2018, 8, 22, 19, 50, 26, tzinfo=UTC)
    assert post.author == "Anonymous"
    reply = next(n for n in thread.nodes if n.label == "2339529")
    assert (reply.parent, reply.text) == (
        "2339426/2339429", ">>2339429\n*transformer noises*"
    )


TWO_CH = {
    "Board": "b",
    "threads": [{"posts": [
        {"num": 100, "parent": "0", "timestamp": 1600000000, "name": "Аноним",
         "subject": "Тред", "comment": "Начнём.", "op": 1},
        {"num": 101, "parent": "100", "timestamp": 1600000060, "name": "Аноним",
         "comment": "Первый"},
        {"num": 102, "parent": "100", "timestamp": 1600000120, "name": "Аноним",
         "comment": '<a href="/b/res/100.html#101" class="post-reply-link" data-num="101">'
                    "&gt;&gt;101</a><br><a href=\"#100\">&gt;&gt;100</a><br>Оба неправы",
         "files": [{"name": "1.jpg", "fullname": "cat.jpg"}]},
        {"num": 103, "parent": "100", "timestamp": 1600000180, "name": "Аноним",
         "comment": "&gt;&gt;77 удалён"},
    ]}],
}


def test_2ch_links_give_the_first_as_parent_and_the_others_as_addressed():
    [thread] = parse_text(json.dumps(TWO_CH, ensure_ascii=False), "b-100.json")
    assert (thread.id, thread.title) == ("100", "Тред")
    parents = {n.label: n.parent for n in thread.nodes}
    assert parents["102"] == "100/101"
    assert thread.nodes[[n.label for n in thread.nodes].index("102")].text.startswith(
        "[image: cat.jpg]\n>>101\n>>100"
    )
    edges = {(e.source, e.target, e.kind, e.inferred) for e in analyse(thread).edges}
    assert ("100/102", "100/101", "reply", False) in edges
    assert ("100/102", "100/100", "addressed", True) in edges
    # A link to a post not in the file is still the stated parent: never a guess.
    gone = next(n for n in thread.nodes if n.label == "103")
    assert dict(gone.meta)["num"] == 103
    assert "replies to messages not in the input: 1 (77)" in thread.problems[0]


def test_anonymous_posters_are_no_one_person():
    from explorer.model import author_of

    [thread] = parse_text(json.dumps(TWO_CH, ensure_ascii=False))
    assert {author_of(node, inferred=False) for node in thread.nodes} == {None}


def test_sniffing():
    assert imageboard.sniff(json.dumps(TWO_CH))
    assert imageboard.sniff((FOURCHAN / "4chan-wsg-normal-thread.json").read_text())
    assert not imageboard.sniff('{"posts": [{"id": 1, "text": "x"}]}')


@settings(max_examples=100, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "no": st.one_of(st.integers(), st.text(max_size=3), st.none()),
    "resto": st.integers(0, 3),
    "time": st.one_of(st.integers(-10**12, 10**12), st.text(max_size=5)),
    "com": st.one_of(st.text(alphabet="&gt;;0123 <br>", max_size=20), st.none(), st.integers()),
}), max_size=6))
def test_any_posts_read_or_fail_in_one_line(posts):
    try:
        parse_text(json.dumps({"posts": posts}), format="imageboard")
    except ExplorerError as err:
        assert "\n" not in str(err)


def test_a_post_without_a_number_is_refused_in_one_line():
    # A null id once met the roots' key in the tree walk and looped for ever.
    with pytest.raises(ExplorerError, match="post 1 has no number"):
        parse_text(json.dumps({"posts": [{"no": None, "resto": 0, "com": ""}]}),
                   format="imageboard")


def test_a_2ch_post_s_files_are_listed_in_its_order():
    board = json.loads(json.dumps(TWO_CH))
    board["threads"][0]["posts"][1]["files"] = [
        {"name": f"{n}.jpg", "fullname": f"photo {n}.jpg"} for n in (1, 2, 3)]
    [thread] = parse_text(json.dumps(board, ensure_ascii=False))
    post = next(n for n in thread.nodes if n.label == "101")
    assert post.text == "[image: photo 1.jpg]\n[image: photo 2.jpg]\n[image: photo 3.jpg]\nПервый"
