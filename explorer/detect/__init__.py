"""Analyses that return a new Thread with more edges or annotations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..model import Thread


@dataclass(frozen=True, slots=True)
class Options:
    """Settings of the detectors; the defaults suit blog comment threads."""

    min_words: int = 8
    """Fewest words for a passage shared without quotation marks."""
    marked_min_words: int = 2
    """Fewest words for a quotation in marks to be matched."""
    common_nodes: int = 20
    """A phrase in more nodes than this is common (boilerplate) and makes no passage."""
    infer: bool = True
    """Infer reply parents and addressees; False keeps only the replies the source states."""


def analyse(thread: Thread, options: Options | None = None) -> Thread:
    """Run every detector on a thread, in order, and return the analysed thread."""
    # Imported here: the passage search brings numpy, which `explorer --help` does without.
    from .passages import find_passages
    from .replies import infer_replies
    from .signatures import find_signatures

    options = options or Options()
    thread = find_signatures(thread)
    thread = find_passages(thread, options)
    thread = infer_replies(thread, options)
    return thread


def analyse_many(threads: list[Thread], options: Options | None = None) -> list[Thread]:
    """``analyse`` of each thread, with one passage search over them all (threads kept
    apart: the same result, at the cost of one search instead of one per thread)."""
    for _, step in batch_steps(options or Options()):
        threads = step(threads)
    return threads


def batch_steps(options: Options) -> tuple[tuple[str, Callable[[list[Thread]], list[Thread]]], ...]:
    """The steps ``analyse_many`` takes, in order, each over a whole batch: (name, step)."""
    from .passages import find_passages_apart
    from .replies import infer_replies
    from .signatures import find_signatures

    return (
        ("signatures", partial(_each, find_signatures)),
        ("passages", partial(find_passages_apart, options=options)),
        ("replies", partial(_each, partial(infer_replies, options=options))),
    )


def preload() -> None:
    """Import the detectors (numpy among them) and nothing more: called before worker
    processes fork, so that each starts with them rather than importing them again."""
    from . import passages, replies, signatures  # noqa: F401


def _each(step: Callable[[Thread], Thread], threads: list[Thread]) -> list[Thread]:
    return [step(thread) for thread in threads]
