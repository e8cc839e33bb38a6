"""Where the peak memory of `explorer graph` on one big thread comes from, step by step.

Writes a star (every comment answers the first) or a chain (each answers the one before)
of N comments as a table (the shapes of benchmarks/adversarial.py), then runs the steps of
`graph` in this one process: read, analyse, the reply tree, the header's figures, the
page's data (`build_network`), its two JSON blocks, and the page written in pieces (with
`--command stats`, the steps of `stats`: read, each step of the analysis, the metrics). After
each step it prints the process's peak resident size during that step (`VmHWM`, reset
before each step through /proc/self/clear_refs), its resident size after it, and the CPU
seconds the step took. Linux only.

    nice .venv/bin/python benchmarks/graph_steps.py --shape chain --comments 200000
    nice .venv/bin/python benchmarks/graph_steps.py --command stats --shape star --comments 200000
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.adversarial import SHAPES  # noqa: E402
from explorer.cli.commands import COLLECTOR_THRESHOLDS  # noqa: E402


def _status() -> tuple[float, float]:
    """Peak resident MB since the last reset, and resident MB now."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text()
                  .splitlines() if ":" in line)
    return (int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Steps:
    """Prints a line per step: peak during it, resident after it, its CPU seconds."""

    def __init__(self) -> None:
        self.started = _cpu()
        print(f"{'step':<22} {'peak MB':>8} {'after MB':>9} {'CPU s':>6}", flush=True)

    def done(self, name: str) -> None:
        peak, now = _status()
        cpu = _cpu()
        print(f"{name:<22} {peak:>8.0f} {now:>9.0f} {cpu - self.started:>6.2f}", flush=True)
        Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
        self.started = _cpu()


def stats_steps(table: Path) -> None:
    """The steps of `stats`: read, each step of the analysis, the thread's metrics."""
    steps = Steps()
    from explorer import read_paths
    from explorer.detect import Options, batch_steps
    from explorer.metrics import metric_rows

    steps.done("imports")
    threads = read_paths([str(table)])
    steps.done("read")
    for name, step in batch_steps(Options()):
        threads = step(threads)
        steps.done(name)
    for thread in threads:
        metric_rows(thread)
    steps.done("metrics")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=("star", "chain"), default="star")
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--command", choices=("graph", "stats"), default="graph",
                        help="whose steps to run")
    args = parser.parse_args()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)  # as the CLI runs
    with tempfile.TemporaryDirectory() as folder:
        table = SHAPES[args.shape][0](args.comments, Path(folder))
        if args.command == "stats":
            stats_steps(table)
            return
        steps = Steps()
        from explorer import analyse, read_paths
        from explorer.files import write_file
        from explorer.render import assets, build_network, page
        from explorer.render.figures import thread_figures
        from explorer.tree import reply_tree

        steps.done("imports")
        threads = read_paths([str(table)])
        steps.done("read")
        thread = analyse(threads.pop())
        steps.done("analyse")
        reply_tree(thread)
        steps.done("reply tree")
        figures = thread_figures(thread)
        steps.done("figures")
        network, data = build_network(thread, figures=figures)
        steps.done("page data")
        drawing, details = page._split(data)
        del data
        drawn = list(assets.script_json_parts({**drawing, "network": network}))
        del drawing, network
        steps.done("drawing JSON")
        packed = list(assets.packed_json_parts(details))
        del details
        steps.done("packed details")
        print(f"{'':<22} blocks: {sum(map(len, drawn)) / 1e6:.1f} MB drawn, "
              f"{sum(map(len, packed)) / 1e6:.1f} MB packed", flush=True)
        del drawn, packed
        write_file(Path(folder) / "page.html",
                   page.page_parts(thread, self_contained=False, figures=figures))
        steps.done("whole page written")


if __name__ == "__main__":
    main()
