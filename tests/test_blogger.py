"""The Blogger page-text reader and writer: seeds, tricky layouts, lossless and round trip."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import HealthCheck, given, settings

from explorer.errors import ExplorerError
from explorer.formats import blogger
from tests.lossless import CLASSIC, assert_lossless
from tests.paths import SEEDS
from tests.strategies import threads


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def read_seed(prefix: str):
    path = seed(prefix)
    return blogger.parse(path.read_text(encoding="utf-8"), str(path))[0]


def replies_per_parent(thread) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in thread.comments:
        if node.parent:
            label = node.parent.rsplit("/", 1)[1]
            counts[label] = counts.get(label, 0) + 1
    return counts


@pytest.mark.parametrize(
    ("prefix", "comments", "top_level", "replies"),
    [
        ("000", 9, 9, {}),
        ("001", 16, 12, {"9": 1, "11": 3}),
        ("002", 25, 18, None),
        ("003", 26, 18, {"7": 2, "9": 1, "10": 3, "13": 1, "14": 1}),
        ("004", 4, 4, {}),
    ],
)
def test_seed_counts(prefix, comments, top_level, replies):
    thread = read_seed(prefix)
    assert len(thread.comments) == comments
    assert sum(1 for node in thread.comments if node.parent is None) == top_level
    if replies is not None:
        assert replies_per_parent(thread) == replies


def test_flat_seed_replies_follow_delete_markers():
    thread = read_seed("002")
    text = seed("002").read_text(encoding="utf-8")
    assert sum(1 for line in text.splitlines() if line.startswith("ReplyDelete")) == 17
    assert sum(1 for node in thread.comments if node.parent) == 7
    first = thread.comments[0]
    assert first.text.startswith("“Then I started to take sick leave.")
    assert first.text.endswith("hit the fire alarm”.")
    assert thread.comments[-1].text.startswith("Without the right staff in sentence management")
    assert any("no 'N comments:' line" in problem for problem in thread.problems)


def test_named_commenters_have_author_and_time():
    by_label = {node.label: node for node in read_seed("003").comments}
    assert by_label["10"].author == "Completely Ridiculous Chaos"
    assert by_label["10"].published == datetime(2015, 7, 7, 22, 26)
    assert by_label["10"].text.startswith("Safeguarding training today")
    assert by_label["10.2"].author == "Chillingly Real Coldwar scenario"
    assert by_label["16"].author == "Believe It Or Not I Cared"
    assert by_label["1"].author is None and by_label["1"].published is None


def test_post_title_date_and_excerpts():
    thread = read_seed("004")
    assert thread.title == "Time For a National Probation Agency"
    assert thread.published == datetime(2019, 7, 2)
    kinds = [node.kind for node in thread.nodes]
    assert kinds[0] == "post" and kinds.count("excerpt") == 6
    assert read_seed("001").nodes[0].text.startswith("Probation of Offenders Act 1907")


def test_numbered_list_inside_a_comment_stays_text():
    first = read_seed("004").comments[0]
    assert "\n1. Compromise is what allowed" in first.text
    assert "\n3. Understanding is the key thing" in first.text
    assert first.parent is None


def test_glued_separator_ends_an_excerpt():
    thread = read_seed("002")
    excerpt = next(node for node in thread.nodes if node.text.startswith("How many qualified"))
    assert excerpt.text.endswith("hold caseloads.")
    following = thread.nodes[excerpt.position + 1]
    assert following.kind == "excerpt" and following.text.startswith("An excellent call")


PAGE = dedent(
    """\
    Monday, 1 June 2020

    A Title

    The post body.

    3 comments:

      1. Fred20003 June 2020 at 10:00

        Here is my list:
        1. first point
        2. second point
        Replies are welcome, see https://example.org/Replies

        ReplyDelete
        Replies
          1. Agent9912 June 2020 at 11:05

            Delete this? No.

            Delete
      2. Last words.

        ReplyDelete
    """
)


def test_hand_made_page_with_lists_and_names_with_digits():
    thread = blogger.parse(PAGE, "pages/june.txt")[0]
    assert thread.id == "june" and thread.problems == ()
    first, reply, last = thread.comments
    assert (first.author, first.published) == ("Fred2000", datetime(2020, 6, 3, 10, 0))
    assert first.text.splitlines()[1:3] == ["1. first point", "2. second point"]
    assert (reply.author, reply.published) == ("Agent99", datetime(2020, 6, 12, 11, 5))
    assert reply.parent == first.id and reply.text == "Delete this? No."
    assert last.text == "Last words." and last.label == "2"


def test_names_ending_in_digits_are_read_in_time_order():
    page = dedent(
        """\
        3 comments:

          1. Ann1 January 2020 at 09:00

            First.

            ReplyDelete
          2. Bob21 January 2020 at 09:30

            Second: Bob2 on the 1st, since Bob on the 21st would break the time order.

            ReplyDelete
          3. Ann12 January 2020 at 11:00

            Third: Ann, seen before, on the 12th rather than Ann1 on the 2nd.

            ReplyDelete
        """
    )
    thread = blogger.parse(page, "digits.txt")[0]
    assert [(n.author, n.published) for n in thread.comments] == [
        ("Ann", datetime(2020, 1, 1, 9, 0)),
        ("Bob2", datetime(2020, 1, 1, 9, 30)),
        ("Ann", datetime(2020, 1, 12, 11, 0)),
    ]


def test_anonymous_header_has_a_time_but_no_author():
    page = PAGE.replace("Fred20003 June", "Anonymous3 June")
    first = blogger.parse(page, "x.txt")[0].comments[0]
    assert (first.author, first.published) == (None, datetime(2020, 6, 3, 10, 0))


FOOTER = (
    "\nLoad more...\n\nPost a Comment\n\nNewer Post Older Post Home\n\n"
    "Subscribe to: Post Comments (Atom)\n"
)


def test_page_footer_is_furniture_not_the_last_comment():
    page = PAGE + FOOTER
    thread = blogger.parse(page, "x.txt")[0]
    assert thread.comments[-1].text == "Last words." and thread.problems == ()
    assert_lossless(blogger.parse_layout(page))


def test_unknown_text_after_the_last_marker_is_kept_and_reported():
    thread = blogger.parse(PAGE + "\nPublicar un comentario\n", "x.txt")[0]
    assert thread.comments[-1].text.endswith("ReplyDelete\n\nPublicar un comentario")
    assert thread.problems == (
        "comment 2: text after its last marker kept as comment text (page footer?)",
    )


def test_page_footer_after_a_flat_page():
    page = "Post.\n\nFirst.\nReplyDeleteSecond.\nReplyDelete" + FOOTER
    layout = blogger.parse_layout(page)
    assert [draft.text for draft in layout.drafts] == ["Post.", "First.", "Second."]
    assert_lossless(layout)


def test_classic_said_layout():
    layout = blogger.parse_layout(CLASSIC)
    assert layout.kind == "classic"
    thread = blogger.parse(CLASSIC, "old.txt")[0]
    assert thread.title == "Old Template" and thread.problems == ()
    assert [(n.author, n.published) for n in thread.comments] == [
        (None, datetime(2009, 5, 3, 21, 15)),
        ("Jim", datetime(2009, 5, 4, 8, 2)),
        ("R2D2 fan", None),
    ]
    assert thread.comments[0].text == "Is this still the case?\nJim said... last week that it was."
    assert thread.comments[1].text == "Anonymous - yes.\n\nCheers,\n\nJim"
    assert thread.comments[2].text == "No date on this one."
    assert_lossless(layout)
    assert blogger.sniff(CLASSIC.replace("3 comments:", ""))


def test_stated_count_mismatch_is_a_problem_not_an_error():
    thread = blogger.parse(PAGE.replace("3 comments:", "4 comments:"), "x.txt")[0]
    assert thread.problems == ("page says 4 comments, found 3",)


def test_flat_layout_with_count_header_and_blank_lines():
    page = dedent(
        """\
        Post text.

        2 comments:

        First comment,
        second paragraph.
        ReplyDeleteA reply to it.
        DeleteFinal top-level comment.
        """
    )
    thread = blogger.parse(page, "flat.txt")[0]
    assert [(n.label, n.parent, n.text) for n in thread.comments] == [
        ("1", None, "First comment,\nsecond paragraph."),
        ("1.1", "flat/1", "A reply to it."),
        ("2", None, "Final top-level comment."),
    ]
    assert thread.problems == ("page says 2 comments, found 3",)


def test_a_lower_case_name_with_hyphens_glued_to_the_marker_starts_a_comment():
    page = dedent(
        """\
        Post text.

        Ann29 August 2017 at 01:00
        First comment.
        ReplyDeletes-e-x-y29 August 2017 at 01:26
        Second comment, by a name that reads on from "Delete".
        ReplyDeleteDeleted posts are not this one.
        ReplyDelete
        """
    )
    thread = blogger.parse(page, "glued.txt")[0]
    assert [(n.label, n.author, n.published, n.text) for n in thread.comments] == [
        ("1", "Ann", datetime(2017, 8, 29, 1, 0), "First comment."),
        ("2", "s-e-x-y", datetime(2017, 8, 29, 1, 26),
         'Second comment, by a name that reads on from "Delete".'),
        ("3", None, None, "Deleted posts are not this one."),
    ]
    assert_lossless(blogger.parse_layout(page))


def test_a_line_reading_delete_inside_a_glued_comment_is_its_text():
    # The commenter pasted part of the page, widget word and all, between quoted lines.
    page = dedent(
        """\
        Post text.

        Ann29 August 2017 at 01:00
        First comment.
        ReplyDeleteBob29 August 2017 at 01:26
        > Ann29 August 2017 at 01:00
        > First comment.
        Delete
        > and then it was gone.
        Not so.
        ReplyDeleteCid29 August 2017 at 02:00
        A reply to Bob.
        Delete
        """
    )
    thread = blogger.parse(page, "quoting.txt")[0]
    assert [(n.label, n.parent, n.author) for n in thread.comments] == [
        ("1", None, "Ann"), ("2", None, "Bob"), ("2.1", "quoting/2", "Cid")]
    assert thread.comments[1].text == (
        "> Ann29 August 2017 at 01:00\n> First comment.\nDelete\n> and then it was gone.\nNot so.")
    assert_lossless(blogger.parse_layout(page))
    # A marker alone on its line before the next comment's header is still a marker.
    unglued = page.replace("ReplyDeleteCid", "ReplyDelete\nCid")
    assert [n.author for n in blogger.parse(unglued, "quoting.txt")[0].comments] == [
        "Ann", "Bob", "Cid"]


def test_not_a_blogger_page():
    assert not blogger.sniff("just some text\nwith no comment section\n")
    with pytest.raises(ExplorerError, match="no comments found"):
        blogger.parse("just some text\n", "plain.txt")


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_are_lossless(path):
    assert_lossless(blogger.parse_layout(path.read_text(encoding="utf-8")))


def node_fields(thread):
    return [(n.kind, n.label, n.parent, n.author, n.published, n.text) for n in thread.nodes]


@given(threads())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_written_threads_read_back_the_same_and_lossless(thread):
    page = blogger.write(thread)
    back = blogger.parse(page, f"somewhere/{thread.id}.txt")[0]
    assert node_fields(back) == node_fields(thread)
    assert (back.title, back.published) == (thread.title, thread.published)
    assert back.problems == ()
    assert_lossless(blogger.parse_layout(page))


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_round_trip_through_the_writer(path):
    thread = blogger.parse(path.read_text(encoding="utf-8"), str(path))[0]
    back = blogger.parse(blogger.write(thread), str(path))[0]
    assert node_fields(back) == node_fields(thread)


def test_crlf_pages_read_like_lf_pages():
    crlf = blogger.parse(PAGE.replace("\n", "\r\n"), "x.txt")[0]
    assert node_fields(crlf) == node_fields(blogger.parse(PAGE, "x.txt")[0])
    assert not any("\r" in node.text for node in crlf.nodes)


def test_huge_line_is_read_in_linear_time():
    page = PAGE.replace("Last words.", "word " * 400_000)
    thread = blogger.parse(page, "x.txt")[0]
    assert len(thread.comments[-1].text.split()) == 400_000
    assert re.match(r"^word word", thread.comments[-1].text)
