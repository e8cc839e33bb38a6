"""What a cue is, how sure each kind makes us, and the lines of a node cues are read from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ...model import Node
from ...text import QUOTE_MARKS

# How sure each kind of cue makes us; the primary parent is the most confident one.
CONFIDENCE = {
    "link": 0.99,  # ">>12345": the post's number, as imageboards link posts
    "at": 0.95,  # "@Getafix"
    "name": 0.9,  # "Getafix - ", "To Jim,", "Dear Zoë:"
    "time": 0.9,  # "anon 20.14" matching a published time
    "quote": 0.8,  # a passage quoted from the node
    "alias": 0.75,  # "Anonymous client - " for a comment saying 'As a "client"'
    "position": 0.6,  # "[above]", "the previous comment"
    "content": 0.55,  # "Anonymous - ", resolved by the words both comments share
    "time order": 0.5,  # an unmatched time placed by the order of the other addressees
    "post": 0.5,  # "your blog", "good piece"
    "default": 0.2,  # a top-level comment with no cue
}

@dataclass(frozen=True, slots=True)
class Cue:
    """An addressee found in a node: the earlier node, how sure, why, and where in the text."""

    target: str
    score: float
    evidence: str
    offset: int = 0


GREETINGS = (
    "to|dear|hi|hello|hey|thanks|thank you|cheers|re|reply to|replying to|response to"
    "|hola|querido|querida|bonjour|cher|chère|salut|hallo|liebe|lieber|ciao|caro|cara|olá"
)
"""Openers that put the addressee right after them ("To Jim", "Dear Zoë", "Hola Juan")."""
# A line opening with a time opens with one of these (times.TIME_START), one with a name
# with "@" or a greeting: any other needs a separator mark within its first five words.
_OPENER = re.compile(rf"(?:to|re|@|anon|\d|{GREETINGS})", re.IGNORECASE)
_MARK = re.compile(r"[-–—:,]")  # every separator after an addressed name holds one
_FIVE_WORDS = re.compile(r"\s*(?:\S+\s+){5}")  # ends where a sixth word starts


class Line(NamedTuple):
    """A line of a node's own words: its number, its stripped text, and where the text starts.

    A named tuple: one is made for most lines of every comment."""

    number: int
    text: str
    offset: int


def own_lines(node: Node, *, opening: bool = False) -> list[Line]:
    """The lines of a node's body not quoted: a quoted line names whoever the quote names.

    The sign-off is left out too: "Cheers Jim" addresses nobody. Lines are numbered among
    the non-empty ones (a line of spaces counts, and is not given). With ``opening``, only
    those that may open with an addressee or a time (``may_open``): names and times read no
    other."""
    body = node.body
    if "\n" not in body:  # most comments are one paragraph: no list of lines
        text = body.strip()
        return [Line(0, text, len(body) - len(body.lstrip()))] if _kept(text, opening) else []
    found = []
    number = offset = 0
    for line in body.split("\n"):
        if line:
            text = line.strip()
            if _kept(text, opening):
                found.append(Line(number, text, offset + len(line) - len(line.lstrip())))
            number += 1
        offset += len(line) + 1
    return found


def _kept(text: str, opening: bool) -> bool:
    """Whether ``own_lines`` gives a stripped line: not empty, not quoted, and with
    ``opening`` one that may open with an addressee or a time."""
    return bool(text) and text[0] not in QUOTE_MARKS and text[0] != ">" and (
        not opening or may_open(text)
    )


def may_open(text: str) -> bool:
    """Whether a stripped line may open with an addressed name or a time: when not, the names
    and times finders find nothing in it."""
    return bool(_OPENER.match(text)) or first_mark(text) is not None


def first_mark(text: str) -> re.Match[str] | None:
    """The text's first separator mark (``- – — : ,``), or None when it stands after the
    sixth word's first character (more than five words come before it)."""
    if not ("," in text or "-" in text or ":" in text or "–" in text or "—" in text):
        return None
    five = _FIVE_WORDS.match(text)
    return _MARK.search(text, 0, five.end() + 1 if five else len(text))
