"""Stated vs flat: what each reader states is kept, only flat nodes get a guessed parent."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace

import pytest
import zstandard
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import analyse, read_paths
from explorer.cli import cli
from explorer.detect import Options
from explorer.detect.replies import STATED_ANSWER, infer_replies
from explorer.detect.signatures import find_signatures
from explorer.errors import ExplorerError
from explorer.formats import mbox, table
from explorer.model import Thread
from explorer.tree import reply_tree
from tests.paths import FORMATS, REAL, SEEDS
from tests.strategies import threads

THREADED = [
    FORMATS / "RC_2024-03_sample.jsonl",
    FORMATS / "reddit_thread.json",
    FORMATS / "hn_algolia.json",
    FORMATS / "hn_firebase.json",
    FORMATS / "hn_firebase.jsonl",
    FORMATS / "list.mbox",
    FORMATS / "maildir",
    FORMATS / "comments.csv",
    FORMATS / "comments.jsonl",
    FORMATS / "custom_columns.csv",
    FORMATS / "blog-backup.xml",
    FORMATS / "takeout-feed.atom",
    FORMATS / "wordpress.xml",
    FORMATS / "disqus.xml",
    FORMATS / "discourse_topic.json",
    FORMATS / "hn_wrapped.json",
    FORMATS / "hn_search_hits.json",
    FORMATS / "reddit_comments_listing.json",
    REAL / "reddit" / "RC_2005-12.zst",
]
REAL_LATER = [REAL / "hn", REAL / "mail" / "fetchmail-users", REAL / "tables"]
"""Real samples some readers refuse today; whatever reads is checked."""


def guessed_instead_of_stated(thread: Thread) -> list[str]:
    """Nodes whose reply-tree parent, or an inferred reply edge, is not what the source states."""
    tree = reply_tree(thread)
    wrong = []
    for node in thread.nodes:
        if node.kind == "post" or node.flat:
            continue
        stated = node.parent if node.parent is not None else tree.post
        guessed = [e for e in thread.edges
                   if e.source == node.id and e.kind == "reply" and e.inferred]
        if guessed or tree.parent[node.id] != stated:
            wrong.append(node.id)
    return wrong


def check_threads(threads: list[Thread]) -> None:
    for thread in threads:
        thread = analyse(thread)
        assert guessed_instead_of_stated(thread) == [], thread.id
        for node in thread.comments:
            if node.parent is None and node.stated and thread.post is not None:
                replies = [e for e in thread.edges if e.source == node.id and e.kind == "reply"]
                assert [(e.target, e.inferred, e.evidence) for e in replies] == [
                    (thread.post.id, False, STATED_ANSWER)
                ]


@pytest.mark.parametrize("path", THREADED, ids=lambda path: path.name)
def test_no_reader_output_gets_a_guess_instead_of_its_stated_parent(path):
    threads = read_paths([str(path)])
    check_threads(threads)
    assert any(not node.flat for thread in threads for node in thread.comments)


@pytest.mark.parametrize("path", REAL_LATER, ids=lambda path: path.name)
@pytest.mark.slow
def test_real_samples_that_read_keep_their_stated_parents(path):
    errors: list[ExplorerError] = []
    threads = read_paths([str(path)], on_error=errors.append)
    if not threads:
        pytest.skip(f"not readable yet: {errors[0]}")
    check_threads(threads)


@pytest.mark.parametrize(
    "path", [FORMATS / "RC_2024-03_sample.jsonl", FORMATS / "reddit_thread.json",
             FORMATS / "hn_algolia.json", FORMATS / "hn_firebase.json"],
    ids=lambda path: path.name,
)
def test_reddit_and_hacker_news_state_every_comment(path):
    for thread in read_paths([str(path)]):
        missing = any("not in the input" in problem for problem in thread.problems)
        flat = [node.id for node in thread.comments if node.flat]
        assert flat == [] or missing, flat


def test_seeds_keep_their_inferred_answers():
    thread = analyse(read_paths([str(next(SEEDS.glob("000_*")))])[0])
    parents = reply_tree(thread).parent
    assert {label: parents[f"{thread.id}/{label}"] for label in ("4", "5", "6")} == {
        "4": f"{thread.id}/3", "5": f"{thread.id}/1", "6": f"{thread.id}/2"
    }
    assert thread.platform == "blog" and thread.owner_role == "blog owner"


MAIL = textwrap.dedent(
    """\
    From alice Mon Jan  1 10:00:00 2024
    From: Alice <alice@example.org>
    Subject: Car-free centres
    Message-ID: <a@x>
    Date: Mon, 1 Jan 2024 10:00:00 +0000

    Should cities ban cars from the centre?

    From bob Mon Jan  1 11:00:00 2024
    From: Bob <bob@example.org>
    Subject: Re: Car-free centres
    Message-ID: <b@x>
    In-Reply-To: <a@x>
    References: <a@x>
    Date: Mon, 1 Jan 2024 11:00:00 +0000

    Yes, Oslo did it.

    From carol Mon Jan  1 12:00:00 2024
    From: Carol <carol@example.org>
    Subject: Re: Car-free centres
    Message-ID: <c@x>
    Date: Mon, 1 Jan 2024 12:00:00 +0000

    Bob - Oslo is small; you cannot compare it with London.

    From dan Mon Jan  1 13:00:00 2024
    From: Dan <dan@example.org>
    Subject: Re: Car-free centres
    Message-ID: <d@x>
    In-Reply-To: <gone@x>
    References: <gone@x>
    Date: Mon, 1 Jan 2024 13:00:00 +0000

    Agreed with the earlier point.
    """
)


def test_mail_states_headers_and_leaves_subject_joins_flat():
    threads = mbox.parse(MAIL, "list.mbox")
    thread = next(t for t in threads if len(t.nodes) == 3)
    post, bob, carol = thread.nodes
    assert post.kind == "post" and post.author == "Alice"
    assert (bob.parent, bob.stated, bob.flat) == (None, True, False)  # answers the post
    assert (carol.parent, carol.stated, carol.flat) == (None, False, True)
    analysed = analyse(replace(thread, platform="mail"))
    parents = reply_tree(analysed).parent
    assert parents[carol.id] == bob.id  # "Bob - ... you": inferred, as it is flat
    assert parents[bob.id] == post.id
    assert analysed.owner_role == "thread starter"
    # Dan answers a message that is not in the input: he hangs under a stand-in for it.
    dan = next(node for t in threads for node in t.nodes if node.author == "Dan")
    assert (dan.parent, dan.stated) == ("list-2/missing:gone@x", True)


def test_tables_state_places_only_with_a_parent_column():
    with_parent = table.parse("id,parent_id,text\n1,,Opening\n2,1,Answer\n3,,Another\n", "t.csv")
    without = table.parse("id,text\n1,Opening\n2,Answer\n", "t.csv")
    assert [node.stated for thread in with_parent for node in thread.nodes] == [True] * 3
    assert [node.flat for thread in without for node in thread.nodes] == [True, True]


def test_a_missing_parent_is_stated_under_a_stand_in_and_never_guessed():
    text = (
        "id,parent_id,thread_id,author,text\n"
        "p,,p,Ann,The post about cars\n"
        "c1,p,p,Bob,Cars are the problem here.\n"
        "c2,gone,p,Cy,@Bob you are right about cars.\n"
    )
    thread = table.parse(text, "t.csv")[0]
    lost = next(node for node in thread.nodes if node.label == "c2")
    assert (lost.parent, lost.stated) == ("p/missing:gone", True)
    assert any("not in the input" in problem for problem in thread.problems)
    analysed = analyse(thread)
    edges = [(e.target, e.kind, e.inferred) for e in analysed.edges if e.source == lost.id]
    # The stand-in is its parent, as stated; the cue to Bob only addresses him.
    assert edges == [("p/missing:gone", "reply", False), ("p/c1", "addressed", True)]
    tree = reply_tree(analysed)
    assert tree.parent[lost.id] == "p/missing:gone" and tree.answers_missing(lost.id)
    assert tree.parent["p/missing:gone"] == "p/p"


def test_cues_on_stated_nodes_only_address():
    text = (
        "id,parent_id,thread_id,author,text\n"
        "p,,p,Ann,The post\n"
        "c1,p,p,Bob,Cars are the problem here.\n"
        "c2,p,p,Cy,@Bob you are right about cars.\n"
    )
    thread = analyse(table.parse(text, "t.csv")[0])
    cy = [(e.target.split("/")[1], e.kind, e.inferred) for e in thread.edges
          if e.source.endswith("/c2")]
    assert cy == [("p", "reply", False), ("c1", "addressed", True)]


def test_no_infer_keeps_only_what_the_source_states(run, seed_paths):
    stated = analyse(read_paths([str(FORMATS / "reddit_thread.json")])[0], Options(infer=False))
    assert stated.edges and all(not e.inferred for e in stated.edges if e.kind == "reply")
    result = run("replies", seed_paths[0], "--no-infer", "--format", "json")
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert records and all(record["how"] != "inferred" for record in records)
    assert not any(record["kind"] == "addressed" for record in records)
    nested = [record for record in records if record["how"] == "explicit"]
    assert nested == [
        record for record in json.loads(run("replies", seed_paths[0], "--format", "json").stdout)
        if record["how"] == "explicit"
    ]


@pytest.mark.parametrize(
    ("path", "header"),
    [
        (SEEDS / "000_c4fce12fea77598a.txt", "blog owner Jim"),
        (FORMATS / "reddit_thread.json", "OP "),
        (FORMATS / "list.mbox", "thread starter "),
    ],
    ids=lambda value: getattr(value, "name", value),
)
def test_the_owner_is_named_by_platform(run, path, header):
    result = run("replies", path)
    assert result.exit_code == 0, result.stderr
    assert header in result.stdout.splitlines()[0]
    assert "blog owner" not in result.stdout or "blog" in header


@settings(max_examples=50, deadline=None)
@given(threads(), st.data())
def test_only_flat_nodes_get_an_inferred_parent(thread, data):
    flags = data.draw(st.lists(st.booleans(), min_size=len(thread.nodes),
                               max_size=len(thread.nodes)))
    nodes = tuple(replace(node, stated=flag) for node, flag in zip(thread.nodes, flags,
                                                                     strict=True))
    result = infer_replies(find_signatures(replace(thread, nodes=nodes)))
    assert guessed_instead_of_stated(result) == []
    for node in result.comments:
        replies = [e for e in result.edges if e.source == node.id and e.kind == "reply"]
        assert len(replies) == (1 if node.flat or result.post or node.parent else 0)
        assert all(e.inferred == node.flat for e in replies)


CHAIN = textwrap.dedent(
    """\
    From alice Mon Jan  1 10:00:00 2024
    From: Alice <alice@example.org>
    Subject: Big attachments
    Message-ID: <p@x>
    Date: Mon, 1 Jan 2024 10:00:00 +0000

    Fetchmail drops every message with an attachment larger than ten megabytes here.

    From bob Mon Jan  1 11:00:00 2024
    From: Bob <bob@example.org>
    Subject: Re: Big attachments
    Message-ID: <b@x>
    In-Reply-To: <p@x>
    Date: Mon, 1 Jan 2024 11:00:00 +0000

    > Fetchmail drops every message with an attachment larger than ten megabytes here.

    Check the limit option in your rc file, it defaults to a small value.

    From carol Mon Jan  1 12:00:00 2024
    From: Carol <carol@example.org>
    Subject: Re: Big attachments
    Message-ID: <c@x>
    In-Reply-To: <b@x>
    Date: Mon, 1 Jan 2024 12:00:00 +0000

    > > Fetchmail drops every message with an attachment larger than ten megabytes here.
    > Check the limit option in your rc file, it defaults to a small value.

    That worked for me as well.

    From dan Mon Jan  1 13:00:00 2024
    From: Dan <dan@example.org>
    Subject: Re: Big attachments
    Message-ID: <d@x>
    In-Reply-To: <p@x>
    Date: Mon, 1 Jan 2024 13:00:00 +0000

    > Check the limit option in your rc file, it defaults to a small value.

    No: the default is no limit at all.
    """
)


def test_quoting_the_chain_one_answers_addresses_nobody_else():
    thread = analyse(mbox.parse(CHAIN, "chain.mbox")[0])
    by_author = {node.author: node.id for node in thread.nodes}
    addressed = sorted((e.source, e.target) for e in thread.edges if e.kind == "addressed")
    # Carol quotes the post only as Bob's message held it; Dan quotes Bob, a sibling.
    assert addressed == [(by_author["Dan"], by_author["Bob"])]


def test_a_pushshift_month_hangs_replies_to_the_month_before_under_stand_ins():
    path = REAL / "reddit" / "RC_2005-12.zst"
    # Counted apart from the reader: comments whose t1_ parent is no comment of the dump.
    items = [json.loads(line) for line in
             zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(path.open("rb"))
             .read().decode().splitlines()]
    ids = {(item["link_id"], item["id"]) for item in items}
    absent = {(item["link_id"][3:], item["id"]): item["parent_id"][3:] for item in items
              if item["parent_id"].startswith("t1_")
              and (item["link_id"], item["parent_id"][3:]) not in ids}
    assert len(absent) == 15
    threads = [analyse(thread) for thread in read_paths([str(path)])]
    found = {}
    for thread in threads:
        tree = reply_tree(thread)
        for node in thread.comments:
            guessed = [e for e in thread.edges
                       if e.source == node.id and e.kind == "reply" and e.inferred]
            assert not guessed, node.id  # 0 comments with a stated parent get a guess
            if tree.answers_missing(node.id):
                found[thread.id, node.label] = tree.parent[node.id].split("/", 1)[1]
    assert found == {key: f"missing:{parent}" for key, parent in absent.items()}
    result = CliRunner().invoke(cli, ["stats", str(path), "--format", "json"])
    assert sum(row["replies_to_missing"] for row in json.loads(result.stdout)) == 15
