"""Reddit: a thread page's JSON (its URL with ``.json`` appended) and monthly dumps.

- Thread JSON is a two-element array of listings: the post (kind ``t3``), then the comment
  tree (``t1``, with ``replies`` nested as listings). ``more`` stubs stand for comments the
  page did not load; their count goes into ``problems``, as does a ``num_comments`` that
  differs from what was found.
- Dumps (Pushshift / Arctic Shift ``RC_2023-01`` and ``RS_...`` files) hold one JSON object a
  line: comments with ``link_id`` and ``parent_id``, and optionally submissions. They are
  grouped into one thread per ``link_id``, across all the dumps read together (comments in
  ``RC_`` files, their submissions in ``RS_`` files); ``read_items`` reads each line by line,
  whatever its compression (``.zst`` as published), so no file is held in memory.

Each node keeps Reddit's full name (``t1_…``), score, subreddit and permalink as ``meta``.
Authors ``[deleted]`` become None; bodies stay as Reddit gives them (``[deleted]``,
``[removed]``), Markdown with its HTML entities unescaped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from ..errors import ExplorerError
from ..model import Thread
from ..text import SharedStrings
from .compression import Input, head_of
from .htmltext import unescape
from .jsondata import RECORD_ERRORS, first_object, json_lines, load_json, record_error
from .protocol import Format, Stream
from .records import Record, build_thread, parse_time, scalar_meta
from .spill import Spill

NAME = "reddit"
PLATFORM = "reddit"
EXTENSIONS = (".json", ".jsonl", ".ndjson", ".zst")
SITE = "https://www.reddit.com"
# Fields kept on each node besides its full name (``t1_…``/``t3_…``).
META = ("score", "subreddit", "permalink", "num_comments")

_KIND_PREFIX = re.compile(r"t\d_")
_LISTING = re.compile(r'^\s*\[\s*\{\s*"kind"\s*:\s*"Listing"')


def sniff(text: str) -> bool:
    """True for a thread's JSON listing or the first line of a comment or submission dump."""
    head = head_of(text.lstrip("\ufeff"))
    if _LISTING.match(head):
        return '"t3"' in head
    return _is_dump_line(head.lstrip().split("\n", 1)[0])


def _is_dump_line(line: str) -> bool:
    item = first_object(line) if line.startswith("{") else None
    if item is None or "id" not in item:
        return False
    comment = "link_id" in item and "parent_id" in item and "body" in item
    submission = "subreddit" in item and "title" in item and "num_comments" in item
    return comment or submission


def sniff_stream(head: bytes) -> bool:
    """True for a dump (its first line a comment or submission), which ``read_items`` reads."""
    line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    return _is_dump_line(line.decode("utf-8", "replace"))


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read a thread's JSON listing, or dump lines given as text."""
    text = text.lstrip("\ufeff")
    if _LISTING.match(text):
        return [_parse_listing(text, source)]
    return read_dump(io.StringIO(text), source)


def read_items(stream: Input) -> Iterator[tuple[str, DumpItem]]:
    """Read one dump line by line: each record under its thread, for ``join``."""
    return _dump_items(stream.text_lines(), stream.source)


# ---- dumps ----------------------------------------------------------------------------------


@dataclass(slots=True)
class DumpItem:
    """One dump line as the join needs it: its record and file and, for a submission, its
    title, address and stated comment count."""

    record: Record
    source: str | None
    post: dict[str, Any] | None = None

    def to_plain(self) -> tuple | None:
        """The fields as values ``marshal`` writes, for the spill (None: pickle them)."""
        record = self.record.to_plain()
        return None if record is None else (record, self.source, self.post)

    @classmethod
    def from_plain(cls, plain: tuple) -> DumpItem:
        record, source, post = plain
        return cls(Record.from_plain(record), source, post)


def read_dump(lines: IO[str] | Iterable[str], source: str | None = None) -> list[Thread]:
    """Group dump lines (comments and submissions) into one thread per submission.

    Reads line by line and keeps only the fields a Node needs, so memory follows the kept
    text, not the size of the dump.
    """
    with Spill() as spill:
        spill.extend(_dump_items(lines, source))
        return list(join(spill))


def _dump_items(
    lines: IO[str] | Iterable[str], source: str | None
) -> Iterator[tuple[str, DumpItem]]:
    """Each line's record under its thread id (``link_id``, or a submission's own id)."""
    # A month of comments has far fewer authors than comments: keep one copy of each name.
    names = SharedStrings()
    found = False
    for number, item in json_lines(lines, source):
        try:
            if "link_id" in item:
                thread_id = bare_name(item["link_id"])
                parent = item.get("parent_id")
                kept = DumpItem(Record(
                    label=str(item["id"]),
                    text=unescape(item.get("body")),
                    parent=(None if parent is None or parent.startswith("t3_")
                            else bare_name(parent)),
                    author=_author(item.get("author"), names),
                    published=parse_time(item.get("created_utc")),
                    meta=_meta(item, "t1", names),
                    stated=True,  # Reddit states every comment's place, top level included
                ), source)
            else:
                thread_id = str(item["id"])
                post = {
                    "title": item.get("title"),
                    "url": _permalink(item),
                    "num_comments": item.get("num_comments"),
                }
                kept = DumpItem(_post_record(item, names), source, post)
        except RECORD_ERRORS as err:
            raise record_error(f"line {number}: not a Reddit dump record", err, source) from err
        found = True
        yield thread_id, kept
    if not found:
        raise ExplorerError("no Reddit comments or submissions found", source)


