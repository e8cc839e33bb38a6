"""Time, memory, recall and precision of passage search, beside the 5-gram reference.

    python benchmarks/passages.py                      # 20k and 200k comments
    python benchmarks/passages.py 1000000 --no-score --jobs 2   # time and memory only
    python benchmarks/passages.py 20000 --reference PATH/seedext.py
    python benchmarks/passages.py --long 10000 40000   # one message of that many words

For each size one corpus is generated (``benchmarks/generate.py``) and searched, in fresh
processes, by explorer (``search_passages`` over all threads, ``--jobs`` processes) and by the
reference (``../shared/reference/quotes/seedext.py`` by default: rare word 5-grams, seed and
extend, in numpy). Times are the search alone, wall clock and CPU (with the CPU of its
workers, forked and fresh; on a shared machine CPU is the figure that compares), memory the
process's peak resident size with the corpus loaded (for explorer also the largest peak of its
forked workers, whose pages are mostly shared with it, and the sampled proportional memory of
all its processes). Both are scored against the plants alike:

- a plant is recalled when a passage joins its node to the node it was copied from (or to
  an earlier node that copy came from) over at least half of the planted characters, or to
  any earlier node that really holds those words (a quotation of under 8 words found there
  first);
- a passage is right when its two nodes share an origin through the plants (a quote of a
  quote, two quotes of one text), or it is a quotation of under 8 words that really stands
  in its target; passages made by stock phrases or sign-offs are wrong.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate, write_jsonl  # noqa: E402
from benchmarks.generate_real import generate_real  # noqa: E402
from explorer.detect.workers import cpu_seconds  # noqa: E402
from explorer.model import Node, Thread  # noqa: E402
from explorer.text import words  # noqa: E402

REFERENCE = Path(__file__).resolve().parents[2] / "shared/reference/quotes/seedext.py"
GENERATORS = {"synthetic": generate, "real": generate_real}


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The peak resident size so far of this process (or, given RUSAGE_CHILDREN, of its
    largest child), in MB."""
    return resource.getrusage(who).ru_maxrss / 1024


def run_explorer(comments: int, jobs: int, generator: str = "synthetic") -> dict:
    """Generate the corpus, search it; return time, memory and what was found."""
    from explorer.detect import Options
    from explorer.detect.passages import search_passages

    threads, _ = GENERATORS[generator](comments)
    input_mb = peak_mb()
    began, cpu, started = time.time(), cpu_seconds(), time.perf_counter()
    search = search_passages(threads, Options(), jobs=jobs)
    seconds, cpu, ended = time.perf_counter() - started, cpu_seconds() - cpu, time.time()
    found = []
    for thread in search.threads:
        for edge in thread.edges:
            if edge.passage is not None:
                found.append((edge.source, edge.target, edge.passage.source_span))
        for group in thread.repeats:
            first = group.occurrences[0]
            found += [(o.node, first.node, o.span) for o in group.occurrences[1:]
                      if o.node == first.node]
    workers_mb = peak_mb(resource.RUSAGE_CHILDREN)
    phases = [{"phase": p.name, "seconds": round(p.seconds, 2), "cpu": round(p.cpu, 2),
               "peak_mb": round(p.peak_mb), "workers_peak_mb": round(p.workers_peak_mb)}
              for p in search.phases]
    return {"seconds": round(seconds, 2), "cpu": round(cpu, 2), "input_mb": round(input_mb),
            "peak_mb": round(peak_mb()), "workers_peak_mb": round(workers_mb),
            "common_grams": search.common_grams, "began": began, "ended": ended,
            "phases": phases, "found": found}


def _with_workers(row: dict) -> str:
    """The sampled peak of all processes of a run, when it was sampled."""
    if "tree_pss_peak_mb" not in row:
        return ""
    return f" (with workers {row['tree_pss_peak_mb']:,} MB PSS, {row['tree_rss_peak_mb']:,} MB RSS)"


def print_phases(phases: list[dict]) -> None:
    """Each phase's wall-clock and CPU seconds, the peaks so far of this process and of its
    largest worker, and the sampled peak of all processes during the phase, on stderr."""
    for phase in phases:
        tree = phase.get("tree_pss_mb")
        print(f"      {phase['phase']:<22} {phase['seconds']:>8.2f} s  CPU {phase['cpu']:>8.2f} s"
              f"  peak {phase['peak_mb']:>6,} MB  workers {phase['workers_peak_mb']:>6,} MB"
              + (f"  all processes {tree:>6,} MB PSS" if tree else ""),
              file=sys.stderr, flush=True)


