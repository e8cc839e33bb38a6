"""The Blogger Atom reader: blog backups, Takeout feeds and comments feeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from explorer.errors import ExplorerError
from explorer.formats import blogger_atom, parse_text, read_paths
from tests.paths import FORMATS as DATA

CET = timezone(timedelta(hours=1))


def test_classic_backup():
    threads = read_paths([str(DATA / "blog-backup.xml")])
    assert [t.id for t in threads] == ["9001"]  # the draft without comments is skipped
    [thread] = threads
    assert thread.title == "Closing the centre to cars & vans"
    assert thread.url == "https://townnotes.blogspot.com/2024/03/closing-centre.html"
    assert thread.published == datetime(2024, 3, 1, 9, 0, tzinfo=CET)
    # Comments by time, replies under their parent, whatever the order in the file.
    assert [(n.label, n.kind, n.parent, n.author) for n in thread.nodes] == [
        ("post", "post", None, "Town Notes Editor"),
        ("7001", "comment", None, "Zoë Ångström"),
        ("7003", "comment", "9001/7001", None),  # "Unknown": a deleted profile
        ("7002", "comment", None, "Anonymous"),
        ("7004", "comment", None, "Bob"),
    ]
    nodes = {node.label: node for node in thread.nodes}
    assert nodes["post"].text == (
        'The council votes on Friday.\n\nShops say "no"; cyclists say “yes”.\nWhat do you think?'
    )
    assert nodes["7001"].text == (
        "Deliveries need a window & the 6–10am slot works.\n\n— Zoë Ångström"
    )
    assert nodes["7002"].text == "This comment has been removed by the author."
    assert nodes["7004"].text == "Later top-level comment with a link."
    assert nodes["7004"].published == datetime(2024, 3, 3, 18, 0, tzinfo=UTC)
    assert len(thread.comments) == 4 and not thread.problems


def test_takeout_feed():
    [thread] = read_paths([str(DATA / "takeout-feed.atom")])
    assert thread.id == "100" and thread.title == "Tomatoes in March?"
    assert [(n.label, n.parent, n.author, n.text) for n in thread.nodes] == [
        ("post", None, "Gardener", "Too early — or not?"),
        ("201", None, "Anonymous", "Indoors only, under glass."),
        ("202", "100/201", "Gardener", "Agreed — thanks!"),
        ("203", None, None, "[deleted]"),
    ]


def test_comments_feed_without_the_post():
    [thread] = read_paths([str(DATA / "comments-feed.xml")])
    assert thread.id == "9001"
    assert [(n.label, n.kind, n.parent) for n in thread.nodes] == [
        ("7001", "comment", None), ("7003", "comment", "9001/7001"),
    ]
    assert thread.problems == ("post 9001 is not in the file",)


@pytest.mark.parametrize(
    "content, message",
    [
        ("<feed xmlns='http://www.w3.org/2005/Atom'><entry>blogger\n<id>x</entry></feed>",
         "line 2, column 8: invalid XML: mismatched tag"),
        ("<?xml version='1.0'?>\n<!DOCTYPE feed [<!ENTITY a 'aaaa'>]>\n"
         "<feed xmlns='http://www.w3.org/2005/Atom'>&a;</feed>", "refused unsafe XML"),
        ("<rss><channel>blogger</channel></rss>", "expected an Atom <feed>"),
        ("<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>tag:blogger.com,1999:blog-1.post-2"
         "</id><thr:in-reply-to xmlns:thr='http://purl.org/syndication/thread/1.0'/></entry></feed>",
         "comment names no post"),
    ],
)
def test_malformed_feeds_give_one_line(content, message):
    with pytest.raises(ExplorerError) as caught:
        parse_text(content, "bad.xml", format="blogger-atom")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_sniff():
    assert blogger_atom.sniff((DATA / "blog-backup.xml").read_text(encoding="utf-8"))
    assert blogger_atom.sniff((DATA / "takeout-feed.atom").read_text(encoding="utf-8"))
    assert not blogger_atom.sniff("<feed xmlns='http://www.w3.org/2005/Atom'><title>x</title>")


def test_stated_total_that_differs_is_reported():
    text = (DATA / "blog-backup.xml").read_text(encoding="utf-8")
    [thread] = parse_text(text.replace("<thr:total>4</thr:total>", "<thr:total>6</thr:total>"))
    assert thread.problems == ("post says 6 comments, found 4",)


def test_nodes_keep_blogger_ids_and_addresses():
    [thread] = read_paths([str(DATA / "blog-backup.xml")])
    metas = {node.label: dict(node.meta) for node in thread.nodes}
    assert metas["post"] == {
        "blogger_id": "9001", "url": "https://townnotes.blogspot.com/2024/03/closing-centre.html"
    }
    assert metas["7001"]["url"].endswith("#c7001")
    assert all(meta["blogger_id"] == label for label, meta in metas.items() if label != "post")


@pytest.mark.parametrize("encoding", ["latin-1", "utf-99999999999999999999"])
def test_declared_encoding_does_not_decode_the_text_again(encoding):
    text = (DATA / "blog-backup.xml").read_text(encoding="utf-8")
    declared = text.replace("encoding='UTF-8'", f"encoding='{encoding}'", 1)
    assert declared != text
    expected = [node.text for thread in blogger_atom.parse(text, "a.xml") for node in thread.nodes]
    found = [node.text for thread in blogger_atom.parse(declared, "a.xml") for node in thread.nodes]
    assert found == expected and any(not t.isascii() for t in expected)