def join(spill: Spill) -> Iterator[Thread]:
    """One thread per submission from the records of one or more dumps (comments in RC_
    files, submissions in RS_ files), in order of first mention; a thread's source is the
    file of its submission (the last read, if several), else of its first comment."""
    for thread_id, items in spill.groups():
        posts = [item for item in items if item.post is not None]
        post = posts[-1].post if posts else {}
        records = [item.record for item in items]
        problems = []
        found = len({record.label for record in records if not record.post})  # once each
        stated = post.get("num_comments")
        if isinstance(stated, int) and stated != found:
            problems.append(f"post says {stated} comments, found {found}")
        yield build_thread(
            thread_id, records, title=post.get("title"), url=post.get("url"),
            source=(posts[-1] if posts else items[0]).source, problems=problems,
        )


def bare_name(name: str) -> str:
    """``t3_abc`` -> ``abc``: dumps and listings prefix ids with their kind."""
    return name.split("_", 1)[1] if _KIND_PREFIX.match(name) else name


def _author(name: Any, names: SharedStrings | None = None) -> str | None:
    if not name or name == "[deleted]":
        return None
    return names(str(name)) if names is not None else str(name)


def _permalink(item: dict[str, Any]) -> str | None:
    permalink = item.get("permalink")
    return SITE + permalink if permalink else item.get("url")


def _post_record(item: dict[str, Any], names: SharedStrings | None = None) -> Record:
    text = unescape(item.get("selftext"))
    if not text and not item.get("is_self", True):
        text = item.get("url") or ""  # a link post: the link is what was posted
    return Record(
        label="post",
        text=text,
        author=_author(item.get("author")),
        published=parse_time(item.get("created_utc")),
        post=True,
        meta=_meta(item, "t3", names),
    )


def _meta(item: dict[str, Any], kind: str, names: SharedStrings | None) -> dict[str, Any]:
    """Reddit's own fields of a post or comment: its full name (``t1_…``) and platform fields.

    Subreddit names repeat across a dump, so one copy of each is kept (``names``).
    """
    meta = scalar_meta(item, META)
    meta["name"] = str(item.get("name") or f"{kind}_{item['id']}")
    if isinstance(meta.get("subreddit"), str) and names is not None:
        meta["subreddit"] = names(meta["subreddit"])
    return meta


# ---- thread listings --------------------------------------------------------------------------


def _parse_listing(text: str, source: str | None) -> Thread:
    document = load_json(text, source)
    try:
        post_listing, comment_listing = document
        post = _children(post_listing)[0]
        if post.get("kind") != "t3":
            raise ValueError(f"first listing holds {post.get('kind')!r}, not a post (t3)")
        data = post["data"]
        thread_id = _id(data)
        records = [_post_record(data)]
        missing = {"more": 0, "continue": 0}
        _walk(_children(comment_listing), records, missing)
        title = unescape(data.get("title")) or None
        url = _permalink(data)
    except RECORD_ERRORS as err:
        raise record_error("malformed Reddit thread JSON", err, source) from err
    problems = []
    if missing["more"]:
        problems.append(
            f"comments not in the file ('load more comments' stubs): {missing['more']}"
        )
    if missing["continue"]:
        problems.append(
            f"'continue this thread' links (deeper replies not in the file): {missing['continue']}"
        )
    found = len(records) - 1
    stated = data.get("num_comments")
    if isinstance(stated, int) and stated != found:
        problems.append(f"post says {stated} comments, found {found}")
    return build_thread(
        thread_id,
        records,
        title=title,
        url=url,
        published=records[0].published,
        source=source,
        problems=problems,
    )


def _id(data: dict[str, Any]) -> str:
    """A post's or comment's id, which must be a string or a number."""
    value = data["id"]
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"id must be a string, not {value!r:.40}")
    return str(value)


def _children(listing: Any) -> list[dict[str, Any]]:
    if not listing:  # Reddit writes "replies": "" for a comment without replies
        return []
    if listing.get("kind") != "Listing":
        raise ValueError(f"expected a Listing, found {listing.get('kind')!r}")
    children = listing["data"]["children"]
    if not isinstance(children, list):
        raise TypeError(f"a Listing's children must be a list, not {children!r:.40}")
    return children


def _walk(
    children: list[dict[str, Any]], records: list[Record], missing: dict[str, int]
) -> None:
    """Add the comment tree's records depth-first, without recursion (trees can be deep)."""
    stack: list[tuple[dict[str, Any], str | None]] = [(child, None) for child in reversed(children)]
    while stack:
        child, parent = stack.pop()
        kind, data = child["kind"], child["data"]
        if kind == "more":
            if data.get("count", 0) == 0 and data.get("id") == "_":
                missing["continue"] += 1
            else:
                missing["more"] += int(data.get("count") or len(data.get("children") or ()))
            continue
        if kind != "t1":
            raise ValueError(f"unexpected {kind!r} in the comment tree")
        label = _id(data)
        stated = data.get("parent_id")
        if isinstance(stated, str):
            # A comment's permalink page starts below the top: its first comment's parent
            # is stated but not in the file, and is reported as missing.
            parent = None if stated.startswith("t3_") else bare_name(stated)
        records.append(
            Record(
                label=label,
                text=unescape(data.get("body")),
                parent=parent,
                author=_author(data.get("author")),
                published=parse_time(data.get("created_utc")),
                meta=_meta(data, "t1", None),
                stated=True,
            )
        )
        stack.extend((kid, label) for kid in reversed(_children(data.get("replies"))))


FORMAT = Format(
    NAME, EXTENSIONS, sniff, parse, platform=PLATFORM, streams=(Stream(sniff_stream, read_items),),
    join=join,
)
