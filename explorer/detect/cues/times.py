"""Times: "anon 20.14", "To 8:45 -" name the earlier comment published at that clock time.

A time no published time resolves (the page shows none) is placed by the order addressees
are answered in, when the other cues of the comment leave a single comment before them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import is_anonymous
from ..index import ThreadIndex
from .cue import CONFIDENCE, Cue, Line

_CLOCK = r"(?P<hour>[01]?\d|2[0-3])[:.h](?P<minute>[0-5]\d)(?:\s*(?P<ampm>[ap])\.?m\b\.?)?"
TIME_START = re.compile(
    rf"^(?:(?:to|re:?|@)\s*)?(?P<anon>anon(?:ymous)?\s*(?:@|at\s)?\s*)?{_CLOCK}(?=$|[\s,:;!?)\-–—])",
    re.IGNORECASE,
)
"""A line that opens with a time addresses its writer (the names finder leaves it alone)."""
_TIME_ANYWHERE = re.compile(
    rf"\b(?P<anon>anon(?:ymous)?)\s*(?:@|at\s)?\s*{_CLOCK}(?=$|[\s,:;.!?)\-–—'’])", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Pending:
    """A time reference no published time resolves; placed later by the other addressees."""

    text: str
    offset: int


def find(
    index: ThreadIndex, i: int, lines: Sequence[Line], found: Sequence[Cue]
) -> list[Cue]:
    """Time references in node ``i``: at a line's start, or "anon 20.14" anywhere."""
    cues: list[Cue] = []
    pending: list[_Pending] = []
    handled: list[tuple[int, int]] = []  # spans of time references already read
    for line in lines:
        match = TIME_START.match(line.text)
        if match:
            handled.append((line.offset, line.offset + match.end()))
            cues.extend(_resolve(index, i, match, line.offset, pending))
    # Every match of _TIME_ANYWHERE holds "anon" in some case, so its casefold holds "anon"
    # (no other letter folds to a, n or o); the casefolded text is at hand.
    anywhere = _TIME_ANYWHERE.finditer(index.nodes[i].body) if "anon" in index.folded(i) else ()
    for match in anywhere:
        if not any(start <= match.start() < stop for start, stop in handled):
            cues.extend(_resolve(index, i, match, match.start(), pending))
    if not pending:
        return cues
    return cues + _placed_by_order(index, i, [*found, *cues], pending)


def _resolve(
    index: ThreadIndex, i: int, match: re.Match[str], offset: int, pending: list[_Pending]
) -> list[Cue]:
    """A time reference: the earlier comment published at that clock time, if exactly one."""
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    ampm = (match.group("ampm") or "").lower()
    hours = {hour % 12 + 12} if ampm == "p" else {hour % 12} if ampm == "a" else {hour}
    if not ampm and hour < 12:
        hours.add(hour + 12)  # "8:45" may be 20:45 on a 24-hour page
    said = match.group().strip()
    if not index.timed:
        pending.append(_Pending(said, offset))
        return []
    anonymous_only = bool(match.group("anon"))
    found = [
        j
        for hour in sorted(hours)
        for j in index.at_time.get((hour, minute), ())
        if j < i and not (anonymous_only and not is_anonymous(index.people[j]))
    ]
    if len(found) != 1:
        return []  # no such comment (not a time reference after all) or ambiguous
    return [Cue(index.nodes[found[0]].id, CONFIDENCE["time"], f"“{said}” (its time)", offset)]


def _placed_by_order(
    index: ThreadIndex, i: int, cues: list[Cue], pending: list[_Pending]
) -> list[Cue]:
    """Place unmatched time references by the order addressees are usually answered in.

    A reply answers its addressees in thread order, so a time reference written before an
    addressee that was resolved can only mean a comment before that addressee; it is placed
    only when that leaves a single comment.
    """
    placed = []
    for item in pending:
        later = [c for c in cues if c.offset > item.offset and c.score >= CONFIDENCE["alias"]]
        if not later:
            continue
        anchor = index.positions[min(later, key=lambda c: c.offset).target]
        candidates = [
            j
            for j in range(min(anchor, i))
            if index.nodes[j].kind == "comment" and not index.same_person(i, j)
        ]
        if len(candidates) == 1:
            evidence = (
                f"“{item.text}” (times unknown; the only comment before "
                f"the next addressee, {index.nodes[anchor].label})"
            )
            target = index.nodes[candidates[0]].id
            placed.append(Cue(target, CONFIDENCE["time order"], evidence, item.offset))
    return placed
