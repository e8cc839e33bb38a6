"""Disqus' import file: WXR items named by dsq:thread_identifier, comments nested."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import disqus_import, parse_text, read_paths, wordpress
from tests.paths import DATA

IMPORT = DATA / "samples" / "disqus-import.xml"


def test_each_page_is_a_thread_with_its_comments_nested():
    raw = IMPORT.read_text(encoding="utf-8")
    tram, contact = read_paths([str(IMPORT)])
    # Counted another way: every <wp:comment> of the file is one node, beside each post.
    assert len(tram.nodes) + len(contact.nodes) == raw.count("<wp:comment>") + 2
    assert (tram.id, tram.title, tram.url) == (
        "post-tramway", "Le tramway revient", "https://blog.example.fr/2019/tramway"
    )
    assert [(n.label, n.parent, n.author) for n in tram.nodes] == [
        ("post", None, None), ("11", None, "Claire"),
        ("12", "post-tramway/11", "Anonyme"), ("13", None, "Anonyme"),
    ]
    post, first, reply, pending = tram.nodes
    assert post.text == "Le tramway revient en ville.\n\n[embed: https://video.example/embed/42]"
    assert reply.text == "> Enfin !\n\nPas si vite."
    assert first.published == datetime(2019, 5, 2, 9, 10, tzinfo=UTC)
    assert dict(pending.meta)["comment_approved"] == "0"
    # Private fields are not read: no e-mail, no IP address, no sign-on id.
    values = " ".join(str(value) for node in tram.nodes for _, value in node.meta)
    assert not re.search(r"@|192\.0\.2|sso-17", values)


def test_sniffing_tells_it_from_a_wordpress_export():
    raw = IMPORT.read_text(encoding="utf-8")
    assert disqus_import.sniff(raw)
    wxr = (DATA / "formats" / "wordpress.xml").read_text(
        encoding="utf-8")
    assert not disqus_import.sniff(wxr) and wordpress.sniff(wxr)


def test_an_item_without_identifier_or_link_is_one_error_line():
    raw = IMPORT.read_text(encoding="utf-8")
    broken = re.sub(r"<dsq:thread_identifier>post-tramway</dsq:thread_identifier>\s*", "", raw)
    broken = broken.replace("<link>https://blog.example.fr/2019/tramway</link>", "")
    with pytest.raises(ExplorerError, match="item 1: no dsq:thread_identifier or link"):
        parse_text(broken, "import.xml")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="<>/abcdefgpqrstuvwxyz:_ 0123\"=", max_size=120))
def test_damaged_items_read_or_fail_in_one_line(tail):
    raw = IMPORT.read_text(encoding="utf-8")
    cut = raw[: raw.index("<wp:comment>")] + tail
    try:
        parse_text(cut, format="disqus-import")
    except ExplorerError as err:
        assert "\n" not in str(err)
