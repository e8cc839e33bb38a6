"""CPU of each step of reply inference, per 1,000 comments, on the flat corpus of stats_memory.

    python benchmarks/reply_parts.py            # 20,000 comments, best of 3 rounds
    python benchmarks/reply_parts.py 5000 5     # chosen size and rounds

The corpus is benchmarks/generate.py's (threads of 5-120 comments, no parent stated: the
reply model chooses every parent), read, signed and searched for passages first, as
benchmarks/reply_speed.py prepares it. Then the steps of ``infer_replies`` run one after
another on each thread, each timed with ``time.process_time``:

- index: the owner and the thread's index, with what it works out on first use for every
  step after it (stems, the stated tree, writers, casefolded texts);
- cues: every cue finder over every node (and again when the owner found by answers differs);
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
from explorer.detect.choice import choose_parents  # noqa: E402
from explorer.detect.cues import thread_cues  # noqa: E402
from explorer.detect.index import index_thread, with_owner  # noqa: E402
from explorer.detect.owner import find_owner, owner_by_answers  # noqa: E402
from explorer.detect.replies import REPLY_KINDS, _edges_for, thread_candidates  # noqa: E402
from explorer.detect.reply_model import Profile  # noqa: E402
from explorer.formats import interchange  # noqa: E402
from explorer.model import Thread  # noqa: E402

STEPS = ("index", "cues", "profile", "candidates", "choice", "edges")


def steps(thread: Thread, spent: dict[str, float]) -> None:
    """Run ``infer_replies``'s steps on one thread, adding each one's CPU seconds to ``spent``."""
    started = time.process_time()

    def done(step: str) -> None:
        nonlocal started
        now = time.process_time()
        spent[step] += now - started
        started = now

    owner = find_owner(thread)
    index = index_thread(thread, owner)
    vectors = index.vectors
    _ = vectors.entries, vectors._holding, index.starters, index.texts, index.owned.names
    done("index")
    cues = thread_cues(index)
    answering = frozenset(
        node.id for node, found in zip(thread.nodes, cues, strict=True)
        if any(thread.nodes[index.positions[c.target]].kind != "post" for c in found)
    )
    better = owner_by_answers(thread, owner, answering)
    if better != owner:
        index = with_owner(index, better)
        cues = thread_cues(index)
    done("cues")
    profile = Profile(index)
    done("profile")
    candidates = thread_candidates(index, cues)
    flat = [i for i, found in enumerate(candidates) if found is not None and thread.nodes[i].flat]
    done("candidates")
    chosen = dict(zip(flat, choose_parents(index, [(i, candidates[i]) for i in flat], profile),
                      strict=True))
    done("choice")
    edges = [edge for edge in thread.edges if edge.kind not in REPLY_KINDS]
    for i, found in enumerate(candidates):
        edges.extend(_edges_for(index, i, found, chosen.get(i)))
    done("edges")


def main() -> None:
    size, rounds = ([int(arg) for arg in sys.argv[1:3]] + [20_000, 3][len(sys.argv[1:3]) :])[:2]
    with tempfile.TemporaryDirectory() as folder:
        flat = Path(folder) / "flat.json"
        flat.write_text(interchange.write(generate(size)[0]), encoding="utf-8")
        print("preparing the input (reading, signatures, passages)...", file=sys.stderr)
        threads = prepared(flat)
    comments = sum(len(thread.nodes) for thread in threads)
    best = dict.fromkeys(STEPS, float("inf"))
    for _ in range(rounds):
        spent = dict.fromkeys(STEPS, 0.0)
        for thread in threads:
            steps(thread, spent)
        best = {step: min(best[step], spent[step]) for step in STEPS}
    print(f"{comments:,} flat comments, best of {rounds} rounds, CPU ms per 1,000 comments")
    for step in STEPS:
        print(f"  {step:<11} {best[step] * 1e6 / comments:7.1f}")
    print(f"  {'all':<11} {sum(best.values()) * 1e6 / comments:7.1f}")


if __name__ == "__main__":
    main()
