"""Peak memory and time of each export on hostile shapes: a star, a chain, 100,000 columns.

Each case writes a comment table, then runs ``explorer export`` in a fresh process per format
and prints its exit status, seconds and peak resident size (VmHWM, read in the child). The
star has every comment answering the first; the chain has each comment answering the one
before; the wide table has 100,000 extra columns (``meta.<name>`` attributes).

    PYTHONPATH=$PWD nice .venv/bin/python benchmarks/exports.py      # 200,000 nodes
    nice .venv/bin/python benchmarks/exports.py --nodes 50000 --formats graphml csv
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bombs import RUNNER  # noqa: E402  (a child that prints its peak memory)

FORMATS = ("graphml", "gexf", "json", "csv", "convokit")
WORDS = "the a thread of comments answers every one before it with some words".split()


def text(number: int) -> str:
    return " ".join(WORDS[(number * 7 + i) % len(WORDS)] for i in range(12)) + f" {number}"


def write_shape(path: Path, nodes: int, parent_of) -> Path:
    """A comment table: id, parent_id, author, text; ``parent_of(i)`` names i's parent."""
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "parent_id", "author", "text"])
        for number in range(nodes):
            parent = parent_of(number)
            writer.writerow([f"c{number}", "" if parent is None else f"c{parent}",
                             f"person{number % 500}", text(number)])
    return path


def write_wide(path: Path, columns: int, rows: int = 20) -> Path:
    """A table of ``rows`` comments with ``columns`` extra columns of text and numbers."""
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "parent_id", "text", *(f"x{i}" for i in range(columns))])
        for row in range(rows):
            cells = (i * row if i % 2 else f"v{i}" for i in range(columns))
            writer.writerow([f"c{row}", f"c{row - 1}" if row else "", text(row), *cells])
    return path


def run(path: Path, fmt: str, out: Path) -> tuple[int, float, float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "export", str(path), "--format", fmt, "-o", str(out)],
        capture_output=True, text=True, cwd=out.parent,  # explorer from PYTHONPATH, not "."
    )
    seconds = time.perf_counter() - started
    lines = done.stderr.splitlines()
    peak = next((int(line.split("=")[1]) for line in lines if line.startswith("peak_rss")), 0)
    first = next((line for line in lines if not line.startswith(("peak_rss", "Wrote"))), "")
    return done.returncode, seconds, peak / 1024, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=200_000)
    parser.add_argument("--columns", type=int, default=100_000)
    parser.add_argument("--formats", nargs="+", default=FORMATS, choices=FORMATS)
    parser.add_argument("--shapes", nargs="+", default=["star", "chain", "wide"],
                        choices=["star", "chain", "wide"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        makers = {
            "star": lambda: write_shape(folder / "star.csv", args.nodes,
                                        lambda i: None if i == 0 else 0),
            "chain": lambda: write_shape(folder / "chain.csv", args.nodes,
                                         lambda i: None if i == 0 else i - 1),
            "wide": lambda: write_wide(folder / "wide.csv", args.columns),
        }
        print(f"{'case':<10} {'format':<9} {'exit':>4} {'seconds':>7} {'peak MB':>8}  "
              f"{'output MB':>9}  first line", flush=True)
        for shape in args.shapes:
            path = makers[shape]()
            for fmt in args.formats:
                out = folder / f"out-{shape}.{fmt}"
                status, seconds, peak, first = run(path, fmt, out)
                size = sum(p.stat().st_size for p in [out, *out.glob("*")] if p.is_file()) \
                    if out.exists() else 0
                print(f"{shape:<10} {fmt:<9} {status:>4} {seconds:>7.1f} {peak:>8.0f}  "
                      f"{size / 1024**2:>9.1f}  {first[:80]}", flush=True)
                subprocess.run(["rm", "-rf", str(out)], check=True)


if __name__ == "__main__":
    main()
