"""CPU of each step of reply inference, per 1,000 comments, on the flat corpus of stats_memory.

    python benchmarks/reply_parts.py                     # 20,000 comments, best of 3 rounds
    python benchmarks/reply_parts.py 5000 5              # chosen size and rounds
    python benchmarks/reply_parts.py /tmp/c20k/corpus 1  # a file or folder, read as explorer does

The corpus is benchmarks/generate.py's (threads of 5-120 comments, no parent stated: the
reply model chooses every parent), read, signed and searched for passages first, as
benchmarks/reply_speed.py prepares it. Then ``infer_replies`` runs on each thread, each of
its steps (``replies.STEPS``, told through its ``step`` hook) timed with ``time.process_time``:

- index: the owner and the thread's index (what the index works out on first use, such as
  the stems, counts in the step that first reads it);
- cues: every cue finder over every node (and again when the owner found by answers differs);
  ``benchmarks/cue_parts.py`` splits it into the index parts it makes and the finders;
- profile: the reply model's view of the thread, its pair tables (detect/reply_pairs.py) in it;
- candidates, choice (``choose_parents``), edges.

The best of the rounds is printed for each step, then their sum.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.reply_speed import prepared  # noqa: E402
from explorer.detect.replies import STEPS, infer_replies  # noqa: E402
from explorer.formats import interchange  # noqa: E402
from explorer.model import Thread  # noqa: E402


def steps(thread: Thread, spent: dict[str, float]) -> None:
    """Run ``infer_replies`` on one thread, adding each step's CPU seconds to ``spent``."""
    started = time.process_time()

    def done(step: str) -> None:
        nonlocal started
        now = time.process_time()
        spent[step] += now - started
        started = now

    infer_replies(thread, step=done)


def corpus_threads(given: str) -> list[Thread]:
    """The threads of a file or folder, or of that many generated flat comments, read, signed
    and searched for passages (``reply_speed.prepared``)."""
    with tempfile.TemporaryDirectory() as folder:
        if given.isdigit():
            path = Path(folder) / "flat.json"
            path.write_text(interchange.write(generate(int(given))[0]), encoding="utf-8")
        else:
            path = Path(given)
        print("preparing the input (reading, signatures, passages)...", file=sys.stderr)
        return prepared(path)


def main() -> None:
    given, rounds = (sys.argv[1:3] + ["20000", "3"][len(sys.argv[1:3]) :])[:2]
    threads = corpus_threads(given)
    rounds = int(rounds)
    comments = sum(len(thread.nodes) for thread in threads)
    best = dict.fromkeys(STEPS, float("inf"))
    for _ in range(rounds):
        spent = dict.fromkeys(STEPS, 0.0)
        for thread in threads:
            steps(thread, spent)
        best = {step: min(best[step], spent[step]) for step in STEPS}
    print(f"{comments:,} comments, best of {rounds} rounds, CPU ms per 1,000 comments")
    for step in STEPS:
        print(f"  {step:<11} {best[step] * 1e6 / comments:7.1f}")
    print(f"  {'all':<11} {sum(best.values()) * 1e6 / comments:7.1f}")

if __name__ == "__main__":
    main()
