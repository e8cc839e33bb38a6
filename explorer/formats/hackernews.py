"""Hacker News: Algolia items JSON, hnapi item JSON and Firebase item records.

- Algolia (``hn.algolia.com/api/v1/items/<id>``): one object, the story, with comments nested
  in ``children``; ``author``, ``created_at_i``, ``text`` (HTML), ``parent_id``.
- Firebase (``hacker-news.firebaseio.com/v0/item/<id>.json``): flat records with ``by``,
  ``time``, ``text``, ``parent`` and ``kids``; a JSON array of them or one per line. Records
  are grouped into threads by following ``parent`` up to the story; siblings keep the order
  of their parent's ``kids`` (the site's ranking). ``descendants`` different from the
  number found is reported.
- hnapi (node-hnapi, ``api.hackerwebapp.com/item/<id>``, as saved by clients such as
  circumflex): one object, the story, with comments nested in ``comments``; ``user``,
  ``time``, ``content`` (HTML), ``level``, ``time_ago``. Nesting states every comment's place;
  a ``level`` other than the nesting depth is reported.

The story's node is labelled ``post``, comments by their item ids. Deleted comments
(``deleted: true``, or Algolia's null author and text) stay as nodes with
text ``[deleted]`` and no author; dead ones keep their text, or ``[dead]`` without it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from ..errors import ExplorerError
from ..model import Thread
from .compression import head_of
from .htmltext import html_to_text, unescape
from .jsondata import RECORD_ERRORS, first_object, json_lines, load_json, record_error
from .protocol import Format
from .records import DELETED, Record, build_thread, parse_time, scalar_meta, text_field

NAME = "hackernews"
PLATFORM = "hackernews"
EXTENSIONS = (".json", ".jsonl", ".ndjson")
ITEM_URL = "https://news.ycombinator.com/item?id={}"
TYPES = ("story", "comment", "job", "poll", "pollopt")
_STORY_TYPES = ("story", "job", "poll")
# The item's own fields kept on its node (``Node.meta``), by API.
FIREBASE_META = ("id", "type", "score", "descendants", "url", "dead", "deleted")
ALGOLIA_META = ("id", "type", "points", "url", "story_id")
HNAPI_META = ("id", "type", "points", "url", "domain", "comments_count", "dead", "deleted")


def sniff(text: str) -> bool:
    """True for an Algolia or hnapi item tree, or Firebase item records."""
    head = head_of(text.lstrip("\ufeff \t\r\n"))
    if head.startswith("{") and '"children"' in head:
        return bool(re.search(r'"(?:created_at_i|story_id)"\s*:', head))
    if head.startswith("{") and _is_hnapi(head):
        return True
    first = _first_object(head)
    return first is not None and _is_firebase(first)


def _first_object(head: str) -> dict[str, Any] | None:
    snippet = head[1:].lstrip() if head.startswith("[") else head
    return first_object(snippet.split("\n", 1)[0] if head.startswith("{") else snippet)


def _is_hnapi(head: str) -> bool:
    return bool(re.search(r'"time_ago"\s*:', head) and re.search(r'"comments"\s*:\s*\[', head))


def _is_firebase(item: dict[str, Any]) -> bool:
    return "id" in item and item.get("type") in TYPES and "time" in item


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read HN threads from Algolia or hnapi JSON, or Firebase records."""
    text = text.lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("{") and "\n{" not in stripped.rstrip():
        document = load_json(text, source)
        if isinstance(document, dict) and "children" in document:
            return [_parse_algolia(document, source)]
        if isinstance(document, dict) and isinstance(document.get("comments"), list):
            return [_parse_hnapi(document, source)]
        items = [document]
    elif stripped.startswith("["):
        items = load_json(text, source)
        if not isinstance(items, list):
            raise ExplorerError("expected a JSON array of Hacker News items", source)
    else:
        items = _load_lines(text, source)
    return _parse_firebase(items, source)


def _load_lines(text: str, source: str | None) -> list[Any]:
    return [item for _, item in json_lines(io.StringIO(text), source)]


