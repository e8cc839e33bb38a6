"""ActivityPub collections: a Mastodon account archive's ``outbox.json``, or a server's
outbox and replies pages (Mastodon, Pleroma, Misskey, GoToSocial write the same).

An ``OrderedCollection`` (or a page of one) lists activities in ``orderedItems`` (or
``items``): a ``Create`` holds the post as its ``object`` (a ``Note``: ``id``, ``content``
in HTML, ``published``, ``attributedTo``, ``inReplyTo``); a bare ``Note`` is read as one.
``inReplyTo`` is the address of the post answered, kept as stated: an archive holds only
its owner's posts, so the posts of others they answer become stand-ins, never guesses.
Posts are grouped into one thread per conversation, as the Mastodon reader groups
statuses. A post is labelled by the last part of its address (``.../statuses/1099``:
``1099``), the whole address where two share it. Authors are ``name@host``, from the actor's
address (``https://host/users/name``). Boosts (``Announce``) and other activities carry no
text of their own: they are counted in ``problems``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from ..errors import ExplorerError
from ..model import Thread
from .compression import head_of
from .htmltext import html_text
from .jsondata import RECORD_ERRORS, load_json, record_error
from .mastodon import conversation_threads
from .protocol import Format
from .records import Record, parse_time, scalar_meta, text_field

NAME = "activitypub"
PLATFORM = "mastodon"
EXTENSIONS = (".json",)
META = ("id", "url", "sensitive", "conversation", "inReplyTo")
POSTS = ("Note", "Article", "Question", "Page")

_COLLECTION = re.compile(r'"(?:orderedItems|items)"\s*:\s*\[')
_ACTIVITY = re.compile(r'"type"\s*:\s*"(?:Create|Announce|Note|OrderedCollection\w*)"')


def sniff(text: str) -> bool:
    """True for an ActivityStreams collection of activities or notes."""
    head = head_of(text.lstrip("\ufeff \t\r\n"))
    return head.startswith("{") and "www.w3.org/ns/activitystreams" in head and bool(
        _COLLECTION.search(head) and _ACTIVITY.search(head))


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read the posts of a collection, one thread per conversation."""
    document = load_json(text, source)
    if not isinstance(document, dict):
        raise ExplorerError("expected an ActivityPub collection (a JSON object)", source)
    items = document.get("orderedItems", document.get("items"))
    if not isinstance(items, list):
        raise ExplorerError("expected an ActivityPub collection (orderedItems)", source)
    posts, skipped = [], {}
    for number, item in enumerate(items, start=1):
        try:
            post = _post(item)
        except RECORD_ERRORS as err:
            raise record_error(f"item {number}", err, source) from err
        if post is None:
            kind = str(item.get("type") if isinstance(item, dict) else type(item).__name__)
            skipped[kind] = skipped.get(kind, 0) + 1
        else:
            posts.append(post)
    if not posts:
        raise ExplorerError("the collection holds no posts" + _counted(skipped), source)
    try:
        labels = _labels([address for post in posts
                          for address in (_address(post, "id"), _address(post, "inReplyTo"))
                          if address])
        records = [_record(post, labels) for post in posts]
    except RECORD_ERRORS as err:
        raise record_error("not an ActivityPub post", err, source) from err
    threads = conversation_threads(records, source)
    if skipped:  # said once, on the first thread, rather than on each conversation
        problem = "activities without a post of their own left out" + _counted(skipped)
        threads[0] = replace(threads[0], problems=(*threads[0].problems, problem))
    return threads


def _post(item: Any) -> dict[str, Any] | None:
    """The post an item creates (or is), or None for another activity."""
    if not isinstance(item, dict):
        raise TypeError("an item must be an object")
    if item.get("type") == "Create":
        item = item.get("object")
    if isinstance(item, dict) and item.get("type") in POSTS:
        return item
    return None


def _address(post: dict[str, Any], key: str) -> str | None:
    value = post.get(key)
    if isinstance(value, list):  # ActivityStreams allows several: the first is the one named
        value = value[0] if value else None
    if isinstance(value, dict):  # an embedded object rather than its address
        value = value.get("id")
    return text_field(value, key)


def _labels(addresses: list[str]) -> dict[str, str]:
    """Each address's label: its last part, or the whole address when two share it."""
    parts: dict[str, set[str]] = {}
    for address in addresses:
        parts.setdefault(address.rstrip("/").rsplit("/", 1)[-1] or address, set()).add(address)
    return {address: part if len(same) == 1 else address
            for part, same in parts.items() for address in same}


def _record(post: dict[str, Any], labels: dict[str, str]) -> Record:
    address = _address(post, "id")
    if not address:
        raise ValueError("a post without an id")
    answered = _address(post, "inReplyTo")
    meta = scalar_meta(post, META)
    parts = [html_text(text_field(post.get("summary"), "summary")),
             html_text(_content(post))]
    for media in post.get("attachment") or []:
        if isinstance(media, dict):
            kind = str(media.get("mediaType") or media.get("type") or "media").split("/")[0]
            shown = text_field(media.get("name") or media.get("url") or "", "attachment name")
            parts.append(f"[{kind}: {shown}]")
    return Record(
        label=labels[address],
        text="\n\n".join(part for part in parts if part),
        parent=labels[answered] if answered else None,
        author=_author(_address(post, "attributedTo")),
        published=parse_time(post.get("published")),
        stated=True,
        meta=meta,
    )


def _content(post: dict[str, Any]) -> str | None:
    """The post's HTML: ``content``, else the first language of ``contentMap``, which
    ActivityStreams allows in its place."""
    content = text_field(post.get("content"), "content")
    languages = post.get("contentMap")
    if not content and isinstance(languages, dict) and languages:
        content = text_field(next(iter(languages.values())), "contentMap")
    return content


def _author(actor: str | None) -> str | None:
    """``name@host`` for an actor address ``https://host/users/name`` (or ``/@name``)."""
    if not actor:
        return None
    parts = urlsplit(actor)
    name = parts.path.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
    return f"{name}@{parts.hostname}" if name and parts.hostname else actor


def _counted(kinds: dict[str, int]) -> str:
    return f": {sum(kinds.values())} (" + ", ".join(
        f"{kind} {count}" for kind, count in sorted(kinds.items())) + ")" if kinds else ""


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
