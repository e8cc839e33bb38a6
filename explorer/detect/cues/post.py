"""The post: "your blog", "good piece" name the post, for top-level comments with no other cue."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..index import ThreadIndex
from .cue import CONFIDENCE, Cue, Line

# Not "this post" (often the writer's own message) nor "OP" (on a post that compiles
# comments, the original poster is whoever wrote the compiled comment).
_POST = re.compile(
    r"\b(?:your|today[’']?s|the original|the blog|this blog) (?:blog )?(?:post|article|piece)\b"
    r"|\byour blog\b|\b(?:good|great|excellent|interesting) (?:post|piece|blog)\b"
    r"|(?<!\bin )\bthe post\b(?! of\b| office\b| room\b)",  # not "in the post", "the post of"
    re.IGNORECASE,
)


def idle(index: ThreadIndex) -> bool:
    """True when no node of the thread can name the post: there is none."""
    return index.post is None


def find(
    index: ThreadIndex, i: int, lines: Sequence[Line], found: Sequence[Cue]
) -> list[Cue]:
    """The post, when a top-level comment with no other cue talks about it.

    Every comment is about the post, so this is a last resort. In a nested reply "your
    post" is the parent comment, and an excerpt's "post" its own.
    """
    node = index.nodes[i]
    if found or node.kind != "comment" or node.parent is not None or idle(index):
        return []
    folded = index.folded(i)
    if not ("post" in folded or "blog" in folded or "article" in folded or "piece" in folded):
        return []
    match = _POST.search(node.text)
    if match:
        post = index.nodes[index.post].id
        return [Cue(post, CONFIDENCE["post"], f"“{match.group()}”", match.start())]
    return []
