"""How fast graph pages are written and become usable in headless Chromium.

For generated threads of 100, 1,000, 5,000, 20,000 and 100,000 comments, and for reply
chains 5,000 and 20,000 deep (every comment answers the one before): HTML size (the page,
its scripts shared beside it), time to write the page, time until it is first drawn and
interactive (from navigation start; "script" is when the page's own script starts, after
the HTML before it is read; "texts" when the texts and other details, read after the page is
ready, can be shown), and the time to redraw one frame while the view is panned
(median and worst of 20 steps). Each page is loaded ``--loads`` times; the medians are shown.

    .venv/bin/python benchmarks/render.py [--sizes 100,1000,5000,20000,100000]
        [--chains 5000,20000] [--stars 200000] [--layout tree] [--loads 3] [--self-contained]

``--stars`` adds posts with that many direct replies and times the post's panel (it lists
the first 200 of them) from the click until it is drawn.

Aims (issue 12): a 20,000-deep chain interactive within 3 s, 100,000 comments within 2 s.

Measured 2026-11-30 on the shared 2-core machine under a load average of 11-14 (other
benchmarks running), ``--sizes 1000,20000,100000 --chains 5000,20000``, this branch and then
main (the same script, ``PYTHONPATH`` at an export of main) back to back:

    after     comments  HTML MB  write s  script s  drawn s  ready s  redraw ms  max ms
                  1000     0.21     0.27      0.46     1.41     1.51       26.9    44.1
                 20000     4.11     2.91      0.59     0.83     0.84       18.6    46.4
                100000    20.90    15.85      0.82     1.46     1.52       74.0   221.9
            chain 5000     0.29     0.77      0.47     0.79     0.82        7.2    41.8
           chain 20000     1.17     4.46      0.50     0.76     0.78       14.8    49.3
    before (main)
                  1000     0.61     0.38      0.61     1.45     1.52       41.8   121.4
                 20000    11.90     4.82      0.90     1.29     1.65       24.8    68.7
                100000    60.35    22.80      1.79     3.45     5.46      126.0   177.4
            chain 5000     0.88     0.74      0.43     0.64     0.68        5.1    11.4
           chain 20000     3.64     3.72      0.87     1.34     1.48       27.5    87.3

``--self-contained`` (scripts inlined) at 100,000: 21.41 MB, ready at 1.37 s (load 12.9).
A later run of this branch (load 17) with the "texts" column, which main's pages lack (their
texts could be read once the whole 60 MB document was parsed):

              comments  HTML MB  write s  script s  drawn s  ready s  texts s  redraw ms  max ms
                  1000     0.21     0.30      0.38     1.08     1.14     1.43       50.4    98.5
                 20000     4.11     3.74      1.30     1.74     1.76     2.23       21.4   185.5
                100000    20.90    20.06      0.71     1.37     1.47     3.50       82.7   189.8
            chain 5000     0.29     0.66      0.43     0.55     0.57     1.19        9.5    33.4
           chain 20000     1.17     3.51      0.72     0.96     0.97     1.41       13.2    77.1

With the reading view, the layout menu and the rest of issue 20 (2026-12-07, load average
15-17, ``--sizes 1000,100000 --chains 20000 --loads 3``, that branch then main back to back):

    issue 20  comments  HTML MB  write s  script s  drawn s  ready s  texts s  redraw ms  max ms
                100000    22.50    34.75      0.47     0.86     0.94     3.29       23.5    89.1
           chain 20000     1.44     3.49      0.41     0.56     0.57     1.13        2.8    25.6
    main        100000    20.90    36.98      0.75     0.98     1.05     3.69       66.5   197.3
           chain 20000     1.17     7.12      0.59     0.94     0.96     1.41        3.6    21.1

Issue 26's 200,000 nodes (2026-12-07, load average 7-8, ``--sizes 100000 --chains ""
--stars 200000 --loads 1``): the 100,000-comment page is ready at 0.81 s; a post with
200,000 direct replies (13.7 MB) at 1.21 s, and its panel is drawn 0.66 s after the post is
chosen. That page could not be written before: the header's ``quoted_word_share`` found
the thread's quotations once per comment (a 20,000-reply post took 98 s, now 2.5 s).

    issue 26  comments  HTML MB  write s  script s  drawn s  ready s  texts s  redraw ms  max ms
                100000    22.57    23.73      0.44     0.75     0.81     1.96       22.9   147.4
           star 200000    13.71    28.11      0.62     1.04     1.21     1.83       11.5    26.4

Writing costs more CPU (1.3 s instead of 0.66 s at 20,000 comments: the stats metrics for
the header, three layouts); wall times under this load hide it.

What the 3 s at 100,000 were, in a Chromium trace: the HTML parser reading a 13 MB data
block and the preload scanner re-reading the 47 MB text block while the parser waited for
``<script src>``; 5,000 author <option>s (half a second of style and layout); a canvas path
of 100,000 dots and 100,000 lines that Chromium rasterised for a second before the first
frame showed. The page now keeps the first frame's data apart (5.6 MB), compresses the rest
(texts, ids, evidence) into a base64 block read after the page is ready, loads its scripts
without blocking the parser, fills the author menu on first use and paints the dots and
lines it draws itself pixel by pixel (templates/js/raster.js). The redraw column for the
branch counts that painting; main's counted only recording the path, not rasterising it.

The reader's fixes of 2026-12-08 (the chosen comment beside the panel, painted arrowheads,
links under the chosen row on a phone, previews without gaps; 5 KB more script) on the
shared machine, ``--sizes 1000,10000 --chains "" --loads 3``, main (an export of it) then
the branch; the differences are within the noise of a busy machine:

              comments  HTML MB  write s  script s  drawn s  ready s  texts s  redraw ms  max ms
    main          1000     0.24     0.12      0.33     0.77     0.79     1.65        4.5    52.6
                 10000     2.23     0.69      0.41     0.69     0.79     1.44        5.6    21.6
    branch        1000     0.24     0.16      0.28     0.65     0.68     1.10        4.2    28.9
                 10000     2.23     1.03      0.40     0.66     0.69     1.36        6.2    41.5
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from explorer.model import Edge, Node, Passage, Thread
from explorer.render import write_html

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
WORDS = ("probation service staff officer contract private public court prison offender "
         "minister change justice report company manager case work risk years people "
         "government money system failure today really think know never always").split()


def generate_thread(comments: int, seed: int = 1) -> Thread:
    """A blog-like thread: most comments top level, some nested replies and quotes."""
    rng = random.Random(seed)
    tid = f"bench{comments}"
    nodes = [Node(id=f"{tid}/post", kind="post", position=0, label="post",
                  text=" ".join(rng.choices(WORDS, k=300)), author="Owner")]
    edges: list[Edge] = []
    authors = [f"Author {i}" for i in range(max(5, comments // 20))]
    for i in range(1, comments + 1):
        text = " ".join(rng.choices(WORDS, k=rng.randint(10, 120)))
        parent = None
        if i > 1 and rng.random() < 0.35:
            parent = nodes[rng.randint(max(1, i - 30), i - 1)].id
        author = None if rng.random() < 0.25 else rng.choice(authors)
        nodes.append(Node(id=f"{tid}/{i}", kind="comment", position=i, label=str(i),
                          text=text, parent=parent, author=author))
        if i > 2 and rng.random() < 0.05:
            target = nodes[rng.randint(1, i - 1)]
            words = target.text.split()[:8]
            quoted = " ".join(words)
            edges.append(Edge(f"{tid}/{i}", target.id, "quote", evidence="quoted words",
                              score=0.9, passage=Passage(quoted, (0, len(quoted)),
                                                         (0, len(quoted)), len(words))))
        elif i > 2 and parent is None and rng.random() < 0.08:
            edges.append(Edge(f"{tid}/{i}", nodes[i - 1].id, "reply", inferred=True,
                              evidence="addresses the previous commenter", score=0.6))
    return Thread(id=tid, nodes=tuple(nodes), title=f"Generated thread of {comments}",
                  owner="Owner", edges=tuple(edges))


def generate_chain(depth: int) -> Thread:
    """A post and a chain of comments, each answering the one before."""
    tid = f"chain{depth}"
    nodes = [Node(id=f"{tid}/post", kind="post", position=0, label="post", text="the post")]
    for i in range(1, depth + 1):
        nodes.append(Node(id=f"{tid}/{i}", kind="comment", position=i, label=str(i),
                          text=f"reply number {i} to the one before", author=f"A{i % 7}",
                          parent=f"{tid}/{i - 1}" if i > 1 else None))
    return Thread(id=tid, nodes=tuple(nodes), title=f"A chain {depth} deep")


def generate_star(replies: int) -> Thread:
    """A post and ``replies`` comments that all answer it: its panel lists that many replies."""
    tid = f"star{replies}"
    nodes = [Node(id=f"{tid}/post", kind="post", position=0, label="post", text="the post")]
    nodes += [Node(id=f"{tid}/{i}", kind="comment", position=i, label=str(i),
                   text=f"reply {i}", author=f"A{i % 97}", parent=f"{tid}/post")
              for i in range(1, replies + 1)]
    return Thread(id=tid, nodes=tuple(nodes), title=f"A post with {replies} replies")


def panel_seconds(browser, path: Path) -> float:
    """Seconds from choosing the post until its panel (listing its replies) is drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready]", timeout=120_000)
        while not page.evaluate("explorerPage.details()"):
            page.wait_for_timeout(20)
        return page.evaluate("""() => new Promise(done => {
            const t = performance.now();
            explorerPage.focusNode(0);
            requestAnimationFrame(() => setTimeout(() => done((performance.now() - t) / 1000)));
        })""")
    finally:
        page.close()


