"""The mail reader: mbox, maildir and .eml threading, bodies, signatures, corpora."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from textwrap import dedent

import pytest

from explorer.errors import ExplorerError
from explorer.formats import expand_paths, mbox, parse_text, read_paths
from tests.paths import FORMATS, REAL
from tests.paths import FORMATS as DATA

CET = timezone(timedelta(hours=1))


def by_id(thread):
    return {node.id: node for node in thread.nodes}


def test_mbox_threads_by_references_and_subject():
    threads = read_paths([str(DATA / "list.mbox")])
    assert [(t.id, t.title, len(t.nodes)) for t in threads] == [
        ("list-1", "Car-free centre proposal", 4),
        ("list-2", "Bus timetable", 1),
        ("list-3", "Parking permits", 2),
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
    # Dave answers a message that is not in the archive: he hangs under a stand-in for it.
    assert [(n.label, n.kind, n.parent) for n in orphan.nodes] == [
        ("missing:not-archived.0@example.org", "missing", None),
        ("6", "comment", "list-3/missing:not-archived.0@example.org"),
    ]
    assert orphan.nodes[1].author == "Dave, the Baker"
    assert orphan.problems == (
        "replies to messages not in the input: 1 (not-archived.0@example.org); "
        "each hangs under a stand-in for its parent (missing:<id>)",
    )


def test_eml_and_maildir():
    [single] = read_paths([str(DATA / "message.eml")])
    [message] = single.comments  # under a stand-in for the message it answers
    assert single.id == "message" and message.author == "Erin"
    assert message.published == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    assert ">> nested quote" in message.text
    assert expand_paths([str(DATA)]).count(str(DATA / "maildir")) == 1
    assert not any("maildir/" in path for path in expand_paths([str(DATA)]))
    [folder] = read_paths([str(DATA / "maildir")])
    assert folder.id == "maildir" and folder.title == "Cycle lanes on Main Street"
    assert [(n.label, n.kind, n.parent, n.author) for n in folder.nodes] == [
        ("1", "post", None, "Frank"),
        ("2", "comment", None, "Gina"),
        ("3", "comment", "maildir/2", None),
    ]


def _maildir(folder: Path, messages: dict[str, str]) -> Path:
    for part in mbox.MAILDIR_PARTS:
        (folder / part).mkdir(parents=True)
    for name, text in messages.items():
        (folder / "cur" / name).write_text(dedent(text), encoding="utf-8")
    return folder


def test_a_thread_spread_over_an_mbox_and_a_maildir_is_one_thread(tmp_path):
    archive = tmp_path / "2024-March.mbox"
    archive.write_text(dedent("""\
        From alice@example.org Mon Mar  4 09:00:00 2024
        Message-ID: <root@example.org>
        Date: Mon, 04 Mar 2024 09:00:00 +0000
        From: Alice <alice@example.org>
        Subject: Street trees

        Plant more trees?

        From carol@example.org Mon Mar  4 11:00:00 2024
        Message-ID: <third@example.org>
        In-Reply-To: <second@example.org>
        References: <root@example.org> <second@example.org>
        Date: Mon, 04 Mar 2024 11:00:00 +0000
        From: Carol <carol@example.org>
        Subject: Re: Street trees

        Oaks, then.
        """), encoding="utf-8")
    inbox = _maildir(tmp_path / "inbox", {"1709546400.M1P1.host": """\
        Message-ID: <second@example.org>
        In-Reply-To: <root@example.org>
        Date: Mon, 04 Mar 2024 10:00:00 +0000
        From: Bob <bob@example.org>
        Subject: Re: Street trees

        Yes, oaks.
        """})
    for paths in ([archive, inbox], [inbox, archive]):
        [thread] = read_paths([str(path) for path in paths])
        nodes = {node.author: node for node in thread.nodes}
        assert thread.problems == ()
        assert nodes["Alice"].kind == "post"
        assert nodes["Bob"].parent is None and nodes["Bob"].stated  # answers the post
        assert nodes["Carol"].parent == nodes["Bob"].id
        assert dict(nodes["Bob"].meta)["file"] == str(inbox)
        assert dict(nodes["Carol"].meta)["file"] == str(archive)


def test_an_empty_maildir_is_reported_and_the_other_mail_still_read(tmp_path):
    empty = _maildir(tmp_path / "empty", {})
    errors = []
    threads = read_paths([str(empty), str(DATA / "list.mbox")], on_error=errors.append)
    assert [str(error) for error in errors] == [f"{empty}: maildir holds no messages"]
    assert [t.id for t in threads] == ["list-1", "list-2", "list-3"]


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


def _message(ident: str, *refs: str) -> str:
    headers = f"From x\nMessage-ID: <{ident}>\nFrom: {ident[0].upper()} <{ident}>\nSubject: s\n"
    if refs:
        headers += f"In-Reply-To: <{refs[-1]}>\nReferences: {' '.join(f'<{r}>' for r in refs)}\n"
    return f"{headers}\nmessage {ident}\n\n"


@pytest.mark.parametrize(("present", "expected"), [
    # b answers the post, which is top level: its stand-in is too.
    (["a@x"], [("1", "post", None), ("missing:c@x", "missing", None),
               ("2", "comment", "box/missing:c@x")]),
    # c answers b, a comment: its stand-in hangs under b, so d is at depth 3 as stated.
    (["a@x", "b@x"], [("1", "post", None), ("2", "comment", None),
                      ("missing:c@x", "missing", "box/2"), ("3", "comment", "box/missing:c@x")]),
])
def test_an_absent_parent_is_a_stand_in_beneath_its_nearest_present_ancestor(present, expected):
    chain = ["a@x", "b@x", "c@x"]
    mailbox = "".join(_message(ident, *chain[:i]) for i, ident in enumerate(present))
    mailbox += _message("d@x", *chain)
    [thread] = parse_text(mailbox, "box.mbox")
    assert [(n.label, n.kind, n.parent) for n in thread.nodes] == expected
    assert [n.stated for n in thread.nodes if n.kind == "comment"] == [True] * (len(present))
    [problem] = thread.problems
    assert problem.startswith("replies to messages not in the input: 1 (c@x)")


# ---- real archives -------------------------------------------------------------------------

MONTHS = REAL / "mail" / "fetchmail-users"
_SEPARATOR = re.compile(rb"^From [^\n]*\n[A-Za-z][A-Za-z0-9-]*:", re.MULTILINE)


def _separators(path: Path) -> int:
    """Messages counted apart from the reader: "From " lines with a header line next."""
    return len(_SEPARATOR.findall(gzip.decompress(path.read_bytes())))


@pytest.fixture(scope="module")
def fetchmail():
    return read_paths([str(MONTHS)])


@pytest.mark.slow
def test_a_folder_of_pipermail_months_is_read_whole(fetchmail):
    files = sorted(MONTHS.glob("*.txt.gz"))
    nodes = [node for thread in fetchmail for node in thread.nodes if node.kind != "missing"]
    assert len(nodes) == sum(_separators(path) for path in files)
    assert len({node.id for node in nodes}) == len(nodes)
    assert len({thread.id for thread in fetchmail}) == len(fetchmail)
    # Threads cross months: some thread holds messages of several files.
    spanning = [t for t in fetchmail
                if len({dict(n.meta)["file"] for n in t.nodes if n.meta}) > 1]
    assert spanning
    for thread in spanning:
        by_id = {node.id: node for node in thread.nodes}
        assert all(node.parent is None or node.parent in by_id for node in thread.nodes)


def test_pipermail_authors_are_names_and_bodies_keep_from_lines(fetchmail):
    nodes = [node for thread in fetchmail for node in thread.nodes if node.kind != "missing"]
    assert not [node.author for node in nodes if node.author and " at " in node.author]
    body_from = [node for node in nodes if "\nFrom my log:" in node.text]
    assert body_from  # an unescaped body line, not a new message
    ids = [dict(node.meta)["message_id"] for node in nodes]
    assert all(value.strip() and " at " not in value for value in ids)


def test_one_month_alone_reads_the_same_messages():
    path = MONTHS / "2013-January.txt.gz"
    threads = read_paths([str(path)])
    assert sum(n.kind != "missing" for t in threads for n in t.nodes) == _separators(path)


# ---- hand-made archives --------------------------------------------------------------------

PIPERMAIL = dedent("""\
    From jane at example.org  Tue May  2 12:54:49 2006
    From: jane at example.org (Jane Doe)
    Date: Tue, 02 May 2006 11:54:49 +0100
    Subject: [list] Logs
    Message-ID: <1 at example.org>

    From the commit message:
    From me, with thanks
    Date: later
    and more text

    --
    Jane

    _______________________________________________
    list mailing list
    list at example.org

    From bob at example.org  Tue May  2 13:00:00 2006
    From: bob at example.org
    Date: Tue, 02 May 2006 13:00:00 +0100
    Subject: Re: [list] Logs
    In-Reply-To: <1 at example.org>
    Message-ID: <2 at example.org>

    Jane Doe wrote:
    > From the commit message:
    > and more text

    Thanks, that explains it.
    """)


def test_from_lines_without_a_header_block_are_body_text():
    [thread] = parse_text(PIPERMAIL, "2006-May.txt")
    post, reply = thread.nodes
    assert post.text.startswith("From the commit message:\nFrom me, with thanks\nDate: later\n")
    assert (post.author, reply.author) == ("Jane Doe", "bob@example.org")
    assert reply.parent is None and reply.kind == "comment" and thread.id == "2006-May"
    assert dict(reply.meta) == {"message_id": "2@example.org", "subject": "Re: [list] Logs"}


def test_signature_and_list_footer_are_the_signature_and_not_own_words():
    [thread] = parse_text(PIPERMAIL, "2006-May.txt")
    post, reply = thread.nodes
    assert post.signature == (
        "--\nJane\n\n_______________________________________________\n"
        "list mailing list\nlist at example.org"
    )
    assert post.text.endswith(post.signature)
    assert post.own_words == len("From the commit message: From me, with thanks "
                                 "Date: later and more text".split())
    assert (reply.quoted_words, reply.own_words) == (7, 7)


def test_a_dash_line_high_up_is_text_not_a_signature():
    body = "\n".join(["intro", "--", *[f"line {n}" for n in range(30)]])
    [thread] = parse_text(f"From: a@x\nSubject: s\n\n{body}\n")
    assert thread.nodes[0].signature is None


def test_mail_from_stdin_is_decoded_once(run):
    data = (FORMATS / "list.mbox").read_bytes()
    piped = run("comments", "-", input=data)
    from_file = run("comments", FORMATS / "list.mbox")
    assert piped.exit_code == 0, piped.stderr
    assert "Zoë Ångström" in piped.stdout and "Ã" not in piped.stdout
    assert piped.stdout == from_file.stdout.replace("list-", "mail-")  # stdin has no name


def test_deeply_nested_multipart_gives_the_body_and_a_problem():
    depth = 2000
    parts = "".join(
        f"--b{n}\nContent-Type: multipart/mixed; boundary=b{n + 1}\n\n" for n in range(depth)
    )
    message = (
        "From: A <a@x>\nMessage-ID: <n@x>\nSubject: deep\n"
        f"Content-Type: multipart/mixed; boundary=b0\n\n{parts}--b{depth}\n"
        "Content-Type: text/plain\n\nhello from the bottom\n"
    )
    [thread] = parse_text(message)
    assert thread.nodes[0].text.endswith("hello from the bottom")
    assert thread.problems == (
        "message 1: more than 200 MIME multiparts, or nested too deeply to split; "
        "the body is kept as sent",
    )


def test_a_long_references_header_finds_the_parent():
    references = " ".join(f"<id{n}.abcdefghijklmnop@example.org>" for n in range(50_000))
    mailbox = (
        "From x\nMessage-ID: <a@x>\nFrom: A <a@x>\nSubject: s\n\nroot\n\n"
        "From x\nMessage-ID: <b@x>\nFrom: B <b@x>\nSubject: Re: s\n\nfirst\n\n"
        f"From x\nMessage-ID: <c@x>\nFrom: C <c@x>\nReferences: <a@x> {references} <b@x>\n"
        "Subject: Re: s\n\nanswer\n"
    )
    [thread] = parse_text(mailbox)
    assert [(n.label, n.parent) for n in thread.nodes] == [
        ("1", None), ("2", None), ("3", f"{thread.id}/2")
    ]


def test_an_oversized_message_is_skipped_and_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(mbox, "MAX_MESSAGE", 1000)
    path = tmp_path / "big.mbox"
    path.write_text(
        "From x\nMessage-ID: <a@x>\nFrom: A <a@x>\nSubject: s\n\nroot\n\n"
        "From x\nMessage-ID: <b@x>\nFrom: B <b@x>\nSubject: t\n\n" + "word " * 1000 + "\n\n"
        "From x\nMessage-ID: <c@x>\nFrom: C <c@x>\nIn-Reply-To: <a@x>\n\nanswer\n",
        encoding="utf-8",
    )
    threads = read_paths([str(path)])
    assert [[n.text for n in t.nodes] for t in threads] == [["root", "answer"], [""]]
    assert threads[1].problems == ("message 2: larger than 0 MiB; not read (its text is empty)",)


def test_months_in_two_folders_are_one_corpus_with_unique_ids(tmp_path):
    for folder, body in (("a", PIPERMAIL.split("\n\nFrom bob")[0] + "\n"),
                         ("b", "From bob" + PIPERMAIL.split("\n\nFrom bob")[1])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "2006-May.txt").write_text(body, encoding="utf-8")
    [thread] = read_paths([str(tmp_path / "a"), str(tmp_path / "b")])
    assert [(n.label, n.author) for n in thread.nodes] == [
        ("1", "Jane Doe"), ("2", "bob@example.org")
    ]
    assert [dict(n.meta)["file"] for n in thread.nodes] == [
        str(tmp_path / "a" / "2006-May.txt"), str(tmp_path / "b" / "2006-May.txt")
    ]


def test_same_thread_ids_from_two_folders_are_made_unique(tmp_path, run, seed_paths):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "thread.txt").write_bytes(seed_paths[0].read_bytes())
    first = read_paths([str(tmp_path / "a"), str(tmp_path / "b")])
    assert [t.id for t in first] == ["thread", "b-thread"]
    assert first[1].nodes[0].id.startswith("b-thread/")
    assert [t.id for t in read_paths([str(tmp_path / "a"), str(tmp_path / "b")])] == [
        "thread", "b-thread"
    ]
    result = run("export", "--format", "json", "-o", "-", tmp_path / "a", tmp_path / "b")
    assert result.exit_code == 0, result.stderr


def test_an_oversized_maildir_message_is_skipped_and_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(mbox, "MAX_MESSAGE", 1000)
    inbox = _maildir(tmp_path / "inbox", {
        "1.host": "Message-ID: <a@x>\nFrom: A <a@x>\nSubject: s\n\nroot\n",
        "2.host": "Message-ID: <b@x>\nFrom: B <b@x>\nSubject: t\n\n" + "word " * 1000 + "\n",
    })
    threads = read_paths([str(inbox)])
    assert [[n.text for n in t.nodes] for t in threads] == [["root"], [""]]
    assert threads[1].problems == ("message 2: larger than 0 MiB; not read (its text is empty)",)


def test_an_empty_maildir_file_is_reported_as_empty(tmp_path):
    inbox = _maildir(tmp_path / "inbox", {
        "1.host": "Message-ID: <a@x>\nFrom: A <a@x>\nSubject: s\n\nroot\n", "2.host": "",
    })
    threads = read_paths([str(inbox)])
    assert [[n.text for n in t.nodes] for t in threads] == [["root"], [""]]
    assert threads[1].problems == ("message 2: empty; not read (its text is empty)",)


def test_an_empty_maildir_alone_gives_its_one_error_line(tmp_path, run):
    empty = _maildir(tmp_path / "empty", {})
    result = run("stats", empty)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: {empty}: maildir holds no messages"]
