"""The WordPress export (WXR) reader: posts and pages as threads, nested comments, spam."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from explorer.errors import ExplorerError
from explorer.formats import parse_text, read_paths, wordpress
from tests.paths import FORMATS

WXR = FORMATS / "wordpress.xml"


def test_posts_and_pages_become_threads_with_nested_comments():
    post, page = read_paths([str(WXR)])
    assert (post.id, post.title, post.url) == (
        "42", "Should the high street go car-free?",
        "https://streets.example.org/2024/03/01/car-free-high-street/",
    )
    assert [(n.label, n.kind, n.parent, n.author) for n in post.nodes] == [
        ("post", "post", None, "mira"),
        ("301", "comment", None, "Tomás Ruiz"),
        ("302", "comment", "42/301", "Mira Okafor"),
        ("305", "comment", "42/302", "Tomás Ruiz"),
        ("303", "comment", None, "Anonymous"),
        ("306", "comment", None, "Cycling Weekly Digest"),
    ]
    assert all(node.stated for node in post.nodes)
    assert post.nodes[0].text == (
        "The council consults on closing the high street to cars & vans from May.\n\n"
        "What would it mean for you?"
    )
    assert post.nodes[1].text == (
        "Yes, please. Deliveries could use the back lanes before 10am.\n\n"
        "Our street did it in 2019 and trade went up."
    )
    assert post.nodes[2].published == datetime(2024, 3, 1, 11, 2, tzinfo=UTC)
    assert post.problems == ("comments marked spam not read: 1",)
    # Attachments and drafts without comments are not threads; a published page is.
    assert (page.id, page.title, len(page.nodes)) == ("2", "About", 1)


def test_comment_meta_keeps_type_and_status_but_no_private_fields():
    post = read_paths([str(WXR)])[0]
    pingback = dict(post.nodes[-1].meta)
    assert pingback == {
        "comment_approved": "1", "comment_author_url": "https://digest.example/2024/03/roundup/",
        "comment_id": "306", "comment_type": "pingback",
    }
    values = {str(value) for node in post.nodes for _, value in node.meta}
    assert not any("@" in value or value.startswith("203.0.113") for value in values)


def test_local_time_is_used_when_the_gmt_time_is_zeros():
    text = WXR.read_text(encoding="utf-8").replace(
        "<wp:comment_date><![CDATA[2024-03-01 10:15:00]]></wp:comment_date>\n"
        "\t\t\t<wp:comment_date_gmt><![CDATA[2024-03-01 10:15:00]]>",
        "<wp:comment_date><![CDATA[2024-03-01 11:15:00]]></wp:comment_date>\n"
        "\t\t\t<wp:comment_date_gmt><![CDATA[0000-00-00 00:00:00]]>",
    )
    post = parse_text(text, "wp.xml")[0]
    # The site's local time, without a zone, is taken as UTC like the thread's other times.
    assert post.nodes[1].published == datetime(2024, 3, 1, 11, 15, tzinfo=UTC)


def test_sniffed_apart_from_other_xml():
    text = WXR.read_text(encoding="utf-8")
    assert wordpress.sniff(text)
    assert not wordpress.sniff('<rss version="2.0"><channel><title>x</title></channel></rss>')
    assert parse_text(text, "wp.xml")[0].id == "42"


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (("<wp:post_id>42</wp:post_id>", ""), "item 1: no wp:post_id"),
        (("<wp:comment_id>302</wp:comment_id>", ""), "item 1: post 42: a comment without"),
        (("_gmt><![CDATA[2024-03-01 11:02:00]", "_gmt><![CDATA[tomorrow]"),
         "item 1: comment 302: not a time"),
        (("</channel>", ""), "invalid XML: mismatched tag"),
        (('xmlns:wp="http://wordpress.org/export/1.2/"', 'xmlns:wp="http://example.org/wp/"'),
         "^wp.xml: no WordPress export elements"),
    ],
)
def test_malformed_exports_give_one_line(replace, message):
    text = WXR.read_text(encoding="utf-8").replace(*replace, 1)
    with pytest.raises(ExplorerError, match=message) as caught:
        parse_text(text, "wp.xml", format="wordpress")
    assert "\n" not in str(caught.value)
