"""CPU milliseconds per 1,000 comments of each phase of the batched passage search.

    python benchmarks/heavy_dump.py 50000 7500 > RC50k.jsonl
    python benchmarks/passage_phases.py RC50k.jsonl --rounds 3

The input's threads are read, signed and cut into the batches `stats` analyses (about
2,000 nodes each); each batch is searched with its threads kept apart
(``search_passages(..., apart=True)``), as ``analyse_many`` does, and the phases the search
reports are summed over the batches. Each round searches every batch once; the round with
the least CPU is printed (the others are the load of the machine).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.cli.inputs import _size  # noqa: E402
from explorer.detect import Options  # noqa: E402
from explorer.detect.passages import search_passages  # noqa: E402
from explorer.detect.signatures import find_signatures  # noqa: E402
from explorer.engine import batched_by_weight  # noqa: E402
from explorer.formats import iter_threads  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    gc.set_threshold(20_000, 10, 10)  # as the CLI runs
    batches = [[find_signatures(thread) for thread in batch]
               for batch in batched_by_weight(iter_threads(args.paths), _size)]
    comments = sum(_size(thread) for batch in batches for thread in batch)
    best: tuple[float, Counter] | None = None
    for _ in range(args.rounds):
        phases: Counter = Counter()
        started = time.process_time()
        for batch in batches:
            for phase in search_passages(batch, Options(), apart=True).phases:
                phases[phase.name] += phase.cpu
        spent = time.process_time() - started
        if best is None or spent < best[0]:
            best = (spent, phases)
    spent, phases = best
    per = 1e6 / comments
    print(f"{comments:,} nodes in {len(batches)} batches: {spent * per:.2f} ms per 1,000")
    for name, cpu in phases.items():
        print(f"  {name:<24} {cpu * per:6.2f}")


if __name__ == "__main__":
    main()
