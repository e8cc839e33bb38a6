"""Time every stage of explorer on generated Blogger pages with many addressing cues.

    python benchmarks/pipeline.py              # 1,000, 5,000 and 20,000 comments
    python benchmarks/pipeline.py 2000 50000   # chosen sizes

Each page is written with the Blogger writer (a third of comments nested, half of them
named with a glued date, a tenth opening with "Name -", a tenth signed), then read,
analysed, graphed, measured and rendered. Growth should stay about linear.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.detect import Options  # noqa: E402
from explorer.detect.passages import find_passages  # noqa: E402
from explorer.detect.replies import infer_replies  # noqa: E402
from explorer.detect.signatures import find_signatures  # noqa: E402
from explorer.formats import blogger  # noqa: E402
from explorer.graph import build_graph  # noqa: E402
from explorer.model import Node, Thread  # noqa: E402
from explorer.render import write_html  # noqa: E402
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


def measure(comments: int) -> dict[str, float]:
    """Seconds per stage for one generated page."""
    page = generate_page(comments)
    times: dict[str, float] = {}

    def timed(stage, call):
        started = time.perf_counter()
        result = call()
        times[stage] = time.perf_counter() - started
        return result

    thread = timed("read", lambda: blogger.parse(page, "bench.txt")[0])
    thread = timed("signatures", lambda: find_signatures(thread))
    thread = timed("passages", lambda: find_passages(thread, Options()))
    thread = timed("replies", lambda: infer_replies(thread, Options()))
    timed("graph", lambda: build_graph(thread))
    timed("stats", lambda: (thread_stats(thread), author_stats(thread), comment_stats(thread)))
    with tempfile.TemporaryDirectory() as folder:
        timed("render", lambda: write_html(thread, Path(folder) / "page.html"))
    times["total"] = sum(times.values())
    return times


def main(sizes: list[int]) -> None:
    stages = None
    for size in sizes:
        times = measure(size)
        if stages is None:
            stages = list(times)
            print("comments  " + "  ".join(f"{s:>10}" for s in stages))
        print(f"{size:>8}  " + "  ".join(f"{times[s]:>9.2f}s" for s in stages), flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 5000, 20000])
