"""The counts a page shows, taken from the metrics ``explorer stats`` prints.

A page header, a dashboard row and ``stats`` each counting in their own way gave three
answers (seed 000: 5 inferred replies in its header, 4 elsewhere); they all read these.
"""

from __future__ import annotations

from typing import Any

from ..metrics import thread_metrics
from ..model import Thread


def thread_figures(thread: Thread) -> dict[str, Any]:
    """The thread's metrics, with the authors and quotes the pages show as one figure each."""
    metrics = thread_metrics(thread)
    metrics["authors"] = metrics["authors_named"] + metrics["authors_inferred"]
    metrics["quotes"] = metrics["quotes_marked"] + metrics["quotes_unmarked"]
    return metrics
