"""Analyses that return a new Thread with more edges or annotations."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Thread
from .replies import infer_replies
from .signatures import find_signatures


@dataclass(frozen=True, slots=True)
class Options:
    """Settings of the detectors; the defaults suit blog comment threads."""

    min_words: int = 8


def analyse(thread: Thread, options: Options | None = None) -> Thread:
    """Run every detector on a thread, in order, and return the analysed thread."""
    options = options or Options()
    thread = find_signatures(thread)
    thread = infer_replies(thread, options)
    return thread
