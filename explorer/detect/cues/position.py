"""Position: "[above]", "the previous comment", "that last message" name the node just before."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..index import ThreadIndex
from .cue import CONFIDENCE, Cue, Line

_POSITION = re.compile(
    r"\[above\]|\b(?:comment|post|message|poster|point) above\b"
    r"|\b(?:the )?above (?:comment|poster|message)\b"
    r"|\bthe (?:previous|last) (?:comment|commenter|poster|message)\b"
    r"|\b(?:that|your) last (?:comment|message)\b",
    re.IGNORECASE,
)


def find(
    index: ThreadIndex, i: int, lines: Sequence[Line], found: Sequence[Cue]
) -> list[Cue]:
    """The node just before node ``i``, when node ``i`` points at it by position."""
    if i == 0 or index.nodes[i - 1].kind == "post":
        return []
    folded = index.folded(i)
    # Every pattern has one of these words; checking them first spares the slow search.
    if "above" not in folded and "previous" not in folded and "last" not in folded:
        return []
    match = _POSITION.search(index.nodes[i].text)
    if match:
        previous = index.nodes[i - 1].id
        return [Cue(previous, CONFIDENCE["position"], f"“{match.group()}”", match.start())]
    return []
