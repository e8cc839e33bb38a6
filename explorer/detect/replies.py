"""Who answers whom: cues -> candidates -> choice -> edges, with evidence and confidence.

Many comments sit at the top level even when they answer someone. A comment that opens with
"Getafix - ", "@Jim", "To anon 20.14" or "As for [above]" names its addressee; the cue
finders (detect/cues) resolve such cues to earlier nodes. Each node then gets its edges:

- what the source states is an explicit reply edge (its parent, or the post for a
  top-level comment of a threaded source), and is never replaced by a guess;
- a flat node (the source says nothing of where it hangs) gets one inferred primary parent,
  chosen among its candidates by ``choose_parents`` (detect/choice.py);
- every other node a cue points at gets an "addressed" edge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import STATED_REPLY, Edge, Thread
from .choice import Candidate, Choice, choose_parents
from .cues import Cue, thread_cues
from .index import ThreadIndex, index_thread, with_owner
from .owner import find_owner, owner_by_answers
from .reply_model import Profile

if TYPE_CHECKING:  # detect/__init__ imports this module
    from . import Options

REPLY_KINDS = ("reply", "addressed")
NEAREST = 10
"""A flat node's candidates include this many nodes just before it, cue or not."""
STATED_ANSWER = "answers the post in the source"
"""Evidence of the reply edge of a top-level node the source states answers the post."""
STEPS = ("index", "cues", "profile", "candidates", "choice", "edges")
"""The steps of ``infer_replies``, in order."""


def _unwatched(step: str) -> None:
    """``infer_replies``'s ``step`` when nobody watches its steps."""


def infer_replies(
    thread: Thread, options: Options | None = None, step: Callable[[str], None] = _unwatched
) -> Thread:
    """Return the thread with reply and addressed edges, and its owner found.

    Existing reply and addressed edges are replaced; quote, repeat and duplicate edges are
    kept (quotes count as evidence). What the source states becomes explicit reply edges.
    With ``options.infer`` (the default), each flat node also gets an inferred primary
    parent and every node "addressed" edges to the other nodes its cues name. ``step`` is
    told each of STEPS as it ends (benchmarks/reply_parts.py times them).
    """
    infer = options.infer if options is not None else True
    index = index_thread(thread, find_owner(thread))
    step("index")
    index, cues = owned_cues(thread, index, infer=infer)
    step("cues")
    # The reply model's view of the thread, built once, only where some node is flat.
    flat = infer and any(node.flat and node.kind != "post" for node in thread.nodes)
    profile = Profile(index) if flat else None
    step("profile")
    candidates = thread_candidates(index, cues) if infer else [None] * len(cues)
    flat_nodes = [
        i for i, found in enumerate(candidates) if found is not None and thread.nodes[i].flat
    ]
    step("candidates")
    choices = choose_parents(index, [(i, candidates[i]) for i in flat_nodes], profile)
    chosen = dict(zip(flat_nodes, choices, strict=True))
    step("choice")
    edges = [edge for edge in thread.edges if edge.kind not in REPLY_KINDS]
    for i, found in enumerate(candidates):
        edges.extend(_edges_for(index, i, found, chosen.get(i)))
    step("edges")
    return replace(thread, edges=tuple(edges), owner=index.owner)


def owned_cues(
    thread: Thread, index: ThreadIndex, *, infer: bool = True
) -> tuple[ThreadIndex, list[list[Cue]]]:
    """Every node's cues (none without ``infer``) and the index they were read with: when
    the writers others answer tell a better owner than the index's, the index moves to that
    owner and the cues are read again (whose names the post goes by changes)."""
    cues = thread_cues(index) if infer else [[] for _ in thread.nodes]
    answering = frozenset(
        node.id
        for node, found in zip(thread.nodes, cues, strict=True)
        if any(thread.nodes[index.positions[c.target]].kind != "post" for c in found)
    )
    better_owner = owner_by_answers(thread, index.owner, answering)
    if better_owner != index.owner:
        index = with_owner(index, better_owner)
        cues = thread_cues(index)
    return index, cues


