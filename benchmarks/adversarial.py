"""Time and peak memory of whole commands on hostile shapes, size doubled: linear or not.

Each shape is written at each size, then `explorer stats`, `explorer graph` and (for the
shapes where it is cheap) `explorer export --format graphml` run on it in a fresh process
under /usr/bin/time, with --jobs 1 so one process holds the whole run. For each size the
table gives wall and CPU seconds and peak resident memory, and the ratio to the size before,
taken per doubling; a doubling that costs more than 2.5 times the CPU or 1.5 times the
memory is flagged with "!" and makes the exit status 1.

    nice .venv/bin/python benchmarks/adversarial.py --quick          # small sizes, a minute
    nice .venv/bin/python benchmarks/adversarial.py                  # the sizes of issue 25
    nice .venv/bin/python benchmarks/adversarial.py --shapes pairs --commands stats \\
        --sizes 20000,40000,80000

Shapes (the size is what doubles):

- pairs: a table whose rows name each other as parents in two-cycles (rows)
- ring: a table whose rows form one ring of parents (rows)
- mixed: two-cycles, self-parents and one ring over the last half (rows)
- star: a table of comments all answering the first one (rows)
- chain: a table of comments each answering the one before (rows)
- chain+small: a chain beside five small threads, so `graph` draws the dashboard and the
  people page too (rows of the chain)
- quotes: a flat thread whose comments each quote two words of the one before (rows)
- flat: one thread of generated comments that states no parent, so every reply is inferred
  (comments)
- files: a folder of one-comment thread files (files)
- columns: a table of 50 rows with this many columns besides id, parent, author and text
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402

TIME_LIMIT = 2.5
MEMORY_LIMIT = 1.5
EPOCH = 1_600_000_000


def write_table(path: Path, header: list[str], rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def comment_rows(n: int, parent_of: Callable[[int], int | None], thread: str | None = None):
    """Rows of ``n`` comments with the parent each gets, authors and times that vary."""
    for i in range(n):
        above = parent_of(i)
        row = [f"c{i}", "" if above is None else f"c{above}", f"person {i % 97}",
               EPOCH + 30 * i, f"Comment {i} on the matter of item {i % 1013}, said plainly."]
        yield row if thread is None else [thread, *row]


COMMENT_HEADER = ["id", "parent_id", "author", "time", "text"]


def parents_table(parent_of: Callable[[int, int], int | None]):
    def write(n: int, folder: Path) -> Path:
        return write_table(folder / "table.csv", COMMENT_HEADER,
                           comment_rows(n, lambda i: parent_of(i, n)))
    return write


def mixed(i: int, n: int) -> int | None:
    """Two-cycles over the first quarter, self-parents over the second, a ring after."""
    if i < n // 4:
        return i ^ 1 if (i ^ 1) < n // 4 else i
    if i < n // 2:
        return i
    return i + 1 if i + 1 < n else n // 2


def chain_beside_small(n: int, folder: Path) -> Path:
    rows = list(comment_rows(n, lambda i: i - 1 if i else None, "chain"))
    for t in range(5):
        rows += comment_rows(6, lambda i: i // 2 if i else None, f"small{t}")
    return write_table(folder / "table.csv", ["thread_id", *COMMENT_HEADER], rows)


def short_quotes(n: int, folder: Path) -> Path:
    """A flat thread (no parents) in which each comment quotes, in marks, two words of the
    one before that no other comment holds."""

    def word(k: int, salt: int) -> str:
        letters, k = "bcdfghjklmnpqrstvwz", 7 * k + salt
        return "".join(letters[k // 19**place % 19] for place in range(6))

    def text(i: int) -> str:
        quoted = f'You wrote "{word(i - 1, 1)} {word(i - 1, 2)}", and I disagree.' if i else ""
        return f"{quoted} Then {word(i, 1)} {word(i, 2)} says more of it."

    rows = (["q", f"c{i}", f"person {i % 97}", EPOCH + 30 * i, text(i)] for i in range(n))
    return write_table(folder / "table.csv", ["thread_id", "id", "author", "time", "text"],
                       rows)


def flat_thread(n: int, folder: Path) -> Path:
    """One thread of about ``n`` comments (the texts of ``benchmarks/generate.py``, quotes
    planted) that states no parent: every reply is inferred, and the pairs of comments
    sharing a word grow with the thread."""
    nodes = (node for thread in generate(n)[0] for node in thread.nodes)
    rows = ([f"c{i}", "", node.author or "", EPOCH + 30 * i, node.text]
            for i, node in enumerate(nodes))
    return write_table(folder / "table.csv", COMMENT_HEADER, rows)


def tiny_files(n: int, folder: Path) -> Path:
    """``n`` explorer-thread files, each a post and one comment."""
    home = folder / "files"
    home.mkdir()
    for i in range(n):
        thread = {"id": f"t{i}", "title": f"Thread {i}", "nodes": [
            {"id": f"t{i}/0", "kind": "post", "author": "Owner", "text": f"Post {i}."},
            {"id": f"t{i}/1", "kind": "comment", "parent": f"t{i}/0",
             "author": f"person {i % 97}", "text": f"A comment on post {i}."},
        ]}
        document = {"schema": "explorer-thread/1", "threads": [thread]}
        (home / f"t{i:06d}.json").write_text(json.dumps(document), encoding="utf-8")
    return home


def wide_table(n: int, folder: Path) -> Path:
    header = [*COMMENT_HEADER, *(f"column {j}" for j in range(n))]
    rows = ([*row, *(f"v{(i + j) % 7}" for j in range(n))]
            for i, row in enumerate(comment_rows(50, lambda i: i - 1 if i else None)))
    return write_table(folder / "table.csv", header, rows)


# name: (writer, default sizes, quick sizes, commands that are cheap enough to run)
SHAPES: dict[str, tuple[Callable[[int, Path], Path], list[int], list[int], tuple[str, ...]]] = {
    "pairs": (parents_table(lambda i, n: i ^ 1), [20_000, 40_000, 80_000],
              [2_000, 4_000, 8_000], ("stats", "graph", "graphml")),
    "ring": (parents_table(lambda i, n: (i + 1) % n), [20_000, 40_000, 80_000],
             [2_000, 4_000, 8_000], ("stats", "graph", "graphml")),
    "mixed": (parents_table(mixed), [20_000, 40_000, 80_000], [2_000, 4_000, 8_000],
              ("stats", "graph", "graphml")),
    "star": (parents_table(lambda i, n: 0 if i else None), [50_000, 100_000, 200_000],
             [5_000, 10_000, 20_000], ("stats", "graph", "graphml")),
    "chain": (parents_table(lambda i, n: i - 1 if i else None), [50_000, 100_000, 200_000],
              [5_000, 10_000, 20_000], ("stats", "graph", "graphml")),
    "chain+small": (chain_beside_small, [50_000, 100_000, 200_000], [5_000, 10_000, 20_000],
                    ("graph",)),
    "quotes": (short_quotes, [5_000, 10_000, 20_000], [1_000, 2_000, 4_000],
               ("stats", "graph")),
    "flat": (flat_thread, [10_000, 20_000, 40_000], [1_000, 2_000, 4_000], ("stats", "graph")),
    "files": (tiny_files, [12_500, 25_000, 50_000], [1_000, 2_000, 4_000], ("stats", "graph")),
    "columns": (wide_table, [2_500, 5_000, 10_000], [1_000, 2_000, 4_000],
                ("stats", "graph", "graphml")),
}
COMMANDS = {
    "stats": lambda path, out: ["stats", str(path), "--format", "csv"],
    "graph": lambda path, out: ["graph", str(path), "-o", str(out / "pages")],
    "graphml": lambda path, out: ["export", str(path), "--format", "graphml",
                                  "-o", str(out / "graph.graphml")],
}


def measure(arguments: list[str], jobs: int) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one explorer run in a new process.

    /usr/bin/time measures the child alone (its pages only: this script's are not inherited).
    """
    with tempfile.NamedTemporaryFile("r") as report, tempfile.TemporaryFile() as errors:
        command = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, sys.executable,
                   "-m", "explorer", *arguments, "--jobs", str(jobs)]
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=errors,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
        if done.returncode != 0:
            errors.seek(0)
            sys.exit(f"explorer {' '.join(arguments)} failed: {errors.read().decode()[-2000:]}")
        wall, user, system, peak_kb = report.read().split()[-4:]
    return float(wall), float(user) + float(system), int(peak_kb) / 1024


