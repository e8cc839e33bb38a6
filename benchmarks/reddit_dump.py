"""Memory and time of reading a Reddit comment dump (.zst), streamed.

Writes a dump with Pushshift-shaped records (the real field names, most of them unused by
explorer) of about ``--megabytes`` uncompressed, then reads it with ``read_paths`` and
reports the peak of Python allocations (tracemalloc), the memory the threads keep, and
the process's peak resident size.

    .venv/bin/python benchmarks/reddit_dump.py --megabytes 80
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import zstandard

from explorer.formats import read_paths

BODY = (
    "I think the point about deliveries is fair, but the data from other cities suggests "
    "footfall recovers within a year &amp; most shops adapt. "
)


def record(number: int, threads: int) -> dict:
    thread = number % threads
    parent = f"t3_s{thread}" if number < threads else f"t1_c{number - threads * (1 + number % 3)}"
    if parent.startswith("t1_c-"):
        parent = f"t3_s{thread}"
    return {
        "all_awardings": [], "archived": False, "associated_award": None,
        "author": f"user_{number % 5003}", "author_created_utc": 1500000000,
        "author_flair_background_color": None, "author_flair_css_class": None,
        "author_flair_richtext": [], "author_flair_template_id": None,
        "author_flair_text": None, "author_flair_text_color": None, "author_flair_type": "text",
        "author_fullname": f"t2_{number % 5003:x}", "author_patreon_flair": False,
        "author_premium": False, "awarders": [], "body": BODY * (1 + number % 3),
        "can_gild": True, "can_mod_post": False, "collapsed": False, "collapsed_reason": None,
        "controversiality": 0, "created_utc": 1672531200 + number, "distinguished": None,
        "edited": False, "gilded": 0, "gildings": {}, "id": f"c{number}", "is_submitter": False,
        "link_id": f"t3_s{thread}", "locked": False, "no_follow": True, "parent_id": parent,
        "permalink": f"/r/urbanplanning/comments/s{thread}/_/c{number}/",
        "retrieved_on": 1672617600, "score": 1 + number % 40, "send_replies": True,
        "stickied": False, "subreddit": "urbanplanning", "subreddit_id": "t5_2qhp0",
        "subreddit_name_prefixed": "r/urbanplanning", "subreddit_type": "public",
        "top_awarded_type": None, "total_awards_received": 0, "treatment_tags": [],
    }


def write_dump(path: Path, megabytes: float, threads: int) -> tuple[int, int]:
    """Stream records into a .zst file; return (uncompressed bytes, comments)."""
    target = int(megabytes * 1024 * 1024)
    written = count = 0
    with path.open("wb") as raw, zstandard.ZstdCompressor(level=3).stream_writer(raw) as out:
        while written < target:
            line = (json.dumps(record(count, threads)) + "\n").encode()
            out.write(line)
            written += len(line)
            count += 1
    return written, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=80)
    parser.add_argument("--threads", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "RC_2023-01.zst"
        size, comments = write_dump(path, args.megabytes, args.threads)
        print(f"dump: {size / 2**20:.1f} MB uncompressed, {path.stat().st_size / 2**20:.1f} MB "
              f".zst, {comments} comments in {args.threads} threads")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        threads = read_paths([str(path)])
        elapsed = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        del threads
        tracemalloc.start()
        threads = read_paths([str(path)])
        kept, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    nodes = sum(len(thread.nodes) for thread in threads)
    print(f"read: {len(threads)} threads, {nodes} nodes in {elapsed:.1f} s")
    print(f"peak RSS: {rss_after / 1024:.0f} MB (before reading: {rss_before / 1024:.0f} MB)")
    print(f"tracemalloc peak: {peak / 2**20:.1f} MB ({peak / size:.0%} of the dump); "
          f"kept by the threads: {kept / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
