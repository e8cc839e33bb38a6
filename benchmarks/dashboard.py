"""How fast the dashboard (index.html) and the people page of many threads become usable.

For corpora of one-comment threads (10,000 and 50,000 by default, as a folder of one-comment
files gives), or for the pages ``explorer graph DIR -o OUT`` wrote (``--folder OUT``): each
page's size, the time to write it, and the time from navigation start until it is ready in
headless Chromium (the page sets ``body[data-ready]``: the table's first page of rows shown,
the people graph drawn), the median of ``--loads`` loads. ``--trace`` adds where the
renderer's main thread spent the last load, from a Chromium trace: parsing the HTML, running
script, style, layout, paint, garbage collection.

    .venv/bin/python benchmarks/dashboard.py [--threads 10000,50000] [--loads 3] [--trace]
    .venv/bin/python benchmarks/dashboard.py --folder OUT [--trace]

Aim (issue 26): ready within 2 s at 50,000 threads.

Measured 2026-12-07 on the shared 2-core machine (other engineers' tests and benchmarks
running), ``--threads 10000,50000 --trace``. Before (main: every row written as HTML, 500
shown and the rest hidden), load average 10-11:

                  page     MB  write s  ready s  main thread (s)
    10,000 index.html    5.13     6.73     0.77  layout 0.51  parse HTML 0.29  style 0.11
    50,000 index.html   25.32    19.17     2.74  parse HTML 1.83  style 0.50  layout 0.29
    50,000 people.html   5.29     6.18     0.49  script 0.16  parse HTML 0.07

After (the rows as packed columns, only the shown page built; the people page naming only
the threads its panels link), load average 17:

                  page     MB  write s  ready s  main thread (s)
    10,000 index.html    0.53    14.31     0.45  layout 0.31  paint 0.23  parse HTML 0.18
    50,000 index.html    2.29    33.05     0.49  layout 0.21  parse HTML 0.16  script 0.13
    50,000 people.html   0.68     6.63     0.46  script 0.48  GC 0.07

The pages ``explorer graph`` wrote from a folder of 50,000 one-comment JSON Lines files
(``--folder``, load average 17-20): index.html 2.01 MB, ready in 0.45 s; sorting the 50,000
rows by a column takes 0.05 s and a filter by words 0.07 s. Writing is slower under the
heavier load, not from the change (the charts and metrics of every thread dominate it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.model import Node, Thread  # noqa: E402
from explorer.render import page_names, render_index  # noqa: E402
from explorer.render.assets import write_assets  # noqa: E402
from explorer.render.people import PEOPLE_SCRIPTS, render_people  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
WORDS = ("probation service staff officer contract private public court prison offender "
         "minister change justice report").split()
# Records when the page says it is ready, on the page's own clock.
READY = """
new MutationObserver((changes, observer) => {
  if (document.body && document.body.dataset.ready) {
    window.__ready = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-ready"]});
"""
# What the renderer's main thread does, by trace event name (top-level kinds of work).
WORK = {"ParseHTML": "parse HTML", "EvaluateScript": "script", "FunctionCall": "script",
        "v8.compile": "script", "RunMicrotasks": "script", "UpdateLayoutTree": "style",
        "Layout": "layout", "PrePaint": "paint", "Paint": "paint", "Layerize": "paint",
        "MinorGC": "GC", "MajorGC": "GC", "Decode Image": "images"}


def one_comment_threads(count: int, seed: int = 1) -> list[Thread]:
    """Threads of one comment each, by 5,000 authors over a year, as one-comment files give."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    threads = []
    for i in range(count):
        tid = f"t{i:05d}"
        text = " ".join(rng.choices(WORDS, k=rng.randint(5, 40)))
        node = Node(id=f"{tid}/c{i}", kind="comment", position=1, label="1", text=text,
                    author=f"user{rng.randrange(5000)}",
                    published=start + timedelta(minutes=rng.randrange(525_600)))
        threads.append(Thread(id=tid, nodes=(node,)))
    return threads


def busy_seconds(trace: Path) -> Counter:
    """Seconds the renderer's main thread spent on each kind of work in a Chromium trace."""
    events = json.loads(trace.read_text(encoding="utf-8"))
    events = events["traceEvents"] if isinstance(events, dict) else events
    main = {(e["pid"], e["tid"]) for e in events if e.get("ph") == "M"
            and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    spent: Counter = Counter()
    for event in events:
        kind = WORK.get(event.get("name"))
        if kind and event.get("ph") == "X" and (event.get("pid"), event.get("tid")) in main:
            spent[kind] += event.get("dur", 0) / 1e6
    return spent


# Seconds a sort by a column, then a filter by words, take on the dashboard (each runs whole
# in its event handler; a frame then shows it).
ACTIONS = """() => {
  const seconds = (act) => {
    const t = performance.now();
    act();
    return (performance.now() - t) / 1000;
  };
  const sort = seconds(() => document.querySelector("th[data-key=span_hours] button").click());
  const filter = seconds(() => {
    const box = document.getElementById("filter");
    box.value = "t1";
    box.dispatchEvent(new Event("input"));
  });
  return [sort, filter];
}"""


def measure(browser, path: Path, loads: int,
            trace: Path | None) -> tuple[float, Counter, list[float] | None]:
    """The median time to ready over ``loads`` loads, the last load's work by kind, and on a
    dashboard the seconds a sort and a filter take."""
    times, spent, actions = [], Counter(), None
    for number in range(loads):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.add_init_script(READY)
        tracing = trace is not None and number == loads - 1
        if tracing:
            browser.start_tracing(page=page, path=str(trace),
                                  categories=["devtools.timeline", "v8", "blink"])
        page.goto(path.as_uri(), timeout=120_000)
        page.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)
        times.append(page.evaluate("window.__ready") / 1000)
        if tracing:
            browser.stop_tracing()
            spent = busy_seconds(trace)
        if path.name.endswith("index.html"):
            actions = page.evaluate(ACTIONS)
        page.close()
    return statistics.median(times), spent, actions


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", default="10000,50000")
    parser.add_argument("--folder", type=Path, help="measure the pages of this output folder")
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--trace", action="store_true",
                        help="say where the main thread spent the last load")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    print(f"{'page':>18} {'MB':>6} {'write s':>8} {'ready s':>8} {'sort s':>7} {'filter s':>8}"
          f"  main thread (s)")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        cases = []
        if args.folder:
            cases = [(f"{args.folder.name}/{name}", args.folder / name, None)
                     for name in ("index.html", "people.html")]
        for count in [int(n) for n in args.threads.split(",") if n and not args.folder]:
            threads = one_comment_threads(count)
            names = page_names(threads)
            for name in ("index.html", "people.html"):
                start = time.perf_counter()
                text = (render_index(threads, names, people="people.html") if name == "index.html"
                        else render_people(threads, pages=names))
                written = time.perf_counter() - start
                path = Path(tmp) / f"{count}-{name}"
                path.write_text(text, encoding="utf-8")
                cases.append((f"{count:,} {name}", path, written))
        write_assets(Path(tmp), PEOPLE_SCRIPTS)  # the light people page's shared scripts
        for name, path, written in cases:
            ready, spent, actions = measure(browser, path, args.loads,
                                            Path(tmp) / "trace.json" if args.trace else None)
            work = "  ".join(f"{kind} {seconds:.2f}" for kind, seconds in spent.most_common())
            shown = "-" if written is None else f"{written:.2f}"
            sort, filtered = (f"{value:.2f}" for value in actions) if actions else ("-", "-")
            print(f"{name:>18} {path.stat().st_size / 1e6:>6.2f} {shown:>8} {ready:>8.2f} "
                  f"{sort:>7} {filtered:>8}  {work}", flush=True)
        browser.close()
        print(f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
