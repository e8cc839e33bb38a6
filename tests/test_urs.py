"""The URS reader: each layout URS has written, its real scrapes, sniffing, bad files."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import FORMATS, parse_text, read_paths, urs
from tests.paths import FORMATS as DATA
from tests.paths import REAL, SEEDS, SHARED

SCRAPES = sorted((REAL / "reddit_urs").glob("*.json"))
URL = "https://www.reddit.com/r/AskReddit/comments/abc123/a_question/"


def by_label(thread):
    return {node.label: node for node in thread.nodes}


def placed(thread):
    return [(node.label, node.parent and node.parent.split("/", 1)[1]) for node in thread.nodes]


# ---- the layouts, hand-made ------------------------------------------------------------------


def old(comment_id, parent, author="ann", text="hi", when="02-05-2021 07:36:07", score=3):
    """A comment as URS 3.1 wrote it."""
    return {"Parent ID": parent, "Comment ID": comment_id, "Author": author,
            "Date Created": when, "Upvotes": score, "Text": text, "Edited?": False,
            "Is Submitter?": False, "Stickied?": False}


def snake(comment_id, parent, author="ann", text="hi", when="02-21-2021 22:37:59", score=3):
    """A comment as URS 3.2.0 wrote it."""
    return {"parent_id": parent, "comment_id": comment_id, "author": author,
            "date_created": when, "upvotes": score, "text": text, "edited": False,
            "is_submitter": False, "stickied": False}


def praw(comment_id, parent, author="u/ann", text="hi", when="03-23-2021 23:41:20", score=3):
    """A comment as URS 3.2.1 and later write it (PRAW's names)."""
    return {"author": author, "body": text, "body_html": "<p>x</p>", "created_utc": when,
            "distinguished": None, "edited": False, "id": comment_id, "is_submitter": False,
            "link_id": "t3_abc123", "parent_id": parent, "score": score, "stickied": False}


SUBMISSION = {
    "author": "u/poster", "created_utc": "03-23-2021 20:52:36", "is_self": True,
    "num_comments": 3, "permalink": "/r/AskReddit/comments/abc123/a_question/", "score": 99,
    "selftext": "What would it do?", "subreddit": "AskReddit", "title": "A question?",
}


def test_urs_3_1_raw_keyed_by_id_with_capitalised_fields():
    text = json.dumps({
        "c1": [old("c1", "t3_abc123", author="Zoë", text="  first\n\nline  ", score=12)],
        "c2": [old("c2", "t1_c1", author="[deleted]", text="[deleted]", score=-4)],
        "c3": [old("c3", "t1_c2", text="[removed]", when="02-05-2021 10:49:34")],
    }, indent=4)
    [thread] = parse_text(text, "old.json")
    assert thread.id == "abc123" and thread.title is None
    assert placed(thread) == [("c1", None), ("c2", "c1"), ("c3", "c2")]
    nodes = by_label(thread)
    assert nodes["c1"].text == "  first\n\nline  " and nodes["c1"].author == "Zoë"
    assert nodes["c1"].published == datetime(2021, 2, 5, 7, 36, 7)  # no zone: URS wrote none
    assert dict(nodes["c1"].meta) == {"name": "t1_c1", "score": 12}
    assert (nodes["c2"].author, nodes["c2"].text) == (None, "[deleted]")
    assert dict(nodes["c2"].meta)["score"] == -4
    assert nodes["c3"].text == "[removed]"
    assert all(node.stated and node.kind == "comment" for node in thread.nodes)
    assert thread.problems == ()


def test_urs_3_1_structured_nests_replies_in_lists_and_objects():
    text = json.dumps({
        "c1": [[old("c1", "t3_abc123")],
               {"c2": [old("c2", "t1_c1"), {"c4": [old("c4", "t1_c2")]}]},
               {"c3": [old("c3", "t1_c1")]}],
        "c5": [[old("c5", "t3_abc123")]],
    })
    [thread] = parse_text(text, "old.json")
    assert placed(thread) == [("c1", None), ("c2", "c1"), ("c4", "c2"), ("c3", "c1"),
                              ("c5", None)]


def test_urs_3_2_0_settings_and_comments_keyed_by_id_raw_and_structured():
    raw = {"scrape_settings": {"submission_title": "A question?", "n_results": "RAW",
                               "submission_url": URL},
           "data": [{"c1": snake("c1", "t3_abc123"), "c2": snake("c2", "t1_c1", score=0)}]}
    structured = {"scrape_settings": {**raw["scrape_settings"], "n_results": 5},
                  "data": [{"c1": {**snake("c1", "t3_abc123"), "replies": [
                      {"c2": {**snake("c2", "t1_c1", score=0), "replies": []}}]}}]}
    for document in (raw, structured):
        [thread] = parse_text(json.dumps(document), "snake.json")
        assert (thread.id, thread.title, thread.url) == ("abc123", "A question?", URL)
        assert placed(thread) == [("c1", None), ("c2", "c1")]
        nodes = by_label(thread)
        assert nodes["c2"].published == datetime(2021, 2, 21, 22, 37, 59)
        assert dict(nodes["c2"].meta) == {
            "name": "t1_c2", "score": 0,
            "permalink": "/r/AskReddit/comments/abc123/a_question/c2/"}
        assert not any(node.kind == "post" for node in thread.nodes)  # no submission here


def test_urs_3_2_1_submission_becomes_the_post_and_replies_nest():
    document = {
        "scrape_settings": {"n_results": "all", "style": "structured", "url": URL},
        "data": {"submission_metadata": SUBMISSION, "comments": [
            {**praw("c1", "t3_abc123", author="u/Jim"), "replies": [
                {**praw("c2", "t1_c1", author="[deleted]"), "replies": [
                    {**praw("c3", "t1_c2", when="2023-05-09 10:00:00"), "replies": []}]}]},
        ]},
    }
    [thread] = parse_text(json.dumps(document), "forest.json")
    assert (thread.id, thread.title) == ("abc123", "A question?")
    assert thread.url == "https://www.reddit.com/r/AskReddit/comments/abc123/a_question/"
    assert placed(thread) == [("post", None), ("c1", None), ("c2", "c1"), ("c3", "c2")]
    nodes = by_label(thread)
    post = nodes["post"]
    assert (post.kind, post.author, post.text) == ("post", "poster", "What would it do?")
    assert post.published == datetime(2021, 3, 23, 20, 52, 36) == thread.published
    assert dict(post.meta)["score"] == 99 and dict(post.meta)["subreddit"] == "AskReddit"
    assert nodes["c1"].author == "Jim"  # URS's "u/" is not part of the name
    assert nodes["c2"].author is None
    assert nodes["c3"].published == datetime(2023, 5, 9, 10, 0)  # URS 3.4's dates
    assert thread.problems == ()  # the post says 3 comments: all are here


URS4_SUBMISSION = {
    "author": "poster", "created_utc": 1616532756.0, "distinguished": None, "edited": False,
    "id": "abc123", "is_original_content": False, "is_self": True, "link_flair_text": None,
    "locked": False, "name": "t3_abc123", "nsfw": False, "num_comments": 2,
    "permalink": "/r/AskReddit/comments/abc123/a_question/", "score": 9, "selftext": "Well?",
    "spoiler": False, "stickied": False, "subreddit": "AskReddit", "title": "A question?",
    "upvote_ratio": 0.9, "url": URL,
}


def test_urs_4_submission_and_comments_with_unix_times():
    structured = {"submission": URS4_SUBMISSION, "comments": [
        {**praw("c1", "t3_abc123", author="Jim", when=1616543680.0), "replies": [
            praw("c2", "t1_c1", when=1616543690.0)]}]}
    raw = {"submission": URS4_SUBMISSION, "comments": [
        praw("c1", "t3_abc123", author="Jim", when=1616543680.0),
        praw("c2", "t1_c1", when=1616543690.0)]}
    for document in (structured, raw):
        text = json.dumps(document, indent=2)
        assert [found.name for found in FORMATS if found.sniff(text)] == ["urs"]
        [thread] = parse_text(text, "urs4.json")
        assert (thread.id, thread.title, thread.url) == ("abc123", "A question?", URL)
        assert placed(thread) == [("post", None), ("c1", None), ("c2", "c1")]
        post, first, _ = thread.nodes
        assert (post.author, post.text, dict(post.meta)["name"]) == ("poster", "Well?", "t3_abc123")
        assert post.published.isoformat() == "2021-03-23T20:52:36+00:00"
        assert first.author == "Jim" and first.published.isoformat() == "2021-03-23T23:54:40+00:00"
        assert thread.problems == ()


def test_a_link_post_without_text_has_its_link_as_text():
    submission = {**SUBMISSION, "is_self": False, "selftext": "", "url": "https://example.org/a"}
    document = {"scrape_settings": {"style": "raw", "url": URL},
                "data": {"submission_metadata": submission,
                         "comments": [praw("c1", "t3_abc123")]}}
    [thread] = parse_text(json.dumps(document), "link.json")
    assert by_label(thread)["post"].text == "https://example.org/a"
    assert thread.problems == ("post says 3 comments, found 1",)


def test_epoch_times_are_read_as_utc():
    document = {"scrape_settings": {"url": URL},
                "data": {"comments": [praw("c1", "t3_abc123", when=1616543680)]}}
    [thread] = parse_text(json.dumps(document), "epoch.json")
    assert thread.nodes[0].published.isoformat() == "2021-03-23T23:54:40+00:00"


def test_a_parent_missing_from_the_file_stays_stated_under_a_stand_in():
    text = json.dumps({"c2": [old("c2", "t1_gone")], "c1": [old("c1", "t3_abc123")]})
    [thread] = parse_text(text, "cut.json")
    nodes = by_label(thread)
    assert nodes["missing:gone"].kind == "missing"
    assert nodes["c2"].parent == "abc123/missing:gone" and nodes["c2"].stated
    assert thread.problems[0].startswith("replies to messages not in the input: 1 (gone)")


def test_a_loop_of_parents_is_cut_once_and_reported():
    text = json.dumps({"c1": [old("c1", "t1_c2")], "c2": [old("c2", "t1_c1")],
                       "c3": [old("c3", "t3_abc123")]})
    [thread] = parse_text(text, "loop.json")
    assert len(thread.comments) == 3
    assert any(problem.startswith("reply loops cut: 1") for problem in thread.problems)


# ---- bad files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"c1": [old("c1", "t3_abc123")], "c2": [old("", "t1_c1")]}, "comment 2: no id"),
        ({"c1": [old("c1", "t3_abc123")], "c2": [{k: v for k, v in old("c2", "t1_c1").items()
                                                  if k != "Comment ID"}]}, "comment 2: no id"),
        ({"c1": [old("c1", "t3_abc123", when="yesterday")]},
         "comment 1 (c1): not a time: 'yesterday'"),
        ({"c1": [old("c1", "t3_abc123", text=["a"])]},
         "comment 1 (c1): body must be text, not ['a']"),
        ({"scrape_settings": {"url": URL}, "data": {"comments": []}},
         "no comments found in the URS scrape"),
        ({"scrape_settings": {"url": "https://example.org/x"},
          "data": [{"c1": snake("c1", "t1_c0")}]}, "names no submission"),
    ],
)
def test_bad_scrapes_give_one_error_naming_the_comment(document, message):
    with pytest.raises(ExplorerError) as caught:
        urs.parse(json.dumps(document), "bad.json")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_bad_files_are_one_error_line_and_the_others_still_run(run, tmp_path):
    whole = (REAL / "reddit_urs" / "wallstreetbets_ld5rd9_shorts_RAW.json").read_text()
    cut = tmp_path / "cut.json"
    cut.write_text(whole[: len(whole) // 2], encoding="utf-8")
    no_id = tmp_path / "no_id.json"
    no_id.write_text(json.dumps({"c1": [old("", "t3_abc123")]}), encoding="utf-8")
    loop = tmp_path / "loop.json"
    loop.write_text(json.dumps({"c0": [old("c0", "t3_abc123")], "c1": [old("c1", "t1_c2")],
                                "c2": [old("c2", "t1_c1")]}))
    result = run("stats", "--format", "csv", cut, no_id, loop, SEEDS / "004_b6dbda0a0023eef8.txt")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2
    assert errors[0].startswith(f"Error: {cut}: line ") and "cut short?" in errors[0]
    assert errors[1] == f"Error: {no_id}: comment 1: no id ('id', 'comment_id', 'Comment ID')"
    assert f"Warning: {loop}: thread abc123: reply loops cut: 1 (c1)" in result.stderr
    assert "Traceback" not in result.stderr
    rows = result.stdout.splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["abc123", "004_b6dbda0a0023eef8"]


# ---- the real scrapes ----------------------------------------------------------------------


def scraped(document) -> list[dict]:
    """The comment records of a real scrape, read the plain way for each of its layouts."""
    if "scrape_settings" not in document:
        return [record for records in document.values() for record in records]
    if isinstance(document["data"], dict):
        return document["data"]["comments"]
    return [record for part in document["data"] for record in part.values()]


def lower(record: dict) -> dict:
    """A record's keys as the newest layout names them."""
    plain = {key.lower().replace(" ", "_").rstrip("?"): value for key, value in record.items()}
    return {"id": plain.get("id") or plain["comment_id"], "parent": plain["parent_id"],
            "author": plain["author"].removeprefix("u/"),
            "text": plain.get("body", plain.get("text")),
            "score": plain.get("score", plain.get("upvotes"))}


@pytest.mark.parametrize("path", SCRAPES, ids=lambda path: path.stem)
def test_a_real_scrape_keeps_every_comment_its_parent_author_text_and_score(path):
    records = [lower(record) for record in scraped(json.loads(path.read_text("utf-8")))]
    [thread] = read_paths([str(path)])
    comments = [node for node in thread.nodes if node.kind == "comment"]
    assert len(comments) == len(records) == len({record["id"] for record in records})
    nodes = by_label(thread)
    for record in records:
        node = nodes[record["id"]]
        assert node.text == record["text"]
        parent = record["parent"]
        above = None if parent.startswith("t3_") else f"{thread.id}/{parent[3:]}"
        assert node.parent == above and node.stated
        assert node.author == (None if record["author"] == "[deleted]" else record["author"])
        assert dict(node.meta)["score"] == record["score"]
    assert {f"t3_{thread.id}"} == {r["parent"] for r in records if r["parent"].startswith("t3_")}
    assert len({node.author for node in comments} - {None}) == len(
        {record["author"] for record in records} - {"[deleted]"})
    assert max(depth(thread).values()) == max(record_depths(records).values())
    assert not any(node.kind == "missing" for node in thread.nodes)


def depth(thread) -> dict[str, int]:
    parent = {node.id: node.parent for node in thread.nodes if node.kind == "comment"}
    return {node: chain(node, parent) for node in parent}


def record_depths(records) -> dict[str, int]:
    parent = {r["id"]: None if r["parent"].startswith("t3_") else r["parent"][3:]
              for r in records}
    return {node: chain(node, parent) for node in parent}


def chain(node, parent) -> int:
    steps = 0
    while parent.get(node) is not None:
        node, steps = parent[node], steps + 1
    return steps


def test_the_scrape_with_its_submission_has_the_post_and_its_count():
    path = REAL / "reddit_urs" / "askreddit_mbtjq7_belly_button_all-raw.json"
    metadata = json.loads(path.read_text("utf-8"))["data"]["submission_metadata"]
    [thread] = read_paths([str(path)])
    post = thread.nodes[0]
    assert post.kind == "post" and post.author == metadata["author"].removeprefix("u/")
    assert thread.title == metadata["title"]
    assert thread.url == "https://www.reddit.com" + metadata["permalink"]
    assert post.published == datetime.strptime(metadata["created_utc"], "%m-%d-%Y %H:%M:%S")
    found = len(thread.nodes) - 1
    assert thread.problems == (f"post says {metadata['num_comments']} comments, found {found}",)


# ---- sniffing ------------------------------------------------------------------------------


def other_inputs() -> list[Path]:
    """Every other format's samples: the fixtures, the seeds and the real samples."""
    paths = [path for path in DATA.iterdir() if path.is_file() and not path.name.startswith("urs")]
    paths += sorted(SEEDS.glob("*.txt"))
    paths += [path for path in REAL.rglob("*") if path.is_file() and "reddit_urs" not in
              path.parts and path.suffix in (".json", ".jsonl", ".txt", ".xml", ".html", ".md")]
    return paths


def test_only_urs_scrapes_are_sniffed_as_urs():
    for path in SCRAPES + sorted(DATA.glob("urs*")):
        text = path.read_text("utf-8")
        assert [found.name for found in FORMATS if found.sniff(text)] == ["urs"], path
    for path in other_inputs():
        text = path.read_text("utf-8", errors="replace")
        assert not urs.sniff(text), path


@pytest.mark.parametrize(("settings", "kind"), [
    ({"subreddit": "askreddit", "category": "hot", "n_results_or_keywords": 10,
      "time_filter": None}, "subreddit"),
    ({"redditor": "spez", "n_results": 5}, "redditor"),
])
def test_urs_scrapes_of_subreddits_and_redditors_are_refused_in_words(settings, kind):
    document = {"scrape_settings": settings, "data": [praw("c1", "t3_abc123")]}
    text = json.dumps(document, indent=4)
    assert urs.sniff(text)
    with pytest.raises(ExplorerError) as caught:
        urs.parse(text, "scrape.json")
    assert str(caught.value) == (f"scrape.json: a URS scrape of a {kind}, not of a "
                                 "submission's comments (a thread is what URS's -c writes)")


def test_settings_naming_no_submission_nor_subreddit_are_not_urs():
    document = {"scrape_settings": {"url": "https://www.reddit.com/r/AskReddit/"},
                "data": [praw("c1", "t3_abc123")]}
    assert not urs.sniff(json.dumps(document, indent=4))


@pytest.mark.skipif(not (SHARED / "threads" / "reddit_urs").is_dir(), reason="no shared data")
def test_the_shared_copies_are_the_ones_tested():
    for path in SCRAPES:
        assert path.read_bytes() == (SHARED / "threads" / "reddit_urs" / path.name).read_bytes()


# ---- any tree, each layout -----------------------------------------------------------------

TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def trees(draw) -> list[tuple[str, str | None, str]]:
    """Comments (id, parent id or None, text), each parent before its replies."""
    count = draw(st.integers(1, 12))
    found = []
    for number in range(count):
        parent = draw(st.none() | st.sampled_from([f"k{n}" for n in range(number)] or [None]))
        found.append((f"k{number}", parent, draw(TEXTS)))
    return found


def nested(tree, make, wrap):
    """The tree written as nested replies: ``wrap(comment, replies)`` gives one entry."""
    kids: dict[str | None, list] = {}
    for comment in tree:
        kids.setdefault(comment[1], []).append(comment)

    def entry(comment):
        label, parent, text = comment
        record = make(label, f"t1_{parent}" if parent else "t3_abc123", text=text)
        return wrap(record, [entry(kid) for kid in kids.get(label, [])])

    return [entry(comment) for comment in kids.get(None, [])]


def level_order(tree):
    """The comments top level first, then their replies, and so on, as raw scrapes list them."""
    parent = {label: above for label, above, _ in tree}
    return sorted(tree, key=lambda comment: chain(comment[0], parent))


LAYOUTS = {
    "3.1 raw": lambda tree: {label: [old(label, f"t1_{parent}" if parent else "t3_abc123",
                                         text=text)] for label, parent, text in tree},
    "3.1 structured": lambda tree: {
        entry[0]["Comment ID"]: [[entry[0]], *entry[1:]]
        for entry in nested(tree, old, lambda record, replies: [
            record, *({reply[0]["Comment ID"]: reply} for reply in replies)])},
    "3.2.0 structured": lambda tree: {
        "scrape_settings": {"submission_title": "t", "n_results": 5, "submission_url": URL},
        "data": [{item["comment_id"]: item for item in nested(
            tree, snake, lambda record, replies: {**record, "replies": [
                {reply["comment_id"]: reply} for reply in replies]})}]},
    "3.2.1 structured": lambda tree: {
        "scrape_settings": {"n_results": "all", "style": "structured", "url": URL},
        "data": {"submission_metadata": SUBMISSION, "comments": nested(
            tree, praw, lambda record, replies: {**record, "replies": replies})}},
    "3.2.1 raw, level by level": lambda tree: {
        "scrape_settings": {"n_results": "all", "style": "raw", "url": URL},
        "data": {"submission_metadata": SUBMISSION, "comments": [
            praw(label, f"t1_{parent}" if parent else "t3_abc123", text=text)
            for label, parent, text in level_order(tree)]}},
    "4 structured": lambda tree: {"submission": URS4_SUBMISSION, "comments": nested(
        tree, praw, lambda record, replies: {**record, "replies": replies})},
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@given(tree=trees())
def test_any_tree_in_any_layout_reads_back_its_parents_and_texts(layout, tree):
    text = json.dumps(LAYOUTS[layout](tree), indent=4)
    assert urs.sniff(text)
    [thread] = urs.parse(text, "tree.json")
    comments = {node.label: node for node in thread.nodes if node.kind == "comment"}
    assert {label: (node.parent, node.text) for label, node in comments.items()} == {
        label: (f"abc123/{parent}" if parent else None, text) for label, parent, text in tree}


@given(moment=st.datetimes(min_value=datetime(1000, 1, 1)))
def test_month_first_times_are_read_as_strptime_reads_them(moment):
    written = moment.strftime("%m-%d-%Y %H:%M:%S")
    assert urs._time(written) == datetime.strptime(written, "%m-%d-%Y %H:%M:%S")


@pytest.mark.parametrize("written", ["13-01-2021 10:00:00", "02-30-2021 10:00:00",
                                     "02-01-2021 24:00:00", "02-01-2021 10:60:00"])
def test_impossible_month_first_times_are_refused_as_strptime_refuses_them(written):
    with pytest.raises(ValueError):
        datetime.strptime(written, "%m-%d-%Y %H:%M:%S")
    with pytest.raises(ValueError):
        urs._time(written)


def test_a_submission_without_reddit_fields_is_not_urs():
    plain = {"submission": {"author": "x", "title": "y", "permalink": "/r/a/comments/b/"},
             "comments": [praw("c1", "t3_b")]}
    assert not urs.sniff(json.dumps(plain, indent=2))
    elsewhere = {**URS4_SUBMISSION, "permalink": "/questions/12/a-question"}
    assert not urs.sniff(json.dumps({"submission": elsewhere, "comments": []}))


@pytest.mark.parametrize(("address", "permalink"), [
    (URL + "?sort=top", "/r/AskReddit/comments/abc123/a_question/c1/"),
    ("https://old.reddit.com/r/AskReddit/comments/abc123/", "/r/AskReddit/comments/abc123/c1/"),
    ("https://example.org/r/AskReddit/comments/abc123/", None),
])
def test_a_comment_permalink_extends_the_submission_path_on_reddit_only(address, permalink):
    document = {"scrape_settings": {"submission_url": address},
                "data": [{"c1": snake("c1", "t3_abc123")}]}
    [thread] = parse_text(json.dumps(document), "settings.json")
    assert thread.id == "abc123"
    assert dict(thread.nodes[0].meta).get("permalink") == permalink
