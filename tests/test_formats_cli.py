"""Every input format through the CLI: detection, --input-format, --columns, each command."""

from __future__ import annotations

import json

import pytest

from explorer.cli import cli
from explorer.formats import interchange, iter_threads, parse_text, read_paths
from tests.paths import FORMATS as DATA

# fixture -> (format it is detected as, threads, comments in the first thread)
FIXTURES = {
    "comments.csv": ("table", 2, 4),
    "comments.tsv": ("table", 1, 2),
    "comments.json": ("table", 1, 2),
    "comments.jsonl": ("table", 2, 3),
    "custom_columns.csv": ("table", 1, 3),
    "reddit_thread.json": ("reddit", 1, 5),
    "RC_2024-03_sample.jsonl": ("reddit", 2, 4),
    "RS_2024-03_sample.jsonl": ("reddit", 1, 2),
    "hn_algolia.json": ("hackernews", 1, 4),
    "hn_firebase.json": ("hackernews", 1, 5),
    "hn_firebase.jsonl": ("hackernews", 1, 5),
    "hn_hnapi.json": ("hackernews", 1, 4),
    "list.mbox": ("mbox", 3, 3),
    "message.eml": ("mbox", 1, 1),
    "maildir": ("mbox", 1, 2),
    "blog-backup.xml": ("blogger-atom", 1, 4),
    "takeout-feed.atom": ("blogger-atom", 1, 3),
    "comments-feed.xml": ("blogger-atom", 1, 2),
    "wordpress.xml": ("wordpress", 2, 5),
    "disqus.xml": ("disqus", 2, 6),  # its spam post kept, marked is_spam
    "discourse_topic.json": ("discourse", 1, 5),
    "hn_wrapped.json": ("wrapped", 1, 4),
    "hn_search_hits.json": ("wrapped", 1, 3),
    "reddit_comments_listing.json": ("wrapped", 2, 2),
    "urs_comments.json": ("urs", 1, 4),
}


@pytest.mark.parametrize("name", FIXTURES)
def test_comments_detects_each_format(name, run):
    detected, threads, comments = FIXTURES[name]
    result = run("comments", DATA / name, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["threads"]) == threads
    first = document["threads"][0]
    assert sum(node["kind"] == "comment" for node in first["nodes"]) == comments
    named = run("comments", DATA / name, "--format", "json", "--input-format", detected)
    assert named.exit_code == 0, named.stderr
    assert json.loads(named.stdout) == document


def commands(tmp_path):
    available = set(cli.commands)
    wanted = [
        ("stats",), ("stats", "--by", "author"), ("stats", "--by", "comment"),
        ("replies",), ("quotes",), ("graph", "-o", tmp_path / "pages"),
        ("export", "--format", "json", "-o", "-"),
    ]
    # Other commands join as they are written; each that exists must read every format.
    return [args for args in wanted if args[0] in available]


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.slow
def test_every_command_reads_every_format(name, tmp_path, run):
    for args in commands(tmp_path):
        result = run(*args, DATA / name)
        assert result.exit_code == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stdout.strip(), args


def test_columns_option_maps_table_columns(run):
    result = run(
        "comments", DATA / "custom_columns.csv", "--columns", "thread_id=discussion,time=posted"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("d1 (3 comments)")
    assert "2024-05-01 13:00" in result.stdout


def test_bad_columns_option_is_a_usage_error(run):
    result = run("comments", DATA / "comments.csv", "--columns", "colour=red")
    assert result.exit_code == 2
    assert "unknown name 'colour'" in result.stderr


def test_unknown_text_lists_the_supported_formats(tmp_path, run):
    path = tmp_path / "notes.txt"
    path.write_text("Nothing here looks like a thread.\n", encoding="utf-8")
    result = run("comments", path)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "not a thread in any supported format" in line
    for name in ("json", "reddit", "hackernews", "discourse", "wrapped", "blogger-atom",
                 "wordpress", "disqus", "mbox", "table", "blogger"):
        assert name in line


def test_a_directory_of_mixed_formats(tmp_path, run):
    result = run("comments", DATA)
    assert result.exit_code == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line.endswith("comments)")]
    # The folder is one corpus: message.eml answers a message of list.mbox and joins its
    # thread, the RC_ dump's comments join their submission in the RS_ dump, and the rows
    # of thread t1 in comments.tsv join those of comments.csv.
    assert len(headings) == sum(threads for _, threads, _ in FIXTURES.values()) - 3
    assert "t1 — Car-free centres (5 comments)" in headings


def test_warnings_name_the_thread_when_a_file_holds_several(run):
    result = run("comments", DATA / "list.mbox")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"Warning: {DATA / 'list.mbox'}: thread list-3: replies to messages not in the input: "
        "1 (not-archived.0@example.org); each hangs under a stand-in for its parent "
        "(missing:<id>)"
    ]


def test_input_format_overrides_detection(run):
    detected = run("comments", DATA / "RC_2024-03_sample.jsonl")
    assert detected.stdout.startswith("1b2c3d (4 comments)")
    as_table = run("comments", DATA / "RC_2024-03_sample.jsonl", "--input-format", "table")
    assert as_table.exit_code == 0, as_table.stderr
    # Read as a plain table, the ids keep Reddit's prefixes: link_id names the thread.
    assert as_table.stdout.startswith("t3_1b2c3d (4 comments)")


@pytest.mark.parametrize("name", FIXTURES)
def test_threads_round_trip_through_the_interchange_json(name):
    threads = read_paths([str(DATA / name)])
    assert parse_text(interchange.write(threads)) == threads


def test_iter_threads_yields_each_file_before_reading_the_next(tmp_path, seed_paths):
    later = tmp_path / "later.txt"
    errors = []
    threads = iter_threads([str(seed_paths[0]), str(later)], on_error=errors.append)
    first = next(threads)
    assert first.source == str(seed_paths[0]) and not errors
    later.write_bytes(seed_paths[1].read_bytes())  # exists only once the first is yielded
    assert [t.source for t in threads] == [str(later)] and not errors


def test_mail_threads_come_after_the_files_that_need_no_join(seed_paths):
    threads = list(iter_threads([str(DATA / "list.mbox"), str(seed_paths[0])]))
    assert [t.source for t in threads] == [str(seed_paths[0])] + [str(DATA / "list.mbox")] * 3
