"""The Disqus XML export reader: threads by dsq:id, nested posts, spam and deleted posts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from explorer.errors import ExplorerError
from explorer.formats import disqus, parse_text, read_paths
from tests.paths import FORMATS

EXPORT = FORMATS / "disqus.xml"


def test_threads_hold_their_posts_nested_by_parent():
    first, second = read_paths([str(EXPORT)])
    assert (first.id, first.title, first.url) == (
        "9102345001", "Should the high street go car-free?",
        "https://streets.example.org/2024/03/01/car-free-high-street/",
    )
    assert [(n.label, n.parent, n.author) for n in first.nodes] == [
        ("6201000001", None, "Tomás Ruiz"),
        ("6201000002", "9102345001/6201000001", "Mira Okafor"),
        ("6201000006", "9102345001/6201000002", "Tomás Ruiz"),
        ("6201000003", None, "Guest"),
        ("6201000005", "9102345001/6201000003", "Ben"),
        ("6201000004", None, "Watches"),
    ]
    assert all(node.kind == "comment" and node.stated for node in first.nodes)
    assert first.nodes[1].text == "@tomasruiz which street? I'd love to hear more."
    assert first.nodes[0].published == datetime(2024, 3, 1, 10, 15, 44, tzinfo=UTC)
    assert first.published == datetime(2024, 3, 1, 9, 0, 12, tzinfo=UTC)
    assert first.problems == ("posts marked spam: 1 (kept, is_spam in meta)",)
    spam = first.nodes[-1]
    assert (spam.text, dict(spam.meta)["is_spam"]) == ("Cheap watches here", True)
    assert [n.text for n in second.nodes] == ["Nice to meet you, Mira!"]


def test_deleted_posts_stay_and_meta_has_no_private_fields():
    first = read_paths([str(EXPORT)])[0]
    deleted = first.nodes[-2]
    assert deleted.text == "[deleted]"
    assert dict(deleted.meta) == {"dsq_id": "6201000005", "is_deleted": True,
                                  "is_spam": False, "username": "ben_k"}
    values = {str(value) for node in first.nodes for _, value in node.meta}
    assert not any("@" in value or value.startswith("192.0.2") for value in values)


def test_a_thread_message_becomes_the_post():
    text = EXPORT.read_text(encoding="utf-8").replace(
        "<message />", "<message><![CDATA[<p>The council consults.</p>]]></message>", 1
    )
    first = parse_text(text, "d.xml")[0]
    assert (first.nodes[0].kind, first.nodes[0].text) == ("post", "The council consults.")
    assert first.nodes[1].parent is None and first.nodes[1].stated


def test_posts_of_a_thread_not_in_the_file_are_kept_and_reported():
    text = EXPORT.read_text(encoding="utf-8").replace(
        '<thread dsq:id="9102345002" />', '<thread dsq:id="777" />'
    )
    threads = parse_text(text, "d.xml")
    assert [t.id for t in threads] == ["9102345001", "777"]
    assert threads[1].problems == ("thread 777 is not in the file",)


def test_sniff():
    assert disqus.sniff(EXPORT.read_text(encoding="utf-8"))
    assert not disqus.sniff('<rss version="2.0"><channel/></rss>')


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (('<post dsq:id="6201000002">', "<post>"), "post 2: no dsq:id"),
        (("2024-03-01T11:02:03Z", "soon"), "post 2: not a time"),
        (("2024-01-02T18:30:00Z", "99999999999999999999"), "thread 9102345002: time out of range"),
        (("<disqus ", "<disqusx "), "invalid XML"),
    ],
)
def test_malformed_exports_give_one_line(replace, message):
    text = EXPORT.read_text(encoding="utf-8").replace(*replace, 1)
    with pytest.raises(ExplorerError, match=message) as caught:
        parse_text(text, "d.xml", format="disqus")
    assert "\n" not in str(caught.value)