def _text(html: Any, deleted: bool, dead: bool) -> str:
    if html:
        return html_to_text(text_field(html, "text"))
    if deleted:
        return DELETED
    return "[dead]" if dead else ""


# ---- item trees (Algolia, hnapi) --------------------------------------------------------------

ItemRecord = Callable[[dict[str, Any], "str | None", Any], tuple[Record, Any]]
"""Makes an item's record from the item, its parent's label (None for the root) and what
its parent handed down; returns the record and what to hand down to the item's children."""


def _walk_tree(root: dict[str, Any], api: str, children_key: str, record_of: ItemRecord,
               source: str | None) -> tuple[str, list[Record], str | None]:
    """The root's id, the records of an item tree depth first in document order, and the
    title; a malformed item is one error naming the API."""
    records: list[Record] = []
    try:
        root_id = text_field(root["id"], "id")
        stack: list[tuple[Any, str | None, Any]] = [(root, None, None)]
        while stack:
            item, parent, handed = stack.pop()
            record, below = record_of(item, parent, handed)
            records.append(record)
            children = item.get(children_key) or []
            if not isinstance(children, list):
                raise TypeError(f"{children_key} must be a list, not {children!r:.40}")
            stack.extend((child, record.label, below) for child in reversed(children))
        title = unescape(text_field(root.get("title"), "title")) or None
    except RECORD_ERRORS as err:
        raise record_error(f"malformed {api} item", err, source) from err
    return root_id, records, title


def _item_tree(root_id: str, records: list[Record], title: str | None, source: str | None,
               problems: list[str]) -> Thread:
    """The thread of an item tree (Algolia, hnapi), read from its root down."""
    return build_thread(
        root_id,
        records,
        title=title,
        url=ITEM_URL.format(root_id),
        published=records[0].published,
        source=source,
        problems=problems,
    )


def _story_text(text: str, item: dict[str, Any], is_story: bool) -> str:
    """A story without text shows its link."""
    if is_story and not text:
        return text_field(item.get("url"), "url") or ""
    return text


# ---- Algolia ----------------------------------------------------------------------------------


def _parse_algolia(root: dict[str, Any], source: str | None) -> Thread:
    root_id, records, title = _walk_tree(root, "Algolia", "children", _algolia_record, source)
    problems = [] if records[0].post else [
        f"starts at {root.get('type') or 'item'} {root_id}, not at its story"
    ]
    return _item_tree(root_id, records, title, source, problems)


def _algolia_record(item: dict[str, Any], parent: str | None, _: Any) -> tuple[Record, None]:
    is_story = parent is None and item.get("type") in _STORY_TYPES
    deleted = item.get("author") is None and item.get("text") is None and not is_story
    text = _story_text(_text(item.get("text"), deleted, False), item, is_story)
    label = "post" if is_story else text_field(item["id"], "id")
    return Record(
        label=label,
        text=text,
        parent=parent,
        author=text_field(item.get("author"), "author"),
        published=parse_time(item.get("created_at_i") or item.get("created_at")),
        post=is_story,
        meta=scalar_meta(item, ALGOLIA_META),
        stated=True,  # Hacker News states every comment's place
    ), None


# ---- hnapi ------------------------------------------------------------------------------------