def run_reference(reference: Path, corpus: Path) -> dict:
    """Load the reference module and the JSON Lines corpus; time its search alone."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("seedext", reference)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with corpus.open() as lines:
        docs = [json.loads(line) for line in lines]
    cpu, started = cpu_seconds(), time.perf_counter()
    passages = module.find_passages(docs)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    found = [(docs[p["dst"]]["id"], docs[p["src"]]["id"], tuple(map(int, p["dst_chars"])))
             for p in passages]
    return {"seconds": round(seconds, 2), "cpu": round(cpu, 2), "peak_mb": round(peak_mb()),
            "found": found}


def score(found: list, plants: list, texts: dict[str, str]) -> dict:
    """Recall (by kind) and precision of found passages against the plants."""
    origins: dict[str, set[str]] = {}
    for plant in plants:  # plants come in posting order: an origin's origins are known
        if plant.source != plant.target:
            origins.setdefault(plant.source, set()).update(
                {plant.target} | origins.get(plant.target, set()))

    def origin(node: str) -> set[str]:
        return origins.get(node, set()) | {node}

    def holds(source: str, span, target: str) -> bool:
        """A quotation shorter than a passage, found in an earlier node that holds it."""
        quoted = " ".join(words(texts[source][span[0] : span[1]]))
        return quoted.count(" ") < 7 and f" {quoted} " in f" {' '.join(words(texts[target]))} "

    by_source: dict[str, list] = {}
    for source, target, span in found:
        by_source.setdefault(source, []).append((target, span))
    recalled: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for plant in plants:
        totals[plant.kind] += 1
        start, end = plant.source_span
        for target, span in by_source.get(plant.source, ()):
            if min(end, span[1]) - max(start, span[0]) < (end - start) / 2:
                continue
            if (target in origin(plant.target) if plant.kind != "internal" else
                    target == plant.source) or holds(plant.source, span, target):
                recalled[plant.kind] += 1
                break
    right = sum(
        1 for source, target, span in found
        if origin(source) & origin(target) or holds(source, span, target)
    )
    return {
        **_recall_by_part(recalled, totals),
        "recall": round(sum(recalled.values()) / max(1, len(plants)), 4),
        "precision": round(right / max(1, len(found)), 4),
        "passages": len(found),
        "wrong": len(found) - right,
        "recall_by_kind": {kind: f"{recalled[kind]}/{totals[kind]}" for kind in sorted(totals)},
    }


def _recall_by_part(recalled: Counter[str], totals: Counter[str]) -> dict:
    """Recall by edit and by length, for plants whose kind is "EDIT LENGTH" (``generate_real``)."""
    parts: dict = {}
    for place, name in ((0, "recall_by_edit"), (1, "recall_by_length")):
        found: Counter[str] = Counter()
        planted: Counter[str] = Counter()
        for kind, total in totals.items():
            if " " in kind:
                part = kind.split()[place]
                planted[part] += total
                found[part] += recalled[kind]
        if planted:
            parts[name] = {part: round(found[part] / planted[part], 4) for part in sorted(planted)}
    return parts


def _tree_memory(pid: int) -> tuple[float, float]:
    """MB of memory a process and its descendants hold: their proportional share (PSS, each
    shared page split among its holders) and the plain sum of their resident sizes (RSS)."""
    pss = rss = 0.0
    pending = [pid]
    while pending:
        number = pending.pop()
        try:
            for line in Path(f"/proc/{number}/smaps_rollup").read_text().splitlines():
                if line.startswith(("Pss:", "Rss:")):
                    kilobytes = float(line.split()[1])
                    pss += kilobytes / 1024 if line.startswith("Pss:") else 0
                    rss += kilobytes / 1024 if line.startswith("Rss:") else 0
            for task in Path(f"/proc/{number}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # the process ended meanwhile
    return pss, rss


def run_explorer_sampled(comments: int, jobs: int, generator: str) -> dict:
    """``run_explorer`` in a fresh process, its memory and its workers' sampled from here
    (so that sampling costs the measured process nothing) twice a second."""
    samples = []
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen([sys.executable, __file__, "--one", str(comments), "--jobs",
                                    str(jobs), "--generator", generator], stdout=out, text=True)
        while process.poll() is None:
            if Path("/proc").is_dir():
                samples.append((time.time(), *_tree_memory(process.pid)))
            time.sleep(0.5)
        if process.returncode:
            raise SystemExit(f"explorer run failed with exit code {process.returncode}")
        out.seek(0)
        row = json.loads(out.read())
    during = [sample for sample in samples if row["began"] <= sample[0] <= row["ended"]]
    if during:
        row["tree_pss_peak_mb"] = round(max(sample[1] for sample in during))
        row["tree_rss_peak_mb"] = round(max(sample[2] for sample in during))
        # Each phase's peak of all processes: the samples taken while it ran.
        end = row["began"]
        for phase in row["phases"]:
            begin, end = end, end + phase["seconds"]
            inside = [sample[1] for sample in during if begin <= sample[0] <= end]
            phase["tree_pss_mb"] = round(max(inside)) if inside else None
    return row


def measure(
    comments: int, jobs: int, reference: Path | None, scored: bool = True,
    generator: str = "synthetic",
) -> list[dict]:
    """Both tools on one corpus: a row of figures each."""
    if not scored:
        row = run_explorer_sampled(comments, jobs, generator)
        row.pop("found")
        return [{"tool": f"explorer --jobs {jobs}", **row, "comments": comments}]
    threads, plants = GENERATORS[generator](comments)
    texts = {node.id: node.text for thread in threads for node in thread.nodes}
    total_words = sum(len(text.split()) for text in texts.values())
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        if reference is not None:
            corpus = Path(folder) / "corpus.jsonl"
            with corpus.open("w") as out:
                write_jsonl(threads, out)
            del threads
            done = subprocess.run([sys.executable, __file__, "--reference-one", str(reference),
                                   str(corpus)], capture_output=True, text=True, check=True)
            rows.append({"tool": "reference", **json.loads(done.stdout)})
        rows.insert(0, {"tool": f"explorer --jobs {jobs}", **run_explorer_sampled(comments, jobs,
                                                                        generator)})
    for row in rows:
        row.update(score([(s, t, tuple(span)) for s, t, span in row.pop("found")], plants, texts))
        row.update(comments=comments, words=total_words)
    return rows


def long_message(words: int) -> Thread:
    """A post and one long message like a pasted patch: many lines recur, and it quotes the post.

    A fifth of its lines come from a pool of 40 lines of 6-14 words (boilerplate), the rest
    are fresh lines of 4-12 words over a vocabulary of 3,000; the post is its first 500 words.
    """
    rng = random.Random(words)
    vocabulary = [f"w{k}" for k in range(3000)]
    pool = [" ".join(rng.choices(vocabulary[:200], k=rng.randint(6, 14))) for _ in range(40)]
    lines, count = [], 0
    while count < words:
        line = rng.choice(pool) if rng.random() < 0.2 else " ".join(
            rng.choices(vocabulary, k=rng.randint(4, 12)))
        lines.append(line)
        count += len(line.split())
    message = "\n".join(lines)
    post = " ".join(message.split()[:500])
    nodes = (Node(id="long/post", kind="post", position=0, label="post", text=post),
             Node(id="long/1", kind="comment", position=1, label="1", text=message))
    return Thread(id="long", nodes=nodes)


def time_long(sizes: list[int]) -> None:
    """Seconds to find the passages of a thread with one message of each size."""
    from explorer.detect.passages import find_passages

    first = None
    for size in sizes:
        thread = long_message(size)
        started = time.process_time()
        found = find_passages(thread)
        seconds = time.process_time() - started
        first = first or seconds
        print(f"{size:>9,} words  {seconds:8.2f} s CPU  ({seconds / first:.1f}x the first)  "
              f"{len(found.edges)} edges, {len(found.repeats)} repeat groups", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[20_000, 200_000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--generator", choices=sorted(GENERATORS), default="synthetic",
                        help="synthetic: generate.py's Zipf words; real: generate_real.py's "
                        "real sentences with edited quotes")
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--no-score", action="store_true",
                        help="time explorer alone, without scoring (no second copy of the corpus)")
    parser.add_argument("--long", action="store_true", help="time one long message instead")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--reference-one", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference_one:
        print(json.dumps(run_reference(*args.reference_one)))
        return
    if args.long:
        time_long(args.sizes)
        return
    if args.one:
        print(json.dumps(run_explorer(args.one, args.jobs, args.generator)))
        return
    for size in args.sizes:
        reference = None if args.no_reference or args.no_score else args.reference
        rows = measure(size, args.jobs, reference, not args.no_score, args.generator)
        for row in rows:
            phases = row.pop("phases", None)
            row.pop("began", None)
            row.pop("ended", None)
            if "recall" not in row:
                print(f"{row['comments']:>9,} comments  {row['tool']:<20} {row['seconds']:>8.2f} s"
                      f"  CPU {row['cpu']:>8.2f} s  peak {row['peak_mb']:>6,} MB"
                      f"{_with_workers(row)}  (input {row['input_mb']:,} MB)")
                print("    ", json.dumps(row), flush=True)
                print_phases(phases)
                continue
            print(f"{row['comments']:>9,} comments {row['words']:>11,} words  "
                  f"{row['tool']:<20} {row['seconds']:>8.2f} s  CPU {row['cpu']:>8.2f} s  "
                  f"peak {row['peak_mb']:>6,} MB{_with_workers(row)}  "
                  f"recall {row['recall']:.4f}  precision {row['precision']:.4f}")
            print("    ", json.dumps(row), flush=True)
            if phases:
                print_phases(phases)


if __name__ == "__main__":
    main()