def per_doubling(before: float, after: float, size_before: int, size_after: int) -> float:
    """The growth of a cost per doubling of the size (sizes need not be exact doublings)."""
    return (after / before) ** (1 / math.log2(size_after / size_before))


def run(shapes: list[str], commands: list[str], sizes: list[int] | None, quick: bool,
        jobs: int) -> int:
    """Print the table; return how many doublings were flagged."""
    flagged = 0
    print(f"{'shape':<12} {'command':<8} {'size':>8} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}"
          f" {'x CPU':>6} {'x mem':>6}", flush=True)
    for shape in shapes:
        write, default, small, cheap = SHAPES[shape]
        chosen = sizes or (small if quick else default)
        with tempfile.TemporaryDirectory() as folder:
            paths = {}
            for size in chosen:
                home = Path(folder) / str(size)
                home.mkdir()
                paths[size] = write(size, home)
            for command in [c for c in commands if c in cheap]:
                previous = None
                for size in chosen:
                    out = Path(folder) / f"out-{command}-{size}"
                    out.mkdir()
                    wall, cpu, peak = measure(COMMANDS[command](paths[size], out), jobs)
                    growth = ""
                    if previous is not None:
                        cpu_growth = per_doubling(previous[1], cpu, previous[0], size)
                        memory_growth = per_doubling(previous[2], peak, previous[0], size)
                        marks = ("!" if cpu_growth > TIME_LIMIT else " ",
                                 "!" if memory_growth > MEMORY_LIMIT else " ")
                        flagged += marks.count("!")
                        growth = f" {cpu_growth:>5.2f}{marks[0]} {memory_growth:>5.2f}{marks[1]}"
                    print(f"{shape:<12} {command:<8} {size:>8} {wall:>7.1f} {cpu:>7.1f} "
                          f"{peak:>8.0f}{growth}", flush=True)
                    previous = (size, cpu, peak)
    return flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default=",".join(SHAPES),
                        help=f"comma-separated, of: {', '.join(SHAPES)}")
    parser.add_argument("--commands", default=",".join(COMMANDS),
                        help=f"comma-separated, of: {', '.join(COMMANDS)}")
    parser.add_argument("--sizes", help="comma-separated sizes for every shape chosen")
    parser.add_argument("--quick", action="store_true", help="small sizes (about a minute)")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    shapes, commands = args.shapes.split(","), args.commands.split(",")
    for name, known in (*((s, SHAPES) for s in shapes), *((c, COMMANDS) for c in commands)):
        if name not in known:
            parser.error(f"unknown: {name}")
    sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else None
    started = time.perf_counter()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    flagged = run(shapes, commands, sizes, args.quick, args.jobs)
    print(f"{flagged} doublings over {TIME_LIMIT}x CPU or {MEMORY_LIMIT}x memory; "
          f"{time.perf_counter() - started:.0f} s, load average {os.getloadavg()[0]:.1f}")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
