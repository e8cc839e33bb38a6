"""Shared pieces of the record-based readers: times, and record trees to threads.

Tables, Reddit, Hacker News, mail and Blogger exports all state each comment's parent, so
each reader turns its source into ``Record`` objects and ``build_thread`` makes the Thread:
nodes depth-first in source order, stated parents kept, comments answering the post at top
level (parent None, as the Blogger page reader gives them), parents missing from the input
reported in ``problems`` (the node then stands at top level, so graphs never point at a
node that does not exist). A node is ``stated`` when its record names a parent that is in
the input (the post included), or is a stated top-level record; a record whose parent is
missing, or cut from a cycle, is not: the source never said it answers the post.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ..model import Node, Thread

DELETED = "[deleted]"


@dataclass(slots=True)
class Record:
    """One message as a source states it, before it becomes a Node.

    ``label`` is the source's own id for it (unique within the thread); ``parent`` is the
    label of the message it replies to, or None at top level. ``stated`` says the source
    states its place (a threaded platform); ``meta`` are the source's own fields;
    ``signature`` is the end of ``text`` the source marks as signature or footer.
    """

    label: str
    text: str
    parent: str | None = None
    author: str | None = None
    published: datetime | None = None
    post: bool = False
    stated: bool = False
    meta: dict[str, Any] | None = None
    signature: str | None = None


SortKey = Callable[[Record], Any]
"""Orders siblings (and top-level records) when source order is not thread order."""


def build_thread(
    thread_id: str,
    records: Iterable[Record],
    *,
    title: str | None = None,
    url: str | None = None,
    published: datetime | None = None,
    source: str | None = None,
    problems: Iterable[str] = (),
    sort_key: SortKey | None = None,
) -> Thread:
    """Make a Thread from records: depth-first, children in source order (or ``sort_key``).

    A record repeated with the same content is read once; one that reuses an id with other
    content is kept as ``<id>~2`` (``~3``...). A parent that is not among the records puts
    its child at top level. All three are reported in ``problems``.
    """
    found_problems = list(problems)
    by_label: dict[str, Record] = {}
    order: list[Record] = []
    repeats = renamed = 0
    for record in records:
        first = by_label.get(record.label)
        if first is not None:
            if (first.text, first.author, first.parent) == (record.text, record.author,
                                                             record.parent):
                repeats += 1
                continue
            renamed += 1
            number = 2
            while f"{record.label}~{number}" in by_label:
                number += 1
            record = replace(record, label=f"{record.label}~{number}")
        by_label[record.label] = record
        order.append(record)
    if repeats:
        found_problems.append(f"records read twice: {repeats}; kept once")
    if renamed:
        found_problems.append(
            f"records reusing an id with other content: {renamed}; kept as <id>~2, ~3..."
        )
    children: dict[str | None, list[Record]] = {}
    missing: dict[str, int] = {}
    posts = {record.label for record in order if record.post}
    for record in order:
        parent = record.parent
        if parent in posts:
            # Answering the post is what top level means (as on Blogger pages): no parent.
            parent = None
        elif parent is not None and (parent not in by_label or parent == record.label):
            missing[parent] = missing.get(parent, 0) + 1
            parent = None
        children.setdefault(parent, []).append(record)
    if missing:
        count = sum(missing.values())
        sample = ", ".join(sorted(missing)[:3]) + (" …" if len(missing) > 3 else "")
        found_problems.append(
            f"replies to messages not in the input: {count} ({sample}); shown at top level"
        )
    ordered = _depth_first(children, sort_key)
    # Cycles (a replies to b replies to a) never reach the roots. Each is cut at its first
    # record in source order, which goes to top level; what hangs below keeps its parents.
    seen = {record.label for record, _ in ordered}
    cut = 0
    for record in order:
        if record.label in seen:
            continue
        cut += 1
        for placed, parent in _depth_first({**children, None: [record]}, sort_key):
            if placed.label not in seen:
                seen.add(placed.label)
                ordered.append((placed, parent))
    if cut:
        found_problems.append(f"reply cycles cut: {cut}; the first comment of each is top level")
    times = _consistent_times([record.published for record, _ in ordered] + [published])
    nodes = tuple(
        Node(
            id=f"{thread_id}/{record.label}",
            kind="post" if record.post and parent is None else "comment",
            position=position,
            label=record.label,
            text=record.text,
            parent=f"{thread_id}/{parent}" if parent is not None else None,
            author=record.author,
            published=times[position],
            signature=record.signature,
            stated=parent is not None or record.parent in posts
            or (record.stated and record.parent is None),
            meta=tuple(sorted(record.meta.items())) if record.meta else (),
        )
        for position, (record, parent) in enumerate(ordered)
    )
    return Thread(
        id=thread_id,
        nodes=nodes,
        title=title,
        url=url,
        published=times[-1],
        source=source,
        problems=tuple(found_problems),
    )


def _depth_first(
    children: dict[str | None, list[Record]], sort_key: SortKey | None
) -> list[tuple[Record, str | None]]:
    result: list[tuple[Record, str | None]] = []
    roots = children.get(None, [])
    if sort_key is not None:
        roots = sorted(roots, key=sort_key)
    # The post leads its thread whatever the source order (sorted() is stable).
    roots = sorted(roots, key=lambda record: not record.post)
    stack: list[tuple[Record, str | None]] = [(record, None) for record in reversed(roots)]
    visited: set[str] = set()
    while stack:
        record, parent = stack.pop()
        if record.label in visited:
            continue
        visited.add(record.label)
        result.append((record, parent))
        kids = children.get(record.label, [])
        if sort_key is not None:
            kids = sorted(kids, key=sort_key)
        stack.extend((kid, record.label) for kid in reversed(kids))
    return result


def _consistent_times(times: list[datetime | None]) -> list[datetime | None]:
    """Give naive times UTC when others in the same thread carry a zone, so they compare."""
    if any(t is not None and t.tzinfo is not None for t in times) and any(
        t is not None and t.tzinfo is None for t in times
    ):
        return [t.replace(tzinfo=UTC) if t is not None and t.tzinfo is None else t for t in times]
    return times


def text_field(value: Any, name: str) -> str | None:
    """A field that should hold text: strings kept, numbers spelled out, null None.

    Anything else (a list, an object) raises TypeError naming the field, which readers
    turn into their one-line error.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"{name} must be text, not {value!r:.40}")