def find_candidates(
    index: ThreadIndex, i: int, cues: list[Cue], each: Sequence[Candidate] = (), *,
    whole: bool = False,
) -> list[Candidate]:
    """The nodes node ``i`` may answer: those its cues name, the post and the nearest ones.

    Candidates with cues come first, strongest cue first (score, then place in the text);
    then, for a flat node, the post and the NEAREST nodes before it that no cue names,
    latest first (a stated node keeps its parent: only what its cues name matters). Those
    come from ``each`` (a candidate without cues per node, made once for the thread) if given;
    with ``whole`` too (no node of the thread is a stand-in), a node without cues takes them
    as a slice of ``each``, none to leave out but the post.
    """
    if not cues and whole and each and index.nodes[i].flat:  # most flat comments
        low, post = max(0, i - NEAREST), index.post
        nearest = list(each[low:i][::-1])
        if post is None or post == i:
            return nearest
        if low <= post < i:
            del nearest[i - 1 - post]
        return [each[post], *nearest]
    named: dict[int, list[Cue]] = {}
    for cue in sorted(cues, key=lambda c: (-c.score, c.offset)):
        named.setdefault(index.positions[cue.target], []).append(cue)
    candidates = [Candidate(target, tuple(found)) for target, found in named.items()]
    if not index.nodes[i].flat:
        return candidates
    nearest = range(i - 1, max(-1, i - 1 - NEAREST), -1)
    others = [
        j for j in (index.post, *nearest)
        if j is not None and j != i and j not in named and index.nodes[j].kind != "missing"
    ]
    candidates.extend(each[j] if each else Candidate(j) for j in dict.fromkeys(others))
    return candidates


def thread_candidates(index: ThreadIndex, cues: list[list[Cue]]) -> list[list[Candidate] | None]:
    """The candidates of every node (``cues`` each node's), or None where it has none; the
    candidates without cues are made once for the thread."""
    each = [Candidate(j) for j in range(len(index.nodes))]
    whole = all(node.kind != "missing" for node in index.nodes)
    return [_candidates(index, i, said, infer=True, each=each, whole=whole)
            for i, said in enumerate(cues)]


def _candidates(
    index: ThreadIndex, i: int, cues: list[Cue], *, infer: bool, each: Sequence[Candidate] = (),
    whole: bool = False,
) -> list[Candidate] | None:
    """The candidates of node ``i``, or None when it has none to choose or address."""
    node = index.nodes[i]
    if not infer or node.kind in ("post", "missing") or not (cues or node.flat):
        return None  # a stated node without cues has no candidates
    return find_candidates(index, i, cues, each, whole=whole)


def _edges_for(
    index: ThreadIndex, i: int, candidates: list[Candidate] | None, choice: Choice | None
) -> list[Edge]:
    """The reply and addressed edges of node ``i``: stated first, then chosen, then addressed."""
    node = index.nodes[i]
    edges: list[Edge] = []
    stated = _stated_parent(index, i)
    if stated is not None:
        evidence = STATED_REPLY if stated == node.parent else STATED_ANSWER
        edges.append(Edge(node.id, stated, "reply", False, evidence, 1.0))
    if candidates is None:
        return edges
    if choice is not None:
        target = index.nodes[choice.target].id
        edges.append(Edge(node.id, target, "reply", True, choice.evidence, choice.confidence))
    parent = stated or (index.nodes[choice.target].id if choice is not None else None)
    for candidate in candidates:
        if not candidate.cues:
            continue  # most candidates: no cue names them
        target = index.nodes[candidate.target].id
        if target != parent:
            cue = candidate.cues[0]
            edges.append(Edge(node.id, target, "addressed", True, cue.evidence, cue.score))
    return edges


def _stated_parent(index: ThreadIndex, i: int) -> str | None:
    """The parent the source states for node ``i`` (the post for a stated top level), or None.

    The stated reply tree decides, so a dangling or looping parent in a thread built by
    hand gives what every view shows (the post), never an edge the tree does not hold.
    """
    node = index.nodes[i]
    if node.flat or node.kind in ("post", "missing"):
        return None
    return index.parents[node.id]
