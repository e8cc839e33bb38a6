"""CPU of the reply choice (``choose_parents``) per 1,000 comments, first pass, and its parts.

    python benchmarks/choice_parts.py                  # the flat corpus of stats_memory, 20,000
    python benchmarks/choice_parts.py 5000             # another size
    python benchmarks/choice_parts.py /tmp/c20k/corpus # a folder or file of threads

Each input is read, signed and searched for passages first (``reply_parts.corpus_threads``); then
each thread's index, cues, profile and candidates are made as ``infer_replies`` makes them,
and only ``choose_parents`` is timed (``time.process_time``), once per thread: a second pass
over the same threads would find their lazily worked-out parts ready. Run it in a fresh
process for each figure, and compare two versions of the code as interleaved pairs.

The parts are timed by wrapping the functions ``choose_parents`` calls (a few hundred calls,
each far above the clock's resolution): the options, the feature rows (the pair table's
``SharedStems.get`` among them), the decision and the evidence.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reply_parts import corpus_threads  # noqa: E402
from explorer.detect import choice, reply_pairs  # noqa: E402
from explorer.detect.index import index_thread  # noqa: E402
from explorer.detect.owner import find_owner  # noqa: E402
from explorer.detect.replies import owned_cues, thread_candidates  # noqa: E402
from explorer.detect.reply_model import Profile  # noqa: E402
from explorer.model import Thread  # noqa: E402

PARTS = (
    (Profile, "options_many", "options"),
    (Profile, "option_rows", "feature rows"),
    (reply_pairs.SharedStems, "get", "  of which SharedStems.get"),
    (choice, "decide_many", "decision"),
    (choice, "evidence_many", "evidence"),
)


def timed(spent: dict[str, float], name: str, function: Callable) -> Callable:
    """``function``, adding the CPU seconds of each call to ``spent[name]``."""

    def run(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - started

    return run


def requests(thread: Thread):
    """The index, the profile and the flat nodes' candidates, as ``infer_replies`` makes them."""
    index, cues = owned_cues(thread, index_thread(thread, find_owner(thread)))
    candidates = thread_candidates(index, cues)
    flat = [i for i, found in enumerate(candidates) if found is not None and thread.nodes[i].flat]
    return index, Profile(index), [(i, candidates[i]) for i in flat]


def main() -> None:
    threads = corpus_threads(sys.argv[1] if len(sys.argv) > 1 else "20000")
    spent: dict[str, float] = defaultdict(float)
    for owner, name, label in PARTS:
        setattr(owner, name, timed(spent, label, getattr(owner, name)))
    comments = sum(len(thread.nodes) for thread in threads)
    total = 0.0
    for thread in threads:
        index, profile, asked = requests(thread)
        started = time.process_time()
        choice.choose_parents(index, asked, profile)
        total += time.process_time() - started
    print(f"{comments:,} comments, first pass, CPU ms per 1,000 comments")
    print(f"  {'choose_parents':<27} {total * 1e6 / comments:6.1f}")
    for _, _, label in PARTS:
        print(f"  {label:<27} {spent[label] * 1e6 / comments:6.1f}")


if __name__ == "__main__":
    main()
