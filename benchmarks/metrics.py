"""CPU per 1,000 comments of what `stats` and `graph` do after the detectors, stage by stage.

    python benchmarks/metrics.py                        # 50,000-comment dump, 80,000 pair rows
    python benchmarks/metrics.py --dump 200000 --pairs 40000 --rounds 3

Two inputs: a heavy-tailed Reddit-style dump (`benchmarks/heavy_dump.py`, one thread per
6.7 comments) and one thread of rows naming each other as parents in two-cycles (the
"pairs" shape of `benchmarks/adversarial.py`). Each is read and analysed in batches as
`explorer stats` runs (`engine.batched_by_weight`, `detect.analyse_many`, the CLI's
collector thresholds); right after each batch, so the reply trees the detectors built are
there as in a run, each stage is timed on the batch's threads: the thread, author and
comment tables (`metrics.metric_rows`), `graph.build_graph`, and the comment table written
as CSV and JSON (`output.write_rows`). Signatures (`find_signatures`) are timed on the
threads as read. CPU seconds (the machine is shared), the best of ``--rounds`` per batch.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.heavy_dump import dump_lines  # noqa: E402
from explorer.cli.commands import COLLECTOR_THRESHOLDS  # noqa: E402
from explorer.detect import analyse_many  # noqa: E402
from explorer.detect.signatures import find_signatures  # noqa: E402
from explorer.engine import batched_by_weight  # noqa: E402
from explorer.formats import read_paths  # noqa: E402
from explorer.graph import build_graph  # noqa: E402
from explorer.metrics import metric_rows, metrics_of  # noqa: E402
from explorer.model import Thread  # noqa: E402
from explorer.output import write_rows  # noqa: E402

TABLES = ("thread", "author", "comment")


def write_dump(folder: Path, comments: int) -> Path:
    path = folder / "RC_heavy.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.writelines(line + "\n" for line in dump_lines(comments, comments * 3 // 20))
    return path


def write_pairs(folder: Path, rows: int) -> Path:
    """The pairs table: row i names row i ^ 1 as its parent."""
    path = folder / "pairs.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "parent_id", "author", "time", "text"])
        writer.writerows(
            [f"c{i}", f"c{i ^ 1}", f"person {i % 97}", 1_600_000_000 + 30 * i,
             f"Comment {i} on the matter of item {i % 1013}, said plainly."]
            for i in range(rows)
        )
    return path


def best_of(rounds: int, call: Callable[[], object]) -> float:
    """The least CPU seconds of ``call()`` over ``rounds`` runs."""
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        started = time.process_time()
        call()
        best = min(best, time.process_time() - started)
    return best


def comment_text(rows: list[tuple], format: str) -> str:
    out = io.StringIO()
    write_rows(rows, [m.name for m in metrics_of("comment")], format, out)
    return out.getvalue()


def stages(done: list[Thread]) -> dict[str, Callable[[], object]]:
    """Each stage timed on a batch of analysed threads."""
    timed: dict[str, Callable[[], object]] = {
        f"{by} table": lambda by=by: [metric_rows(t, by) for t in done] for by in TABLES
    }
    timed["graph"] = lambda: [build_graph(t) for t in done]
    rows = [row for thread in done for row in metric_rows(thread, "comment")]
    for format in ("csv", "json"):
        timed[f"comment {format}"] = lambda f=format: comment_text(rows, f)
    return timed


def measure(path: Path, rounds: int) -> tuple[int, dict[str, float]]:
    """Comments in ``path``, and the CPU seconds of each stage on them."""
    threads: list[Thread] = list(read_paths([str(path)]))
    comments = sum(len(thread.comments) for thread in threads)
    times = {"signatures": best_of(rounds, lambda: [find_signatures(t) for t in threads])}
    for batch in batched_by_weight(threads, lambda thread: len(thread.nodes)):
        for stage, call in stages(analyse_many(batch)).items():
            times[stage] = times.get(stage, 0.0) + best_of(rounds, call)
    return comments, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dump", type=int, default=50_000, help="comments of the dump")
    parser.add_argument("--pairs", type=int, default=80_000, help="rows of the pairs table")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each stage; the best")
    args = parser.parse_args()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    with tempfile.TemporaryDirectory() as folder:
        inputs = {
            f"dump {args.dump:,}": write_dump(Path(folder), args.dump),
            f"pairs {args.pairs:,}": write_pairs(Path(folder), args.pairs),
        }
        results = {name: measure(path, args.rounds) for name, path in inputs.items()}
    stages = list(next(iter(results.values()))[1])
    print("| stage | " + " | ".join(f"{name}: s | ms/1k" for name in results) + " |")
    print("|---|" + "---:|---:|" * len(results))
    for stage in stages:
        cells = [f"{times[stage]:.2f} | {1000 * times[stage] / comments * 1000:.1f}"
                 for comments, times in results.values()]
        print(f"| {stage} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
