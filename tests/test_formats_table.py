"""The comment-table reader: CSV, TSV, JSON and JSON Lines, column mapping, errors."""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from textwrap import dedent
from unittest.mock import patch

import pyarrow
import pyarrow.parquet
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import (
    compression,
    jsonstream,
    parse_text,
    read_paths,
    spill,
    table,
    tablecolumns,
)
from explorer.formats.records import parse_time
from tests.paths import FORMATS as DATA
from tests.paths import REAL

MISSING = "each hangs under a stand-in for its parent (missing:<id>)"


def by_id(thread):
    return {node.id: node for node in thread.nodes}


def test_csv_threads_posts_parents_authors_and_times():
    threads = read_paths([str(DATA / "comments.csv")])
    assert [t.id for t in threads] == ["t1", "u2"]
    first, second = threads
    assert first.title == "Car-free centres"
    assert len(first.comments) == 4
    assert [n.id for n in first.nodes] == ["t1/t1", "t1/c1", "t1/c2", "t1/c3", "t1/c4"]
    nodes = by_id(first)
    assert nodes["t1/t1"].kind == "post" and nodes["t1/t1"].parent is None
    assert nodes["t1/c1"].parent is None  # answering the post is top level
    assert nodes["t1/c2"].parent == "t1/c1"
    assert nodes["t1/c2"].author is None and nodes["t1/c2"].text == "[deleted]"
    assert nodes["t1/c3"].author == "Zoë Ångström"
    assert nodes["t1/c3"].text == (
        'Not so sure.\nDeliveries still need access — and "last mile" vans.'
    )
    assert nodes["t1/c1"].text == "Yes. Oslo did it & shops did fine."
    assert nodes["t1/c1"].published == datetime(2024, 3, 1, 9, 15, tzinfo=UTC)
    # Unix seconds in the same column as ISO times.
    assert nodes["t1/c4"].published == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert [n.position for n in first.nodes] == list(range(5))
    # A thread without a post row: every node a comment, HTML turned into paragraphs.
    assert [n.kind for n in second.nodes] == ["comment", "comment"]
    assert by_id(second)["u2/u2"].text == "First paragraph.\n\nSecond\u00a0one <3"
    assert by_id(second)["u2/u2"].published == datetime(2024, 3, 2, 10, 5)
    assert not first.problems and not second.problems


def test_tsv_json_and_jsonl():
    tsv = read_paths([str(DATA / "comments.tsv")])[0]
    assert [(n.id, n.parent) for n in tsv.nodes] == [
        ("t1/t1", None), ("t1/c1", None), ("t1/c2", "t1/c1")
    ]
    array = read_paths([str(DATA / "comments.json")])[0]
    assert array.id == "1" and array.title == "Numbers as ids"
    assert [(n.id, n.kind, n.parent, n.author) for n in array.nodes] == [
        ("1/1", "post", None, "alice"), ("1/2", "comment", None, "bob"),
        ("1/3", "comment", "1/2", None),
    ]
    assert array.nodes[2].text == "Café é unicode — ok"
    assert array.nodes[0].published == datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=1)))
    lines = read_paths([str(DATA / "comments.jsonl")])
    assert [t.id for t in lines] == ["x", "y"]
    x, y = lines
    assert [(n.label, n.parent) for n in x.nodes] == [
        ("a", None), ("b", "x/a"), ("missing:zz", None), ("c", "x/missing:zz")
    ]
    assert x.problems == (
        f"replies to messages not in the input: 1 (zz); {MISSING}",
    )
    assert y.nodes[0].published == datetime.fromtimestamp(1700000180, UTC)


def test_common_names_are_recognised_and_columns_map_the_rest():
    path = str(DATA / "custom_columns.csv")
    plain = read_paths([path])[0]
    assert plain.id == "custom_columns"
    assert [(n.label, n.parent, n.author) for n in plain.nodes] == [
        ("1", None, "ann"), ("2", "custom_columns/1", "ben"), ("3", "custom_columns/2", "ann")
    ]
    assert all(n.published is None for n in plain.nodes)
    columns = tablecolumns.parse_columns("thread_id=discussion, time=posted,id=comment_id")
    mapped = read_paths([path], columns=columns)[0]
    assert mapped.id == "d1"
    assert mapped.nodes[2].published == datetime(2024, 5, 1, 13, 0)
    assert mapped.nodes[2].parent == "d1/2"


