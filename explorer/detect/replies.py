"""Who answers whom: addressing, time, position and quote cues become reply edges with evidence.

Most blog comments sit at the top level even when they answer someone. A comment that opens
with "Getafix - ", "@Jim", "To anon 20.14" or "As for [above]" names its addressee; this
module resolves such cues to earlier nodes and draws one edge per addressee, each with the
words that triggered it and a confidence. Precision comes first: a cue that cannot be
resolved to exactly one earlier node draws nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..model import DEFAULT_REPLY, STATED_REPLY, Edge, Thread, is_anonymous
from .addressing import find_addressees
from .context import CONFIDENCE, Context, Cue, stems
from .signatures import find_owner

if TYPE_CHECKING:  # detect/__init__ imports this module
    from . import Options

REPLY_KINDS = ("reply", "addressed")

_CLOCK = r"(?P<hour>[01]?\d|2[0-3])[:.h](?P<minute>[0-5]\d)(?:\s*(?P<ampm>[ap])\.?m\b\.?)?"
_TIME_START = re.compile(
    rf"^(?:(?:to|re:?|@)\s*)?(?P<anon>anon(?:ymous)?\s*(?:@|at\s)?\s*)?{_CLOCK}(?=$|[\s,:;!?)\-–—])",
    re.IGNORECASE,
)
_TIME_ANYWHERE = re.compile(
    rf"\b(?P<anon>anon(?:ymous)?)\s*(?:@|at\s)?\s*{_CLOCK}(?=$|[\s,:;.!?)\-–—'’])", re.IGNORECASE
)
_POSITION = re.compile(
    r"\[above\]|\b(?:comment|post|message|poster|point) above\b"
    r"|\b(?:the )?above (?:comment|poster|message)\b"
    r"|\bthe (?:previous|last) (?:comment|commenter|poster|message)\b"
    r"|\b(?:that|your) last (?:comment|message)\b",
    re.IGNORECASE,
)
# Not "this post" (often the writer's own message) nor "OP" (on a post that compiles
# comments, the original poster is whoever wrote the compiled comment).
_POST = re.compile(
    r"\b(?:your|today[’']?s|the original|the blog|this blog) (?:blog )?(?:post|article|piece)\b"
    r"|\byour blog\b|\b(?:good|great|excellent|interesting) (?:post|piece|blog)\b"
    r"|(?<!\bin )\bthe post\b(?! of\b| office\b| room\b)",  # not "in the post", "the post of"
    re.IGNORECASE,
)
_LINE = re.compile(r"[^\n]+")
_QUOTE_MARKS = "\"“”'‘’«»>"


@dataclass(frozen=True, slots=True)
class _Pending:
    """A time reference no published time resolves; placed later by the other addressees."""

    text: str
    offset: int


def infer_replies(thread: Thread, options: Options | None = None) -> Thread:
    """Return the thread with reply and addressed edges inferred, and its owner found.

    Existing reply and addressed edges are replaced; quote, repeat and duplicate edges are
    kept (quotes count as evidence). Every node gets at most one primary parent: its stated
    parent, else its most confident cue; other addressees get "addressed" edges. A top-level
    comment with no cue replies to the post with low confidence.
    """
    owner = find_owner(thread)
    context = Context(thread, owner)
    cues = [find_cues(context, i) for i in range(len(thread.nodes))]
    answering = frozenset(
        node.id
        for node, found in zip(thread.nodes, cues, strict=True)
        if any(thread.nodes[context.index[c.target]].kind != "post" for c in found)
    )
    better_owner = find_owner(thread, answering)
    if better_owner != owner:
        owner = better_owner
        context = context.with_owner(owner)
        cues = [find_cues(context, i) for i in range(len(thread.nodes))]
    edges = [edge for edge in thread.edges if edge.kind not in REPLY_KINDS]
    for i, found in enumerate(cues):
        edges.extend(_edges_for(context, i, found))
    return replace(thread, edges=tuple(edges), owner=owner)


def _edges_for(context: Context, i: int, cues: list[Cue]) -> list[Edge]:
    node = context.nodes[i]
    edges: list[Edge] = []
    if node.parent is not None:
        edges.append(Edge(node.id, node.parent, "reply", False, STATED_REPLY, 1.0))
    best: dict[str, Cue] = {}
    for cue in sorted(cues, key=lambda c: (-c.score, c.offset)):
        if cue.target != node.parent and cue.target not in best:
            best[cue.target] = cue
    for rank, cue in enumerate(best.values()):
        kind = "reply" if rank == 0 and node.parent is None else "addressed"
        edges.append(Edge(node.id, cue.target, kind, True, cue.evidence, cue.score))
    if not best and node.kind == "comment" and node.parent is None and context.post is not None:
        post = context.nodes[context.post].id
        edges.append(Edge(node.id, post, "reply", True, DEFAULT_REPLY, CONFIDENCE["default"]))
    return edges


def find_cues(context: Context, i: int) -> list[Cue]:
    """Every addressee cue in node ``i``, resolved to earlier nodes; unresolvable ones dropped."""
    node = context.nodes[i]
    if node.kind == "post":
        return []
    cues: list[Cue] = []
    pending: list[_Pending] = []
    handled: list[tuple[int, int]] = []  # spans of time references already read
    # The node's own sign-off ("Cheers Jim") addresses nobody.
    end = node.text.rfind(node.signature) if node.signature else -1
    body = node.text[:end] if end > 0 else node.text
    for number, line in enumerate(_LINE.finditer(body)):
        text = line.group().strip()
        offset = line.start() + len(line.group()) - len(line.group().lstrip())
        if not text or text[0] in _QUOTE_MARKS:
            continue  # a quoted line names whoever the quote names, not the addressee
        match = _TIME_START.match(text)
        if match:
            handled.append((offset, offset + match.end()))
            found = _resolve_time(context, i, match, offset, pending)
        else:
            found = find_addressees(context, i, text, offset, first=number == 0)
        cues.extend(found)
    for match in _TIME_ANYWHERE.finditer(body):
        if not any(start <= match.start() < stop for start, stop in handled):
            cues.extend(_resolve_time(context, i, match, match.start(), pending))
    cues.extend(_placed_by_order(context, i, cues, pending))
    cues.extend(_previous(context, i))
    for target, edge in context.quotes.get(node.id, []):
        if target < i and not context.same_person(i, target) and _telling(context, i, target, edge):
            quoted = edge.passage.text.split() if edge.passage else []
            words = " ".join(quoted[:8]) + ("…" if len(quoted) > 8 else "")
            evidence = f"quotes “{words}”" if quoted else "quotes it"
            cues.append(Cue(context.nodes[target].id, CONFIDENCE["quote"], evidence, 0))
    if not cues:
        cues.extend(_the_post(context, i))  # every comment is about the post: only as a last resort
    return [c for c in cues if context.index[c.target] < i and not _forward_in_time(context, i, c)]


def _telling(context: Context, i: int, target: int, edge: Edge) -> bool:
    """A quote names its source unless it is a short phrase other earlier nodes also use."""
    if edge.passage is None or edge.passage.words >= 5:
        return True
    words = set(stems(edge.passage.text))
    if not words:
        return False
    return not any(words <= context.stems[j].keys() for j in range(i) if j != target)


def _forward_in_time(context: Context, i: int, cue: Cue) -> bool:
    source, target = context.nodes[i], context.nodes[context.index[cue.target]]
    if not (source.published and target.published):
        return False
    try:
        return target.published > source.published
    except TypeError:  # one time with a zone, one without: no order to go by
        return False


def _resolve_time(
    context: Context, i: int, match: re.Match[str], offset: int, pending: list[_Pending]
) -> list[Cue]:
    """A time reference: the earlier comment published at that clock time, if exactly one."""
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    ampm = (match.group("ampm") or "").lower()
    hours = {hour % 12 + 12} if ampm == "p" else {hour % 12} if ampm == "a" else {hour}
    if not ampm and hour < 12:
        hours.add(hour + 12)  # "8:45" may be 20:45 on a 24-hour page
    said = match.group().strip()
    if not context.timed:
        pending.append(_Pending(said, offset))
        return []
    anonymous_only = bool(match.group("anon"))
    found = [
        j
        for hour in sorted(hours)
        for j in context.at_time.get((hour, minute), ())
        if j < i and not (anonymous_only and not is_anonymous(context.people[j]))
    ]
    if len(found) != 1:
        return []  # no such comment (not a time reference after all) or ambiguous
    return [Cue(context.nodes[found[0]].id, CONFIDENCE["time"], f"“{said}” (its time)", offset)]


def _placed_by_order(
    context: Context, i: int, cues: list[Cue], pending: list[_Pending]
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
        anchor = context.index[min(later, key=lambda c: c.offset).target]
        candidates = [
            j
            for j in range(min(anchor, i))
            if context.nodes[j].kind == "comment" and not context.same_person(i, j)
        ]
        if len(candidates) == 1:
            evidence = (
                f"“{item.text}” (times unknown; the only comment before "
                f"the next addressee, {context.nodes[anchor].label})"
            )
            placed.append(
                Cue(
                    context.nodes[candidates[0]].id, CONFIDENCE["time order"], evidence, item.offset
                )
            )
    return placed


def _previous(context: Context, i: int) -> list[Cue]:
    """ "[above]", "the previous comment", "that last message": the node just before."""
    if i == 0 or context.nodes[i - 1].kind == "post":
        return []
    folded = context.folded[i]
    # Every pattern has one of these words; checking them first spares the slow search.
    if "above" not in folded and "previous" not in folded and "last" not in folded:
        return []
    match = _POSITION.search(context.nodes[i].text)
    if match:
        previous = context.nodes[i - 1].id
        return [Cue(previous, CONFIDENCE["position"], f"“{match.group()}”", match.start())]
    return []


def _the_post(context: Context, i: int) -> list[Cue]:
    """ "your blog", "the post": the post, for top-level comments.

    In a nested reply "your post" is the parent comment, and an excerpt's "post" its own.
    """
    node = context.nodes[i]
    if node.kind != "comment" or node.parent is not None or context.post is None:
        return []
    folded = context.folded[i]
    if not any(word in folded for word in ("post", "blog", "article", "piece")):
        return []
    match = _POST.search(node.text)
    if match:
        post = context.nodes[context.post].id
        return [Cue(post, CONFIDENCE["post"], f"“{match.group()}”", match.start())]
    return []