def scalar_meta(item: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The named fields of a source record that hold a value (JSON scalars), for ``meta``."""
    return {name: item[name] for name in names if is_scalar(item.get(name)) and item[name] != ""}


def is_scalar(value: Any) -> bool:
    """True for a value meta may hold: text, a number (not NaN or infinite) or a boolean."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int)


# ---- times ----------------------------------------------------------------------------------

_NUMBER = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")


def parse_time(value: object) -> datetime | None:
    """Read a time as exports write it: Unix seconds (or milliseconds), ISO 8601, RFC 2822.

    Unix times become UTC; ISO and RFC times keep the zone they state. Returns None for
    empty values and raises ValueError for text that is none of these, or a time no
    datetime can hold (``1e300``, NaN).
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.match(value)):
        seconds = float(value)
        if abs(seconds) > 1e11:  # milliseconds, as JavaScript exports write them
            seconds /= 1000
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"time out of range: {value!r:.40}") from None
    if not isinstance(value, str):
        raise ValueError(f"not a time: {value!r}")
    text = value.strip()
    try:
        moment = datetime.fromisoformat(
            text.replace("Z", "+00:00") if text.endswith("Z") else text
        )
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            raise ValueError(f"not a time: {value!r:.60}") from None
    if moment.tzinfo is not None:
        try:
            # Year 1 or 9999 with a zone has no UTC time, so it would not compare with others.
            moment.astimezone(UTC)
        except OverflowError:
            raise ValueError(f"time out of range: {value!r:.40}") from None
    return moment