def test_columns_errors():
    with pytest.raises(ExplorerError, match="unknown name 'colour'"):
        tablecolumns.parse_columns("colour=red")
    with pytest.raises(ExplorerError, match="expected NAME=COLUMN"):
        tablecolumns.parse_columns("id")
    with pytest.raises(ExplorerError, match="column 'nope' \\(for text\\) not found"):
        parse_text("a,b\n1,2\n", "t.csv", columns={"text": "nope"})
    with pytest.raises(ExplorerError, match="apply to the table format"):
        parse_text("a,b\n1,2\n", "t.csv", format="reddit", columns={"text": "b"})


@pytest.mark.parametrize(
    "content, message",
    [
        ('id,parent_id,text\n1,,"unclosed\n', "line 2: unexpected end of data"),
        ("id,parent_id,text\n1,,a,extra\n", "line 2: expected 3 fields, found 4"),
        ('[{"id": 1, "parent_id": null, "text": "a"},]', "line 1, column 44: invalid JSON"),
        ('{"id": 1, "parent_id": null, "text": "a"}\n{"id": 2,\n', "line 2, column 11"),
    ],
)
def test_malformed_tables_give_one_line_with_the_position(content, message):
    with pytest.raises(ExplorerError) as caught:
        parse_text(content, "bad.csv", format="table")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "content, message",
    [
        ('[{"id": "1", "text": "a"}, 5, {"id": "2", "text": "b"}]',
         "record 2: expected an object, got 5"),
        # A syntax error after the record that is no object is the error, as when parsed whole.
        ('[{"id": "1", "text": "a"}, 5, {"id": ', "line 1, column 38: invalid JSON"),
    ],
)
def test_a_json_table_read_in_pieces_refuses_as_one_read_whole(run, tmp_path, content,
                                                               message):
    path = tmp_path / "records.json"
    path.write_text(content)
    streamed = run("stats", path, "--input-format", "table")
    assert streamed.exit_code == 1
    assert streamed.stderr.startswith(f"Error: {path}: {message}")
    assert streamed.stderr.count("\n") == 1
    with pytest.raises(ExplorerError, match=message):
        parse_text(content, "records.json", format="table")


def test_sniffing_leaves_other_formats_alone():
    assert table.sniff("id,parent_id,thread_id,author,time,text\n")
    assert table.sniff('[{"id": 1, "parent_id": null, "text": "x"}]')
    assert not table.sniff("Just a blog page\n\n3 comments:\n")
    assert not table.sniff('{"schema": "explorer-thread/1", "threads": []}')


def test_parse_time_forms():
    assert parse_time("1709287200") == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert parse_time(1709287200000) == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert parse_time("2024-03-01T10:00:00Z") == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert parse_time("Fri, 01 Mar 2024 10:00:00 +0000") == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert parse_time("") is None
    with pytest.raises(ValueError):
        parse_time("soon")


def test_json_records_may_leave_out_null_keys():
    text = (
        '[{"id": 1, "thread_id": 1, "text": "post"},'
        ' {"id": 2, "parent_id": 1, "thread_id": 1, "text": "reply"},'
        ' {"id": 3, "parent_id": 2, "thread_id": 1}]'
    )
    [thread] = parse_text(text)
    assert [(n.id, n.kind, n.parent, n.text) for n in thread.nodes] == [
        ("1/1", "post", None, "post"), ("1/2", "comment", None, "reply"),
        ("1/3", "comment", "1/2", ""),
    ]
    with pytest.raises(ExplorerError, match="no text column \\(found: id, words, extra\\)"):
        parse_text('[{"id": 1, "words": "x"}, {"id": 2, "extra": 1}]', format="table")


@pytest.mark.slow
def test_parquet_list_archive_is_read_without_columns():
    threads = read_paths([str(REAL / "tables" / "r-sig-debian.parquet")])
    nodes = [node for thread in threads for node in thread.nodes if node.kind != "missing"]
    assert (len(threads), len(nodes)) == (1076, 3656)
    assert sum(node.parent is not None and "/missing:" not in node.parent for node in nodes) == 2498
    assert threads[0].problems[0] == (
        "table columns read as id=message_id, parent_id=in_reply_to, thread_id=thread_id, "
        "author=from_name, time=date, text=body, title=subject (--columns changes them)"
    )
    first = threads[0].nodes[0]
    assert first.label.startswith("<") and first.label.endswith(">")  # the Message-ID
    meta = dict(first.meta)
    assert meta["id"].startswith("msg-") and meta["list"] == "r-sig-debian"
    assert isinstance(meta["thread_depth"], int) and meta["subject"] == threads[0].title
    assert first.author and first.published.tzinfo is not None


