"""Data never reaches the terminal raw: escapes in tables and warnings, exact text in JSON/CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.output import first_words

ESC = "\x1b"
# A title that retitles the terminal, a body that clears it, an author that recolours it.
PAGE = (
    "Tuesday 7 July 2015\n\nTitle\x1b]0;pwned\x07\n\nPost about \x1b[2Jclearing.\n\n2 comments:\n\n"
    "  1. Evil \x1b[31m red \u202eevil\n\n    ReplyDelete\n"
    "  2. jane\x1b[31m7 July 2015 at 22:26\n\n    hi\n\n    ReplyDelete\n"
)


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [("comments",), ("replies",), ("quotes",), ("stats", "--by", "comment"),
     ("stats", "--by", "author")],
)
def test_tables_show_control_characters_escaped(run, page, args):
    result = run(*args[:1], page, *args[1:])
    assert result.exit_code == 0, result.stderr
    for stream in (result.stdout, result.stderr):
        assert ESC not in stream and "\x07" not in stream and "\u202e" not in stream


def test_comments_table_names_the_escapes(run, page):
    out = run("comments", page).stdout
    assert "jane\\x1b[31m" in out and "Evil \\x1b[31m red \\u202eevil" in out


def test_json_and_csv_keep_the_text_exact(run, page):
    thread = json.loads(run("comments", page, "--format", "json").stdout)["threads"][0]
    assert [(node["text"], node["author"]) for node in thread["nodes"][1:]] == [
        ("Evil \x1b[31m red \u202eevil", None),
        ("hi", "jane\x1b[31m"),
    ]
    rows = list(csv.DictReader(io.StringIO(run("stats", page, "--format", "csv").stdout)))
    assert rows[0]["title"] == "Title\x1b]0;pwned\x07"


def test_warnings_and_errors_show_control_characters_escaped(run, tmp_path):
    warned = tmp_path / "warned.txt"
    warned.write_text("1 comment:\nThe \x1b[31mred\nAnonymous said...\nhi\n", encoding="utf-8")
    bad = tmp_path / "bad\x1b[31m.json"
    bad.write_text("{", encoding="utf-8")
    result = run("stats", warned, bad)
    assert result.exit_code == 1
    assert ESC not in result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("Warning: ") and "The \\x1b[31mred" in line for line in lines)
    assert any(line.startswith("Error: ") and "bad\\x1b[31m.json" in line for line in lines)


INVISIBLE = "zero\u200bwidth\u200djoin\u2060word\ufeffbom\U000e0041\U000e0042tags"


def test_tables_escape_invisible_characters_and_json_keeps_them(run, tmp_path):
    path = tmp_path / "hidden.csv"
    path.write_text(f"id,parent_id,author,text\n1,,{INVISIBLE},{INVISIBLE}\n", encoding="utf-8")
    table = run("comments", path).stdout
    assert "zero\\u200bwidth\\u200djoin\\u2060word\\ufeffbom\\U000e0041\\U000e0042tags" in table
    assert not any(char in table for char in "\u200b\u200d\u2060\ufeff\U000e0041")
    [node] = json.loads(run("comments", path, "--format", "json").stdout)["threads"][0]["nodes"]
    assert node["text"] == node["author"] == INVISIBLE


def test_a_megabyte_word_is_cut_in_tables_and_whole_in_json_and_csv(run, tmp_path):
    word = "w" * 1_000_000
    path = tmp_path / "long.csv"
    path.write_text(f"id,parent_id,author,text\n1,,{word},{word} end\n", encoding="utf-8")
    for args in (("comments",), ("stats", "--by", "author")):
        out = run(*args[:1], path, *args[1:]).stdout
        assert len(out) < 5000 and "w" * 199 + "…" in out
    [node] = json.loads(run("comments", path, "--format", "json").stdout)["threads"][0]["nodes"]
    assert node["text"] == f"{word} end" and node["author"] == word
    rows = list(csv.DictReader(io.StringIO(run("stats", path, "--by", "author",
                                               "--format", "csv").stdout)))
    assert rows[0]["author"] == word


# Runs of at most eight characters hold at most eight words: cut where spaces are, as ever.
@given(st.lists(st.text(alphabet="abcdefghij,.'", min_size=1, max_size=8), max_size=20))
def test_first_words_of_spaced_text_are_what_stands_between_spaces(chunks):
    text = " ".join(chunks)
    words = text.split()
    assert first_words(text) == " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def test_first_words_count_the_words_of_a_script_without_spaces():
    # 16 characters, each a word: a table shows the first eight, not the whole sentence.
    assert first_words("子曰学而时习之不亦说乎有朋自远方来") == "子曰学而时习之不 …"
    assert first_words("我们 今天去公园散步然后回家") == "我们 今天去公园散步 …"
    assert first_words("学而时习之") == "学而时习之"
