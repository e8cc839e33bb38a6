"""Stack Exchange dumps: one thread per question, streamed, files in any order."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import parse_text, read_paths, stackexchange
from tests.paths import DATA

REAL = DATA / "real"
SAMPLES = DATA / "samples"

SITE = REAL / "stackexchange" / "music.meta"

HANDMADE = SAMPLES / "stackexchange"
POSTS, COMMENTS, USERS = (
    (HANDMADE / name).read_text(encoding="utf-8")
    for name in ("Posts.xml", "Comments.xml", "Users.xml")
)


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "music.example"
    folder.mkdir()
    (folder / "Posts.xml").write_text(POSTS, encoding="utf-8")
    (folder / "Comments.xml").write_text(COMMENTS, encoding="utf-8")
    (folder / "Users.xml").write_text(USERS, encoding="utf-8")
    (folder / "Badges.xml").write_text("<badges>\n</badges>\n", encoding="utf-8")
    return folder


def test_a_site_folder_gives_one_thread_per_question(site):
    first, second, orphan = read_paths([str(site)])
    assert (first.id, first.title, first.platform) == ("1", "Tuning a lute", "stackexchange")
    assert [(n.label, n.kind, n.parent, n.author) for n in first.nodes] == [
        ("1", "post", None, "Lutenist"),
        ("c11", "comment", None, "visitor"),  # under the question, which is the post
        ("4", "comment", None, "gone user"),  # by date: 10:30 before 11:00
        ("3", "comment", None, "Tuner Fan"),
        ("c10", "comment", "1/3", "Lutenist"),
    ]
    assert all(node.stated for node in first.nodes)
    assert first.nodes[0].text == "How do I tune a lute?"
    assert first.nodes[4].text == "Which tuner? <b> is literal here"  # comments are plain
    assert first.nodes[3].published == datetime(2020, 1, 1, 11, tzinfo=UTC)
    assert dict(first.nodes[3].meta) == {"post_id": "3", "post_type": "answer", "score": 5}
    assert [n.label for n in second.nodes] == ["5"]
    # A comment on a post the dump lacks keeps its stated parent: reported, not guessed.
    assert orphan.id == "99" and "not in the input" in orphan.problems[0]


def test_files_in_any_order_and_compressed_are_one_site(site, tmp_path):
    users = tmp_path / "Users.xml.gz"
    users.write_bytes(gzip.compress(USERS.encode()))
    order = [site / "Comments.xml", users, site / "Posts.xml"]
    threads = read_paths([str(path) for path in order])
    assert sorted(t.id for t in threads) == ["1", "5", "99"]
    first = next(t for t in threads if t.id == "1")
    assert len(first.nodes) == 5 and first.nodes[0].author == "Lutenist"


def test_real_dump_counts_match_the_rows(site):
    raw = (SITE / "Posts.xml").read_text(encoding="utf-8")
    questions = len(re.findall(r'PostTypeId="1"', raw))
    answers = len(re.findall(r'PostTypeId="2"', raw))
    threads = read_paths([str(SITE)])
    assert len(threads) == questions == 12
    assert sum(len(t.nodes) for t in threads) == questions + answers == 57
    assert all(t.nodes[0].kind == "post" and not t.problems for t in threads)
    named = sum(1 for t in threads for n in t.nodes if n.author)
    users = set(re.findall(r'<row Id="(\d+)"', (SITE / "Users.xml").read_text("utf-8")))
    rows = re.findall(r"<row [^\n]*/>", raw)
    owned = [re.search(r'OwnerUserId="(\d+)"', row) for row in rows]
    assert named == sum(
        1 for row, owner in zip(rows, owned, strict=True)
        if (owner and owner.group(1) in users) or 'OwnerDisplayName="' in row
    )


def test_sniffing_and_text_parse():
    assert stackexchange.sniff(POSTS) and stackexchange.sniff(COMMENTS)
    assert not stackexchange.sniff("<rss><channel></channel></rss>")
    threads = parse_text(POSTS)
    assert [t.id for t in threads] == ["1", "5"]


def test_broken_dump_is_one_error_line(tmp_path):
    path = tmp_path / "Posts.xml"
    path.write_text(POSTS[:300], encoding="utf-8")
    with pytest.raises(ExplorerError, match=r"line \d+, column \d+: invalid XML"):
        read_paths([str(path)])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "Id": st.text(alphabet="12ab", max_size=2), "PostTypeId": st.sampled_from(["1", "2", "x"]),
    "ParentId": st.text(alphabet="12", max_size=1),
    "CreationDate": st.text(alphabet="20-T:1", max_size=8),
    "Body": st.text(alphabet="<>&ab ", max_size=10),
}), max_size=5))
def test_any_rows_read_or_fail_in_one_line(rows):
    from xml.sax.saxutils import quoteattr

    body = "".join(
        "<row " + " ".join(f"{k}={quoteattr(v)}" for k, v in row.items()) + " />\n"
        for row in rows
    )
    try:
        parse_text(f"<posts>\n{body}</posts>", format="stackexchange")
    except ExplorerError as err:
        assert "\n" not in str(err)
