"""CPU of the index parts the reply cues read first, and of the finders alone, per 1,000
comments, first pass.

    python benchmarks/cue_parts.py                      # 20,000 flat comments (generate.py)
    python benchmarks/cue_parts.py 5000                 # a chosen size
    python benchmarks/cue_parts.py /tmp/c20k/corpus     # a file or folder, read as explorer does

The threads are read, signed and searched for passages first (``reply_speed.prepared``).
Then, thread by thread, the index parts the cues step would make on first use are made,
each timed on its own: the stem entries (the reply model reads them too), the writers' keys
(read by the model too), the casefolded texts, the stated tree with the thread's starters
(``same_person``), the names; then the cues step as ``infer_replies`` runs it
(``owned_cues``: ``thread_cues``, the owner found by answers, the cues again when it
differs), which counts the finders alone. The cues step whole, parts and all, and the
candidates are ``benchmarks/reply_parts.py``'s figures. Run each measure in a fresh process:
a second pass finds the parts made.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reply_parts import corpus_threads  # noqa: E402
from explorer.detect.index import ThreadIndex, index_thread  # noqa: E402
from explorer.detect.owner import find_owner  # noqa: E402
from explorer.detect.replies import owned_cues  # noqa: E402
from explorer.model import Thread  # noqa: E402

PARTS: dict[str, Callable[[ThreadIndex], object]] = {
    "stem entries": lambda index: index.vectors.entries,
    "writers' keys": lambda index: index.owned.person_keys,
    "casefolded texts": lambda index: index.texts,
    "stated tree, starters": lambda index: index.starters,
    "names": lambda index: index.owned.names,
}


def measure(threads: list[Thread]) -> dict[str, float]:
    """CPU seconds of each part, then of the finders, over the threads."""
    spent = dict.fromkeys([*PARTS, "finders"], 0.0)
    for thread in threads:
        index = index_thread(thread, find_owner(thread))
        for name, make in PARTS.items():
            started = time.process_time()
            make(index)
            spent[name] += time.process_time() - started
        started = time.process_time()
        owned_cues(thread, index)
        spent["finders"] += time.process_time() - started
    return spent


def main() -> None:
    threads = corpus_threads(sys.argv[1] if len(sys.argv) > 1 else "20000")
    comments = sum(len(thread.nodes) for thread in threads)
    spent = measure(threads)
    print(f"{comments:,} comments in {len(threads):,} threads, CPU ms per 1,000 comments")
    for name, seconds in spent.items():
        print(f"  {name:22} {1e6 * seconds / comments:6.1f}")


if __name__ == "__main__":
    main()
