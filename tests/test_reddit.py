"""The Reddit reader: thread JSON listings, monthly dumps, .zst streaming."""

from __future__ import annotations

import io
import json
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zstandard

from explorer.errors import ExplorerError
from explorer.formats import parse_text, read_paths, reddit
from tests.paths import FORMATS as DATA
from tests.paths import REAL


def by_id(thread):
    return {node.id: node for node in thread.nodes}


def test_thread_listing():
    [thread] = read_paths([str(DATA / "reddit_thread.json")])
    assert thread.id == "1b2c3d"
    assert thread.title == "Car-free centres: what happened to the shops? & the vans?"
    assert thread.url == "https://www.reddit.com/r/urbanplanning/comments/1b2c3d/carfree_centres/"
    assert [(n.id, n.parent) for n in thread.nodes] == [
        ("1b2c3d/post", None),
        ("1b2c3d/kq1aaa", None),
        ("1b2c3d/kq1bbb", "1b2c3d/kq1aaa"),
        ("1b2c3d/kq1ccc", "1b2c3d/kq1bbb"),
        ("1b2c3d/kq1ddd", "1b2c3d/kq1aaa"),
        ("1b2c3d/kq1eee", None),
    ]
    nodes = by_id(thread)
    post = nodes["1b2c3d/post"]
    assert post.kind == "post" and post.author == "oslo_walker"
    assert post.text.endswith('> "Cars are guests here"')
    assert post.published == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    assert nodes["1b2c3d/kq1aaa"].text == (
        "Trade went *up*. Footfall > 10% higher — see the city's report."
    )
    assert nodes["1b2c3d/kq1aaa"].author == "Zoë_K"
    deleted = nodes["1b2c3d/kq1bbb"]
    assert deleted.author is None and deleted.text == "[deleted]"
    assert nodes["1b2c3d/kq1ddd"].text == "[removed]"
    assert nodes["1b2c3d/kq1ccc"].text.startswith("> [deleted]\n\n")
    assert nodes["1b2c3d/kq1eee"].text == "Thanks — 日本語 too: 車のない街"
    assert len(thread.comments) == 5
    assert thread.problems == (
        "comments not in the file ('load more comments' stubs): 4",
        "'continue this thread' links (deeper replies not in the file): 1",
        "post says 9 comments, found 5",
    )


def test_comment_permalink_page_keeps_the_stated_parent_of_its_first_comment():
    document = json.loads((DATA / "reddit_thread.json").read_text(encoding="utf-8"))
    first = document[1]["data"]["children"][0]["data"]
    document[1]["data"]["children"] = first["replies"]["data"]["children"][:1]
    [thread] = parse_text(json.dumps(document))
    assert [(n.label, n.parent) for n in thread.nodes] == [
        ("post", None), ("missing:kq1aaa", None), ("kq1bbb", "1b2c3d/missing:kq1aaa"),
        ("kq1ccc", "1b2c3d/kq1bbb"),
    ]
    assert (
        "replies to messages not in the input: 1 (kq1aaa); each hangs under a stand-in for its "
        "parent (missing:<id>)"
    ) in thread.problems


def test_comment_dump_groups_by_thread_and_reports_missing_parents():
    threads = read_paths([str(DATA / "RC_2024-03_sample.jsonl")])
    assert [t.id for t in threads] == ["1b2c3d", "1b9x9x"]
    first, second = threads
    assert [(n.label, n.parent, n.author) for n in first.nodes] == [
        ("kq2aaa", None, "oslo_walker"),
        ("kq2bbb", "1b2c3d/kq2aaa", None),
        ("kq2ccc", "1b2c3d/kq2bbb", "Zoë_K"),
        ("missing:jz9zzz", None, None),
        ("kq2ddd", "1b2c3d/missing:jz9zzz", "late_reader"),
    ]
    assert [n.kind for n in first.nodes] == ["comment"] * 3 + ["missing", "comment"]
    assert by_id(first)["1b2c3d/kq2ccc"].text == "Fish & chips <3"
    # created_utc as a string, as older dumps write it
    assert by_id(first)["1b2c3d/kq2bbb"].published == datetime.fromtimestamp(1709283800, UTC)
    assert first.problems == (
        "replies to messages not in the input: 1 (jz9zzz); each hangs under a stand-in for its "
        "parent (missing:<id>)",
    )
    assert len(second.comments) == 2 and not second.problems


