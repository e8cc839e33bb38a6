"""CPU of reading alone: the threads of the given inputs, read as the library reads them.

    python benchmarks/heavy_dump.py 50000 7500 > RC50k.jsonl
    python benchmarks/read_cost.py RC50k.jsonl          # a Reddit-style dump
    python benchmarks/read_cost.py --rounds 4 table.csv  # the best and worst of four rounds

Each round reads every input in a fresh process (``read_paths``, threads kept, as
``benchmarks/pipeline.py`` does) and prints its CPU seconds (user and system: other
sessions' load changes them least), CPU milliseconds per 1,000 comments and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_once(paths: list[str]) -> tuple[float, int, int]:
    """CPU seconds, comments and peak memory (KB) of reading ``paths`` in this process."""
    sys.path.insert(0, str(ROOT))
    from explorer.formats import read_paths

    start = time.process_time()
    threads = read_paths(paths)
    spent = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return spent, sum(len(thread.nodes) for thread in threads), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(*read_once(args.paths))
        return
    print("round   CPU s   ms per 1,000   peak MB   comments", file=sys.stderr)
    for number in range(1, args.rounds + 1):
        done = subprocess.run([sys.executable, __file__, "--once", *args.paths],
                              capture_output=True, text=True, check=True)
        spent, comments, peak = done.stdout.split()
        per_1000 = 1e6 * float(spent) / max(int(comments), 1)
        print(f"{number:5}  {float(spent):6.2f}   {per_1000:12.1f}   {int(peak) / 1024:7.0f}"
              f"   {comments}")


if __name__ == "__main__":
    main()
