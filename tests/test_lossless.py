"""The lossless invariant under attack: mutated inputs are read whole, or refused in one line.

Thousands of pages are made from the seeds and a classic-template page by deleting,
duplicating, swapping, splitting and joining lines, gluing markers and comment headers,
inserting count lines and changing case. Each must either be refused with an ExplorerError
or be read with every character in one node, in recognised furniture, or skipped with a
warning that quotes it. Tables of records with clashing ids, self-replies, loops and missing
parents must give one node per record with its text. The generators are seeded, so every
run checks the same inputs.
"""

from __future__ import annotations

import csv
import io
import json
import random

import pytest

from explorer.errors import ExplorerError
from explorer.formats import blogger, parse_text
from tests.lossless import CLASSIC, assert_lossless, mutate, window
from tests.paths import SEEDS

PAGES = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] + [CLASSIC]
BLOCKS, PER_BLOCK = 10, 300


def mutated_page(case: int) -> str:
    """Page number ``case``: a seed or a window of one, mutated one to ten times."""
    rng = random.Random(case)
    page = rng.choice(PAGES)
    if rng.random() < 0.7:
        page = window(page, rng, rng.randint(3, 20))
    return mutate(page, rng, rng.randint(1, 10))


@pytest.mark.parametrize("block", range(BLOCKS))
def test_mutated_pages_are_read_whole_or_refused(block):
    refused = 0
    for case in range(block * PER_BLOCK, (block + 1) * PER_BLOCK):
        page = mutated_page(case)
        try:
            layout = blogger.parse_layout(page)
        except ExplorerError:
            refused += 1
            continue
        try:
            assert_lossless(layout)
        except AssertionError as err:
            raise AssertionError(f"case {case}: {err}\n{page}") from err
    # Most pages keep a comment section; a fuzzer that only made refusals would test nothing.
    assert refused < PER_BLOCK // 2


@pytest.mark.parametrize(
    "page",
    [
        # classic: a line between the count and the first "X said..." is skipped and named
        "Post title\n\nPost body.\n\n2 comments:\n\nLeave a comment below!\nJim said...\n"
        "hello\n7 July 2015 at 22:26\nBob said...\nworld\n8 July 2015 at 10:00\n",
        "1 comment:\nThe\nAnonymous said...\n",
        # flat: a marker before the count line is post text, not a comment boundary
        "Post text.\n\nReplyDeleteFirst comment\n3 comments:\nSecond comment\n"
        "ReplyDeleteThird comment\n",
        "ReplyDeleteProbation\n12 comments:\nOASyS\nWell\n",
        # a lower-case name glued to the marker; a paragraph that is the word Delete
        "Post.\n\n3 comments:\nFirst.\nReplyDeletejane_doe7 July 2015 at 22:26\nhello\n"
        "ReplyDeleteBob8 July 2015 at 10:00\nworld\n",
        "Post.\n\n2 comments:\nFirst.\n\nDelete\n\nmore of first.\nReplyDeleteSecond.\n",
        # numbers repeated on the page still give unique labels
        "Post.\n\n2 comments:\n\n  1. One\n\n    ReplyDelete\n    Replies\n    1. Reply\n"
        "    Replies\n    1. Again\n\n    Delete\n",
        # a date heading followed by a comment header or count line is no title
        "Thursday, 4 February 2021\nJim said...\n\nhello\n",
        "Thursday, 4 February 2021\n3 comments:\n\n1. hi\n",
        # nor is a first numbered comment
        "7 July 2015 at 22:26\n  1. The only comment.\n\n    ReplyDelete\n",
    ],
)
def test_pages_from_the_issue_are_lossless(page):
    assert_lossless(blogger.parse_layout(page))


def test_text_before_the_first_said_is_skipped_with_a_warning():
    thread = blogger.parse("1 comment:\nThe\nAnonymous said...\nhi\n", "x.txt")[0]
    assert [n.text for n in thread.comments] == ["hi"]
    assert thread.problems == ("skipped line before the first 'X said...', starting: The",)


def test_marker_before_the_count_line_stays_in_the_post():
    page = "ReplyDeleteProbation\n12 comments:\nOASyS\nWell\n"
    thread = blogger.parse(page, "x.txt")[0]
    assert [(n.kind, n.text) for n in thread.nodes] == [
        ("post", "ReplyDeleteProbation"),
        ("comment", "OASyS\nWell"),
    ]
    assert thread.problems == ("page says 12 comments, found 1",)


def test_glued_lower_case_name_starts_its_own_comment():
    page = (
        "Post.\n\n3 comments:\nFirst.\nReplyDeletejane_doe7 July 2015 at 22:26\nhello\n"
        "ReplyDeleteBob8 July 2015 at 10:00\nworld\n"
    )
    thread = blogger.parse(page, "x.txt")[0]
    assert [(n.author, n.text) for n in thread.comments] == [
        (None, "First."),
        ("jane_doe", "hello"),
        ("Bob", "world"),
    ]


def test_a_paragraph_that_is_the_word_delete_stays_in_its_comment():
    page = "Post.\n\n2 comments:\nFirst.\n\nDelete\n\nmore of first.\nReplyDeleteSecond.\n"
    thread = blogger.parse(page, "x.txt")[0]
    assert [n.text for n in thread.comments] == ["First.\n\nDelete\n\nmore of first.", "Second."]
    assert thread.problems == ()


def test_repeated_numbers_get_unique_labels_and_a_warning():
    page = (
        "Post.\n\n4 comments:\n\n  1. One\n\n    ReplyDelete\n    Replies\n    1. Reply\n"
        "    Replies\n    1. Again\n\n    Delete\n  2. Two\n\n    ReplyDelete\n"
    )
    thread = blogger.parse(page, "x.txt")[0]
    assert [(n.label, n.parent, n.text) for n in thread.comments] == [
        ("1", None, "One"),
        ("1.1", "x/1", "Reply"),
        ("1.2", "x/1", "Again"),
        ("2", None, "Two"),
    ]
    assert thread.problems == ("comment 1.2 is numbered 1 on the page",)


_IDS = ("a", "b", "A", "1", "01", "x y")
_TEXTS = ("text", "line one\nline two", 'comma, "quoted"', "tab\there", "  spaced  ", "日本語")


def clashing_records(rng: random.Random) -> list[dict]:
    """Records whose ids repeat, differ only in case, answer themselves or form loops."""
    records = []
    for index in range(rng.randint(1, 8)):
        records.append({
            "id": rng.choice(_IDS) if rng.random() < 0.7 else f"n{index}",
            "parent_id": rng.choice((*_IDS, "", None, f"n{rng.randrange(8)}")),
            "thread_id": rng.choice(("t", "t", "u")),
            "author": rng.choice(("ann", "bob", None)),
            "text": f"{rng.choice(_TEXTS)} {index}",
        })  # fmt: skip
    return records


def as_table(records: list[dict], kind: str) -> str:
    if kind == "jsonl":
        return "".join(json.dumps(record) + "\n" for record in records)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]))
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_every_table_record_becomes_one_node_with_its_text(kind):
    for case in range(300):
        records = clashing_records(random.Random(case))
        threads = parse_text(as_table(records, kind), f"records.{kind}")
        texts = sorted(node.text for thread in threads for node in thread.nodes
                       if node.kind != "missing")  # stand-ins for absent parents hold no text
        assert texts == sorted(record["text"].strip() for record in records), f"case {case}"
        for thread in threads:
            ids = [node.id for node in thread.nodes]
            assert len(ids) == len(set(ids)), f"case {case}: {ids}"
            assert all(node.parent in ids for node in thread.nodes if node.parent), f"case {case}"
