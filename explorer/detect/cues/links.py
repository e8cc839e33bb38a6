"""Links: ">>12345", the imageboard way of naming the post answered by its number.

Read on imageboard threads only: in mail, ">>" starts a line quoted twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..index import ThreadIndex
from .cue import CONFIDENCE, Cue, Line

_LINK = re.compile(r"(?<![>\w])>>(\d+)\b")


def idle(index: ThreadIndex) -> bool:
    """True when no node of the thread can link: it is not an imageboard's."""
    return index.thread.platform != "imageboard"


def find(
    index: ThreadIndex, i: int, lines: Sequence[Line], found: Sequence[Cue]
) -> list[Cue]:
    """Each post of the thread that node ``i`` links to by number, once, in text order."""
    node = index.nodes[i]
    if idle(index) or ">>" not in node.text:
        return []
    if not node.id.endswith(node.label):
        return []
    prefix = node.id[: len(node.id) - len(node.label)]
    cues: list[Cue] = []
    seen: set[str] = set()
    for match in _LINK.finditer(node.text):
        target = prefix + match.group(1)
        if target in index.positions and target != node.id and target not in seen:
            seen.add(target)
            cues.append(Cue(target, CONFIDENCE["link"], f"“{match.group()}”", match.start()))
    return cues