def measure_page(browser, path: Path) -> dict[str, float]:
    """Load a page; return drawn/interactive times and per-frame redraw time while panning."""
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready]", timeout=120_000)
        started, drawn, ready = page.evaluate(
            "[explorerPage.started, explorerPage.drawnAt, explorerPage.readyAt]")
        # When the texts can be shown (the details block inflated and parsed).
        while not page.evaluate("explorerPage.details()"):
            page.wait_for_timeout(20)
        texts = page.evaluate("performance.now()")
        # Pan in 20 steps, timing each full redraw (vis's own drawing and the page's dots).
        frames = page.evaluate("""() => {
            const net = explorerPage.network, times = [];
            const start = net.getViewPosition(), scale = net.getScale();
            for (let step = 1; step <= 20; step++) {
                const x = start.x + step * 20 / scale, y = start.y + step * 8 / scale;
                net.moveTo({position: {x: x, y: y}, scale: scale, animation: false});
                const t = performance.now();
                net.renderer._redraw();
                times.push(performance.now() - t);
            }
            return times;
        }""")
        return {"started": started / 1000, "drawn": drawn / 1000, "ready": ready / 1000,
                "texts": texts / 1000,
                "frame_ms": statistics.median(frames), "frame_max": max(frames)}
    finally:
        page.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000,20000,100000")
    parser.add_argument("--chains", default="5000,20000")
    parser.add_argument("--stars", default="",
                        help="posts with this many direct replies: also time the post's panel")
    parser.add_argument("--layout", default="tree", choices=("tree", "radial"))
    parser.add_argument("--self-contained", action="store_true",
                        help="inline the scripts in each page (one file) instead of beside it")
    parser.add_argument("--loads", type=int, default=3,
                        help="load each page this many times and report the median")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    cases = [(f"{size}", generate_thread, size) for size in _numbers(args.sizes)]
    cases += [(f"chain {depth}", generate_chain, depth) for depth in _numbers(args.chains)]
    cases += [(f"star {size}", generate_star, size) for size in _numbers(args.stars)]
    header = (f"{'comments':>11} {'HTML MB':>8} {'write s':>8} {'script s':>9} {'drawn s':>8} "
              f"{'ready s':>8} {'texts s':>8} {'redraw ms':>10} {'max ms':>7}")
    print(header)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        for name, generate, size in cases:
            thread = generate(size)
            path = Path(tmp) / f"{name.replace(' ', '-')}.html"
            start = time.perf_counter()
            write_html(thread, path, layout=args.layout, self_contained=args.self_contained)
            written = time.perf_counter() - start
            runs = [measure_page(browser, path) for _ in range(args.loads)]
            result = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            print(f"{name:>11} {path.stat().st_size / 1e6:>8.2f} {written:>8.2f} "
                  f"{result['started']:>9.2f} {result['drawn']:>8.2f} {result['ready']:>8.2f} "
                  f"{result['texts']:>8.2f} "
                  f"{result['frame_ms']:>10.1f} {result['frame_max']:>7.1f}", flush=True)
            if generate is generate_star:
                print(f"{'':>11} the post's panel drawn in "
                      f"{panel_seconds(browser, path):.2f} s", flush=True)
        browser.close()


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


if __name__ == "__main__":
    sys.exit(main())
