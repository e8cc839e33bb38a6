"""Time, memory, recall and precision of passage detection on synthetic corpora.

    python benchmarks/passages.py                    # 1k, 10k and 100k comments
    python benchmarks/passages.py 1000 1000000       # chosen sizes

Each size runs in a fresh process, so peak memory (ru_maxrss) belongs to that size alone;
"input" is the peak after generating the corpus, "detect" the growth while detecting.
A planted passage is found when an edge (or, for a repeat inside one comment, a repeat group)
joins the right two nodes over at least half of the planted words, or when the edge points,
over those words, to an even earlier node that really holds them (short quotations). A found
edge is correct when it is planted, or when its words really stand, normalised, in its target
(a genuine chance reuse); edges made by the shared boilerplate count as wrong.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import BOILERPLATE, generate  # noqa: E402
from explorer.detect import Options  # noqa: E402
from explorer.detect.passages import find_passages_across  # noqa: E402
from explorer.text import normalise  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(comments: int) -> dict:
    """Generate, detect and score one corpus; return the figures."""
    threads, plants = generate(comments)
    words = sum(len(node.text.split()) for thread in threads for node in thread.nodes)
    input_mb = _peak_mb()
    started = time.perf_counter()
    found = find_passages_across(threads, Options())
    seconds = time.perf_counter() - started
    detect_mb = _peak_mb() - input_mb

    texts = {node.id: node.text for thread in threads for node in thread.nodes}
    edges = [edge for thread in found for edge in thread.edges]
    by_pair: dict[tuple[str, str], list] = {}
    for edge in edges:
        by_pair.setdefault((edge.source, edge.target), []).append(edge.passage.source_span)
    for thread in found:
        for group in thread.repeats:
            first = group.occurrences[0]
            for other in group.occurrences[1:]:
                if other.node == first.node:
                    by_pair.setdefault((other.node, first.node), []).append(other.span)

    by_source: dict[str, list] = {}
    for edge in edges:
        by_source.setdefault(edge.source, []).append(edge)
    recalled: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    earlier_holder = 0
    planted_keys = set()
    for plant in plants:
        totals[plant.kind] += 1
        planted_keys.add((plant.source, plant.target))
        start, end = plant.source_span
        for span in by_pair.get((plant.source, plant.target), ()):
            if min(end, span[1]) - max(start, span[0]) >= (end - start) / 2:
                recalled[plant.kind] += 1
                break
        else:
            # The contract points to the earliest node holding the words: a short quotation
            # may find them, by chance, in a node earlier than the one it was copied from.
            for edge in by_source.get(plant.source, ()):
                span = edge.passage.source_span
                if (
                    min(end, span[1]) - max(start, span[0]) >= (end - start) / 2
                    and normalise(edge.passage.text) in normalise(texts[edge.target])
                ):
                    recalled[plant.kind] += 1
                    earlier_holder += 1
                    break

    correct = chance = wrong = boilerplate = 0
    for edge in edges:
        if (edge.source, edge.target) in planted_keys:
            correct += 1
        elif normalise(BOILERPLATE) in normalise(edge.passage.text):
            boilerplate += 1
            wrong += 1
        elif normalise(edge.passage.text) in normalise(texts[edge.target]):
            chance += 1
        else:
            wrong += 1
    return {
        "comments": sum(len(thread.nodes) - 1 for thread in threads),
        "threads": len(threads),
        "words": words,
        "seconds": round(seconds, 2),
        "input_mb": round(input_mb),
        "detect_mb": round(detect_mb),
        "planted": len(plants),
        "recall": round(sum(recalled.values()) / max(1, len(plants)), 4),
        "recall_by_kind": {kind: f"{recalled[kind]}/{totals[kind]}" for kind in sorted(totals)},
        "recalled_via_earlier_holder": earlier_holder,
        "edges": len(edges),
        "precision": round((correct + chance) / max(1, len(edges)), 4),
        "planted_edges": correct,
        "chance_reuse_edges": chance,
        "wrong_edges": wrong,
        "boilerplate_edges": boilerplate,
    }


def main(sizes: list[int]) -> None:
    for size in sizes:
        run = subprocess.run(
            [sys.executable, __file__, "--one", str(size)], capture_output=True, text=True
        )
        if run.returncode:
            print(f"{size}: failed\n{run.stderr}", file=sys.stderr)
            continue
        figures = json.loads(run.stdout)
        print(
            f"{figures['comments']:>9,} comments {figures['words']:>11,} words "
            f"{figures['seconds']:>8.2f} s  memory: input {figures['input_mb']:>6,} MB, "
            f"detect +{figures['detect_mb']:>6,} MB  recall {figures['recall']:.4f}  "
            f"precision {figures['precision']:.4f}"
        )
        print("    ", json.dumps(figures))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(int(sys.argv[2]))))
    else:
        main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 100_000])
