"""Errors that help: what an unread input looks like, the closest reader, what to try."""

from __future__ import annotations

import json

import pytest

from explorer.errors import ExplorerError
from explorer.formats import format_names, parse_text, read_paths
from explorer.formats.diagnosis import explain


def _error(text: str) -> str:
    with pytest.raises(ExplorerError) as caught:
        parse_text(text, "input")
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_json_records_nested_in_an_object_get_a_columns_line_with_dotted_paths():
    statuses = {"statuses": [{"id": "1", "created_at": "2023-01-01T00:00:00Z",
                              "account": {"id": "9", "username": "ada"}, "text": "hello",
                              "reply": None}]}
    message = _error(json.dumps(statuses))
    assert "it looks like a JSON object with keys statuses" in message
    assert "records under 'statuses' have fields id, created_at, account, text, reply" in message
    assert "closest reader: table (refused: no columns under the names it knows " \
           "parent_id or thread_id)" in message
    assert message.endswith(
        "save the list under 'statuses' as a JSON array, then try: --input-format table "
        "--columns id=id,parent_id=reply,author=account.username,time=created_at,text=text"
    )


def test_the_suggested_line_reads_the_records(tmp_path):
    records = [
        {"cid": 1, "reply": None, "body": "hi", "who": {"login": "ann"}},
        {"cid": 2, "reply": 1, "body": "hello ann", "who": {"login": "bo"}},
    ]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records))
    hint = explain(path.read_text(), format_names()).split("try: ")[1]
    assert hint == "--input-format table --columns id=cid,parent_id=reply,author=who.login," \
                   "text=body"
    spec = hint.split("--columns ")[1]
    columns = dict(part.split("=") for part in spec.split(","))
    [thread] = read_paths([str(path)], format="table", columns=columns)
    assert [(n.label, n.parent, n.author) for n in thread.nodes] == [
        ("1", None, "ann"), ("2", "records/1", "bo")]


def test_a_json_object_of_another_format_names_the_reader_and_what_it_lacks():
    message = _error(json.dumps({"posts": [{"no": 1, "com": "hi", "time": 1}]}))
    assert "closest reader: imageboard (refused: no fields resto)" in message


def test_xml_names_its_root_and_csv_its_first_line():
    assert "whose root is <rss>; closest reader: wordpress" in _error(
        '<?xml version="1.0"?>\n<rss><channel><item/></channel></rss>')
    csv = _error("cid,reply,body,who\n1,,hi,ann\n")
    assert "its first line is 'cid,reply,body,who'" in csv
    assert csv.endswith("try: --input-format table --columns id=cid,parent_id=reply,"
                        "author=who,text=body")
    assert "closest reader: blogger" in _error("a shopping list\nmilk\n")
    fragment = 'saved template\n<li id="comment-4" class="comment">'
    assert _error(fragment).endswith("try --input-format webpage)")


def test_a_column_holding_an_object_says_which_field_to_name(tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"id": 1, "text": "hi", "thread_id": "t",
                                 "account": {"id": 9, "username": "ada"}}]))
    with pytest.raises(ExplorerError, match=r"column 'account' \(for author\) holds an "
                                            r"object \(id, username\); name a field inside "
                                            r"it: --columns author=account\.username"):
        read_paths([str(path)], columns={"author": "account"})
    [thread] = read_paths([str(path)], columns={"author": "account.username"})
    assert thread.nodes[0].author == "ada"


def test_dotted_paths_reach_deeper_and_missing_ones_are_named(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(
        json.dumps({"id": 1, "thread_id": "t", "post": {"body": {"text": "deep"}}}) + "\n")
    [thread] = read_paths([str(path)], columns={"text": "post.body.text"})
    assert thread.nodes[0].text == "deep"
    with pytest.raises(ExplorerError, match="column 'post.nothing' .for text. not found"):
        read_paths([str(path)], columns={"text": "post.nothing"})
