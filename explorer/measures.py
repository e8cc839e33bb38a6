"""What the metrics are computed from: the facts of an analysed thread, each worked out once,
and the measures they use (Gini, reciprocity, structural virality). Pure, without pandas.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cached_property

from .model import Edge, Node, Thread, author_of, person_key, timestamp
from .text import word_spans
from .tree import ReplyTree, reply_tree

CONFIDENCE_BANDS = (("high", 0.8), ("mid", 0.5), ("low", 0.0))
"""Inferred replies are counted by confidence: at least 0.8, at least 0.5, below."""


def structural_virality(tree: ReplyTree) -> float | None:
    """Mean distance between all pairs of comments and the post in the undirected reply tree.

    Goel et al. (2016). A comment answering the post or an excerpt hangs from the post.
    Each tree edge lies on the path of ``size * (n - size)`` pairs, where ``size`` counts
    the comments below it, so the sum over pairs takes one pass: O(n).
    """
    n = len(tree.comments) + 1
    if n < 2:
        return None
    size = dict.fromkeys(tree.comments, 1)
    # Deepest first, so each subtree is complete before it is added to its parent.
    for comment in sorted(tree.comments, key=tree.depth.__getitem__, reverse=True):
        if tree.is_reply(comment):
            size[tree.parent[comment]] += size[comment]
    total = sum(s * (n - s) for s in size.values())
    return total / (n * (n - 1) / 2)


def replies_to(tree: ReplyTree, node: str) -> list[str]:
    """The comments that answer a node, in thread order."""
    return [child for child in tree.children[node] if child in tree.comments]


def gini(values: Sequence[int]) -> float | None:
    """Gini coefficient of non-negative counts: 0 when equal, towards 1 when concentrated."""
    if not values or sum(values) == 0:
        return None
    ordered = sorted(values)
    n = len(ordered)
    weighted = sum(rank * value for rank, value in enumerate(ordered, start=1))
    return 2 * weighted / (n * sum(ordered)) - (n + 1) / n


def reciprocity(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Share of directed author pairs (a replied to b) whose reverse also occurs."""
    links = {(a, b) for a, b in pairs if a != b}
    if not links:
        return None
    return sum((b, a) in links for a, b in links) / len(links)


def hours_between(start: datetime | None, end: datetime | None) -> float | None:
    """Hours from start to end, or None when either is missing."""
    if start is None or end is None:
        return None
    return (timestamp(end) - timestamp(start)) / 3600


def reply_hours(parent: datetime | None, reply: datetime | None) -> float | None:
    """Hours from a comment to a reply to it, or None when either time is missing or the
    reply is dated before its parent: a writer's clock set wrong (a mail's Date header 27
    minutes behind the message it answers), which no latency should carry."""
    hours = hours_between(parent, reply)
    return None if hours is None or hours < 0 else hours


def quotation_words(thread: Thread) -> dict[str, int]:
    """Per node, the words lying inside a quotation found (from the thread or from outside).

    Not ``Node.quoted_words``, which counts the words on ">" lines alone.
    """
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for edge in thread.edges:
        if edge.kind == "quote" and edge.passage:
            spans[edge.source].append(edge.passage.source_span)
    for occurrence in thread.external_quotes:
        spans[occurrence.node].append(occurrence.span)
    texts = {node.id: node.text for node in thread.nodes}
    result = {}
    for node_id, node_spans in spans.items():
        if node_id not in texts:
            continue
        starts = [start for start, _ in word_spans(texts[node_id])]
        # A word counts once however many quotations cover it.
        inside = set()
        for start, end in node_spans:
            inside.update(range(bisect_left(starts, start), bisect_left(starts, end)))
        result[node_id] = len(inside)
    return result


