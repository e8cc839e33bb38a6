"""`explorer comments` through CliRunner: output, JSON, stdin and one-line errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from explorer.cli import cli
from tests.paths import SEEDS


def test_lists_all_five_seed_threads(run):
    result = run("comments", str(SEEDS))
    assert result.exit_code == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if " comments)" in line]
    assert [line.split()[0][:3] for line in headings] == ["000", "001", "002", "003", "004"]
    assert "(26 comments)" in result.stdout
    assert "Completely Ridiculous Chaos" in result.stdout
    assert "page says" not in result.stderr


def test_one_row_per_node_aligned(run):
    result = run("comments", str(next(SEEDS.glob("000_*"))))
    lines = result.stdout.splitlines()
    header = lines[1]
    assert header.split() == ["id", "parent", "kind", "author", "time", "words", "first", "words"]
    rows = lines[2:]
    assert len(rows) == 10
    column = header.index("kind")
    assert {row[column:].split()[0] for row in rows} == {"post", "comment"}


def test_json_is_the_interchange_format_and_reads_back(run, tmp_path):
    result = run("comments", str(SEEDS), "--format", "json")
    document = json.loads(result.stdout)
    assert document["schema"] == "explorer-thread/1"
    assert [len(t["nodes"]) for t in document["threads"]] == [10, 28, 35, 27, 11]
    node = next(n for n in document["threads"][3]["nodes"] if n["label"] == "10")
    assert (node["author"], node["published"]) == (
        "Completely Ridiculous Chaos",
        "2015-07-07T22:26:00",
    )
    saved = tmp_path / "all.json"
    saved.write_text(result.stdout, encoding="utf-8")
    again = run("comments", str(saved), "--format", "json")
    assert json.loads(again.stdout) == document


def test_reads_standard_input(run):
    text = next(SEEDS.glob("004_*")).read_text(encoding="utf-8")
    result = run("comments", "-", input=text)
    assert result.exit_code == 0
    assert "thread/4" in result.stdout


def test_mismatched_count_warns_on_stderr(run, tmp_path):
    text = (
        next(SEEDS.glob("000_*")).read_text(encoding="utf-8").replace("9 comments:", "10 comments:")
    )
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    result = run("comments", str(page))
    assert result.exit_code == 0
    assert "page says 10 comments, found 9" in result.stderr
    assert "page says" not in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("plain.txt", b"a shopping list\nmilk\n", "not a thread in any supported format"),
        ("broken.json", b'{"threads": [', "invalid JSON"),
    ],
)
def test_bad_inputs_give_one_line_and_good_ones_still_run(run, tmp_path, name, content, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = next(SEEDS.glob("000_*"))
    result = run("comments", str(bad), str(good))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert result.stderr.startswith(f"Error: {bad}")
    assert "Traceback" not in result.stderr
    assert "(9 comments)" in result.stdout


def test_missing_path_and_empty_directory(run, tmp_path):
    result = run("comments", str(tmp_path / "nope.txt"), str(tmp_path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: {tmp_path / 'nope.txt'}: no such file or directory"
    assert lines[1].startswith(f"Error: {tmp_path}: directory has no thread files (")
    assert len(lines) == 2 and result.stdout == ""


def test_undecodable_bytes_are_decoded_with_a_named_encoding(run, tmp_path):
    text = next(SEEDS.glob("000_*")).read_text(encoding="utf-8").replace("Whilst", "Whílst")
    page = tmp_path / "latin.txt"
    page.write_bytes(text.replace("\u00a0", " ").encode("cp1252"))
    result = run("comments", str(page))
    assert result.exit_code == 0
    assert "not UTF-8; decoded as" in result.stderr
    assert "Whílst" in result.stdout


def test_bad_option_is_a_usage_error(run):
    result = CliRunner().invoke(cli, ["comments", str(SEEDS), "--format", "xml"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_commands_get_their_input_options_as_one_frozen_inputs_record(monkeypatch):
    import dataclasses

    from explorer.cli import commands
    from explorer.cli.inputs import Inputs
    from tests.paths import FORMATS

    seen = []
    real = commands.analysed
    monkeypatch.setattr(commands, "analysed", lambda inputs, *then: seen.append(inputs)
                        or real(inputs, *then))
    path = str(FORMATS / "custom_columns.csv")
    result = CliRunner().invoke(cli, ["stats", path, "--no-infer", "-j", "1", "--input-format",
                                      "table", "--columns", "text=message"])
    assert result.exit_code == 0, result.stderr
    assert seen == [Inputs((path,), "table", {"text": "message"}, 1, "local", None, infer=False)]
    assert not seen[0].options.infer
    with pytest.raises(dataclasses.FrozenInstanceError):
        seen[0].jobs = 2  # type: ignore[misc]
