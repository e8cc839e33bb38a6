"""Real threads that state their structure, shown flat: the reply model's training and test data.

Each source is read with explorer's own reader where it reads the sample, else by a small
loader here (the HN file wraps its items as ``{"post", "comments"}``; the mail months are
gzipped; the list table is Parquet). A thread is then shown as a flat page would show it:
every comment top level, in time order, stated parents hidden. The truth is the stated
parent, or None for a comment that answers the post.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.errors import ExplorerError  # noqa: E402
from explorer.formats import hackernews, mbox, read_paths, table  # noqa: E402
from explorer.model import Thread, timestamp  # noqa: E402

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"
MAIL_COLUMNS = {
    "id": "message_id", "parent_id": "in_reply_to", "thread_id": "thread_id",
    "author": "from_name", "time": "date", "text": "body", "title": "subject",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Flat:
    """A thread shown flat, and for each comment the id of its true parent (None: the post)."""

    source: str
    thread: Thread
    truth: dict[str, str | None]


def read_reddit() -> list[Thread]:
    """The Pushshift month, read by explorer's Reddit reader."""
    return read_paths([str(REAL / "reddit" / "RC_2005-12.zst")])


def read_hn() -> list[Thread]:
    """The "Who is hiring" items, unwrapped into the Firebase records explorer reads."""
    data = json.loads((REAL / "hn" / "hn_comments_2024-07_whoishiring.json").read_text())
    items = [data["post"], *data["comments"]]
    return hackernews.parse(json.dumps(items), "hn")


def read_mail() -> list[Thread]:
    """The fetchmail-users months, each gunzipped and read as mbox; months it refuses skipped."""
    threads = []
    for path in sorted((REAL / "mail" / "fetchmail-users").glob("*.txt.gz")):
        text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        try:
            threads.extend(mbox.parse(text, path.name))
        except ExplorerError as err:
            print(f"skipped: {err}", file=sys.stderr)
    return threads


def read_table() -> list[Thread]:
    """The R-SIG-Debian list, a Parquet table, read row by row by the table reader."""
    import pandas

    frame = pandas.read_parquet(REAL / "tables" / "r-sig-debian.parquet")
    frame["date"] = frame["date"].map(lambda moment: moment.isoformat())
    records = frame[list(MAIL_COLUMNS.values())].to_dict("records")
    rows = ((f"row {k}", row) for k, row in enumerate(records, start=1))
    return table.threads_from_rows(rows, "r-sig-debian", MAIL_COLUMNS)


SOURCES = {"reddit": read_reddit, "hn": read_hn, "mail": read_mail, "r-lists": read_table}
# Sources whose first message opens the thread as a post would (a list's first mail); the
# Reddit month lacks its submissions, so its threads stay without a post.
OPENED_BY_FIRST = ("r-lists",)


def flatten(thread: Thread, opened: bool = False) -> tuple[Thread, dict[str, str | None]]:
    """The thread as a flat page shows it, and each comment's true parent (None: the post).

    ``opened``: the first top-level comment becomes the post when the thread has none.
    """
    post = next((node for node in thread.nodes if node.kind == "post"), None)
    comments = [node for node in thread.nodes if node.kind == "comment"]
    if post is None and opened and comments and comments[0].parent is None:
        post = replace(comments[0], kind="post")
        comments = [
            replace(node, parent=None) if node.parent == post.id else node for node in comments[1:]
        ]
    known = {node.id for node in comments}
    truth = {node.id: node.parent if node.parent in known else None for node in comments}
    # Time order, as flat pages list comments; the source's order breaks ties.
    comments.sort(key=lambda node: timestamp(node.published) if node.published else 0.0)
    nodes = [post] if post else []
    nodes += [replace(node, parent=None, stated=False) for node in comments]
    nodes = [replace(node, position=k) for k, node in enumerate(nodes)]
    return replace(thread, nodes=tuple(nodes), edges=(), owner=None), truth


def flat_threads(sources: list[str] | None = None) -> Iterator[Flat]:
    """Every thread of the named sources (all by default) with two or more comments, flat."""
    for name in sources or list(SOURCES):
        for thread in SOURCES[name]():
            if sum(node.kind == "comment" for node in thread.nodes) >= 2:
                flat, truth = flatten(thread, name in OPENED_BY_FIRST)
                yield Flat(name, flat, truth)
