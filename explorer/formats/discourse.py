"""Discourse topics: a topic's JSON (its URL + ``.json``), its pages, and ``/posts.json``.

A topic's posts are in ``post_stream.posts``; each has a ``post_number`` (its label here,
as the forum shows it: ``#3``) and names the post it answers in ``reply_to_post_number``
(null when it answers the topic). Post 1 is the topic's own post. Discourse sends a topic
20 posts at a time (``?page=2``, ``/t/ID/posts.json?post_number=433``), and ``/posts.json``
lists the latest posts of many topics (``latest_posts``, each with its ``topic_id``): every
file read in a run is one corpus, joined by topic id and post number, so the pages of a
topic become one thread whatever their order, a post on two pages is read once, and a
reply finds its parent on another page. Topic events ("pinned", "closed": ``post_type``
3, no text) are skipped and counted; posts a topic lists in ``post_stream.stream`` but no
file holds are counted in ``problems``. The JSON does not name the forum's address, so
threads have no URL. Authors are usernames, which is how Discourse users address each
other (``@tomas``); the display name is kept in ``meta``.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Thread
from ..text import decode_bytes
from .compression import Input, head_of
from .htmltext import html_text
from .jsondata import RECORD_ERRORS, load_json, record_error
from .protocol import Format, Stream
from .records import Record, build_thread, is_scalar, parse_time, scalar_meta, text_field
from .spill import Spill

NAME = "discourse"
PLATFORM = "forum"
EXTENSIONS = (".json",)
SMALL_ACTION = 3
META = ("id", "name", "post_type", "reply_count", "reads", "score", "user_deleted",
        "trust_level", "action_code")


@dataclass(slots=True)
class Post:
    """One post as the join needs it: its record, its file, and an event it is not."""

    record: Record | None  # None for a topic event without text
    source: str | None
    id: Any = None  # the post's id, which the topic's ``stream`` lists


@dataclass(slots=True)
class Summary:
    """What one file says of its topics: titles, and the post ids each topic lists."""

    source: str | None = None
    titles: dict[str, str] = field(default_factory=dict)
    listed: dict[str, list[Any]] = field(default_factory=dict)
    warning: str | None = None  # how the file was decoded, when not as UTF-8


Items = Generator[tuple[str, Post], None, Summary]


def sniff(text: str) -> bool:
    """True for a JSON object with a Discourse ``post_stream`` or ``latest_posts``."""
    head = head_of(text.lstrip("\ufeff \t\r\n"))
    return head.startswith("{") and '"post_number"' in head and (
        '"post_stream"' in head or '"latest_posts"' in head
    )


def sniff_stream(head: bytes) -> bool:
    """The same test on an input's first bytes: such files go to the join of the run."""
    return sniff(head.decode("utf-8", "replace"))


def read_items(stream: Input) -> Items:
    """One file's posts under their topic, for ``join`` (a JSON document is read whole)."""
    text, warning = decode_bytes(stream.read(), stream.source)
    summary = yield from _items(text, stream.source)
    summary.warning = warning
    return summary


def parse(text: str, source: str | None = None) -> list[Thread]:
    """The topics of one file alone."""
    with Spill() as spill:
        spill.extend(_items(text, source))
        return list(join(spill))


def _items(text: str, source: str | None) -> Items:
    document = load_json(text, source)
    summary = Summary(source)
    try:
        if isinstance(document, dict) and isinstance(document.get("latest_posts"), list):
            posts, topic = document["latest_posts"], None
        else:
            stream = document["post_stream"]
            posts = stream["posts"]
            if not isinstance(posts, list) or not posts:
                raise ValueError("post_stream.posts holds no posts")
            topic = text_field(document.get("id") or posts[0]["topic_id"], "id")
            title = text_field(document.get("title"), "title")
            if title:
                summary.titles[topic] = title
            listed = stream.get("stream")
            summary.listed[topic] = [key for key in listed if is_scalar(key)] \
                if isinstance(listed, list) else []
    except RECORD_ERRORS as err:
        raise record_error("not a Discourse topic", err, source) from err
    for index, post in enumerate(posts, start=1):
        try:
            key = topic or text_field(post["topic_id"], "topic_id")
            if not key:
                raise ValueError("a post without its topic_id")
            if topic is None and post.get("topic_title"):
                summary.titles.setdefault(key, text_field(post["topic_title"], "topic_title"))
            if post.get("post_type") == SMALL_ACTION and not post.get("cooked"):
                yield key, Post(None, source, _id(post))
                continue
            yield key, Post(_record(post), source, _id(post))
        except RECORD_ERRORS as err:
            raise record_error(f"post {index}", err, source) from err
    return summary


def join(spill: Spill) -> Iterator[Thread]:
    """One thread per topic from every file read: posts in post-number order, once each."""
    titles: dict[str, str] = {}
    listed: dict[str, set[Any]] = {}
    warnings = {summary.source: summary.warning for summary in spill.summaries
                if summary.warning}
    for summary in spill.summaries:
        for topic, title in summary.titles.items():
            titles.setdefault(topic, title)
        for topic, keys in summary.listed.items():
            listed.setdefault(topic, set()).update(keys)
    for topic, posts in spill.groups():
        yield _thread(str(topic), posts, titles.get(topic), listed.get(topic, set()), warnings)


def _thread(topic: str, posts: list[Post], title: str | None, listed: set[Any],
            warnings: dict[str | None, str]) -> Thread:
    records: dict[str, Record] = {}
    events = 0
    for post in posts:
        if post.record is None:
            events += 1
        else:
            records.setdefault(post.record.label, post.record)  # a post on two pages: once
    ordered = sorted(records.values(), key=lambda record: _number(record.label))
    sources = list(dict.fromkeys(post.source for post in posts))
    problems = [warnings[source] for source in sources if source in warnings]
    if events:
        problems.append(f"topic events (pinned, closed...) without text skipped: {events}")
    loaded = {post.id for post in posts}
    unloaded = listed - loaded
    if unloaded:
        problems.append(
            f"posts not in the files read (Discourse sends 20 posts a page): {len(unloaded)}"
        )
    return build_thread(
        topic,
        ordered,
        title=title,
        published=next((r.published for r in ordered if r.post), None),
        source=sources[0] if sources else None,
        problems=problems,
        sort_key=lambda record: _number(record.label),
    )


def _id(post: dict[str, Any]) -> Any:
    return post.get("id") if is_scalar(post.get("id")) else None


def _number(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdecimal() else (1 << 62, label)


def _record(post: dict[str, Any]) -> Record:
    number = text_field(post["post_number"], "post_number")
    if not number:
        raise ValueError("a post without its post_number")
    parent = text_field(post.get("reply_to_post_number"), "reply_to_post_number")
    return Record(
        label=number,
        text=html_text(text_field(post.get("cooked"), "cooked")),
        parent=parent,
        author=text_field(post.get("username"), "username"),
        published=parse_time(post.get("created_at")),
        post=number == "1",
        stated=True,
        meta=scalar_meta(post, META),
    )


FORMAT = Format(
    NAME, EXTENSIONS, sniff, parse, platform=PLATFORM, streams=(Stream(sniff_stream, read_items),),
    join=join,
)
