"""Crafted inputs that used to raise tracebacks: one Error line each, other inputs still run."""

from __future__ import annotations

import gzip
import json
import random

import pytest

from explorer.errors import ExplorerError
from explorer.formats import jsondata, parse_text
from tests.paths import FORMATS, SEEDS


def nested(depth: int, inner: str = "1") -> str:
    """A JSON document ``depth`` arrays deep around one value, as the hostile tests wrote it."""
    return "[" * depth + inner + "]" * depth


DEEP = {
    "array": nested(2000),
    "object": '{"a": ' * 1500 + "1" + "}" * 1500,
    "table record": '[{"text": "x", "parent_id": ' + nested(1200) + "}]",
    "dump line": '{"id": "a", "link_id": "t3_x", "parent_id": "t3_x", "body": ' + nested(1200)
    + "}\n",
    "algolia": '{"id": 1, "created_at_i": 5, "children": ' + nested(1200) + "}",
    "threads": '{"schema": "explorer-thread/1", "threads": ' + nested(1500) + "}",
}


@pytest.mark.parametrize("name", list(DEEP))
def test_deeply_nested_json_is_one_error_line(run, tmp_path, name):
    path = tmp_path / "deep.json"
    path.write_text(DEEP[name], encoding="utf-8")
    result = run("comments", path, SEEDS / "004_b6dbda0a0023eef8.txt")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert [line for line in errors if line.startswith("Error:")] == errors[:1]
    assert errors[0].startswith(f"Error: {path}: ")
    assert "004_b6dbda0a0023eef8" in result.stdout  # the good input still ran


def test_sniffing_helpers_say_no_to_deep_json():
    assert jsondata.first_value(nested(5000)) is None
    assert jsondata.first_object('{"a": ' + nested(5000) + "}") is None
    assert jsondata.first_object('{"a": [1]} trailing') == {"a": [1]}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("RC_2024.jsonl", '{"id": "a", "link_id": "t3_x", "parent_id": "t3_x", "body": "b",'
         ' "created_utc": 1e300}\n', "line 1: not a Reddit dump record: time out of range"),
        ("hn.json", '[{"id": 1, "type": "story", "time": -1e20}]', "item 1: time out of range"),
        ("feed.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><!-- blogger -->'
         '<entry><id>tag:blogger.com,1999:blog-1.post-2</id>'
         "<published>99999999999999999999</published><content>x</content></entry></feed>",
         "entry 1 (2): time out of range"),
    ],
)
def test_times_out_of_range_are_one_error_line(run, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("comments", path)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {path}: ") and message in line


def test_parse_text_refuses_deep_json_in_each_json_format():
    for format in ("json", "reddit", "hackernews", "table"):
        with pytest.raises(ExplorerError, match="JSON nested too deeply"):
            parse_text(nested(3000), "deep.json", format=format)


WRONG_VALUES = [None, True, 0, -1, 1e300, "", "x", [], [1], {}, {"a": 1}, 10**20, [[[]]]]


def json_paths(document, prefix=()):
    """Every place in a JSON document (the first few items of each list)."""
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from json_paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document[:4]):
            yield from json_paths(value, (*prefix, index))


def with_value(document, path, value):
    if not path:
        return value
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


@pytest.mark.parametrize("name", sorted(p.name for p in FORMATS.glob("*.json")))
def test_fields_of_the_wrong_type_give_threads_or_one_error_line(name):
    """Any field of a JSON fixture replaced by a value of another type, in every JSON reader."""
    original = json.loads((FORMATS / name).read_text(encoding="utf-8"))
    places = list(json_paths(original))
    rng = random.Random(name)
    readers = [None, "json", "reddit", "urs", "hackernews", "discourse", "wrapped", "table"]
    for _ in range(40):
        document = json.loads(json.dumps(original))
        for _ in range(rng.randint(1, 3)):
            try:
                document = with_value(document, rng.choice(places), rng.choice(WRONG_VALUES))
            except (KeyError, IndexError, TypeError):
                pass  # an earlier change removed that place
        text = json.dumps(document)
        for reader in readers:
            try:
                parse_text(text, name, format=reader)
            except ExplorerError as err:
                assert "\n" not in str(err)


@pytest.mark.parametrize(
    ("sample", "key"),
    [("comments.jsonl", "text"), ("RC_2024-03_sample.jsonl", "body"),
     ("hn_firebase.jsonl", "text")],
)
@pytest.mark.parametrize("how", ["file", "gzip", "stdin"])
def test_a_first_record_over_64_kib_is_still_sniffed(run, tmp_path, sample, key, how):
    lines = (FORMATS / sample).read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first[key] = "a long first comment " * 5000  # 105,000 characters
    text = "\n".join([json.dumps(first), *lines[1:]]) + "\n"
    expected = run("stats", FORMATS / sample, "--fields", "comments").stdout
    path = tmp_path / sample
    path.write_text(text, encoding="utf-8")
    if how == "gzip":
        path = tmp_path / f"{sample}.gz"
        path.write_bytes(gzip.compress(text.encode()))
    result = (run("stats", "-", "--fields", "comments", input=text) if how == "stdin"
              else run("stats", path, "--fields", "comments"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
