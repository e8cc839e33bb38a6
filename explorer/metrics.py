"""The metric registry: each metric is one entry (name, kind, definition, function).

``stats`` columns, ``--fields``, the DataFrames of ``explorer.stats`` and the tables of
docs/metrics.md all come from these entries. Functions take the facts of one row
(``measures``) and return a plain value; missing data is ``None``, never 0: a thread
without times has no latency, a thread without known authors has no Gini. No pandas here.
"""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from .errors import ExplorerError
from .measures import (
    AuthorFacts,
    ThreadFacts,
    authors,
    gini,
    hours_between,
    lazy,
    reciprocity,
    reply_hours,
    structural_virality,
    word_counts,
)
from .model import Node, Thread, author_of, removal

__all__ = [
    "AUTHOR_METRICS",
    "COMMENT_METRICS",
    "THREAD_METRICS",
    "Metric",
    "author_metrics",
    "comment_metrics",
    "metric_rows",
    "metrics_of",
    "thread_metrics",
]

KINDS = ("int", "float", "text", "time")
_META_JSON = json.JSONEncoder(ensure_ascii=False)
"""``json.dumps(..., ensure_ascii=False)`` without a new encoder per comment."""


@dataclass(frozen=True, slots=True)
class Metric:
    """One column of a stats table: its name, kind of value, definition and function.

    ``kind`` is one of KINDS; ``definition`` is one sentence (Markdown), as docs/metrics.md
    shows it; ``measure`` takes the facts of one row and returns the value or None.
    """

    name: str
    kind: str
    definition: str
    measure: Callable[[Any], Any]

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"metric {self.name}: unknown kind {self.kind!r}")  # a bug


