"""What the metrics are computed from: the facts of an analysed thread, each worked out once,
and the measures they use (Gini, reciprocity, structural virality). Pure, without pandas.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from .model import Edge, Node, Thread, author_of, person_key, removal, timestamp
from .tree import ReplyTree, reply_tree

CONFIDENCE_BANDS = (("high", 0.8), ("mid", 0.5), ("low", 0.0))
"""Inferred replies are counted by confidence: at least 0.8, at least 0.5, below."""


def structural_virality(tree: ReplyTree) -> float | None:
    """Mean distance between all pairs of comments and the post in the undirected reply tree.

    Goel et al. (2016). A comment answering the post or an excerpt hangs from the post.
    Each tree edge lies on the path of ``size * (n - size)`` pairs, where ``size`` counts
    the comments below it, so the sum over pairs takes one pass: O(n).
    """
    comments, parent = tree.comments, tree.parent
    n = len(comments) + 1
    if n < 2:
        return None
    # Deepest first, so each subtree is complete when its root is reached; only the sizes
    # of subtrees whose root is still to come are held (a chain's: one at a time).
    below: dict[str, int] = {}
    total = 0
    for comment in sorted(comments, key=tree.depth.__getitem__, reverse=True):
        size = below.pop(comment, 0) + 1
        total += size * (n - size)
        above = parent[comment]
        if above in comments:
            below[above] = below.get(above, 0) + size
    return total / (n * (n - 1) / 2)


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
    if not spans:  # most threads: no text to cut into words
        return {}
    from .wordcut import many_word_bounds  # numpy: not for --help

    texts = {node.id: node.text for node in thread.nodes}
    quoting = [node_id for node_id in spans if node_id in texts]
    result = {}
    for node_id, (starts, _) in zip(quoting, many_word_bounds([texts[n] for n in quoting]),
                                    strict=True):
        starts = starts.tolist()
        # A word counts once however many quotations cover it.
        inside = set()
        for start, end in spans[node_id]:
            inside.update(range(bisect_left(starts, start), bisect_left(starts, end)))
        result[node_id] = len(inside)
    return result


class lazy:  # lower case: a decorator, like the property it stands for
    """``functools.cached_property`` without the lock Python 3.11 takes on each first read
    (3.12 dropped it): facts belong to one thread of execution, and a thread table reads
    a dozen of them per thread."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        self.compute = compute
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, facts: Any, owner: type | None = None) -> Any:
        if facts is None:
            return self
        value = facts.__dict__[self.name] = self.compute(facts)
        return value


