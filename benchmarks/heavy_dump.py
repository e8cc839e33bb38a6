"""A Reddit-style comment dump of many threads with heavy-tailed sizes, as real months are.

Most threads hold a handful of comments and a few hold thousands (Pareto sizes). Each
comment is a Pushshift ``RC_`` line (``id``, ``link_id``, ``parent_id``, ``author``,
``created_utc``, ``body``), each thread's submission an ``RS_``-shaped line (``title``,
``selftext``); lines come in time order, so a thread's comments are spread over the file.

    python benchmarks/heavy_dump.py 200000 30000 > RC_heavy.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator

WORDS = (
    "the a to of and in is that it for you on with this was be are not have but they at "
    "as so if or just like what about people can would one there all do think more when "
    "time get out up no your bus street traffic city council rent housing parking cycle "
    "lane road train station park shop delivery tax vote plan zoning density tram walk "
    "neighbourhood school noise cars price market build permit tower suburb transit"
).split()


def thread_sizes(comments: int, threads: int, rng: random.Random) -> list[int]:
    """Comments per thread, summing to ``comments``, Pareto-distributed (shape 1.1)."""
    raw = [rng.paretovariate(1.1) for _ in range(threads)]
    scale = (comments - threads) / sum(raw)
    sizes = [1 + int(value * scale) for value in raw]
    for index in range(comments - sum(sizes)):
        sizes[index % threads] += 1
    return sizes


def dump_lines(comments: int, threads: int, seed: int = 23) -> Iterator[str]:
    """The dump's lines: every submission, then every comment, in time order."""
    rng = random.Random(seed)
    sizes = thread_sizes(comments, threads, rng)
    authors = [f"user_{number}" for number in range(max(50, comments // 6))]
    events = []  # (time, thread, order in thread)
    for thread, size in enumerate(sizes):
        start = 1672531200 + rng.randrange(30 * 86400)
        moments = sorted(start + int(rng.expovariate(1 / 3600)) for _ in range(size))
        events.extend((moment, thread, order) for order, moment in enumerate(moments))
        yield json.dumps({
            "id": f"s{thread}", "author": rng.choice(authors), "created_utc": start,
            "title": " ".join(rng.choices(WORDS, k=8)), "subreddit": "urbanplanning",
            "selftext": " ".join(rng.choices(WORDS, k=rng.randint(0, 60))),
            "num_comments": size,
        })
    events.sort()
    for moment, thread, order in events:
        parent = f"t3_s{thread}" if order == 0 or rng.random() < 0.35 else (
            f"t1_c{thread}_{rng.randrange(order)}")
        yield json.dumps({
            "id": f"c{thread}_{order}", "author": rng.choice(authors),
            "created_utc": moment, "link_id": f"t3_s{thread}", "parent_id": parent,
            "subreddit": "urbanplanning", "score": rng.randint(-3, 40),
            "body": " ".join(rng.choices(WORDS, k=rng.randint(3, 90))),
        })


def main() -> None:
    comments = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 30_000
    out = sys.stdout
    for line in dump_lines(comments, threads):
        out.write(line + "\n")


if __name__ == "__main__":
    main()
