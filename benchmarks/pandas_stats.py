"""The per-thread statistics a user would compute from a Reddit dump with pandas alone.

Per thread: comments, authors, top-level comments, reply depth, first and last time and
the median reply latency (seconds from a parent to its reply). The yardstick for
`explorer stats` (see benchmarks/stats_vs_pandas.py).

    python benchmarks/pandas_stats.py RC_heavy.jsonl > stats.csv
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd


def thread_table(path: str) -> pd.DataFrame:
    """One row per thread of the dump at ``path`` (JSON Lines, submissions and comments)."""
    rows = pd.read_json(path, lines=True, dtype=False)
    comments = rows[rows["link_id"].notna()].copy()
    comments["thread"] = comments["link_id"].str[3:]
    comments["parent"] = comments["parent_id"].str[3:]
    comments["top"] = comments["parent_id"].str.startswith("t3_")
    time = comments.set_index("id")["created_utc"]
    parent_time = comments["parent"].map(time)
    comments["latency"] = comments["created_utc"] - parent_time
    parent_of = dict(zip(comments["id"], comments["parent"], strict=True))
    depths: dict[str, int] = {}
    for comment in comments["id"]:
        chain, node = [], comment
        while node in parent_of and node not in depths:
            chain.append(node)
            node = parent_of[node]
        depth = depths.get(node, 0)
        for item in reversed(chain):
            depth += 1
            depths[item] = depth
    comments["depth"] = comments["id"].map(depths)
    grouped = comments.groupby("thread", sort=False)
    return pd.DataFrame({
        "comments": grouped.size(),
        "authors": grouped["author"].nunique(),
        "top_level": grouped["top"].sum(),
        "depth": grouped["depth"].max(),
        "first": pd.to_datetime(grouped["created_utc"].min(), unit="s"),
        "last": pd.to_datetime(grouped["created_utc"].max(), unit="s"),
        "median_latency": grouped["latency"].median().astype(np.float64),
    })


if __name__ == "__main__":
    thread_table(sys.argv[1]).to_csv(sys.stdout)