class ThreadFacts:
    """What a thread's metrics are computed from; each part is worked out when first used,
    and the parts several metrics read come from one pass over the comments or the edges."""

    def __init__(self, thread: Thread) -> None:
        self.thread = thread
        self.tree = reply_tree(thread)
        self.comments = thread.comments
        self.by_id = {node.id: node for node in thread.nodes}

    @lazy
    def replies(self) -> list[Node]:
        """Comments whose tree parent is another comment."""
        parent, comments = self.tree.parent, self.tree.comments
        return [c for c in self.comments if parent[c.id] in comments]

    @lazy
    def to_missing(self) -> int:
        """Comments hanging under a stand-in for a stated parent not in the input."""
        if not self.tree.missing:
            return 0
        return sum(1 for c in self.comments if self.tree.answers_missing(c.id))

    @lazy
    def names(self) -> list[str | None]:
        """Each comment's author (``author_of``: named, else signed)."""
        return [author_of(c) for c in self.comments]

    @lazy
    def named(self) -> list[str | None]:
        """Each comment's author as the source names it, or None."""
        return [author_of(c, inferred=False) for c in self.comments]

    @lazy
    def named_people(self) -> set[str]:
        """The people the source names as authors (``person_key``s)."""
        return {key for key in map(person_key, self.named) if key is not None}

    @lazy
    def keys(self) -> list[str | None]:
        """Each comment's author folded (``person_key``), None for nobody known."""
        return [person_key(name) for name in self.names]

    @lazy
    def unnamed(self) -> list[Node]:
        """Comments the source names no author for."""
        return [c for c, name in zip(self.comments, self.named, strict=True) if name is None]

    @lazy
    def owner(self) -> str | None:
        """The thread's owner, else the post's author."""
        post = self.thread.post
        return (self.thread.owner or "").strip() or (author_of(post) if post else None)

    @lazy
    def edges(self) -> dict[str, list[Edge]]:
        """The thread's edges by kind, in thread order."""
        found: dict[str, list[Edge]] = defaultdict(list)
        for edge in self.thread.edges:
            found[edge.kind].append(edge)
        return found

    @lazy
    def quotes(self) -> list[Edge]:
        """The quote edges."""
        return self.edges["quote"]

    @lazy
    def quotation_words(self) -> dict[str, int]:
        """Per node, the words inside a quotation found (``quotation_words``)."""
        return quotation_words(self.thread)

    @lazy
    def quotes_made(self) -> Counter[str]:
        """Quote edges from each node."""
        return Counter(edge.source for edge in self.quotes)

    @lazy
    def quotes_received(self) -> Counter[str]:
        """Quote edges to each node."""
        return Counter(edge.target for edge in self.quotes)

    @lazy
    def removals(self) -> Counter[str | None]:
        """Comments by ``removal``: "deleted", "spam", or None for those standing."""
        return Counter(map(removal, self.comments))

    @lazy
    def words(self) -> list[int]:
        """Words of each comment (``Node.words``), counted together (``wordcut.count_many``)."""
        from .wordcut import count_many  # numpy: not for --help

        return count_many([c.text for c in self.comments])

    @lazy
    def time_range(self) -> tuple[datetime, datetime] | None:
        """The comments' earliest and latest times (the first and the last of them sorted in
        a stable order), or None when none has a time."""
        comments = self.comments
        first = min((c.published for c in comments if c.published), key=timestamp, default=None)
        # max keeps the first of equal times: read backwards, that is the last.
        return None if first is None else (first, max(
            (c.published for c in reversed(comments) if c.published), key=timestamp))

    @lazy
    def depths(self) -> list[int]:
        """Each comment's depth in the reply tree."""
        depth = self.tree.depth
        return [depth[c.id] for c in self.comments]

    @lazy
    def latencies(self) -> list[float]:
        """Hours from parent to reply, where both have times in that order (``reply_hours``)."""
        parent, by_id = self.tree.parent, self.by_id
        gaps = (reply_hours(by_id[parent[c.id]].published, c.published) for c in self.replies
                if c.published)
        return [hours for hours in gaps if hours is not None]

    def answers(self, comment: str) -> list[str]:
        """The comments answering a comment, in thread order (read off the tree: a table of
        them all weighed 0.1 KB a comment)."""
        comments = self.tree.comments
        return [node for node in self.tree.children[comment] if node in comments]

    @lazy
    def most_replied(self) -> str | None:
        """Label of the comment with the most comments answering it (the earliest on a tie),
        or None when none has any."""
        children = self.tree.children  # most comments have none: no list made for them
        return self.most(len(self.answers(c.id)) if children[c.id] else 0 for c in self.comments)

    @lazy
    def by_confidence(self) -> dict[str, int]:
        """Inferred replies by the confidence band of their edge."""
        parent = self.tree.parent
        inferred = {c.id: parent[c.id] for c in self.replies if c.parent is None}
        return _by_confidence(self.edges["reply"], inferred)

    def median(self, values: Sequence[float]) -> float | None:
        """The median, or None for no values."""
        return statistics.median(values) if values else None

    def share(self, part: int, whole: int) -> float | None:
        """A share, or None when the whole is 0."""
        return part / whole if whole else None

    @lazy
    def owned(self) -> int:
        """Comments by the owner (0 when the owner is unknown)."""
        owner = person_key(self.owner)
        return 0 if owner is None else self.keys.count(owner)

    def author_pairs(self) -> Iterator[tuple[str, str]]:
        """(replier, replied to) for replies whose both ends have an author, as ``person_key``s."""
        parent, comments, by_id = self.tree.parent, self.tree.comments, self.by_id
        for c, key in zip(self.comments, self.keys, strict=True):
            above = parent[c.id]
            if key is not None and above in comments:
                other = person_key(author_of(by_id[above]))
                if other is not None:
                    yield key, other

    def most(self, counts: Iterable[int]) -> str | None:
        """Label of the comment with the highest of ``counts`` (one for each comment, in
        thread order; the earliest on a tie), or None when all are 0."""
        top, label = 0, None
        for c, n in zip(self.comments, counts, strict=True):
            if n > top:
                top, label = n, c.label
        return label


class AuthorFacts:
    """One author's comments in a thread (the author None for comments by nobody known),
    and the words of each (``Node.words``)."""

    def __init__(self, facts: ThreadFacts, author: str | None, comments: list[Node],
                 words: list[int]) -> None:
        self.facts, self.author, self.comments, self.words = facts, author, comments, words

    @lazy
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
        if not per_comment:
            return 0
        return sum(per_comment.get(c.id, 0) for c in self.comments)


def authors(facts: ThreadFacts) -> list[AuthorFacts]:
    """The thread's authors in order of first comment, spellings of one name together and
    shown as first spelled ("Jim", later "jim"); comments by nobody known share one."""
    shown: dict[str | None, str | None] = {}
    written: dict[str | None, tuple[list[Node], list[int]]] = {}
    for comment, name, key, words in zip(facts.comments, facts.names, facts.keys, facts.words,
                                         strict=True):
        if key not in written:
            shown[key], written[key] = name, ([], [])
        found, counts = written[key]
        found.append(comment)
        counts.append(words)
    return [AuthorFacts(facts, shown[key], *found) for key, found in written.items()]


def word_counts(node: Node, words: int) -> tuple[int, int, int]:
    """A node's ``words`` (given: counted with its thread's), ``own_words`` and
    ``quoted_words``, its text's words counted once where it can be: a text without ">"
    has no quoted line, and a text without a sign-off is all body, so its own words are
    the words off quoted lines."""
    quoted = node.quoted_words if ">" in node.text else 0
    own = words - quoted if node.body == node.text else node.own_words
    return words, own, quoted


def _by_confidence(replies: list[Edge], inferred: dict[str, str]) -> dict[str, int]:
    """``replies_inferred_<band>``: inferred replies (node -> tree parent) by the confidence
    of their surest inferred edge among ``replies``."""
    counts = dict.fromkeys((f"replies_inferred_{band}" for band, _ in CONFIDENCE_BANDS), 0)
    if not inferred:
        return counts
    scores: dict[tuple[str, str], float] = {}
    for e in replies:
        if e.inferred:
            scores[e.source, e.target] = max(e.score, scores.get((e.source, e.target), 0.0))
    for pair in inferred.items():
        score = scores.get(pair, 0.0)
        band = next(band for band, floor in CONFIDENCE_BANDS if score >= floor)
        counts[f"replies_inferred_{band}"] += 1
    return counts