def test_message_tables_pair_message_id_with_in_reply_to():
    text = dedent("""\
        id,message_id,in_reply_to,from_name,date,subject,body
        1,<a@x>,,Ann Lee,2024-05-01 12:00,Hello,Opening message
        2,<b@x>,<a@x>,Ben,2024-05-01 12:30,Re: Hello,Answer
        3,<c@x>,<b@x>,Ann Lee,2024-05-01 13:00,Re: Hello,Answer to the answer
        """)
    [thread] = parse_text(text, "list.csv")
    assert [(n.label, n.parent, n.author) for n in thread.nodes] == [
        ("<a@x>", None, "Ann Lee"), ("<b@x>", "list/<a@x>", "Ben"),
        ("<c@x>", "list/<b@x>", "Ann Lee"),
    ]
    assert [dict(n.meta) for n in thread.nodes][1] == {"id": "2", "subject": "Re: Hello"}
    assert thread.title == "Hello"
    assert thread.problems == (
        "table columns read as id=message_id, parent_id=in_reply_to, author=from_name, "
        "time=date, text=body, title=subject (--columns changes them)",
    )


def test_parents_matching_no_id_name_the_column_to_pass():
    text = dedent("""\
        id,parent_id,key,text
        1,,k1,first
        2,k1,k2,second
        3,k2,k3,third
        """)
    [thread] = parse_text(text, "t.csv")
    assert thread.problems[0] == (
        "2 of 2 parents match no id in the 'id' column, but column 'key' holds 2 of them: "
        "pass --columns id=key"
    )
    [fixed] = parse_text(text, "t.csv", columns={"id": "key"})
    assert [n.parent for n in fixed.nodes] == [None, "t/k1", "t/k2"]
    assert not any("match no id" in problem for problem in fixed.problems)


def test_canonical_columns_need_no_note():
    assert not read_paths([str(DATA / "comments.csv")])[0].problems


def test_parquet_without_pyarrow_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ExplorerError, match=r"pip install 'explorer\[parquet\]'"):
        read_paths([str(REAL / "tables" / "r-sig-debian.parquet")])


def test_broken_parquet_is_one_line(tmp_path):
    data = (REAL / "tables" / "r-sig-debian.parquet").read_bytes()
    path = tmp_path / "cut.parquet"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExplorerError) as caught:
        read_paths([str(path)])
    assert "unreadable Parquet" in str(caught.value) and "\n" not in str(caught.value)


