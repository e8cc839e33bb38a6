"""Decoding file bytes and reading the dates pages print."""

from __future__ import annotations

from datetime import datetime

import pytest

from explorer.errors import ExplorerError
from explorer.text import decode_bytes, parse_datetime, split_trailing_datetime


@pytest.mark.parametrize(
    ("data", "text", "warning"),
    [
        ("héllo ReplyDelete".encode(), "héllo ReplyDelete", None),
        (b"\xef\xbb\xbfbom", "bom", None),
        ("utf-16 text".encode("utf-16"), "utf-16 text", None),
    ],
)
def test_decodes_utf_and_boms(data, text, warning):
    assert decode_bytes(data) == (text, warning)


def test_non_utf8_is_decoded_and_named():
    data = ("Le café était très fermé, déjà. " * 20).encode("cp1252")
    text, warning = decode_bytes(data, "f.txt")
    assert text.startswith("Le café") and warning.startswith("not UTF-8; decoded as ")


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty file"), (b" \n\t", "empty file"), (b"ab\x00cd", "binary file")],
)
def test_bad_bytes_raise(data, message):
    with pytest.raises(ExplorerError, match=message):
        decode_bytes(data, "x")


@pytest.mark.parametrize(
    ("line", "author", "moment"),
    [
        (
            "Completely Ridiculous Chaos7 July 2015 at 22:26",
            "Completely Ridiculous Chaos",
            datetime(2015, 7, 7, 22, 26),
        ),
        ("Agent99 July 2015 at 10:00", "Agent9", datetime(2015, 7, 9, 10, 0)),
        ("Fred20003 July 2015 at 10:00", "Fred2000", datetime(2015, 7, 3, 10, 0)),
        ("BobJuly 7, 2015 at 10:26 PM", "Bob", datetime(2015, 7, 7, 22, 26)),
        ("Marie7 juillet 2015 à 22:26", "Marie", datetime(2015, 7, 7, 22, 26)),
        ("Hans7. Juli 2015 um 09:05", "Hans", datetime(2015, 7, 7, 9, 5)),
    ],
)
def test_comment_headers_split_into_author_and_time(line, author, moment):
    assert split_trailing_datetime(line)[0] == (author, moment)


@pytest.mark.parametrize(
    "line", ["just text", "We met on 7 July 2015", "x" * 300 + "7 July 2015 at 22:26"]
)
def test_lines_that_are_not_headers(line):
    assert split_trailing_datetime(line) == []


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("Wednesday 2 March 2011", datetime(2011, 3, 2)),
        ("Thursday, 4 February 2021", datetime(2021, 2, 4)),
        ("July 2, 2019", datetime(2019, 7, 2)),
        ("2019-07-02", datetime(2019, 7, 2)),
        ("A Risky Strategy", None),
        ("31 February 2020", None),
    ],
)
def test_page_dates(text, moment):
    assert parse_datetime(text) == moment
