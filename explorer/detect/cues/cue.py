"""What a cue is, how sure each kind makes us, and the lines of a node cues are read from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Line:
    """A line of a node's own words: its number, its stripped text, and where the text starts."""

    number: int
    text: str
    offset: int


def own_lines(node: Node) -> Iterator[Line]:
    """The lines of a node's body not quoted: a quoted line names whoever the quote names.

    The sign-off is left out too: "Cheers Jim" addresses nobody. Lines are numbered among
    the non-empty ones (a line of spaces counts, and is not given)."""
    number = offset = 0
    for line in node.body.split("\n"):
        if line:
            text = line.strip()
            if text and text[0] not in QUOTE_MARKS and text[0] != ">":
                yield Line(number, text, offset + len(line) - len(line.lstrip()))
            number += 1
        offset += len(line) + 1