def test_parquet_types_and_standard_input(run, tmp_path):
    rows = {
        "comment_id": ["a", "b", "c"],
        "parent": [None, "a", "a"],
        "body": ["first", "<p>second &amp; more</p>", "third"],
        "created": [datetime(2024, 5, 1, 12, tzinfo=UTC), None,
                    datetime(2024, 5, 1, 13, tzinfo=UTC)],
        "score": [3, None, 1.5],
        "flagged": [False, True, None],
    }
    path = tmp_path / "comments.parquet"
    pyarrow.parquet.write_table(pyarrow.table(rows), path)
    [thread] = read_paths([str(path)])
    assert [(n.label, n.parent, n.text) for n in thread.nodes] == [
        ("a", None, "first"), ("b", "comments/a", "second & more"), ("c", "comments/a", "third"),
    ]
    assert [n.published for n in thread.nodes] == [
        datetime(2024, 5, 1, 12, tzinfo=UTC), None, datetime(2024, 5, 1, 13, tzinfo=UTC)
    ]
    assert [dict(n.meta) for n in thread.nodes] == [
        {"score": 3.0, "flagged": False}, {"flagged": True}, {"score": 1.5}
    ]
    result = run("comments", "-", input=path.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("thread (3 comments)")


def _csv_of_parquet(path, rows=None, seed=None):
    """The real list archive as CSV text, its rows shuffled when ``seed`` is given."""
    frame = pyarrow.parquet.read_table(REAL / "tables" / "r-sig-debian.parquet").to_pandas()
    if seed is not None:
        frame = frame.sample(frac=1, random_state=seed)
    frame = frame if rows is None else frame.iloc[rows]
    frame.to_csv(path, index=False)
    return path


def _shape(threads):
    """Each thread's nodes as (label, parent, text), whatever their order."""
    return {t.id: sorted((n.label, n.parent or "", n.text) for n in t.nodes) for t in threads}


@pytest.mark.parametrize("limit", [3, 10**9])
@pytest.mark.slow
def test_a_shuffled_table_gives_the_threads_of_the_ordered_one(tmp_path, monkeypatch, limit):
    monkeypatch.setattr(spill, "LIMIT", limit)
    ordered = read_paths([str(_csv_of_parquet(tmp_path / "ordered.csv"))])
    shuffled = read_paths([str(_csv_of_parquet(tmp_path / "shuffled.csv", seed=14))])
    assert len(ordered) > 1000 and _shape(shuffled) == _shape(ordered)


@pytest.mark.parametrize("limit", [3, 10**9])
@pytest.mark.slow
def test_threads_split_over_table_files_are_joined(tmp_path, monkeypatch, limit):
    monkeypatch.setattr(spill, "LIMIT", limit)
    whole = read_paths([str(_csv_of_parquet(tmp_path / "all.csv", seed=3))])
    halves = [_csv_of_parquet(tmp_path / f"part{n}.csv", rows=slice(n * 1900, (n + 1) * 1900),
                              seed=3) for n in (0, 1)]
    split = read_paths([str(path) for path in halves])
    assert _shape(split) == _shape(whole)
    assert any(thread.source == str(halves[1]) for thread in split)


@pytest.mark.slow
def test_streamed_tables_equal_tables_read_whole(tmp_path):
    path = _csv_of_parquet(tmp_path / "list.csv", seed=5)
    for name in (path, DATA / "comments.csv", DATA / "comments.tsv", DATA / "comments.jsonl"):
        text = name.read_bytes().decode("utf-8")  # line endings as they are
        assert read_paths([str(name)]) == table.parse(text, str(name))


@pytest.mark.slow
def test_streamed_tables_have_no_size_limit(tmp_path, monkeypatch):
    path = _csv_of_parquet(tmp_path / "list.csv")
    parquet = REAL / "tables" / "r-sig-debian.parquet"
    monkeypatch.setattr(compression, "MAX_BYTES", 100_000)
    assert len(read_paths([str(path)])) == len(read_paths([str(parquet)])) > 1000
    array = tmp_path / "array.json"
    array.write_text(json.dumps([{"id": n, "parent_id": None, "text": "x" * 1000}
                                 for n in range(200)]))
    # A JSON array too: record by record, each within the limit, not the file.
    [thread] = read_paths([str(array)])
    assert [node.label for node in thread.nodes] == [str(n) for n in range(200)]


def test_a_table_not_in_utf8_past_its_first_bytes_is_read_whole(tmp_path, run):
    rows = "".join(f"{n},,plain text {n}\n" for n in range(1, 8000))
    data = ("id,parent_id,text\n" + rows + "8000,1,café au lait\n").encode("cp1252")
    path = tmp_path / "late.csv"
    path.write_bytes(data)
    [thread] = read_paths([str(path)])
    assert thread.problems[0] == "not UTF-8; decoded as cp1252"
    assert by_id(thread)["late/8000"].text == "café au lait" and len(thread.nodes) == 8000
    result = run("stats", "-", input=data)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: <stdin>: line 8001: not UTF-8")
    assert "give its path instead" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_lines_ended_by_carriage_returns_alone_are_read(tmp_path, run):
    table = tmp_path / "old-mac.csv"
    table.write_bytes(b"id,parent,text\r1,,first\r2,1,second\r")
    result = run("comments", table, "--format", "json")
    assert result.exit_code == 0, result.stderr
    nodes = json.loads(result.stdout)["threads"][0]["nodes"]
    assert [(node["text"], node["parent"]) for node in nodes] == [
        ("first", None), ("second", "old-mac/1")
    ]


def test_a_carriage_return_between_json_tokens_is_whitespace_when_streamed(tmp_path, run):
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes(
        b'{"id":"c1","link_id":"t3_a","parent_id":"t3_a","body":"hi",\r"author":"v"}\n'
        b'{"id":"c2","link_id":"t3_a","parent_id":"t1_c1","body":"yo","author":"w"}\n'
    )
    result = run("comments", dump, "--format", "json")
    assert result.exit_code == 0, result.stderr
    nodes = json.loads(result.stdout)["threads"][0]["nodes"]
    assert [node["text"] for node in nodes] == ["hi", "yo"]


def test_parents_in_another_part_of_a_table_raise_no_column_warning(tmp_path):
    first, second = tmp_path / "p1.csv", tmp_path / "p2.csv"
    first.write_text("id,thread,parent,text\n1,t,,root\n2,t,1,a\n3,t,1,b\n")
    second.write_text("id,thread,parent,text\n4,t,2,c\n5,t,3,d\n6,t,3,e\n")
    [thread] = read_paths([str(first), str(second)])
    assert len(thread.nodes) == 6
    assert not any("match no id" in problem for problem in thread.problems), thread.problems


def test_a_parent_in_another_thread_is_named_with_its_thread(tmp_path):
    text = dedent(
        """\
        id,thread,parent,text
        a,t1,,post one
        b,t1,a,reply
        c,t2,,post two
        d,t2,b,placed in t2 yet answering b of t1
        e,t2,zz,answering a message nobody has
        """
    )
    first, second = table.parse(text, "moved.csv")
    assert [(n.label, n.parent, n.stated) for n in second.nodes] == [
        ("c", None, True), ("d", None, True), ("missing:zz", None, False),
        ("e", "t2/missing:zz", True)]
    assert second.problems[-2:] == (
        "replies to messages in another thread: 1 (b is in thread t1); shown at top level",
        "replies to messages not in the input: 1 (zz); each hangs under a stand-in for its "
        "parent (missing:<id>)",
    )
    assert not any("another thread" in problem for problem in first.problems)
    # Across the files of a table exported in parts, too.
    part1, part2 = tmp_path / "p1.csv", tmp_path / "p2.csv"
    part1.write_text("id,thread,parent,text\na,t1,,post one\nb,t1,a,reply\n")
    part2.write_text("id,thread,parent,text\nc,t2,,post two\nd,t2,b,answering b\n")
    _, other = read_paths([str(part1), str(part2)])
    assert "replies to messages in another thread: 1 (b is in thread t1); shown at top level" \
        in other.problems
    assert not any("not in the input" in problem for problem in other.problems)


@pytest.mark.parametrize(
    "cell, reason",
    [("2024-02-30", "not a time: '2024-02-30'"), ("NaN", "not a time: 'NaN'"),
     ("1e15", "not a time: '1e15'"), ("yesterday", "not a time: 'yesterday'"),
     ("100000000000000000000", "time out of range: '100000000000000000000'"),
     ("0001-01-01T00:00:00+05:00", "time out of range")],
)
def test_a_bad_time_cell_is_a_warning_and_kept_in_meta(run, tmp_path, cell, reason):
    path = tmp_path / "times.csv"
    path.write_text("id,parent_id,time,text\n1,,2024-02-01T10:00:00,first\n"
                    f"2,1,{cell},second\n3,1,{cell},third\n", encoding="utf-8")
    [thread] = parse_text(path.read_text(encoding="utf-8"), str(path), format="table")
    times = {node.label: (node.published, node.meta) for node in thread.comments}
    assert times["1"][0] is not None and times["2"] == times["3"] == (None, (("time", cell),))
    assert len(thread.problems) == 1
    assert thread.problems[0].startswith(
        f"column 'time': 2 cells are no time, kept in meta (first: line 3: {reason}")
    result = run("stats", path, "--fields", "comments")
    assert result.exit_code == 0 and result.stdout.split() == ["comments", "3"]
    assert result.stderr.startswith(f"Warning: {path}: column 'time': 2 cells are no time")


_RECORD_DAMAGES = ("cut", "char", "not a record", "nested text", "nested then cut")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.text(max_size=12)), min_size=1, max_size=12),
       st.sampled_from(_RECORD_DAMAGES), st.integers(0, 10**6), st.data())
def test_a_json_array_table_read_record_by_record_is_the_table_read_whole(
    rows, damage, place, data,
):
    records = [{"id": k, "parent_id": parent if parent < k else None, "text": text}
               for k, (parent, text) in enumerate(rows)]
    text = json.dumps(records, indent=data.draw(st.sampled_from([None, 1])))
    at = place % (len(text) + 1)
    if damage == "cut":
        text = text[:at]
    elif damage == "char":
        text = text[:at] + data.draw(st.sampled_from(list(',:]}[{"\\ x'))) + text[at:]
    else:  # a record the table refuses, perhaps before a syntax error further on
        bad = 5 if damage == "not a record" else {"id": "n", "text": {"a": 1}}
        records.insert(place % len(records), bad)
        text = json.dumps(records, indent=1)
        if damage == "nested then cut":
            text = text[:-2]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.json"
        path.write_text(text, encoding="utf-8")
        with patch.object(jsonstream, "WINDOW", data.draw(st.integers(1, 200))):
            streamed = _outcome(lambda: read_paths([str(path)], format="table"))
        whole = _outcome(lambda: parse_text(text, str(path), format="table"))
    assert streamed == whole


def _outcome(read):
    try:
        return read()
    except ExplorerError as err:
        return f"error: {err}"
