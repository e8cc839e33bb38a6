"""The stats tables as pandas DataFrames: per thread, per author and per comment.

    python examples/stats_tables.py [PATH ...]
"""

import sys
from pathlib import Path

from explorer import analyse, read_paths
from explorer.stats import author_stats, comment_stats, thread_stats

HERE = Path(__file__).resolve().parent
paths = sys.argv[1:] or [str(HERE / "data" / "caseloads.json")]
threads = [analyse(thread) for thread in read_paths(paths)]

threads_frame = thread_stats(threads)
print(threads_frame[["thread", "comments", "max_depth", "gini", "structural_virality"]])

authors = author_stats(threads)
print(authors.sort_values("comments", ascending=False).head(5).to_string(index=False))

comments = comment_stats(threads)
# Missing values are <NA>, not 0, so averages skip comments without times.
print("mean hours to first reply:", comments["first_reply_hours"].mean())
print(comments.nlargest(3, "replies_received")[["id", "author", "replies_received"]])
