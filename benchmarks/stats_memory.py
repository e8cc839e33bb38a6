"""Time and peak memory of `explorer stats` over generated corpora of growing size.

    python benchmarks/stats_memory.py                   # 50,000 and 200,000 comments
    python benchmarks/stats_memory.py 50000 1000000 --jobs 2
    python benchmarks/stats_memory.py 50000 --single-file
    python benchmarks/stats_memory.py 200000 --command "comments --format json"

Each corpus comes from benchmarks/generate.py (threads of 5-120 comments with planted
quotes). It is written as a folder with one explorer-thread JSON file per thread, or with
``--single-file`` as one JSON document, and `explorer stats` runs on it in a child process.
Peak memory is the largest sum of resident memory over the command and its worker
processes, sampled every 20 ms from /proc. Memory bounded by the largest thread means the
peak stays flat as the corpus grows; time should grow linearly.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402
from explorer.formats import interchange  # noqa: E402

PAGE = 4096


def write_corpus(comments: int, folder: Path, single_file: bool) -> Path:
    """Write a generated corpus of about ``comments`` comments; return the path to read."""
    threads, _ = generate(comments)
    if single_file:
        path = folder / "corpus.json"
        path.write_text(interchange.write(threads), encoding="utf-8")
        return path
    path = folder / "corpus"
    path.mkdir()
    for thread in threads:
        (path / f"{thread.id}.json").write_text(interchange.write([thread]), encoding="utf-8")
    return path


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * PAGE
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def measure(path: Path, jobs: int, command: str = "stats") -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident bytes of `explorer COMMAND PATH --jobs JOBS`.

    CPU time is what the machine's other load does not change much.
    """
    name, *options = command.split()
    command = [sys.executable, "-m", "explorer", name, str(path), *options, "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if process.returncode != 0:
        sys.exit(f"explorer {name} failed: {process.stderr.read().decode()[-2000:]}")
    return seconds, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[50_000, 200_000])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--single-file", action="store_true")
    parser.add_argument("--command", default="stats", help="the command and its options")
    args = parser.parse_args()
    print(f"{'comments':>9}  {'wall s':>8}  {'CPU s':>8}  {'peak MB':>8}   "
          f"(explorer {args.command}, jobs {args.jobs}"
          f"{', one file' if args.single_file else ', one file per thread'})")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = write_corpus(size, Path(folder), args.single_file)
            seconds, cpu, peak = measure(path, args.jobs, args.command)
        print(f"{size:>9,}  {seconds:>8.1f}  {cpu:>8.1f}  {peak / 2**20:>8.0f}", flush=True)


if __name__ == "__main__":
    main()
