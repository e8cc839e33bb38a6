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
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.errors import ExplorerError  # noqa: E402
from explorer.formats import hackernews, interchange, mbox, read_paths, reddit, table  # noqa: E402
from explorer.model import Thread, timestamp  # noqa: E402

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"
# Big threaded threads in the shared data (local use: read at run time, never copied here).
THREADS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "real" / "threads"
LONGEST = 300  # comments in a flat page: a longer thread is cut into pages of this many
MAIL_COLUMNS = {
    "id": "message_id", "parent_id": "in_reply_to", "thread_id": "thread_id",
    "author": "from_name", "time": "date", "text": "body", "title": "subject",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Flat:
    """A thread shown flat, and for each comment the id of its true parent (None: the post).

    A comment missing from ``truth`` answers a comment of an earlier page: it is not scored.
    """

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


def read_reddit_long() -> list[Thread]:
    """Three whole Reddit submissions scraped with URS (three layouts), as Pushshift lines."""
    threads = []
    for path in sorted((THREADS / "reddit_urs").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        comments = [_pushshift(item) for item in _urs_comments(data)]
        link = next(c["parent_id"] for c in comments if c["parent_id"].startswith("t3_"))
        settings = data.get("scrape_settings") or {}
        body = data.get("data")
        meta = body.get("submission_metadata", {}) if isinstance(body, dict) else {}
        title = meta.get("title") or settings.get("submission_title") or path.stem
        first = min(comment["created_utc"] for comment in comments)
        submission = {"id": link.removeprefix("t3_"), "title": title, "subreddit": "",
                      "num_comments": len(comments), "selftext": meta.get("selftext") or "",
                      "created_utc": first - 1, "author": "[deleted]"}  # fmt: skip
        lines = [json.dumps(submission)]
        lines += [json.dumps({**comment, "link_id": link}) for comment in comments]
        threads.extend(reddit.parse("\n".join(lines), path.name))
    return threads


def _urs_comments(data: dict) -> list[dict]:
    """The comment records of a URS scrape, whichever of its layouts."""
    if "data" not in data:
        return [record for records in data.values() for record in records]  # {id: [record]}
    if isinstance(data["data"], dict):
        return data["data"]["comments"]
    return list(data["data"][0].values())


def _pushshift(item: dict) -> dict:
    """A URS comment as a Pushshift comment line (times are UTC, ``MM-DD-YYYY HH:MM:SS``)."""
    item = {key.lower().replace(" ", "_").rstrip("?"): value for key, value in item.items()}
    moment = datetime.strptime(
        item.get("created_utc") or item["date_created"], "%m-%d-%Y %H:%M:%S"
    ).replace(tzinfo=UTC)
    return {
        "id": item.get("id") or item["comment_id"],
        "parent_id": item["parent_id"],
        "author": (item.get("author") or "").removeprefix("u/") or "[deleted]",
        "created_utc": int(moment.timestamp()),
        "body": item.get("body") or item.get("text") or "",
    }


def read_hn_long() -> list[Thread]:
    """Two whole Hacker News threads (node-hnapi nesting), as the Firebase items explorer reads."""
    threads = []
    for path in sorted((THREADS / "hn_circumflex").glob("hn_*.json")):
        story = json.loads(path.read_text(encoding="utf-8"))
        items = [{"id": story["id"], "type": "story", "by": story.get("user"),
                  "time": story["time"], "title": story.get("title"), "text": ""}]  # fmt: skip
        stack = [(comment, story["id"]) for comment in reversed(story.get("comments", []))]
        while stack:
            comment, parent = stack.pop()
            items.append({"id": comment["id"], "type": "comment", "by": comment.get("user"),
                          "time": comment["time"], "text": comment.get("content") or "",
                          "parent": parent})  # fmt: skip
            stack.extend((child, comment["id"]) for child in reversed(comment.get("comments", [])))
        threads.extend(hackernews.parse(json.dumps(items), path.name))
    return threads


def read_discourse() -> list[Thread]:
    """Ten whole Urho3D Discourse topics, read by explorer's Discourse reader."""
    return read_paths(sorted(str(path) for path in (THREADS / "discourse_urho3d").glob("*.json")))


def read_mail_long() -> list[Thread]:
    """Five months of the twisted-python list, read by explorer's mbox reader.

    Each message stands twice in these files (differing in an attachment URL); the mbox
    reader keeps both, so the second copy of a Message-ID is dropped here, its replies
    moved to the first.
    """
    threads = []
    for thread in read_paths(
        sorted(str(path) for path in (THREADS / "mail_twisted").glob("*.txt"))
    ):
        first: dict[object, str] = {}
        same: dict[str, str] = {}
        for node in thread.nodes:
            key = dict(node.meta).get("message_id") or node.id
            same[node.id] = first.setdefault(key, node.id)
        nodes = [
            replace(node, parent=same.get(node.parent, node.parent))
            for node in thread.nodes
            if same[node.id] == node.id
        ]
        threads.append(replace(thread, nodes=tuple(nodes)))
    return threads


SOURCES = {
    "reddit": read_reddit, "hn": read_hn, "mail": read_mail, "r-lists": read_table,
    "reddit-long": read_reddit_long, "hn-long": read_hn_long, "discourse": read_discourse,
    "mail-long": read_mail_long,
}  # fmt: skip
# Busy threads a flat comment page would show: hundreds of comments, sub-threads interleaved.
LONG = ("reddit-long", "hn-long", "discourse")
# Sources whose first message opens the thread as a post would (a list's first mail); the
# Reddit month lacks its submissions, so its threads stay without a post.
OPENED_BY_FIRST = ("r-lists", "mail-long")


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


def pages(
    thread: Thread, truth: dict[str, str | None], longest: int = LONGEST
) -> Iterator[tuple[Thread, dict[str, str | None]]]:
    """A flat thread cut into pages of at most ``longest`` comments, the post on each: whole
    conversations (a top-level comment and every reply under it), packed in time order, so
    every reply's parent is on its page. A conversation longer than a page is cut in time
    order; a comment whose parent is then on an earlier page is not scored (left out of the
    truth)."""
    post = [node for node in thread.nodes if node.kind == "post"]
    comments = [node for node in thread.nodes if node.kind == "comment"]
    root: dict[str, str] = {}
    for node in comments:  # time order; a parent missing from the thread roots its own
        parent = truth[node.id]
        root[node.id] = root.get(parent, node.id) if parent is not None else node.id
    conversations: dict[str, list] = {}
    for node in comments:
        conversations.setdefault(root[node.id], []).append(node)
    packed: list[list] = [[]]
    for conversation in conversations.values():
        for start in range(0, len(conversation), longest):
            part = conversation[start : start + longest]
            if len(packed[-1]) + len(part) > longest:
                packed.append([])
            packed[-1].extend(part)
    order = {node.id: k for k, node in enumerate(comments)}
    for number, page in enumerate(packed):
        page.sort(key=lambda node: order[node.id])
        here = {node.id for node in page}
        kept = {
            node.id: truth[node.id]
            for node in page
            if truth[node.id] is None or truth[node.id] in here
        }
        nodes = [replace(node, position=k) for k, node in enumerate([*post, *page])]
        name = thread.id if number == 0 else f"{thread.id}-page-{number + 1}"
        yield replace(thread, id=name, nodes=tuple(nodes)), kept


def flat_threads(sources: list[str] | None = None) -> Iterator[Flat]:
    """Every thread of the named sources (all by default) with two or more comments, flat,
    in pages of at most LONGEST comments."""
    for name in sources or list(SOURCES):
        for thread in SOURCES[name]():
            if sum(node.kind == "comment" for node in thread.nodes) >= 2:
                flat, truth = flatten(thread, name in OPENED_BY_FIRST)
                for page, kept in pages(flat, truth):
                    yield Flat(name, page, kept)


def main() -> None:
    """Write one whole thread of a source, flat, as explorer-thread JSON on stdout:
    ``python benchmarks/reply_data.py reddit-long lpdhhy > flat.json`` (for timing ``replies``)."""
    source, thread_id = sys.argv[1:3]
    thread = next(thread for thread in SOURCES[source]() if thread.id == thread_id)
    flat, _ = flatten(thread, source in OPENED_BY_FIRST)
    sys.stdout.write(interchange.write([flat]))


if __name__ == "__main__":
    main()