def test_submission_lines_give_the_post():
    [thread] = read_paths([str(DATA / "RS_2024-03_sample.jsonl")])
    assert thread.title == "Bike lanes"
    assert [(n.id, n.kind, n.parent) for n in thread.nodes] == [
        ("1b9x9x/post", "post", None),
        ("1b9x9x/kq2eee", "comment", None),
        ("1b9x9x/kq2fff", "comment", "1b9x9x/kq2eee"),
    ]
    assert thread.nodes[0].text == "Bike lanes & buses: share or separate?"
    assert not thread.problems


def test_zst_dump_is_read_like_the_plain_one(tmp_path):
    plain = (DATA / "RC_2024-03_sample.jsonl").read_bytes()
    path = tmp_path / "RC_2024-03.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(plain))
    from_zst = read_paths([str(path)])
    from_plain = read_paths([str(DATA / "RC_2024-03_sample.jsonl")])
    assert [t.nodes for t in from_zst] == [t.nodes for t in from_plain]
    assert from_zst[0].source == str(path)
    # Directories pick .zst files up too.
    assert [t.id for t in read_paths([str(tmp_path)])] == ["1b2c3d", "1b9x9x"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bad.json", '[{"kind": "Listing", "data": {"children": [{"kind": "t3"', "invalid JSON"),
        ("bad.json", '[{"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {}}]}},'
         ' {"kind": "Listing", "data": {"children": []}}]', "not a post (t3)"),
        ("RC_bad.jsonl", '{"id": "a", "link_id": "t3_x", "parent_id": "t3_x", "body": "ok"}\n'
         '{"id": "b", "link_id": "t3_x"\n', "line 2, column 31: invalid JSON"),
        ("RC_bad.jsonl", '{"id": "a", "link_id": "t3_x", "parent_id": "t3_x", "body": "ok",'
         ' "created_utc": "noon"}\n', "line 1: not a Reddit dump record"),
        ("RC_bad.jsonl", '{"id": "a", "link_id": "t3_x", "parent_id": "t3_x", "body": "ok",'
         ' "created_utc": 1e300}\n', "line 1: not a Reddit dump record: time out of range"),
        ("bad.json", '[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": '
         '{"title": "no id"}}]}}, {"kind": "Listing", "data": {"children": []}}]',
         "malformed Reddit thread JSON: missing field 'id'"),
        ("bad.json", '[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": '
         '{"id": ["x"]}}]}}, {"kind": "Listing", "data": {"children": []}}]',
         "id must be a string"),
    ],
)
def test_malformed_files_give_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExplorerError) as caught:
        read_paths([str(path)], format="reddit")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_corrupt_zst_is_one_line(tmp_path):
    path = tmp_path / "RC_broken.zst"
    path.write_bytes(b"\x28\xb5\x2f\xfd" + b"not really zstandard" * 10)
    with pytest.raises(ExplorerError, match="corrupt zstandard data"):
        read_paths([str(path)])


