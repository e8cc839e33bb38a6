"""Thread, author and comment tables as pandas DataFrames (the only module that imports pandas).

Columns are typed with pandas' nullable dtypes, so a missing value stays missing (``<NA>``,
an empty CSV cell, ``null`` in JSON) instead of turning into 0. Times are UTC timestamps;
times read without a zone are taken as UTC.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import pandas as pd

from .errors import ExplorerError
from .metrics import author_metrics, comment_metrics, thread_metrics
from .model import Thread

INT, FLOAT, TEXT, TIME = "Int64", "Float64", "string", "datetime64[ns, UTC]"
OBJECT = "object"
"""The dtype of meta columns, whose values may be text, numbers or booleans."""
META_PREFIX = "meta."

THREAD_COLUMNS = {
    "thread": TEXT,
    "comments": INT,
    "top_level": INT,
    "replies_explicit": INT,
    "replies_inferred": INT,
    "replies_inferred_high": INT,
    "replies_inferred_mid": INT,
    "replies_inferred_low": INT,
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
    "published": TIME,
    "first_reply_hours": FLOAT,
}


def thread_stats(threads: Thread | Iterable[Thread]) -> pd.DataFrame:
    """One row per thread: size, reply structure, authors, quotes, times and inequality."""
    return _frame([thread_metrics(t) for t in _each(threads)], THREAD_COLUMNS)


def author_stats(threads: Thread | Iterable[Thread]) -> pd.DataFrame:
    """One row per author per thread; comments with no known author share a row (author NA)."""
    return _frame([r for t in _each(threads) for r in author_metrics(t)], AUTHOR_COLUMNS)


def comment_stats(threads: Thread | Iterable[Thread]) -> pd.DataFrame:
    """One row per comment: depth, replies, quotes, words and time to first reply.

    The source's own fields of each comment (``Node.meta``: its platform id, score,
    subject...) follow as ``meta.<name>`` columns, missing where a comment lacks one.
    """
    records = []
    meta_columns: dict[str, str] = {}
    for thread in _each(threads):
        metas = {node.id: node.meta for node in thread.comments}
        for record in comment_metrics(thread):
            for name, value in metas[record["id"]]:
                column = f"{META_PREFIX}{name}"
                meta_columns[column] = OBJECT
                record[column] = value
            records.append(record)
    return _frame(records, {**COMMENT_COLUMNS, **dict(sorted(meta_columns.items()))})


def stats_table(threads: Thread | Iterable[Thread], by: str = "thread") -> pd.DataFrame:
    """The table named by ``by``: thread, author or comment."""
    makers: dict[str, Callable[[Any], pd.DataFrame]] = {
        "thread": thread_stats,
        "author": author_stats,
        "comment": comment_stats,
    }
    if by not in makers:
        raise ExplorerError(f"no {by!r} table; tables: {', '.join(makers)}")
    return makers[by](threads)


def to_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """Rows of plain Python values: None for missing, floats rounded to 3 places, times as text."""
    return [[_plain(value) for value in row] for row in frame.itertuples(index=False)]


def to_csv(frame: pd.DataFrame) -> str:
    """CSV with a header; missing values are empty cells, times ISO 8601."""
    times = {
        column: frame[column].map(lambda moment: None if pd.isna(moment) else moment.isoformat())
        for column in frame.columns
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype)
    }
    return frame.assign(**times).to_csv(index=False)


def to_json(frame: pd.DataFrame) -> str:
    """A JSON list of records; missing values are null, times ISO 8601."""
    records = [
        {column: _json_value(value) for column, value in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False)
    ]
    return json.dumps(records, ensure_ascii=False, indent=2)


def to_markdown(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table; missing values are empty cells."""
    def cell(value: Any) -> str:
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in to_rows(frame)]
    return "\n".join(lines)


def _each(threads: Thread | Iterable[Thread]) -> list[Thread]:
    return [threads] if isinstance(threads, Thread) else list(threads)


def _frame(records: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    data = {}
    for column, dtype in columns.items():
        values = [record.get(column) for record in records]
        if dtype == TIME:
            # utc=True also reads times without a zone, as UTC (see the module docstring).
            data[column] = pd.to_datetime(pd.Series(values, dtype=object), utc=True)
        else:
            data[column] = pd.array(values, dtype=dtype)
    return pd.DataFrame(data, columns=list(columns))


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return round(float(value), 3)
    if isinstance(value, pd.Timestamp | datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.item() if hasattr(value, "item") else value


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value