class ThreadFacts:
    """What a thread's metrics are computed from; each part is worked out when first used."""

    def __init__(self, thread: Thread) -> None:
        self.thread = thread
        self.tree = reply_tree(thread)
        self.comments = thread.comments
        self.by_id = {node.id: node for node in thread.nodes}

    @cached_property
    def replies(self) -> list[Node]:
        """Comments whose tree parent is another comment."""
        return [c for c in self.comments if self.tree.is_reply(c.id)]

    @cached_property
    def to_missing(self) -> int:
        """Comments hanging under a stand-in for a stated parent not in the input."""
        return sum(1 for c in self.comments if self.tree.answers_missing(c.id))

    @cached_property
    def unnamed(self) -> list[Node]:
        """Comments the source names no author for."""
        return [c for c in self.comments if author_of(c, inferred=False) is None]

    @cached_property
    def owner(self) -> str | None:
        """The thread's owner, else the post's author."""
        post = self.thread.post
        return (self.thread.owner or "").strip() or (author_of(post) if post else None)

    @cached_property
    def quotes(self) -> list[Edge]:
        """The quote edges."""
        return [edge for edge in self.thread.edges if edge.kind == "quote"]

    @cached_property
    def quotation_words(self) -> dict[str, int]:
        """Per node, the words inside a quotation found (``quotation_words``)."""
        return quotation_words(self.thread)

    @cached_property
    def quotes_made(self) -> Counter[str]:
        """Quote edges from each node."""
        return Counter(edge.source for edge in self.quotes)

    @cached_property
    def quotes_received(self) -> Counter[str]:
        """Quote edges to each node."""
        return Counter(edge.target for edge in self.quotes)

    @cached_property
    def words(self) -> list[int]:
        """Words of each comment."""
        return [c.words for c in self.comments]

    @cached_property
    def times(self) -> list[datetime]:
        """The comments' times, earliest first."""
        return sorted((c.published for c in self.comments if c.published), key=timestamp)

    @cached_property
    def depths(self) -> list[int]:
        """Each comment's depth in the reply tree."""
        return [self.tree.depth[c.id] for c in self.comments]

    @cached_property
    def latencies(self) -> list[float]:
        """Hours from parent to reply, where both have times in that order (``reply_hours``)."""
        parents = ((self.by_id[self.tree.parent[c.id]], c) for c in self.replies)
        gaps = (reply_hours(parent.published, c.published) for parent, c in parents)
        return [hours for hours in gaps if hours is not None]

    @cached_property
    def answers(self) -> dict[str, list[str]]:
        """The comments answering each comment."""
        return {c.id: replies_to(self.tree, c.id) for c in self.comments}

    @cached_property
    def by_confidence(self) -> dict[str, int]:
        """Inferred replies by the confidence band of their edge."""
        inferred = {c.id: self.tree.parent[c.id] for c in self.replies if c.parent is None}
        return _by_confidence(self.thread, inferred)

    def median(self, values: Sequence[float]) -> float | None:
        """The median, or None for no values."""
        return statistics.median(values) if values else None

    def share(self, part: int, whole: int) -> float | None:
        """A share, or None when the whole is 0."""
        return part / whole if whole else None

    def same_as_owner(self, node: Node) -> bool:
        """True when the node is by the owner."""
        author = author_of(node)
        return author is not None and person_key(author) == person_key(self.owner)

    def author_pairs(self) -> list[tuple[str | None, str | None]]:
        """(replier, replied to) for replies whose both ends have an author."""
        pairs = ((author_of(c), author_of(self.by_id[self.tree.parent[c.id]]))
                 for c in self.replies)
        return [(person_key(a), person_key(b)) for a, b in pairs if a and b]

    def most(self, counts: dict[str, int]) -> str | None:
        """Label of the comment with the highest count (earliest on a tie); None when all are 0."""
        best = max(self.comments, key=lambda c: counts.get(c.id, 0), default=None)
        return best.label if best is not None and counts.get(best.id, 0) > 0 else None


class AuthorFacts:
    """One author's comments in a thread (the author None for comments by nobody known)."""

    def __init__(self, facts: ThreadFacts, author: str | None, comments: list[Node]) -> None:
        self.facts, self.author, self.comments = facts, author, comments

    @cached_property
    def moments(self) -> list[datetime]:
        """The author's comment times, in thread order."""
        return [c.published for c in self.comments if c.published]

    def first_time(self) -> datetime | None:
        """The author's earliest comment time."""
        return min(self.moments, key=timestamp) if self.moments else None

    def last_time(self) -> datetime | None:
        """The author's latest comment time."""
        return max(self.moments, key=timestamp) if self.moments else None

    def count(self, per_comment: dict[str, int] | Counter[str]) -> int:
        """A per-comment count summed over the author's comments."""
        return sum(per_comment.get(c.id, 0) for c in self.comments)


def authors(facts: ThreadFacts) -> list[AuthorFacts]:
    """The thread's authors in order of first comment, spellings of one name together and
    shown as first spelled ("Jim", later "jim"); comments by nobody known share one."""
    shown: dict[str | None, str | None] = {}
    written: dict[str | None, list[Node]] = defaultdict(list)
    for comment in facts.comments:
        name = author_of(comment)
        shown.setdefault(person_key(name), name)
        written[person_key(name)].append(comment)
    return [AuthorFacts(facts, shown[key], found) for key, found in written.items()]


def _by_confidence(thread: Thread, inferred: dict[str, str]) -> dict[str, int]:
    """``replies_inferred_<band>``: inferred replies (node -> tree parent) by edge confidence."""
    scores: dict[tuple[str, str], float] = {}
    for e in thread.edges:
        if e.kind == "reply" and e.inferred:
            scores[e.source, e.target] = max(e.score, scores.get((e.source, e.target), 0.0))
    counts = dict.fromkeys((f"replies_inferred_{band}" for band, _ in CONFIDENCE_BANDS), 0)
    for pair in inferred.items():
        score = scores.get(pair, 0.0)
        band = next(band for band, floor in CONFIDENCE_BANDS if score >= floor)
        counts[f"replies_inferred_{band}"] += 1
    return counts