THREAD_METRICS = (
    Metric("thread", "text", "The thread's id.", lambda f: f.thread.id),
    Metric("comments", "int", "Number of comments.", lambda f: len(f.comments)),
    Metric("top_level", "int",
           "Comments whose reply-tree parent is the post or one of its excerpts.",
           lambda f: len(f.comments) - len(f.replies) - f.to_missing),
    Metric("replies_explicit", "int",
           "Comments whose reply-tree parent the source states: another comment (nesting on "
           "the page, a parent id), or the post for a top-level comment of a threaded source "
           "(Reddit, Hacker News, mail with threading headers, a table with a parent column), "
           "which `top_level` counts too.",
           lambda f: sum(1 for c in f.replies if c.parent is not None)
           + sum(1 for c in f.comments
                 if c.parent is None and c.stated and f.tree.parent[c.id])),
    Metric("replies_inferred", "int",
           "Comments whose reply-tree parent is another comment reached through an inferred "
           "reply edge.",
           lambda f: sum(1 for c in f.replies if c.parent is None)),
    Metric("replies_inferred_high", "int",
           "Of those, the ones whose edge has confidence ≥ 0.8 (on held-out real threads, at "
           "least 9 in 10 of such links are right: see [replies.md](replies.md)).",
           lambda f: f.by_confidence["replies_inferred_high"]),
    Metric("replies_inferred_mid", "int", "Of those, confidence ≥ 0.5 and < 0.8.",
           lambda f: f.by_confidence["replies_inferred_mid"]),
    Metric("replies_inferred_low", "int",
           "Of those, confidence < 0.5: guesses, drawn dashed on the page.",
           lambda f: f.by_confidence["replies_inferred_low"]),
    Metric("replies_to_missing", "int",
           "Comments whose source names a parent that is not in the input (a Reddit month "
           "answering the month before, a mail whose parent was not archived): they hang under "
           "a stand-in for it, never under a guess, and are neither top level nor replies to a "
           "comment of the thread.",
           lambda f: f.to_missing),
    Metric("addressed", "int",
           "Number of `addressed` edges (a comment speaking to someone besides its parent).",
           lambda f: len(f.edges["addressed"])),
    Metric("max_depth", "int", "Greatest depth of any comment in the reply tree.",
           lambda f: max(f.depths) if f.depths else None),
    Metric("mean_depth", "float", "Mean depth of the comments in the reply tree.",
           lambda f: statistics.fmean(f.depths) if f.depths else None),
    Metric("authors_named", "int",
           "Distinct authors named by the source, stand-ins such as \"Anonymous\" excluded.",
           lambda f: len(f.named_people)),
    Metric("authors_inferred", "int",
           "Distinct names inferred from sign-offs on comments without a named author, not "
           "counting names already among the named authors.",
           lambda f: len({key for key, name in zip(f.keys, f.named, strict=True) if name is None}
                         - {None} - f.named_people)),
    Metric("anonymous_share", "float", "Share of comments without a named author.",
           lambda f: f.share(len(f.unnamed), len(f.comments))),
    Metric("unattributed_share", "float",
           "Share of comments with neither a named nor an inferred author.",
           lambda f: f.share(f.names.count(None), len(f.comments))),
    Metric("owner_share", "float",
           "Share of comments written by the owner (missing when the owner is unknown).",
           lambda f: f.share(f.owned, len(f.comments)) if f.owner else None),
    Metric("deleted_comments", "int",
           "Comments the source shows deleted or removed: a deleted flag (Disqus `isDeleted`, "
           "Hacker News `deleted` or `dead`) or only a placeholder for text (`[deleted]`, "
           "`[removed]`, `[dead]`, `[flagged]`); each stays a node.",
           lambda f: f.removals["deleted"]),
    Metric("spam_comments", "int",
           "Comments the source marks as spam (Disqus `isSpam`), kept as nodes with their text.",
           lambda f: f.removals["spam"]),
    Metric("quotes_marked", "int",
           "Quote edges whose passage is marked as a quotation (quotation marks, `>` lines).",
           lambda f: _marked(f)),
    Metric("quotes_unmarked", "int",
           "Quote edges whose passage is not marked (copied without quotation marks), or "
           "that carry no passage.",
           lambda f: len(f.quotes) - _marked(f)),
    Metric("repeated_passages", "int",
           "Number of repeat groups: passages found in several places of the thread.",
           lambda f: len(f.thread.repeats)),
    Metric("duplicated_comments", "int", "Comments that are the later copy in a `duplicate` edge.",
           lambda f: len({e.source for e in f.edges["duplicate"] if e.source in f.tree.comments})),
    Metric("quoted_word_share", "float",
           "Share of comment words that lie inside a quotation, either of earlier thread text "
           "(the source span of a quote edge) or of an outside text (an external quote), each "
           "word counted once.",
           lambda f: f.share(_quoted_words(f), sum(f.words))),
    Metric("external_quotes", "int", "Number of passages quoted from outside the thread.",
           lambda f: len(f.thread.external_quotes)),
    Metric("words_total", "int", "Words in all comments.", lambda f: sum(f.words)),
    Metric("words_median", "float", "Median number of words per comment.",
           lambda f: f.median(f.words)),
    Metric("first_time", "time", "Time of the earliest comment that has a time.",
           lambda f: f.time_range[0] if f.time_range else None),
    Metric("last_time", "time", "Time of the latest comment that has a time.",
           lambda f: f.time_range[1] if f.time_range else None),
    Metric("span_hours", "float", "Hours from `first_time` to `last_time`.",
           lambda f: hours_between(*f.time_range) if f.time_range else None),
    Metric("reply_latency_median_hours", "float",
           "Median, over replies where both the reply and its parent comment have times, of "
           "the hours between them (a reply dated before its parent, a clock set wrong, is "
           "left out).",
           lambda f: f.median(f.latencies)),
    Metric("most_replied", "text",
           "Label of the comment with the most direct replies in the reply tree (the earliest "
           "on a tie; missing when no comment has a reply).",
           lambda f: f.most_replied),
    Metric("most_quoted", "text",
           "Label of the comment that is the target of the most quote edges (the earliest on a "
           "tie; missing when none is quoted).",
           lambda f: f.most(f.quotes_received[c.id] for c in f.comments)),
    Metric("reciprocity", "float",
           "Share of directed author links (author A replied to a comment by author B, A ≠ B) "
           "whose reverse link B → A also exists.",
           lambda f: reciprocity(f.author_pairs())),
    Metric("gini", "float",
           "Gini coefficient of the number of comments per known author: 0 when everyone wrote "
           "as many comments, near 1 when one person wrote nearly all.",
           lambda f: gini([count for key, count in Counter(f.keys).items() if key is not None])),
    Metric("structural_virality", "float",
           "Mean shortest-path distance between all pairs of nodes of the undirected reply "
           "tree with the post as root (Goel, Anderson, Hofman and Watts, 2016): about 1–2 for "
           "a flat \"broadcast\" thread, higher for a deep conversation.",
           lambda f: structural_virality(f.tree)),
    Metric("title", "text", "The thread's title.", lambda f: f.thread.title),
)
"""One row per thread (``--by thread``)."""

