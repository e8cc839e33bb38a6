"""Thread, author and comment metrics as plain records: the numbers behind ``stats``.

Pure functions over an analysed Thread, without pandas. Missing data is ``None``, never 0:
a thread without times has no latency, a thread without known authors has no Gini.
Every metric is defined in one sentence in docs/metrics.md.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from .model import Node, Thread, author_of, named_author, person_key, timestamp
from .tree import ReplyTree, reply_tree

CONFIDENCE_BANDS = (("high", 0.8), ("mid", 0.5), ("low", 0.0))
"""Inferred replies are counted by confidence: at least 0.8, at least 0.5, below."""

__all__ = [
    "author_metrics",
    "comment_metrics",
    "gini",
    "reciprocity",
    "structural_virality",
    "thread_metrics",
]

_WORD = re.compile(r"\S+")


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


def quoted_words(thread: Thread) -> dict[str, int]:
    """Per node, the words lying inside a quotation (from the thread or from outside)."""
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
        starts = [match.start() for match in _WORD.finditer(texts[node_id])]
        # A word counts once however many quotations cover it.
        inside = set()
        for start, end in node_spans:
            inside.update(range(bisect_left(starts, start), bisect_left(starts, end)))
        result[node_id] = len(inside)
    return result


def thread_metrics(thread: Thread) -> dict[str, Any]:
    """One record of thread-level metrics (see docs/metrics.md)."""
    comments = thread.comments
    tree = reply_tree(thread)
    by_id = {node.id: node for node in thread.nodes}
    count = len(comments)
    replies = [c for c in comments if tree.is_reply(c.id)]
    to_missing = sum(1 for c in comments if tree.answers_missing(c.id))
    named = {person_key(named_author(c)) for c in comments} - {None}
    inferred = {
        person_key(c.author_inferred) for c in comments if named_author(c) is None
    } - {None} - named
    owner = (thread.owner or "").strip() or _post_author(thread)
    quotes = [edge for edge in thread.edges if edge.kind == "quote"]
    marked = sum(1 for edge in quotes if edge.passage and edge.passage.marked)
    words = [c.words for c in comments]
    quoted = quoted_words(thread)
    times = sorted((c.published for c in comments if c.published), key=timestamp)
    latencies = [
        hours_between(by_id[tree.parent[c.id]].published, c.published)
        for c in replies
        if c.published and by_id[tree.parent[c.id]].published
    ]
    depths = [tree.depth[c.id] for c in comments]
    per_author = Counter(person_key(author_of(c)) for c in comments)
    per_author.pop(None, None)
    author_pairs = [
        (person_key(author_of(c)), person_key(author_of(by_id[tree.parent[c.id]])))
        for c in replies
        if author_of(c) and author_of(by_id[tree.parent[c.id]])
    ]
    return {
        "thread": thread.id,
        "comments": count,
        "top_level": count - len(replies) - to_missing,
        "replies_explicit": sum(1 for c in replies if c.parent is not None)
        + sum(1 for c in comments if c.parent is None and c.stated and tree.parent[c.id]),
        "replies_inferred": sum(1 for c in replies if c.parent is None),
        **_by_confidence(thread, {c.id: tree.parent[c.id] for c in replies if c.parent is None}),
        "replies_to_missing": to_missing,
        "addressed": sum(1 for edge in thread.edges if edge.kind == "addressed"),
        "max_depth": max(depths) if depths else None,
        "mean_depth": statistics.fmean(depths) if depths else None,
        "authors_named": len(named),
        "authors_inferred": len(inferred),
        "anonymous_share": _share(sum(named_author(c) is None for c in comments), count),
        "unattributed_share": _share(sum(author_of(c) is None for c in comments), count),
        "owner_share": (
            _share(sum(_same(author_of(c), owner) for c in comments), count) if owner else None
        ),
        "quotes_marked": marked,
        "quotes_unmarked": len(quotes) - marked,
        "repeated_passages": len(thread.repeats),
        "duplicated_comments": len(
            {e.source for e in thread.edges if e.kind == "duplicate" and e.source in tree.comments}
        ),
        "quoted_word_share": _share(sum(quoted.get(c.id, 0) for c in comments), sum(words)),
        "external_quotes": len(thread.external_quotes),
        "words_total": sum(words),
        "words_median": statistics.median(words) if words else None,
        "first_time": times[0] if times else None,
        "last_time": times[-1] if times else None,
        "span_hours": hours_between(times[0], times[-1]) if times else None,
        "reply_latency_median_hours": statistics.median(latencies) if latencies else None,
        "most_replied": _most(comments, {c: len(replies_to(tree, c)) for c in tree.comments}),
        "most_quoted": _most(comments, Counter(edge.target for edge in quotes)),
        "reciprocity": reciprocity(author_pairs),
        "gini": gini(list(per_author.values())),
        "structural_virality": structural_virality(tree),
        "title": thread.title,
    }


def author_metrics(thread: Thread) -> list[dict[str, Any]]:
    """One record per author, in order of first comment; unattributed comments share a
    record whose author is None."""
    tree = reply_tree(thread)
    by_id = {node.id: node for node in thread.nodes}
    # Keyed by person_key, shown with the first spelling met ("Jim", later "jim").
    records: dict[str | None, dict[str, Any]] = {}
    moments: dict[str | None, list[tuple[float, datetime]]] = defaultdict(list)
    for comment in thread.comments:
        name = author_of(comment)
        author = person_key(name)
        record = records.setdefault(author, _author_record(thread.id, name))
        record["comments"] += 1
        record["words"] += comment.words
        record["replies_sent"] += tree.is_reply(comment.id)
        record["replies_received"] += len(replies_to(tree, comment.id))
        if comment.published:
            moments[author].append((timestamp(comment.published), comment.published))
    for author, found in moments.items():
        records[author]["first_time"] = min(found, key=_first)[1]
        records[author]["last_time"] = max(found, key=_first)[1]
    for edge in thread.edges:
        if edge.kind != "quote":
            continue
        for end, key in ((edge.source, "quotes_made"), (edge.target, "quotes_received")):
            node = by_id.get(end)
            if node is not None and node.kind == "comment":
                records[person_key(author_of(node))][key] += 1
    return list(records.values())


def comment_metrics(thread: Thread) -> list[dict[str, Any]]:
    """One record per comment, in thread order."""
    tree = reply_tree(thread)
    by_id = {node.id: node for node in thread.nodes}
    made = Counter(edge.source for edge in thread.edges if edge.kind == "quote")
    received = Counter(edge.target for edge in thread.edges if edge.kind == "quote")
    records = []
    for comment in thread.comments:
        answers = replies_to(tree, comment.id)
        parent = tree.parent[comment.id] if tree.is_reply(comment.id) else None
        reply_times = [by_id[child].published for child in answers if by_id[child].published]
        first_reply = min(reply_times, key=timestamp) if reply_times else None
        records.append(
            {
                "thread": thread.id,
                "id": comment.id,
                "label": comment.label,
                "author": author_of(comment),
                "depth": tree.depth[comment.id],
                "parent": by_id[parent].label if parent else None,
                "replies_received": len(answers),
                "quotes_made": made[comment.id],
                "quotes_received": received[comment.id],
                "words": comment.words,
                "own_words": comment.own_words,
                "quoted_words": comment.quoted_words,
                "published": comment.published,
                "first_reply_hours": hours_between(comment.published, first_reply),
            }
        )
    return records


def _author_record(thread_id: str, author: str | None) -> dict[str, Any]:
    return {
        "thread": thread_id,
        "author": author,
        "comments": 0,
        "words": 0,
        "replies_sent": 0,
        "replies_received": 0,
        "quotes_made": 0,
        "quotes_received": 0,
        "first_time": None,
        "last_time": None,
    }


def _first(pair: tuple[float, datetime]) -> float:
    return pair[0]


def _post_author(thread: Thread) -> str | None:
    return author_of(thread.post) if thread.post else None


def _same(author: str | None, owner: str) -> bool:
    return author is not None and person_key(author) == person_key(owner)


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


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _most(comments: Sequence[Node], counts: dict[str, int]) -> str | None:
    """Label of the comment with the highest count (earliest on a tie); None when all are 0."""
    best = max(comments, key=lambda c: counts.get(c.id, 0), default=None)
    return best.label if best is not None and counts.get(best.id, 0) > 0 else None
