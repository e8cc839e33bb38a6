"""Thread, author and comment tables as pandas DataFrames (the only module that imports pandas).

Columns are typed with pandas' nullable dtypes, so a missing value stays missing (``<NA>``,
an empty CSV cell, ``null`` in JSON) instead of turning into 0. Times are UTC timestamps;
times read without a zone are taken as UTC.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from datetime import UTC
from typing import Any

import pandas as pd

from .errors import ExplorerError
from .metrics import author_metrics, comment_metrics, thread_metrics
from .model import Thread

INT, FLOAT, TEXT, TIME = "Int64", "Float64", "string", "datetime64[ns, UTC]"

THREAD_COLUMNS = {
    "thread": TEXT,
    "comments": INT,
    "top_level": INT,
    "replies_explicit": INT,
    "replies_inferred": INT,
    "replies_inferred_high": INT,
    "replies_inferred_mid": INT,
    "replies_inferred_low": INT,
    "replies_to_missing": INT,
    "addressed": INT,
    "max_depth": INT,
    "mean_depth": FLOAT,
    "authors_named": INT,
    "authors_inferred": INT,
    "anonymous_share": FLOAT,
    "unattributed_share": FLOAT,
    "owner_share": FLOAT,
    "quotes_marked": INT,
    "quotes_unmarked": INT,
    "repeated_passages": INT,
    "duplicated_comments": INT,
    "quoted_word_share": FLOAT,
    "external_quotes": INT,
    "words_total": INT,
    "words_median": FLOAT,
    "first_time": TIME,
    "last_time": TIME,
    "span_hours": FLOAT,
    "reply_latency_median_hours": FLOAT,
    "most_replied": TEXT,
    "most_quoted": TEXT,
    "reciprocity": FLOAT,
    "gini": FLOAT,
    "structural_virality": FLOAT,
    "title": TEXT,
}
AUTHOR_COLUMNS = {
    "thread": TEXT,
    "author": TEXT,
    "comments": INT,
    "words": INT,
    "replies_sent": INT,
    "replies_received": INT,
    "quotes_made": INT,
    "quotes_received": INT,
    "first_time": TIME,
    "last_time": TIME,
}
COMMENT_COLUMNS = {
    "thread": TEXT,
    "id": TEXT,
    "label": TEXT,
    "author": TEXT,
    "depth": INT,
    "parent": TEXT,
    "replies_received": INT,
    "quotes_made": INT,
    "quotes_received": INT,
    "words": INT,
    "own_words": INT,
    "quoted_words": INT,
    "published": TIME,
    "first_reply_hours": FLOAT,
    "meta": TEXT,
}


def thread_stats(threads: Thread | Iterable[Thread]) -> pd.DataFrame:
    """One row per thread: size, reply structure, authors, quotes, times and inequality."""
    return stats_table(threads, "thread")


def author_stats(threads: Thread | Iterable[Thread]) -> pd.DataFrame:
    """One row per author per thread; comments with no known author share a row (author NA)."""
    return stats_table(threads, "author")


def comment_stats(threads: Thread | Iterable[Thread]) -> pd.DataFrame:
    """One row per comment: depth, replies, quotes, words, time to first reply, and the
    source's own fields (``Node.meta``) as one JSON object in ``meta``."""
    return stats_table(threads, "comment")


def stats_table(threads: Thread | Iterable[Thread], by: str = "thread") -> pd.DataFrame:
    """The table named by ``by``: thread, author or comment."""
    columns = stats_columns(by)
    rows = [row for thread in _each(threads) for row in stats_rows(thread, by)]
    data = {}
    for index, (column, dtype) in enumerate(columns.items()):
        values = [row[index] for row in rows]
        if dtype == TIME:
            data[column] = pd.to_datetime(pd.Series(values, dtype=object), utc=True)
        else:
            data[column] = pd.array(values, dtype=dtype)
    return pd.DataFrame(data, columns=list(columns))


def stats_columns(by: str) -> dict[str, str]:
    """The columns of the table named by ``by``, with their dtypes."""
    if by not in _TABLES:
        raise ExplorerError(f"no {by!r} table; tables: {', '.join(_TABLES)}")
    return _TABLES[by][1]


def stats_rows(thread: Thread, by: str = "thread") -> list[tuple[Any, ...]]:
    """One thread's rows of the table named by ``by``, as plain typed values.

    None is missing; times are UTC. These are the values the DataFrames hold, without
    pandas, so that a corpus can be measured thread by thread.
    """
    columns = stats_columns(by)
    metrics = _TABLES[by][0]
    return [
        tuple(_typed(record[column], dtype) for column, dtype in columns.items())
        for record in metrics(thread)
    ]


_TABLES: dict[str, tuple[Callable[[Thread], list[dict[str, Any]]], dict[str, str]]] = {
    "thread": (lambda thread: [thread_metrics(thread)], THREAD_COLUMNS),
    "author": (author_metrics, AUTHOR_COLUMNS),
    "comment": (lambda thread: _with_meta(thread, comment_metrics(thread)), COMMENT_COLUMNS),
}


def _with_meta(thread: Thread, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add each comment's own fields as compact JSON (None when it has none)."""
    metas = {node.id: node.meta for node in thread.comments}
    for record in records:
        meta = metas[record["id"]]
        record["meta"] = json.dumps(dict(meta), ensure_ascii=False) if meta else None
    return records


def _each(threads: Thread | Iterable[Thread]) -> Iterable[Thread]:
    return [threads] if isinstance(threads, Thread) else threads


def _typed(value: Any, dtype: str) -> Any:
    if value is None:
        return None
    if dtype == INT:
        return int(value)
    if dtype == FLOAT:
        value = float(value)
        return None if math.isnan(value) else value
    if dtype == TIME:
        # Times read without a zone are taken as UTC (see the module docstring).
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    return str(value)
