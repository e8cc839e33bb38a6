"""Time and memory of the corpus-wide passage search, local processes against a Dask cluster.

    python benchmarks/dask_passages.py                 # 20k and 200k comments
    python benchmarks/dask_passages.py 20000 --workers 2 --jobs 2

For each size, a fresh process generates the corpus (``benchmarks/generate.py``) and runs
``search_passages`` on ``--jobs`` local worker processes; another generates it again and runs
``dask_passages.search_on`` on a LocalCluster of ``--workers`` single-threaded worker
processes, started before the clock. Times are the search alone: wall clock, and CPU of
every process taking part (local workers, forked and fresh, or the Dask workers, as the
machine is shared). Memory is the peak resident size of the process running the search and,
apart, the largest peak of its forked (local) or Dask workers. A digest of every thread's
edges, repeat groups and external quotes shows whether both found the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.passages import peak_mb  # noqa: E402


def _usage() -> tuple[float, float]:
    """CPU seconds and peak MB of this process."""
    return time.process_time(), peak_mb()


def digest(search) -> str:
    """A hash of what the search found in every thread, in order."""
    found = hashlib.sha256()
    for thread in search.threads:
        found.update(repr((thread.edges, thread.repeats, thread.external_quotes)).encode())
    return found.hexdigest()[:16]


def run_local(comments: int, jobs: int) -> dict:
    """Search the corpus with local worker processes."""
    from explorer.detect import Options
    from explorer.detect.passages import search_passages
    from explorer.detect.workers import cpu_seconds

    threads, _ = generate(comments)
    input_mb = peak_mb()
    cpu, started = cpu_seconds(), time.perf_counter()
    search = search_passages(threads, Options(), jobs=jobs)
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    workers_mb = peak_mb(resource.RUSAGE_CHILDREN)
    return {"engine": f"local, {jobs} processes", "seconds": round(seconds, 1),
            "cpu": round(cpu, 1), "input_mb": round(input_mb), "peak_mb": round(peak_mb()),
            "workers_peak_mb": round(workers_mb), "digest": digest(search)}


def run_dask(comments: int, workers: int) -> dict:
    """Search the corpus on a LocalCluster of ``workers`` processes."""
    from explorer.dask_passages import search_on
    from explorer.detect import Options
    from explorer.engine import dask_client

    threads, _ = generate(comments)
    input_mb = peak_mb()
    started = time.perf_counter()
    with dask_client(jobs=workers) as client:
        client.wait_for_workers(workers)
        startup = time.perf_counter() - started
        before = sum(cpu for cpu, _ in client.run(_usage).values())
        cpu, started = time.process_time(), time.perf_counter()
        search = search_on(client, threads, Options())
        seconds = time.perf_counter() - started
        usage = client.run(_usage).values()
        cpu = time.process_time() - cpu + sum(cpu for cpu, _ in usage) - before
        workers_mb = max(peak for _, peak in usage)
    return {"engine": f"dask, LocalCluster of {workers} workers", "seconds": round(seconds, 1),
            "cpu": round(cpu, 1), "input_mb": round(input_mb), "peak_mb": round(peak_mb()),
            "workers_peak_mb": round(workers_mb), "startup": round(startup, 1),
            "digest": digest(search)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[20_000, 200_000])
    parser.add_argument("--jobs", type=int, default=2, help="local processes")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        engine, comments = args.one[0], int(args.one[1])
        row = run_local(comments, args.jobs) if engine == "local" else run_dask(
            comments, args.workers)
        print(json.dumps(row))
        return
    for size in args.sizes:
        rows = []
        for engine in ("local", "dask"):
            done = subprocess.run(
                [sys.executable, __file__, "--one", engine, str(size), "--jobs", str(args.jobs),
                 "--workers", str(args.workers)],
                capture_output=True, text=True, check=True,
            )
            rows.append(json.loads(done.stdout))
        same = rows[0]["digest"] == rows[1]["digest"]
        for row in rows:
            print(f"{size:>9,} comments  {row['engine']:<32} {row['seconds']:>8.1f} s  "
                  f"CPU {row['cpu']:>8.1f} s  peak {row['peak_mb']:>6,} MB  "
                  f"workers {row['workers_peak_mb']:>6,} MB  (input {row['input_mb']:,} MB)")
            print("    ", json.dumps(row), flush=True)
        print(f"    same passages: {'yes' if same else 'NO'}", flush=True)


if __name__ == "__main__":
    main()
