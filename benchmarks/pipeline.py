"""Time every stage of explorer on generated inputs: one big page, or many small threads.

    python benchmarks/pipeline.py              # 1,000, 5,000 and 20,000 comments
    python benchmarks/pipeline.py 2000 50000   # chosen sizes
    python benchmarks/pipeline.py --dump 20000 200000   # Reddit-style dumps instead
    python benchmarks/pipeline.py --paths RC_2005-12.zst fetchmail-users/  # real inputs

Each page is written with the Blogger writer (a third of comments nested, half of them
named with a glued date, a tenth opening with "Name -", a tenth signed), then read,
analysed, graphed, measured and rendered. With ``--dump``, a heavy-tailed Reddit-style dump
of one thread per 6.7 comments (benchmarks/heavy_dump.py) is read and each thread is
analysed, graphed and measured as `explorer stats` does (no pages): in batches, with one
passage search per batch. With ``--paths``, the inputs are read, analysed in batches, and
put through what `explorer stats`, `graph` (pages and dashboard), `export --format graphml`
and `quotes` (passage records) do beyond analysing. Each stage's CPU seconds are printed,
and under them the CPU milliseconds per 1,000 comments: flat across sizes when the cost
grows linearly.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.heavy_dump import dump_lines  # noqa: E402
from explorer.detect import Options  # noqa: E402
from explorer.detect.passages import find_passages, find_passages_apart  # noqa: E402
from explorer.detect.replies import infer_replies  # noqa: E402
from explorer.detect.signatures import find_signatures  # noqa: E402
from explorer.engine import batched_by_weight  # noqa: E402
from explorer.export import export_bytes  # noqa: E402
from explorer.formats import blogger, read_paths  # noqa: E402
from explorer.graph import build_graph  # noqa: E402
from explorer.metrics import metric_rows  # noqa: E402
from explorer.model import Node, Thread  # noqa: E402
from explorer.render import write_html  # noqa: E402
from explorer.render.site import write_pages  # noqa: E402
from explorer.rows import passage_records  # noqa: E402
from explorer.stats import author_stats, comment_stats, thread_stats  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def generate_page(comments: int, seed: int = 1) -> str:
    """A Blogger page of ``comments`` comments, deterministic for a seed."""
    rng = random.Random(seed)
    vocabulary = [
        w for path in sorted(SEEDS.glob("*.txt")) for w in path.read_text("utf-8").split()
    ]
    names = [f"Reader{k}" for k in range(200)] + ["Jim", "Getafix", "Zoë Ånström"]
    start = datetime(2020, 1, 1)
    nodes = [Node("t/post", "post", 0, "post", " ".join(rng.choices(vocabulary, k=400)))]
    top = reply = 0
    for i in range(comments):
        if i % 3 == 0 or top == 0:
            top, reply, label, parent = top + 1, 0, str(top + 1), None
        else:
            reply += 1
            label, parent = f"{top}.{reply}", f"t/{top}"
        text = " ".join(rng.choices(vocabulary, k=rng.randint(20, 120)))
        if rng.random() < 0.1:
            text = f"{rng.choice(names)} - {text}"
        if rng.random() < 0.1:
            text += f"\n\n{rng.choice(names)}"
        named = rng.random() < 0.5
        nodes.append(
            Node(
                f"t/{label}",
                "comment",
                len(nodes),
                label,
                text,
                parent,
                rng.choice(names) if named else None,
                start + timedelta(minutes=3 * i) if named else None,
            )
        )
    return blogger.write(Thread("t", tuple(nodes), title="Benchmark", published=start))


def _timed(times: dict[str, float], stage: str, call):
    """``call()``, adding its CPU seconds to ``times[stage]`` (CPU: the machine is shared)."""
    started = time.process_time()
    result = call()
    times[stage] = times.get(stage, 0.0) + time.process_time() - started
    return result


def measure(comments: int) -> dict[str, float]:
    """CPU seconds per stage for one generated page."""
    page = generate_page(comments)
    times: dict[str, float] = {}
    thread = _timed(times, "read", lambda: blogger.parse(page, "bench.txt")[0])
    thread = _timed(times, "signatures", lambda: find_signatures(thread))
    thread = _timed(times, "passages", lambda: find_passages(thread, Options()))
    thread = _timed(times, "replies", lambda: infer_replies(thread, Options()))
    _timed(times, "graph", lambda: build_graph(thread))
    _timed(times, "stats", lambda: (thread_stats(thread), author_stats(thread),
                                    comment_stats(thread)))
    with tempfile.TemporaryDirectory() as folder:
        _timed(times, "render", lambda: write_html(thread, Path(folder) / "page.html"))
    times["total"] = sum(times.values())
    return times


def measure_dump(comments: int) -> dict[str, float]:
    """CPU seconds per stage for a heavy-tailed dump of ``comments`` comments."""
    times: dict[str, float] = {}
    options = Options()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "RC_heavy.jsonl"
        with path.open("w", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in dump_lines(comments, comments * 3 // 20))
        threads = _timed(times, "read", lambda: read_paths([str(path)]))
    for batch in batched_by_weight(threads, lambda thread: len(thread.nodes)):
        batch = _timed(times, "signatures", lambda b=batch: [find_signatures(t) for t in b])
        batch = _timed(times, "passages", lambda b=batch: find_passages_apart(b, options))
        for thread in batch:
            thread = _timed(times, "replies", lambda t=thread: infer_replies(t, options))
            _timed(times, "graph", lambda t=thread: build_graph(t))
            _timed(times, "stats", lambda t=thread: [metric_rows(t, by)
                                                     for by in ("thread", "author", "comment")])
    times["total"] = sum(times.values())
    return times


def measure_paths(paths: list[str]) -> tuple[int, dict[str, float]]:
    """Comments read from ``paths``, and CPU seconds per stage of the commands on them."""
    times: dict[str, float] = {}
    options = Options()
    threads = _timed(times, "read", lambda: read_paths(paths))
    analysed = []
    for batch in batched_by_weight(threads, lambda thread: len(thread.nodes)):
        batch = _timed(times, "signatures", lambda b=batch: [find_signatures(t) for t in b])
        batch = _timed(times, "passages", lambda b=batch: find_passages_apart(b, options))
        analysed += [_timed(times, "replies", lambda t=thread: infer_replies(t, options))
                     for thread in batch]
    _timed(times, "stats", lambda: [metric_rows(thread) for thread in analysed])
    _timed(times, "quotes", lambda: [passage_records(thread) for thread in analysed])
    _timed(times, "graphml", lambda: export_bytes(analysed, "graphml"))
    with tempfile.TemporaryDirectory() as folder:
        _timed(times, "pages", lambda: write_pages(analysed, folder))
    times["total"] = sum(times.values())
    return sum(len(thread.comments) for thread in threads), times


def main(sizes: list[int], dump: bool = False) -> None:
    stages = None
    for size in sizes:
        times = (measure_dump if dump else measure)(size)
        if stages is None:
            stages = list(times)
            print(f"CPU per stage ({'heavy-tailed dumps' if dump else 'one Blogger page'})")
            print("comments  " + "  ".join(f"{s:>10}" for s in stages))
        print(f"{size:>8}  " + "  ".join(f"{times[s]:>9.2f}s" for s in stages))
        print(f"{'per 1k':>8}  " + "  ".join(f"{1e6 * times[s] / size:>8.0f}ms"
                                            for s in stages), flush=True)


def main_paths(paths: list[str]) -> None:
    comments, times = measure_paths(paths)
    print(f"CPU per stage ({', '.join(paths)})")
    print("comments  " + "  ".join(f"{s:>10}" for s in times))
    print(f"{comments:>8}  " + "  ".join(f"{times[s]:>9.2f}s" for s in times))
    print(f"{'per 1k':>8}  " + "  ".join(f"{1e6 * times[s] / comments:>8.0f}ms" for s in times))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--paths"]:
        main_paths(sys.argv[2:])
        sys.exit()
    arguments = [arg for arg in sys.argv[1:] if arg != "--dump"]
    main([int(arg) for arg in arguments] or [1000, 5000, 20000], "--dump" in sys.argv)
