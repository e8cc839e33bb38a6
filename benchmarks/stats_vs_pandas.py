"""`explorer stats` against the pandas script a user would write, on one Reddit-style dump.

    python benchmarks/stats_vs_pandas.py                       # 200,000 comments, 30,000 threads
    python benchmarks/stats_vs_pandas.py 200000 30000 --jobs 2 --rounds 3

Writes a heavy-tailed dump (benchmarks/heavy_dump.py), then runs, in turn and ``--rounds``
times, `explorer stats DUMP --format csv --jobs N` and `benchmarks/pandas_stats.py DUMP`,
each as a whole process. Prints wall seconds, CPU seconds (the process and its workers) and
peak resident memory (summed over the process tree) of each run, and the median ratio of
the pairs' wall times: run in pairs, a change in the machine's load weighs on both.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.heavy_dump import dump_lines  # noqa: E402
from benchmarks.stats_memory import tree_rss  # noqa: E402


def run(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident bytes of a command (output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors,
                                   cwd=HERE.parent)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed: {errors.read().decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("comments", nargs="?", type=int, default=200_000)
    parser.add_argument("threads", nargs="?", type=int, default=30_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "RC_heavy.jsonl"
        with dump.open("w", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in dump_lines(args.comments, args.threads))
        commands = {
            "explorer": [sys.executable, "-m", "explorer", "stats", str(dump), "--format", "csv",
                         "--jobs", str(args.jobs)],
            "pandas": [sys.executable, str(HERE / "pandas_stats.py"), str(dump)],
        }
        print(f"{args.comments:,} comments in {args.threads:,} threads, "
              f"{dump.stat().st_size / 2**20:.0f} MB; explorer --jobs {args.jobs}")
        print(f"{'round':>5}  {'command':>8}  {'wall s':>7}  {'CPU s':>7}  {'peak MB':>7}")
        ratios = []
        for round_number in range(1, args.rounds + 1):
            walls = {}
            for name, command in commands.items():
                seconds, cpu, peak = run(command)
                walls[name] = seconds
                print(f"{round_number:>5}  {name:>8}  {seconds:>7.1f}  {cpu:>7.1f}  "
                      f"{peak / 2**20:>7.0f}", flush=True)
            ratios.append(walls["explorer"] / walls["pandas"])
    print(f"explorer / pandas, wall: median {statistics.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f})")


if __name__ == "__main__":
    main()
