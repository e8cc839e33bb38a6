"""CPU of the reply cues step, per 1,000 comments, first pass: what the finders cost and what
the index parts they first read cost.

    python benchmarks/cue_parts.py                      # 20,000 flat comments (generate.py)
    python benchmarks/cue_parts.py /tmp/c20k/corpus     # a file or folder, read as explorer does
    python benchmarks/cue_parts.py 20000 --parts         # the index parts made first, each timed

The threads are read, signed and searched for passages first (``reply_speed.prepared``).
Then, thread by thread, the cues step as ``infer_replies`` runs it (``thread_cues``, the owner
found by answers, the cues again when it differs) and ``thread_candidates``, each timed with
``time.process_time``. With ``--parts``, the index parts the step would make on first use are
made before it, each timed on its own: the stem entries (the reply model reads them too), the
writers' keys (read by the model too), the casefolded texts, the stated tree with the thread's
starters (``same_person``), the names; the cues step then counts the finders alone. Run each
measure in a fresh process: a second pass finds the parts made.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.reply_speed import prepared  # noqa: E402
from explorer.detect.index import ThreadIndex, index_thread  # noqa: E402
from explorer.detect.owner import find_owner  # noqa: E402
from explorer.detect.replies import owned_cues, thread_candidates  # noqa: E402
from explorer.formats import interchange  # noqa: E402
from explorer.model import Thread  # noqa: E402

PARTS: dict[str, Callable[[ThreadIndex], object]] = {
    "stem entries": lambda index: index.vectors.entries,
    "writers' keys": lambda index: index.owned.person_keys,
    "casefolded texts": lambda index: index.texts,
    "stated tree, starters": lambda index: index.starters,
    "names": lambda index: index.owned.names,
}


def measure(threads: list[Thread], parts: bool) -> dict[str, float]:
    """CPU seconds of each part, the cues step and the candidates over the threads."""
    spent = dict.fromkeys([*(PARTS if parts else ()), "cues step", "candidates"], 0.0)
    for thread in threads:
        index = index_thread(thread, find_owner(thread))
        for name, make in PARTS.items() if parts else ():
            started = time.process_time()
            make(index)
            spent[name] += time.process_time() - started
        started = time.process_time()
        index, cues = owned_cues(thread, index)
        spent["cues step"] += time.process_time() - started
        started = time.process_time()
        thread_candidates(index, cues)
        spent["candidates"] += time.process_time() - started
    return spent


def main() -> None:
    given = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    with tempfile.TemporaryDirectory() as folder:
        if given and not given[0].isdigit():
            path = Path(given[0])
        else:
            path = Path(folder) / "flat.json"
            size = int(given[0]) if given else 20_000
            path.write_text(interchange.write(generate(size)[0]), encoding="utf-8")
        print("preparing the input (reading, signatures, passages)...", file=sys.stderr)
        threads = prepared(path)
    comments = sum(len(thread.nodes) for thread in threads)
    spent = measure(threads, "--parts" in sys.argv)
    print(f"{comments:,} comments in {len(threads):,} threads, CPU ms per 1,000 comments")
    for name, seconds in spent.items():
        print(f"  {name:22} {1e6 * seconds / comments:6.1f}")


if __name__ == "__main__":
    main()
