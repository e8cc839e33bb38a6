"""CPU of reply inference alone, per 1,000 comments, on three kinds of thread.

    python benchmarks/reply_speed.py                      # 50,000, 80,000 rows, seeds x20, 20,000
    python benchmarks/reply_speed.py 20000 40000 5 8000   # chosen sizes
    python benchmarks/reply_speed.py 20000 40000 5 8000 /tmp/flat.json   # and a file of threads

- dump: a heavy-tailed Reddit-style dump (benchmarks/heavy_dump.py, 7.5 comments a thread,
  every parent stated);
- pairs: one table thread whose rows name each other as parents in two-cycles (issue 25's
  hostile shape: every parent stated, the loops cut where the table is read);
- seeds: the flat blog pages in seeds/ (no parent stated: the reply model chooses), read
  this many times;
- flat: the corpus of benchmarks/stats_memory.py (benchmarks/generate.py: threads of 5-120
  comments, no parent stated), this many comments;
- each file or folder given after the sizes, read as explorer reads it (such as the 3,250
  flat comments of ``python benchmarks/reply_data.py reddit-long lpdhhy > /tmp/flat.json``).

Each input is read, signed and searched for passages first (as `explorer stats` does, in
batches); then only ``infer_replies`` is timed, with ``time.process_time``. A digest of the
edges and owners shows that two versions of the code give the same output.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.adversarial import parents_table  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.heavy_dump import dump_lines  # noqa: E402
from explorer.detect.passages import find_passages_apart  # noqa: E402
from explorer.detect.replies import infer_replies  # noqa: E402
from explorer.detect.signatures import find_signatures  # noqa: E402
from explorer.formats import interchange, read_paths  # noqa: E402
from explorer.model import Thread  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def prepared(path: Path) -> list[Thread]:
    """The threads of a file or folder, signed and searched for passages, ready for replies."""
    return find_passages_apart([find_signatures(thread) for thread in read_paths([str(path)])])


def measure(name: str, threads: list[Thread], rounds: int = 1) -> None:
    """Print the CPU of ``infer_replies`` over the threads, ``rounds`` times, and a digest."""
    comments = sum(len(thread.nodes) for thread in threads) * rounds
    digest = hashlib.sha256()
    start = time.process_time()
    for _ in range(rounds):
        done = [infer_replies(thread) for thread in threads]
    seconds = time.process_time() - start
    for thread in done:
        digest.update(repr((thread.edges, thread.owner)).encode())
    print(f"{name:6} {comments:8,} comments  {seconds:6.2f} s CPU  "
          f"{1000 * seconds / comments * 1000:6.1f} ms per 1,000  digest {digest.hexdigest()[:12]}")


def main() -> None:
    given = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
    paths = [Path(arg) for arg in sys.argv[1:] if not arg.isdigit()]
    sizes = given + [50_000, 80_000, 20, 20_000][len(given) :]
    dump_size, pairs_size, rounds, flat_size = sizes[:4]
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "dump.jsonl"
        dump.write_text("".join(line + "\n" for line in dump_lines(dump_size, dump_size * 3 // 20)),
                        encoding="utf-8")
        flat = Path(folder) / "flat.json"
        flat.write_text(interchange.write(generate(flat_size)[0]), encoding="utf-8")
        print("preparing the inputs (reading, signatures, passages)...", file=sys.stderr)
        inputs = [
            ("dump", prepared(dump), 1),
            ("pairs", prepared(parents_table(lambda i, n: i ^ 1)(pairs_size, Path(folder))), 1),
            ("seeds", prepared(SEEDS), rounds),
            ("flat", prepared(flat), 1),
            *((path.stem[:6], prepared(path), 1) for path in paths),
        ]
    for name, threads, times in inputs:
        measure(name, threads, times)


if __name__ == "__main__":
    main()