def test_truncated_zst_is_an_error_and_frames_are_read_in_turn(tmp_path):
    compress = zstandard.ZstdCompressor().compress
    comments = compress((DATA / "RC_2024-03_sample.jsonl").read_bytes())
    truncated = tmp_path / "RC_cut.zst"
    truncated.write_bytes(comments[: len(comments) // 2])
    with pytest.raises(ExplorerError, match="truncated zstandard file"):
        read_paths([str(truncated)])
    frames = tmp_path / "RC_frames.zst"
    frames.write_bytes(comments + compress((DATA / "RS_2024-03_sample.jsonl").read_bytes()))
    threads = read_paths([str(frames)])
    assert [(t.id, len(t.comments)) for t in threads] == [("1b2c3d", 4), ("1b9x9x", 2)]


def test_sniff():
    listing = (DATA / "reddit_thread.json").read_text(encoding="utf-8")
    assert reddit.sniff(listing)
    assert reddit.sniff((DATA / "RC_2024-03_sample.jsonl").read_text(encoding="utf-8"))
    assert not reddit.sniff('{"id": 1, "parent_id": 2, "text": "a table row"}')
    assert parse_text(listing)[0].id == "1b2c3d"


def write_dump(path: Path, threads: int, comments_per_thread: int) -> int:
    """Write a zstandard dump with Pushshift-sized records, streaming; return raw bytes."""
    written = 0
    filler = {f"field_{i}": None for i in range(25)}  # dumps carry dozens of unused fields
    with path.open("wb") as raw, zstandard.ZstdCompressor(level=1).stream_writer(raw) as out:
        for number in range(threads * comments_per_thread):
            thread = number % threads
            record = {
                **filler,
                "author": f"user{number % 997}",
                "author_flair_richtext": [],
                "body": f"Comment {number} in thread {thread}. " + "Lorem ipsum dolor sit. " * 6,
                "created_utc": 1700000000 + number,
                "id": f"c{number}",
                "link_id": f"t3_s{thread}",
                "parent_id": f"t3_s{thread}" if number < threads else f"t1_c{number - threads}",
                "permalink": f"/r/test/comments/s{thread}/_/c{number}/",
                "subreddit": "test",
                "subreddit_id": "t5_test",
            }
            line = (json.dumps(record) + "\n").encode()
            written += len(line)
            out.write(line)
    return written


@pytest.mark.slow
def test_large_dump_is_streamed_not_loaded(tmp_path):
    path = tmp_path / "RC_big.zst"
    size = write_dump(path, threads=50, comments_per_thread=200)
    tracemalloc.start()
    try:
        threads = read_paths([str(path)])
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(threads) == 50 and all(len(t.comments) == 200 for t in threads)
    assert threads[0].nodes[1].parent == threads[0].nodes[0].id
    # Memory holds the threads read and a bounded buffer, not a copy of the dump. Each
    # comment's node also keeps Reddit's name, score, subreddit and permalink (under 500 bytes).
    assert kept < size * 0.75 + 500 * 50 * 200, (kept, size)
    assert peak - kept < 2 * 2**20 < size / 4, (peak, kept, size)


def test_read_dump_takes_any_line_iterable():
    lines = io.StringIO('{"id": "a", "link_id": "t3_x", "parent_id": "t3_x", "body": "hi"}\n')
    [thread] = reddit.read_dump(lines, "<test>")
    assert thread.id == "x" and thread.nodes[0].text == "hi"



@pytest.mark.parametrize("compress", [False, True], ids=["plain", "zst"])
def test_a_dump_line_that_is_not_utf8_is_named_and_other_dumps_still_read(
    tmp_path, compress
):
    good = DATA / "RC_2024-03_sample.jsonl"
    lines = good.read_bytes().splitlines(keepends=True)
    data = b"".join([*lines[:2], lines[2].replace(b'"body":"', b'"body":"caf\xe9 '), *lines[3:]])
    bad = tmp_path / ("RC_bad.jsonl.zst" if compress else "RC_bad.jsonl")
    bad.write_bytes(zstandard.ZstdCompressor().compress(data) if compress else data)
    errors = []
    threads = read_paths([str(bad), str(good)], on_error=errors.append)
    assert [str(error) for error in errors] == [
        f"{bad}: line 3: not UTF-8 (invalid continuation byte)"
    ]
    assert [t.id for t in threads] == [t.id for t in read_paths([str(good)])]


def test_nodes_keep_reddit_names_and_platform_fields():
    [thread] = read_paths([str(DATA / "reddit_thread.json")])
    post, first = thread.nodes[:2]
    document = json.loads((DATA / "reddit_thread.json").read_text(encoding="utf-8"))
    data = document[0]["data"]["children"][0]["data"]
    assert dict(post.meta) == {
        "name": f"t3_{data['id']}", "num_comments": data["num_comments"],
        "permalink": data["permalink"], "score": data["score"], "subreddit": data["subreddit"],
    }
    assert dict(first.meta)["name"] == f"t1_{first.label}"
    dump = read_paths([str(REAL / "reddit" / "RC_2005-12.zst")])
    comments = [node for t in dump for node in t.comments]
    assert all(dict(node.meta)["name"] == f"t1_{node.label}" for node in comments)
    assert {dict(node.meta)["subreddit"] for node in comments} >= {"reddit.com"}


def test_comment_and_submission_dumps_read_together_join_by_link_id(tmp_path):
    comments = tmp_path / "RC_2024-03.zst"
    comments.write_bytes(
        zstandard.ZstdCompressor().compress((DATA / "RC_2024-03_sample.jsonl").read_bytes())
    )
    submissions = DATA / "RS_2024-03_sample.jsonl"
    threads = read_paths([str(comments), str(submissions)])
    apart = read_paths([str(comments)]) + read_paths([str(submissions)])
    joined = {t.id: t for t in threads}
    assert sorted(joined) == sorted({t.id for t in apart})  # one thread per link_id
    bike = joined["1b9x9x"]
    assert bike.title == "Bike lanes" and bike.source == str(submissions)
    assert bike.nodes[0].kind == "post"
    assert not any(problem.startswith("post says") for problem in bike.problems)
    # every comment of either file is in the joined thread, once
    labels = sorted(n.label for t in apart if t.id == "1b9x9x" for n in t.nodes)
    assert sorted(n.label for n in bike.nodes) == sorted(set(labels))
