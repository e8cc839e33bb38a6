"""Shared pieces of the record-based readers: times, and record trees to threads.

Tables, Reddit, Hacker News, mail and Blogger exports all state each comment's parent, so
each reader turns its source into ``Record`` objects and ``build_thread`` makes the Thread:
nodes depth-first in source order, stated parents kept, comments answering the post at top
level (parent None, as the Blogger page reader gives them). This is where stated parents
become a tree, for every reader: a parent missing from the input gets a stand-in node of
kind ``missing`` (label ``missing:<its id>``) for its replies to hang under, and each loop
of parents is cut once, by ``tree.cut_loops``, in linear time; both are reported in
``problems``. A node is ``stated`` when its record names a parent (present, absent or cut)
or is a stated top-level record: no guess ever replaces what the source says.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ..collector import paused
from ..model import Node, Thread
from ..tree import cut_loops

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

    def to_plain(self) -> tuple | None:
        """The fields as values ``marshal`` writes (see ``spill``), or None when the time
        has a zone other than UTC (or is of a subclass)."""
        moment = self.published
        if moment is None:
            when = None
        elif type(moment) is datetime and (moment.tzinfo is None or moment.tzinfo is UTC):
            when = (moment.year, moment.month, moment.day, moment.hour, moment.minute,
                    moment.second, moment.microsecond, moment.fold, moment.tzinfo is UTC)
        else:
            return None
        return (self.label, self.text, self.parent, self.author, when, self.post, self.stated,
                self.meta, self.signature)

    @classmethod
    def from_plain(cls, plain: tuple) -> Record:
        """The record ``to_plain`` gave."""
        label, text, parent, author, when, post, stated, meta, signature = plain
        if when is not None:
            *parts, fold, utc = when
            when = datetime(*parts, tzinfo=UTC if utc else None, fold=fold)
        return cls(label, text, parent, author, when, post, stated, meta, signature)


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
    absent_under: dict[str, str] | None = None,
) -> Thread:
    """Make a Thread from records: depth-first, children in source order (or ``sort_key``).

    A record repeated with the same content is read once; one that reuses an id with other
    content is kept as ``<id>~2`` (``~3``...). A parent that is not among the records gets
    a stand-in; a loop of parents (a record its own parent included) is cut at its first
    record, which then answers the post. All four are reported in ``problems``.
    ``absent_under`` maps an absent parent to the label of a record the source says it
    hangs under (mail's References name an absent message's own ancestors), so depth
    stays depth; other stand-ins are at top level.
    """
    with paused():
        return _built_thread(thread_id, records, title, url, published, source, problems,
                             sort_key, absent_under)


def _built_thread(
    thread_id: str,
    records: Iterable[Record],
    title: str | None,
    url: str | None,
    published: datetime | None,
    source: str | None,
    problems: Iterable[str],
    sort_key: SortKey | None,
    absent_under: dict[str, str] | None,
) -> Thread:
    found_problems = list(problems)
    by_label: dict[str, Record] = {}
    order: list[Record] = []
    repeats = renamed = 0
    numbers: dict[str, int] = {}  # the next ~number to try for a reused id: no rescans
    for record in records:
        if record.label is None:
            raise ValueError("a record has no id")
        first = by_label.get(record.label)
        if first is not None:
            if (first.text, first.author, first.parent) == (record.text, record.author,
                                                             record.parent):
                repeats += 1
                continue
            renamed += 1
            number = numbers.get(record.label, 2)
            while f"{record.label}~{number}" in by_label:
                number += 1
            numbers[record.label] = number + 1
            record = replace(record, label=f"{record.label}~{number}")
        by_label[record.label] = record
        order.append(record)
    if repeats:
        found_problems.append(f"records read twice: {repeats}; kept once")
    if renamed:
        found_problems.append(
            f"records reusing an id with other content: {renamed}; kept as <id>~2, ~3..."
        )
    posts = {record.label for record in order if record.post}
    parent = {record.label: record.parent for record in order}
    missing: dict[str, int] = {}
    for record in order:
        above = record.parent
        if above in posts:
            # Answering the post is what top level means (as on Blogger pages): no parent.
            parent[record.label] = None
        elif above is not None and above not in by_label:
            missing[above] = missing.get(above, 0) + 1
    stand_ins = _stand_ins(missing, by_label)
    for record in order:
        if record.parent in stand_ins:
            parent[record.label] = stand_ins[record.parent].label
    for absent, stand_in in stand_ins.items():
        above = (absent_under or {}).get(absent)
        parent[stand_in.label] = above if above in by_label and above not in posts else None
    # A stand-in hung beneath an ancestor can close a loop: cut there, so it keeps the
    # replies it stands for (and goes to top level, where stand-ins stood before); only
    # records cut are reported, as a stand-in's place was a guess.
    absent = {record.label for record in stand_ins.values()}
    cut = [label for label in cut_loops(parent, prefer=absent) if label not in absent]
    found_problems.extend(placement_problems(missing, cut))
    ordered = _depth_first(order, parent, list(stand_ins.values()), sort_key)
    times = _consistent_times([record.published for record, _ in ordered] + [published])
    nodes = tuple(
        Node(
            id=f"{thread_id}/{record.label}",
            kind="missing" if record.label in absent
            else "post" if record.post and above is None else "comment",
            position=position,
            label=record.label,
            text=record.text,
            parent=f"{thread_id}/{above}" if above is not None else None,
            author=record.author,
            published=times[position],
            signature=record.signature,
            # Wherever the source says a record hangs, no guess replaces it: under a
            # stand-in, at top level after a loop is cut, or as a stated top-level record.
            stated=record.parent is not None or record.stated,
            meta=tuple(sorted(record.meta.items())) if record.meta else (),
        )
        for position, (record, above) in enumerate(ordered)
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


def stand_in_label(absent: str, taken: Container[str], prefix: str = "") -> str:
    """The label of the stand-in for an absent parent: ``missing:<its id>``, made unique
    (no ``prefix + label`` in ``taken``)."""
    label = f"missing:{absent}"
    number = 2
    while prefix + label in taken:
        label = f"missing:{absent}~{number}"
        number += 1
    return label


def placement_problems(missing: dict[str, int], cut: list[str]) -> list[str]:
    """The warnings of ``build_thread`` (and the JSON reader) on absent parents and loops.

    ``missing`` counts the replies to each absent parent; ``cut`` lists the nodes whose
    parent closed a loop.
    """
    problems = []
    if missing:
        problems.append(
            f"replies to messages not in the input: {sum(missing.values())} "
            f"({_sample(missing)}); each hangs under a stand-in for its parent (missing:<id>)"
        )
    if cut:
        problems.append(
            f"reply loops cut: {len(cut)} ({_sample(cut)}); the first comment of each loop "
            "answers the post"
        )
    return problems


def _stand_ins(missing: dict[str, int], by_label: dict[str, Record]) -> dict[str, Record]:
    """A stand-in record per absent parent."""
    stand_ins: dict[str, Record] = {}
    taken = set(by_label)
    for absent in missing:
        label = stand_in_label(absent, taken)
        taken.add(label)
        stand_ins[absent] = Record(label=label, text="")
    return stand_ins


def _sample(labels: Iterable[str]) -> str:
    """The first three labels in sorted order, for a problem line."""
    ordered = sorted(labels)
    return ", ".join(ordered[:3]) + (" …" if len(ordered) > 3 else "")


def _depth_first(
    order: list[Record],
    parent: dict[str, str | None],
    stand_ins: list[Record],
    sort_key: SortKey | None,
) -> list[tuple[Record, str | None]]:
    """Records depth-first from the roots; a stand-in stands where its first child would.

    ``parent`` has no loops (``cut_loops``), so every record is reached once.
    """
    children: dict[str | None, list[Record]] = {}
    for record in (*order, *stand_ins):
        children.setdefault(parent.get(record.label), []).append(record)
    key: SortKey | None = sort_key
    if sort_key is not None:
        first = {r.label: min(children[r.label], key=sort_key) for r in stand_ins}
        key = lambda record: sort_key(first.get(record.label, record))  # noqa: E731
    elif stand_ins:
        place = {record.label: i for i, record in enumerate(order)}
        # Children lists follow source order, so a stand-in's first child leads its list.
        first = {r.label: children[r.label][0] for r in stand_ins}
        key = lambda record: place[first.get(record.label, record).label]  # noqa: E731
    roots = children.get(None, [])
    if key is not None:
        roots = sorted(roots, key=key)
    # The post leads its thread whatever the source order, the others keeping theirs.
    roots = [record for record in roots if record.post] + [
        record for record in roots if not record.post]
    result: list[tuple[Record, str | None]] = []
    stack: list[tuple[Record, str | None]] = [(record, None) for record in reversed(roots)]
    while stack:
        record, above = stack.pop()
        result.append((record, above))
        kids = children.get(record.label)
        if kids:  # most records have none
            if key is not None:
                kids = sorted(kids, key=key)
            label = record.label
            stack.extend([(kid, label) for kid in reversed(kids)])
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
    meta = {}
    for name in names:
        value = item.get(name)
        kind = type(value)
        # The types JSON gives first, without a call; other values as ``is_scalar`` says.
        if kind is str:
            if value:
                meta[name] = value
        elif kind is int or kind is bool or (kind is float and math.isfinite(value)):
            meta[name] = value
        elif value is not None and kind is not float and is_scalar(value) and value != "":
            meta[name] = value
    return meta


def is_scalar(value: Any) -> bool:
    """True for a value meta may hold: text, a number (not NaN or infinite) or a boolean."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int)