AUTHOR_METRICS = (
    Metric("thread", "text", "The thread's id.", lambda a: a.facts.thread.id),
    Metric("author", "text", "The author (see Conventions).", lambda a: a.author),
    Metric("comments", "int", "Comments by the author.", lambda a: len(a.comments)),
    Metric("words", "int", "Words in the author's comments.",
           lambda a: sum(a.words)),
    Metric("replies_sent", "int",
           "The author's comments that reply to a comment (self-replies included).",
           lambda a: sum(a.facts.tree.is_reply(c.id) for c in a.comments)),
    Metric("replies_received", "int",
           "Comments whose reply-tree parent is one of the author's comments.",
           lambda a: sum(len(a.facts.answers(c.id)) for c in a.comments)),
    Metric("quotes_made", "int", "Quote edges from the author's comments.",
           lambda a: a.count(a.facts.quotes_made)),
    Metric("quotes_received", "int", "Quote edges to the author's comments.",
           lambda a: a.count(a.facts.quotes_received)),
    Metric("first_time", "time", "Time of the author's earliest comment that has a time.",
           AuthorFacts.first_time),
    Metric("last_time", "time", "Time of the author's latest comment that has a time.",
           AuthorFacts.last_time),
)
"""One row per author per thread (``--by author``), in order of first comment."""


class CommentFacts:
    """One comment with its thread's facts, and its words (``Node.words``)."""

    def __init__(self, facts: ThreadFacts, comment: Node, words: int) -> None:
        self.facts, self.comment, self.words = facts, comment, words

    @lazy
    def word_counts(self) -> tuple[int, int, int]:
        """The comment's words, own words and quoted words (``measures.word_counts``)."""
        return word_counts(self.comment, self.words)

    @property
    def parent(self) -> Node | None:
        """The comment's parent comment in the reply tree, if it replies to one."""
        tree = self.facts.tree
        reply = tree.is_reply(self.comment.id)
        return self.facts.by_id[tree.parent[self.comment.id]] if reply else None

    def first_reply_hours(self) -> float | None:
        """Hours to the earliest direct reply that has a time."""
        children = self.facts.answers(self.comment.id)
        if not children or self.comment.published is None:
            return None
        by_id = self.facts.by_id
        gaps = [reply_hours(self.comment.published, by_id[child].published) for child in children]
        return min((hours for hours in gaps if hours is not None), default=None)


COMMENT_METRICS = (
    Metric("thread", "text", "The thread's id.", lambda c: c.facts.thread.id),
    Metric("id", "text", "The comment's id (`<thread>/<label>`).", lambda c: c.comment.id),
    Metric("label", "text", "The comment's label on the page (`3`, `3.1`).",
           lambda c: c.comment.label),
    Metric("author", "text", "The author (see Conventions).", lambda c: author_of(c.comment)),
    Metric("depth", "int", "Depth in the reply tree.",
           lambda c: c.facts.tree.depth[c.comment.id]),
    Metric("parent", "text", "Label of the parent comment; missing for a top-level comment.",
           lambda c: c.parent.label if c.parent else None),
    Metric("replies_received", "int", "Comments whose reply-tree parent is this comment.",
           lambda c: len(c.facts.answers(c.comment.id))),
    Metric("quotes_made", "int", "Quote edges from this comment.",
           lambda c: c.facts.quotes_made[c.comment.id]),
    Metric("quotes_received", "int", "Quote edges to this comment.",
           lambda c: c.facts.quotes_received[c.comment.id]),
    Metric("words", "int", "Words in the comment.", lambda c: c.word_counts[0]),
    Metric("own_words", "int",
           "Words the writer wrote: not on quoted (`>`) lines and not in the signature or list "
           "footer the source marks (a mail's `-- ` block).",
           lambda c: c.word_counts[1]),
    Metric("quoted_words", "int",
           "Words on quoted lines (starting with `>`, as mail and plain-text forums quote).",
           lambda c: c.word_counts[2]),
    Metric("removed", "text",
           "`deleted` or `spam` when the source shows the comment so (see `deleted_comments`, "
           "`spam_comments`); missing for a comment standing as written.",
           lambda c: removal(c.comment)),
    Metric("published", "time", "The comment's time.", lambda c: c.comment.published),
    Metric("first_reply_hours", "float",
           "Hours from this comment to its earliest direct reply that has a time (a reply dated "
           "before its parent, a clock set wrong, is left out).",
           CommentFacts.first_reply_hours),
    Metric("meta", "text",
           "The source's own fields of the comment (`Node.meta`) as one JSON object with sorted "
           "keys: Reddit's `name` (`t1_…`), `score`, `subreddit`, `permalink`; HN's `id`, "
           "`score`; a mail's `message_id` and `subject`; a table's other columns. One column "
           "whatever the source, so rows stream; missing where the source gives none.",
           lambda c: _META_JSON.encode(dict(c.comment.meta)) if c.comment.meta else None),
)
"""One row per comment (``--by comment``), in thread order."""