def _parse_hnapi(root: dict[str, Any], source: str | None) -> Thread:
    problems: list[str] = []

    def record_of(item: Any, parent: str | None, level: Any) -> tuple[Record, Any]:
        """The item's record, and the level its nesting gives its children."""
        if not isinstance(item, dict):
            raise TypeError(f"a comment must be an object, not {item!r:.40}")
        is_story = parent is None and item.get("type") != "comment"
        label = "post" if is_story else text_field(item["id"], "id")
        if label is None:
            raise TypeError("a comment has no id")
        stated_level = item.get("level")
        if level is not None and stated_level is not None and stated_level != level:
            problems.append(f"comment {label} says level {stated_level}, nested at {level}")
        deleted = bool(item.get("deleted"))
        text = _text(None if deleted else item.get("content"), deleted, bool(item.get("dead")))
        record = Record(
            label=label,
            text=_story_text(text, item, is_story),
            parent=parent,
            author=None if deleted else text_field(item.get("user"), "user"),
            published=parse_time(item.get("time")),
            post=is_story,
            meta=scalar_meta(item, HNAPI_META),
            stated=True,  # nesting states every comment's place
        )
        own = level if level is not None else stated_level  # a root comment: as stated
        return record, 0 if is_story else own + 1 if type(own) is int else None

    root_id, records, title = _walk_tree(root, "hnapi", "comments", record_of, source)
    if not records[0].post:
        problems.insert(0, f"starts at comment {root_id}, not at its story")
    found = len(records) - records[0].post
    stated = root.get("comments_count")
    if records[0].post and isinstance(stated, int) and stated != found:
        problems.append(f"story says {stated} comments, found {found}")
    return _item_tree(root_id, records, title, source, problems)


# ---- Firebase ---------------------------------------------------------------------------------


def _parse_firebase(items: list[Any], source: str | None) -> list[Thread]:
    by_id: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for index, item in enumerate(items, start=1):
        if item is None:  # the API answers null for ids it does not know
            continue
        if not isinstance(item, dict) or "id" not in item:
            raise ExplorerError(f"record {index}: expected a Hacker News item with an id", source)
        key = str(item["id"])
        if key not in by_id:
            by_id[key] = item
            order.append(key)
    if not by_id:
        raise ExplorerError("no Hacker News items found", source)

    def parent_of(item: dict[str, Any]) -> str | None:
        parent = item.get("parent", item.get("poll"))
        return None if parent is None else str(parent)

    rank: dict[str, tuple[float, int]] = {key: (float("inf"), i) for i, key in enumerate(order)}
    for key in order:
        kids = by_id[key].get("kids")
        for index, kid in enumerate(kids if isinstance(kids, list) else ()):
            if str(kid) in rank:
                rank[str(kid)] = (index, rank[str(kid)][1])

    groups: dict[str, list[Record]] = {}
    for key in order:
        item = by_id[key]
        root, seen = key, {key}
        while (up := parent_of(by_id[root])) is not None:
            if up not in by_id or up in seen:
                root = up if up not in by_id else root
                break
            seen.add(up)
            root = up
        try:
            record = _firebase_record(item, parent_of(item))
            if record.parent == root and root in by_id and by_id[root].get("type") in _STORY_TYPES:
                record.parent = "post"
            groups.setdefault(root, []).append(record)
        except (TypeError, ValueError) as err:
            raise ExplorerError(f"item {key}: {err}", source) from err

    threads = []
    for root, records in groups.items():
        story = by_id.get(root)
        problems = []
        if story is None or story.get("type") not in _STORY_TYPES:
            problems.append(f"story {root} is not in the input")
        found = sum(1 for record in records if not record.post)
        stated = story.get("descendants") if story else None
        if isinstance(stated, int) and stated != found:
            problems.append(f"story says {stated} comments, found {found}")
        try:
            title = unescape(text_field(story.get("title"), "title")) or None if story else None
            published = parse_time(story.get("time")) if story else None
        except (TypeError, ValueError) as err:
            raise ExplorerError(f"item {root}: {err}", source) from err
        threads.append(
            build_thread(
                root,
                records,
                title=title,
                url=ITEM_URL.format(root),
                published=published,
                source=source,
                problems=problems,
                sort_key=lambda record, root=root: rank[root if record.post else record.label],
            )
        )
    return threads


def _firebase_record(item: dict[str, Any], parent: str | None) -> Record:
    is_story = item.get("type") in _STORY_TYPES
    text = _text(item.get("text"), bool(item.get("deleted")), bool(item.get("dead")))
    text = _story_text(text, item, is_story)
    return Record(
        label="post" if is_story else str(item["id"]),
        text=text,
        parent=parent,
        author=text_field(item.get("by"), "by"),
        published=parse_time(item.get("time")),
        post=is_story,
        meta=scalar_meta(item, FIREBASE_META),
        stated=True,
    )


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
