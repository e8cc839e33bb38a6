"""Where the time of `explorer stats --jobs N` goes: the steps the main process and the
workers share out, timed one by one in this process, then whole runs split by process.

    python benchmarks/jobs_split.py RC_heavy.jsonl            # the steps alone
    python benchmarks/jobs_split.py RC_heavy.jsonl --runs 2   # and 2 whole runs, --jobs 2

Steps (CPU seconds): reading up to the first thread out of the input (for a dump: every
line, into the join), the other threads out, the batches pickled to the workers and back
as threads and packed into columns (``explorer.cli.parcels``), the analysis with the
thread table's rows (then again phase by phase, in CPU milliseconds per 1,000 comments
too), and the rows pickled back. A whole run (`explorer stats FILE --format
csv --jobs N`) prints the CPU of the main process apart from its workers'.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explorer.cli.inputs import _size, analyse_batch  # noqa: E402
from explorer.cli.parcels import pack_threads, unpack_threads  # noqa: E402
from explorer.detect import Options, batch_steps  # noqa: E402
from explorer.engine import batched_by_weight  # noqa: E402
from explorer.formats import iter_threads  # noqa: E402
from explorer.metrics import metric_rows  # noqa: E402
from explorer.model import Thread  # noqa: E402

WHOLE_RUN = """
import atexit, resource, sys, time
started = time.perf_counter()
def report():
    own, workers = (resource.getrusage(who) for who in
                    (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(time.perf_counter() - started, own.ru_utime + own.ru_stime,
          workers.ru_utime + workers.ru_stime, file=sys.stderr)
atexit.register(report)
from explorer.cli import cli
cli(sys.argv[1:], prog_name="explorer")
"""


def timed(step, *args):
    """``step(*args)`` and the CPU seconds it took."""
    started = time.process_time()
    result = step(*args)
    return result, time.process_time() - started


def steps(path: str) -> None:
    """Print the CPU of each step of a run over ``path``, done here one after the other."""
    threads = iter_threads([path])
    first, reading = timed(next, threads)
    rest, out = timed(list, threads)
    batches = list(batched_by_weight([first, *rest], _size))
    nodes = sum(_size(thread) for batch in batches for thread in batch)
    print(f"{path}: {len(rest) + 1:,} threads, {nodes:,} nodes, {len(batches)} batches")
    print(f"{'step':<44} {'CPU s':>7}")
    print(f"{'read up to the first thread out':<44} {reading:>7.2f}")
    print(f"{'the other threads out':<44} {out:>7.2f}")
    blobs, dumps = timed(lambda: [pickle.dumps(batch, -1) for batch in batches])
    _, loads = timed(lambda: [pickle.loads(blob) for blob in blobs])
    packed, pack = timed(lambda: [pickle.dumps(pack_threads(batch), -1) for batch in batches])
    back, unpack = timed(lambda: [unpack_threads(pickle.loads(blob)) for blob in packed])
    if back != batches:
        sys.exit("packed threads came back unequal")
    print(f"{'batches pickled, as threads / packed':<44} {dumps:>7.2f} / {pack:.2f}")
    print(f"{'batches unpickled, as threads / packed':<44} {loads:>7.2f} / {unpack:.2f}")
    work = partial(analyse_batch, options=Options(), then=partial(metric_rows, by="thread"))
    rows, analysis = timed(lambda: [work(batch) for batch in back])
    _, travel = timed(lambda: [pickle.loads(pickle.dumps(part, -1)) for part in rows])
    print(f"{'analysis and rows':<44} {analysis:>7.2f}")
    print(f"{'rows pickled back and unpickled':<44} {travel:>7.2f}")
    print(f"{'analysis and rows, per phase':<44} {'CPU s':>7} {'ms per 1,000':>12}")
    for name, cpu in phases(back).items():
        print(f"{'  ' + name:<44} {cpu:>7.2f} {cpu * 1e6 / nodes:>12.1f}")


def phases(batches: list[list[Thread]]) -> dict[str, float]:
    """CPU seconds of each phase of ``analyse_batch`` with the thread table's rows, over
    every batch: the steps of ``analyse_many`` (``batch_steps``) one by one, then
    ``metric_rows``."""
    steps = dict(batch_steps(Options()))
    steps["rows"] = lambda batch: [metric_rows(thread, by="thread") for thread in batch]
    spent = dict.fromkeys(steps, 0.0)
    for batch in batches:
        for name, step in steps.items():
            batch, cpu = timed(step, batch)
            spent[name] += cpu
    return spent


def whole_runs(path: str, runs: int, jobs: int) -> None:
    """Print wall and CPU seconds of whole runs, the main process apart from its workers."""
    print(f"{'run':>3} {'wall s':>7} {'main CPU s':>10} {'workers CPU s':>13}   (--jobs {jobs})")
    for run in range(1, runs + 1):
        done = subprocess.run(
            [sys.executable, "-c", WHOLE_RUN, "stats", path, "--format", "csv",
             "--jobs", str(jobs)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT, check=True)
        wall, main, workers = (float(x) for x in done.stderr.split()[-3:])
        print(f"{run:>3} {wall:>7.1f} {main:>10.1f} {workers:>13.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="an input, e.g. python benchmarks/heavy_dump.py > FILE")
    parser.add_argument("--runs", type=int, default=0, help="whole runs after the steps")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    steps(args.path)
    if args.runs:
        whole_runs(args.path, args.runs, args.jobs)


if __name__ == "__main__":
    main()
