"""The mail reader: mbox, maildir and .eml threading, bodies, signatures, corpora."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from textwrap import dedent

import pytest

from explorer.errors import ExplorerError
from explorer.formats import expand_paths, mbox, parse_text, read_paths

DATA = Path(__file__).resolve().parent / "data" / "formats"
CET = timezone(timedelta(hours=1))


def by_id(thread):
    return {node.id: node for node in thread.nodes}


def test_mbox_threads_by_references_and_subject():
    threads = read_paths([str(DATA / "list.mbox")])
    assert [(t.id, t.title, len(t.nodes)) for t in threads] == [
        ("list-1", "Car-free centre proposal", 4),
        ("list-2", "Bus timetable", 1),
        ("list-3", "Parking permits", 1),
    ]
    proposal = threads[0]
    assert [(n.label, n.kind, n.parent, n.author) for n in proposal.nodes] == [
        ("1", "post", None, "Alice Liddell"),
        ("2", "comment", None, "Bob"),  # answering the post is top level
        ("3", "comment", "list-1/2", "Zoë Ångström"),
        ("4", "comment", None, "carol@example.org"),  # joined by subject
    ]
    nodes = by_id(proposal)
    assert nodes["list-1/1"].published == datetime(2024, 3, 4, 9, 0, tzinfo=CET)
    assert nodes["list-1/1"].text.endswith("Comments welcome before Friday.\n\n-- \nAlice")
    # quoted-printable Latin-1, decoded; the quotation and attribution stay in the text
    assert nodes["list-1/2"].text == (
        "On Mon, 4 Mar 2024 at 09:00, Alice Liddell <alice@example.org> wrote:\n"
        "> The council proposes closing the centre to cars from June.\n\n"
        "Deliveries need a window, but I'm for it. Café owners too."
    )
    # base64 text/plain chosen over the HTML alternative
    assert nodes["list-1/3"].text == (
        "Bob wrote:\n> Deliveries need a window, but I'm for it.\n\n"
        "A window 6-10am works in Oslo — 🚲 fine."
    )
    timetable = threads[1].nodes[0]
    assert timetable.kind == "post" and timetable.author is None
    assert timetable.text == "New timetable & routes from April.\n\nNo sender on this one."
    orphan = threads[2]
    assert orphan.nodes[0].kind == "comment" and orphan.nodes[0].parent is None
    assert orphan.nodes[0].author == "Dave, the Baker"
    assert orphan.problems == (
        "replies to messages not in the input: 1 (not-archived.0@example.org); "
        "shown at top level",
    )


def test_eml_and_maildir():
    [single] = read_paths([str(DATA / "message.eml")])
    assert single.id == "message" and single.nodes[0].author == "Erin"
    assert single.nodes[0].published == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    assert ">> nested quote" in single.nodes[0].text
    assert expand_paths([str(DATA)]).count(str(DATA / "maildir")) == 1
    assert not any("maildir/" in path for path in expand_paths([str(DATA)]))
    [folder] = read_paths([str(DATA / "maildir")])
    assert folder.id == "maildir" and folder.title == "Cycle lanes on Main Street"
    assert [(n.label, n.kind, n.parent, n.author) for n in folder.nodes] == [
        ("1", "post", None, "Frank"),
        ("2", "comment", None, "Gina"),
        ("3", "comment", "maildir/2", None),
    ]


def test_mbox_from_text_matches_the_file():
    text = (DATA / "list.mbox").read_text(encoding="utf-8")
    from_text = parse_text(text, str(DATA / "list.mbox"))
    assert [t.nodes for t in from_text] == [t.nodes for t in read_paths([str(DATA / "list.mbox")])]


def test_siblings_are_ordered_by_date_not_file_order():
    text = dedent("""\
        Message-ID: <a@x>
        Date: Mon, 04 Mar 2024 09:00:00 +0000
        From: A <a@x>
        Subject: s

        root
        From b@x Mon Mar  4 11:00:00 2024
        """)
    reply = "Message-ID: <{}@x>\nIn-Reply-To: <a@x>\nDate: Mon, 04 Mar 2024 {}:00:00 +0000\n\n{}\n"
    later, earlier = reply.format("c", 11, "late"), reply.format("b", 10, "early")
    mailbox = "".join(
        f"From x Mon Mar  4 09:00:00 2024\n{part}\n"
        for part in (text.split("From b@x")[0], later, earlier)
    )
    [thread] = parse_text(mailbox)
    assert [n.text for n in thread.nodes] == ["root", "early", "late"]
    assert [n.label for n in thread.nodes] == ["1", "3", "2"]


def test_not_mail_is_refused():
    assert not mbox.sniff("id,parent_id,text\n1,,a\n")
    assert not mbox.sniff("Dear all,\n\nhere is my comment.\n")
    assert mbox.sniff("From: a@x\nSubject: hi\n\nbody\n")
    with pytest.raises(ExplorerError, match="no headers"):
        parse_text("just some words\n", "x.eml", format="mbox")


def test_unreadable_date_is_reported_on_its_own_thread():
    mailbox = (
        "From x\nMessage-ID: <a@x>\nFrom: A <a@x>\nDate: Mon, 04 Mar 2024 09:00:00 +0000\n"
        "Subject: first\n\nbody\n\n"
        "From x\nMessage-ID: <b@x>\nFrom: B <b@x>\nDate: yesterday\nSubject: second\n\nbody\n"
    )
    first, second = parse_text(mailbox, "box.mbox")
    assert first.problems == ()
    assert second.nodes[0].published is None
    assert second.problems == ("message 2: unreadable Date 'yesterday'",)


def test_8bit_message_in_its_own_charset_is_read_from_its_bytes(tmp_path):
    path = tmp_path / "latin.eml"
    path.write_bytes(
        "Message-ID: <l1@x>\nFrom: Jürgen <j@x>\nSubject: Grüße\n"
        "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n"
        "Schöne Grüße aus Köln, à bientôt.\n".encode("latin-1")
    )
    [thread] = read_paths([str(path)])
    assert thread.title == "Grüße"
    assert thread.nodes[0].author == "Jürgen"
    assert thread.nodes[0].text == "Schöne Grüße aus Köln, à bientôt."
    assert thread.problems == ()  # no "decoded as ..." warning: the bytes were never guessed at


def test_a_missing_message_in_the_middle_is_bridged_and_reported():
    mailbox = (
        "From x\nMessage-ID: <a@x>\nFrom: A <a@x>\nSubject: s\n\nroot\n\n"
        "From x\nMessage-ID: <c@x>\nFrom: C <c@x>\nIn-Reply-To: <b@x>\n"
        "References: <a@x> <b@x>\nSubject: Re: s\n\nanswer to b\n"
    )
    [thread] = parse_text(mailbox, "box.mbox")
    assert [(n.label, n.kind, n.parent) for n in thread.nodes] == [
        ("1", "post", None), ("2", "comment", None)
    ]
    assert thread.problems == (
        "message 2 answers <b@x>, not in the input; placed under <a@x>, "
        "the nearest message it references",
    )
