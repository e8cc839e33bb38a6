"""Discourse topics: the JSON of a topic page (its URL with ``.json`` appended).

The topic's posts are in ``post_stream.posts``; each has a ``post_number`` (its label
here, as the forum shows it: ``#3``) and names the post it answers in
``reply_to_post_number`` (null when it answers the topic). Post 1 is the topic's own post.
Topic events ("pinned", "closed": ``post_type`` 3, no text) are skipped and counted; posts
the page did not load (Discourse sends the first 20, ``post_stream.stream`` lists them all)
are counted in ``problems``. The JSON does not name the forum's address, so threads have
no URL. Authors are usernames, which is how Discourse users address
each other (``@tomas``); the display name is kept in ``meta``.
"""

from __future__ import annotations

from typing import Any

from ..errors import ExplorerError
from ..model import Thread
from .compression import head_of
from .jsondata import load_json
from .records import (
    Record,
    build_thread,
    clean_text,
    is_scalar,
    parse_time,
    scalar_meta,
    text_field,
)

NAME = "discourse"
PLATFORM = "forum"
EXTENSIONS = (".json",)
SMALL_ACTION = 3
META = ("id", "name", "post_type", "reply_count", "reads", "score", "user_deleted",
        "trust_level", "action_code")


def sniff(text: str) -> bool:
    """True for a JSON object with a Discourse ``post_stream``."""
    head = head_of(text.lstrip("\ufeff \t\r\n"))
    return head.startswith("{") and '"post_stream"' in head and '"post_number"' in head


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read the topic of a Discourse topic JSON as one thread."""
    document = load_json(text, source)
    try:
        stream = document["post_stream"]
        posts = stream["posts"]
        if not isinstance(posts, list) or not posts:
            raise ValueError("post_stream.posts holds no posts")
        topic_id = text_field(document.get("id") or posts[0]["topic_id"], "id")
        title = text_field(document.get("title"), "title")
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise ExplorerError(f"not a Discourse topic: {err!r}", source) from err
    records: list[Record] = []
    events = 0
    for index, post in enumerate(posts, start=1):
        try:
            if post.get("post_type") == SMALL_ACTION and not post.get("cooked"):
                events += 1
                continue
            records.append(_record(post))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ExplorerError(f"post {index}: {err!r}", source) from err
    problems = []
    if events:
        problems.append(f"topic events (pinned, closed...) without text skipped: {events}")
    loaded = {post.get("id") for post in posts if is_scalar(post.get("id"))}
    listed = stream.get("stream")
    listed = listed if isinstance(listed, list) else []
    unloaded = [key for key in listed if is_scalar(key) and key not in loaded]
    if unloaded:
        problems.append(
            f"posts not in the file (Discourse sends the first 20 of a topic): {len(unloaded)}"
        )
    return [
        build_thread(
            topic_id,
            records,
            title=title,
            published=next((r.published for r in records if r.post), None),
            source=source,
            problems=problems,
        )
    ]


def _record(post: dict[str, Any]) -> Record:
    number = text_field(post["post_number"], "post_number")
    parent = text_field(post.get("reply_to_post_number"), "reply_to_post_number")
    return Record(
        label=number,
        text=clean_text(text_field(post.get("cooked"), "cooked")),
        parent=parent,
        author=text_field(post.get("username"), "username"),
        published=parse_time(post.get("created_at")),
        post=number == "1",
        stated=True,
        meta=scalar_meta(post, META),
    )
