"""Thread, author and comment tables as pandas DataFrames (the only module that imports pandas).

Columns are typed with pandas' nullable dtypes, so a missing value stays missing (``<NA>``,
an empty CSV cell, ``null`` in JSON) instead of turning into 0. Times are UTC timestamps;
times read without a zone are taken as UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .metrics import Metric, metric_rows, metrics_of
from .model import Thread

DTYPES = {"int": "Int64", "float": "Float64", "text": "string", "time": "datetime64[ns, UTC]"}
"""The nullable pandas dtype of each kind of metric."""


def _columns(metrics: tuple[Metric, ...]) -> dict[str, str]:
    return {metric.name: DTYPES[metric.kind] for metric in metrics}


THREAD_COLUMNS = _columns(metrics_of("thread"))
AUTHOR_COLUMNS = _columns(metrics_of("author"))
COMMENT_COLUMNS = _columns(metrics_of("comment"))


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
    rows = [row for thread in _each(threads) for row in metric_rows(thread, by)]
    data = {}
    for index, (column, dtype) in enumerate(columns.items()):
        values = [row[index] for row in rows]
        if dtype == DTYPES["time"]:
            data[column] = pd.to_datetime(pd.Series(values, dtype=object), utc=True)
        else:
            data[column] = pd.array(values, dtype=dtype)
    return pd.DataFrame(data, columns=list(columns))


def stats_columns(by: str) -> dict[str, str]:
    """The columns of the table named by ``by``, with their pandas dtypes."""
    return _columns(metrics_of(by))


def stats_rows(thread: Thread, by: str = "thread") -> list[tuple[Any, ...]]:
    """One thread's rows of the table named by ``by``, as plain typed values
    (``metrics.metric_rows``: the values the DataFrames hold, without pandas)."""
    return metric_rows(thread, by)


def _each(threads: Thread | Iterable[Thread]) -> Iterable[Thread]:
    return [threads] if isinstance(threads, Thread) else threads
