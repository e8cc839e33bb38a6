"""The stats tables as DataFrames and through `explorer stats`: types, missing values, formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pandas as pd
import pytest
from click.testing import CliRunner

from explorer.cli import cli
from explorer.formats import interchange, read_paths
from explorer.output import write_rows
from explorer.stats import (
    AUTHOR_COLUMNS,
    COMMENT_COLUMNS,
    THREAD_COLUMNS,
    author_stats,
    comment_stats,
    stats_rows,
    stats_table,
    thread_stats,
)
from tests.handmade import bare_thread, handmade_thread
from tests.paths import FORMATS, ROOT, SEEDS


@pytest.fixture
def handmade_json(tmp_path):
    path = tmp_path / "threads.json"
    path.write_text(interchange.write([handmade_thread(), bare_thread()]), encoding="utf-8")
    return str(path)


def test_thread_table_has_one_typed_row_per_thread():
    frame = thread_stats([handmade_thread(), bare_thread()])
    assert list(frame.columns) == list(THREAD_COLUMNS)
    assert list(frame["thread"]) == ["hm", "bare"]
    assert str(frame["comments"].dtype) == "Int64"
    assert str(frame["gini"].dtype) == "Float64"
    assert str(frame["first_time"].dtype).startswith("datetime64")
    hand = frame.iloc[0]
    assert hand["structural_virality"] == pytest.approx(8 / 3)
    # naive times are read as UTC
    assert hand["first_time"] == pd.Timestamp("2024-05-01 10:00", tz="UTC")


def test_missing_values_stay_missing():
    bare = thread_stats(bare_thread()).iloc[0]
    for column in ("span_hours", "reply_latency_median_hours", "gini", "reciprocity",
                   "owner_share", "first_time"):
        assert pd.isna(bare[column]), column
    assert bare["comments"] == 2 and bare["quoted_word_share"] == 0.0


def test_author_and_comment_tables():
    authors = author_stats(handmade_thread())
    assert list(authors.columns) == list(AUTHOR_COLUMNS)
    assert list(authors["author"].fillna("?")) == ["Ann", "Bob", "?", "Jim"]
    assert list(authors["comments"]) == [2, 1, 1, 2]
    comments = comment_stats([handmade_thread(), bare_thread()])
    assert list(comments.columns) == list(COMMENT_COLUMNS)
    assert len(comments) == 8
    assert list(comments["first_reply_hours"].head(6).fillna(-1)) == [2.0, -1, -1, 1.0, 3.0, -1]


def test_rows_hold_the_frames_values_without_pandas():
    threads = [handmade_thread(), bare_thread()]
    for by, columns in (("thread", THREAD_COLUMNS), ("comment", COMMENT_COLUMNS)):
        frame = stats_table(threads, by)
        rows = [row for thread in threads for row in stats_rows(thread, by)]
        assert len(rows) == len(frame)
        for row, (_, expected) in zip(rows, frame.iterrows(), strict=True):
            for value, column in zip(row, columns, strict=True):
                assert (value is None) == pd.isna(expected[column]), column
                if value is not None:
                    assert value == expected[column], column
    hand = dict(zip(THREAD_COLUMNS, stats_rows(handmade_thread())[0], strict=True))
    assert type(hand["comments"]) is int and type(hand["gini"]) is float
    assert hand["first_time"].utcoffset() == timedelta(0)


def test_rows_csv_json_markdown_show_missing_as_missing():
    headers = list(THREAD_COLUMNS)
    rows = [stats_rows(handmade_thread())[0], stats_rows(bare_thread())[0]]

    def written(format):
        out = io.StringIO()
        write_rows(rows, headers, format, out)
        return out.getvalue()

    table = written("table").splitlines()
    assert table[0].split()[:2] == ["thread", "comments"]
    assert "2.667" in table[1].split() and "2024-05-01 10:00" in table[1]
    assert table[2].split()[0] == "bare" and "-" in table[2].split()
    records = list(csv.DictReader(io.StringIO(written("csv"))))
    assert records[1]["gini"] == "" and records[1]["comments"] == "2"
    assert records[0]["first_time"] == "2024-05-01T10:00:00+00:00"
    parsed = json.loads(written("json"))
    assert parsed[1]["gini"] is None and parsed[0]["comments"] == 6
    assert parsed[0]["first_time"] == "2024-05-01T10:00:00+00:00"
    markdown = written("markdown").splitlines()
    assert markdown[0].startswith("| thread | comments |")
    assert len(markdown) == 4 and markdown[3].startswith("| bare | 2 |")


def test_cli_stats_prints_one_row_per_seed(run):
    result = run("stats", str(SEEDS))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["thread", "comments", "top_level"]
    assert [line[:3] for line in lines[1:]] == ["000", "001", "002", "003", "004"]


def test_cli_stats_formats(run, handmade_json):
    csv_out = run("stats", handmade_json, "--format", "csv").stdout
    assert float(list(csv.DictReader(io.StringIO(csv_out)))[0]["gini"]) == pytest.approx(2 / 15)
    records = json.loads(run("stats", handmade_json, "--format", "json").stdout)
    assert [r["thread"] for r in records] == ["hm", "bare"]
    table = run("stats", handmade_json).stdout.splitlines()
    bare_row = table[2].split()
    assert bare_row[0] == "bare" and "-" in bare_row  # missing shown as '-'
    markdown = run("stats", handmade_json, "--format", "markdown").stdout
    assert markdown.startswith("| thread |")


@pytest.mark.parametrize(("by", "rows"), [("author", 5), ("comment", 8)])
def test_cli_stats_by(run, handmade_json, by, rows):
    result = run("stats", handmade_json, "--by", by, "--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == rows  # 4 + 1 author rows; 6 + 2 comments


def test_cli_stats_reports_a_bad_input_and_still_runs_the_good(run, handmade_json, tmp_path):
    missing = str(tmp_path / "missing.txt")
    result = run("stats", missing, handmade_json)
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr
    assert len(result.stdout.splitlines()) == 3


def test_cli_stats_rejects_an_unknown_table(run):
    result = run("stats", str(SEEDS), "--by", "word")
    assert result.exit_code == 2 and "Invalid value for '--by'" in result.stderr


def test_every_column_is_defined_in_the_docs():
    docs = (ROOT / "docs" / "metrics.md").read_text()
    for columns in (THREAD_COLUMNS, AUTHOR_COLUMNS, COMMENT_COLUMNS):
        for column in columns:
            assert f"| `{column}` |" in docs, column


def test_times_with_and_without_zones_share_one_utc_column():
    from datetime import datetime, timedelta, timezone

    from explorer.model import Node, Thread

    def thread(tid, moment):
        return Thread(id=tid, nodes=(
            Node(f"{tid}/post", "post", 0, "post", "p"),
            Node(f"{tid}/1", "comment", 1, "1", "w", published=moment),
        ))

    aware = datetime(2024, 5, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    frame = thread_stats([thread("a", aware), thread("b", datetime(2024, 5, 1, 12))])
    # 12:00+02:00 is 10:00 UTC; the naive 12:00 is taken as UTC
    assert list(frame["first_time"].dt.hour) == [10, 12]


def test_cli_stats_fields_choose_and_order_the_columns(run, handmade_json):
    result = run("stats", handmade_json, "--fields", "gini,thread", "--format", "csv")
    assert result.stdout.splitlines()[0] == "gini,thread"
    assert result.stdout.splitlines()[1].endswith(",hm")
    bad = CliRunner().invoke(cli, ["stats", handmade_json, "--fields", "thread,nope"])
    assert bad.exit_code == 2 and "no column nope; columns: thread, comments" in bad.stderr


def test_comment_table_shows_each_sources_own_fields(run):
    result = run("stats", "--by", "comment", "--format", "json",
                 str(FORMATS / "hn_wrapped.json"), str(FORMATS / "comments.csv"))
    assert result.exit_code == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    meta = {node: json.loads(row["meta"]) if row["meta"] else {} for node, row in rows.items()}
    assert meta["8863/9224"]["id"] == 9224 and meta["8863/9224"]["type"] == "comment"
    assert meta["8863/8917"]["deleted"] is True
    assert "deleted" not in meta["8863/9224"]  # only the deleted comment says so
    assert "id" not in meta["t1/c1"]  # a table's own columns are its roles here
    frame = comment_stats(read_paths([str(FORMATS / "hn_wrapped.json")]))
    assert list(frame.columns) == list(COMMENT_COLUMNS)
    assert json.loads(frame.set_index("id").loc["8863/9224", "meta"])["type"] == "comment"


def test_cli_stats_rejects_a_bad_field_before_reading_any_input(run, tmp_path):
    missing = tmp_path / "missing.txt"
    result = run("stats", str(missing), "--fields", "thread,nope")
    assert result.exit_code == 2 and "no column nope" in result.stderr
    assert "missing.txt" not in result.stderr  # the inputs were never read