TABLES: dict[str, tuple[tuple[Metric, ...], Callable[[ThreadFacts], list[Any]]]] = {
    "thread": (THREAD_METRICS, lambda facts: [facts]),
    "author": (AUTHOR_METRICS, authors),
    "comment": (COMMENT_METRICS, lambda facts: [
        CommentFacts(facts, c, words) for c, words in zip(facts.comments, facts.words, strict=True)
    ]),
}
"""Each table: its metrics, and the facts of each of a thread's rows."""


def metrics_of(by: str) -> tuple[Metric, ...]:
    """The metrics of the table named by ``by``: thread, author or comment."""
    if by not in TABLES:
        raise ExplorerError(f"no {by!r} table; tables: {', '.join(TABLES)}")
    return TABLES[by][0]


def metric_records(thread: Thread, by: str = "thread") -> list[dict[str, Any]]:
    """One thread's rows of the table named by ``by``, as records of plain values."""
    metrics = metrics_of(by)
    return [{m.name: m.measure(row) for m in metrics} for row in TABLES[by][1](ThreadFacts(thread))]


def metric_rows(thread: Thread, by: str = "thread") -> list[tuple[Any, ...]]:
    """One thread's rows of the table named by ``by``, as tuples of typed plain values.

    None is missing; ints are ints, floats floats (never NaN), times UTC. These are the
    values the DataFrames of ``explorer.stats`` hold, without pandas, so that a corpus can
    be measured thread by thread.
    """
    cells = _cells(by)
    return [
        tuple([typed(measure(row)) for measure, typed in cells])
        for row in TABLES[by][1](ThreadFacts(thread))
    ]


def thread_metrics(thread: Thread) -> dict[str, Any]:
    """One record of thread-level metrics (see docs/metrics.md)."""
    return metric_records(thread, "thread")[0]


def author_metrics(thread: Thread) -> list[dict[str, Any]]:
    """One record per author, in order of first comment; unattributed comments share a
    record whose author is None."""
    return metric_records(thread, "author")


def comment_metrics(thread: Thread) -> list[dict[str, Any]]:
    """One record per comment, in thread order."""
    return metric_records(thread, "comment")


def markdown_table(by: str) -> str:
    """The table of docs/metrics.md for ``by``: one row per metric, name and definition."""
    rows = [f"| `{m.name}` | {m.definition} |" for m in metrics_of(by)]
    return "\n".join(["| column | definition |", "|---|---|", *rows])


def _quoted_words(f: ThreadFacts) -> int:
    inside = f.quotation_words
    return sum(inside.get(c.id, 0) for c in f.comments)


def _marked(f: ThreadFacts) -> int:
    return sum(1 for edge in f.quotes if edge.passage and edge.passage.marked)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _float(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _time(value: Any) -> datetime | None:
    if value is None:
        return None
    # Times read without a zone are taken as UTC (see docs/metrics.md).
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _text(value: Any) -> str | None:
    return value if value is None or type(value) is str else str(value)


_TYPED: dict[str, Callable[[Any], Any]] = {
    "int": _int, "float": _float, "text": _text, "time": _time,
}
"""Each kind's one conversion to its plain value (None stays None)."""


@cache
def _cells(by: str) -> list[tuple[Callable[[Any], Any], Callable[[Any], Any]]]:
    """The cells of a table's rows: how each is measured and made a plain value."""
    return [(m.measure, _TYPED[m.kind]) for m in metrics_of(by)]
