"""Lines, spans and furniture: the primitives of readers of text copied from web pages.

A reader splits the page into lines, turns runs of lines into node text (``text_block``)
and records everything else it recognises as furniture (``furnish``), so tests can check
that every character of the page is accounted for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..model import Span

SEPARATOR = re.compile(r"^[ \t]*(?:[-=_~*#•·+]{3,}|[-=_~*]+[oO0]+[-=_~*]+)[ \t]*$")
"""A separator line between the pieces a post compiles: "--oo00oo--", a row of asterisks."""


@dataclass(frozen=True, slots=True)
class Piece:
    """Page furniture: a span of the page that is not comment text, and what it is."""

    span: Span
    kind: str


@dataclass(slots=True)
class Draft:
    """A node as the layout finds it, before it becomes a Node."""

    kind: str
    label: str
    span: Span
    text: str
    parent_label: str | None = None
    author: str | None = None
    published: datetime | None = None
    readings: list[tuple[str, datetime]] = field(default_factory=list)


@dataclass(slots=True)
class Layout:
    """What a page holds: title, date, node drafts, furniture and problems."""

    text: str
    kind: str
    title: str | None = None
    published: datetime | None = None
    stated_count: int | None = None
    drafts: list[Draft] = field(default_factory=list)
    furniture: list[Piece] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int  # without the newline
    content: str

    @property
    def stripped(self) -> str:
        return self.content.strip()

    @property
    def indent(self) -> int:
        return len(self.content) - len(self.content.lstrip(" \t"))


def split_lines(text: str) -> list[Line]:
    lines, start = [], 0
    for raw in text.split("\n"):
        lines.append(Line(start, start + len(raw), raw))
        start += len(raw) + 1
    return lines


def furnish(layout: Layout, line: Line, kind: str) -> None:
    if line.stripped:
        offset = line.start + line.indent
        layout.furniture.append(Piece((offset, offset + len(line.stripped)), kind))


def text_block(
    lines: list[Line], dedent: int, first_offset: int | None = None
) -> tuple[Span | None, str]:
    """Text of a run of lines without surrounding blank lines, each dedented by up to ``dedent``.

    ``first_offset`` starts the first line part-way (after a number or a marker).
    """
    pieces: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if index == 0 and first_offset is not None:
            offset = first_offset
        else:
            strip = min(dedent, line.indent)
            offset = line.start + strip
        pieces.append((offset, line.content[offset - line.start :]))
    while pieces and not pieces[0][1].strip():
        pieces.pop(0)
    while pieces and not pieces[-1][1].strip():
        pieces.pop()
    if not pieces:
        return None, ""
    first_offset_kept, first_text = pieces[0]
    lead = len(first_text) - len(first_text.lstrip())
    pieces[0] = (first_offset_kept + lead, first_text[lead:])
    last_offset, last_text = pieces[-1]
    pieces[-1] = (last_offset, last_text.rstrip())
    text = "\n".join(piece for _, piece in pieces)
    return (pieces[0][0], pieces[-1][0] + len(pieces[-1][1])), text
