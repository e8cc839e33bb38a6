"""Analyses that return a new Thread with more edges or annotations."""

from __future__ import annotations

from dataclasses import dataclass

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
    from .passages import find_passages_apart
    from .replies import infer_replies
    from .signatures import find_signatures

    options = options or Options()
    signed = [find_signatures(thread) for thread in threads]
    return [infer_replies(thread, options) for thread in find_passages_apart(signed, options)]