# ---- times ----------------------------------------------------------------------------------

_NUMBER = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")
_SECONDS_LIMIT = 10**11
"""Unix times beyond this many seconds are taken for milliseconds."""
# A 12-hour clock's mark ending a printed date ("Sun Mar 03, 2009 7:15 pm"), which the RFC
# 2822 reader would take for an unknown zone and drop.
_MERIDIEM = re.compile(r"(?<=\d)\s*([ap])\.?m\.?$", re.IGNORECASE)


def parse_time(value: object) -> datetime | None:
    """Read a time as exports write it: Unix seconds (or milliseconds), ISO 8601, RFC 2822.

    An RFC-like date may end in a 12-hour clock's mark, as phpBB prints "Sun Mar 03, 2009
    7:15 pm". Unix times become UTC; ISO and RFC times keep the zone they state. Returns
    None for empty values and raises ValueError for text that is none of these, or a time
    no datetime can hold (``1e300``, NaN).
    """
    # Unix times in whole seconds (most dumps' and tables'), where no error can come.
    if type(value) is int and 0 <= value <= _SECONDS_LIMIT:
        return datetime.fromtimestamp(value, UTC)
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 11 \
            and int(value) <= _SECONDS_LIMIT:
        return datetime.fromtimestamp(int(value), UTC)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.match(value)):
        seconds = float(value)
        if abs(seconds) > _SECONDS_LIMIT:  # milliseconds, as JavaScript exports write them
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
        moment = _parse_printed(text, value)
    if moment.tzinfo is not None:
        try:
            # Year 1 or 9999 with a zone has no UTC time, so it would not compare with others.
            moment.astimezone(UTC)
        except OverflowError:
            raise ValueError(f"time out of range: {value!r:.40}") from None
    return moment


def _parse_printed(text: str, value: object) -> datetime:
    """Read an RFC 2822 date, or one printed with a 12-hour clock ("7:15 pm")."""
    meridiem = _MERIDIEM.search(text)
    try:
        moment = parsedate_to_datetime(text[: meridiem.start()] if meridiem else text)
    except (TypeError, ValueError, IndexError, OverflowError):
        raise ValueError(f"not a time: {value!r:.60}") from None
    if meridiem and 1 <= moment.hour <= 12:  # "19:15 pm" is a 24-hour clock: as it says
        afternoon = meridiem.group(1).lower() == "p"
        moment = moment.replace(hour=moment.hour % 12 + (12 if afternoon else 0))
    return moment
