"""Reply-link accuracy on real threads shown flat, each source scored by a model not trained on it.

    python benchmarks/replies.py            # the held-out models train_replies.py stored
    python benchmarks/replies.py --retrain  # train them again here (a few minutes)

For each source: the model (weights, link rule and calibration) trained on the other sources
only chooses a parent for every flat comment, and reply links — a comment linked to an
earlier comment — are counted against the stated parents. Printed per source: precision,
recall and F of the links, the same for links of confidence >= 0.8, and the "previous
comment" baseline (every comment linked to the one before it); then the long busy threads
together (LONG), and every source. Comments answering the post are right when left unlinked.
Last, the CPU seconds of ``analyse`` on the longest thread, flat (3,249 Reddit comments).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import time  # noqa: E402

from benchmarks.reply_data import LONG, SOURCES, flatten  # noqa: E402
from benchmarks.train_replies import (  # noqa: E402
    Example,
    Fits,
    held_out_model,
    load_examples,
    read_held_out,
)
from explorer.detect import analyse  # noqa: E402
from explorer.detect.reply_model import FEATURES, HIGH, Model, decide  # noqa: E402


def score(links: list[tuple[bool, bool]], truths: int) -> str:
    """``P R F (right/made)`` of links given (made, right) pairs and the true link count."""
    made = sum(1 for made, _ in links if made)
    right = sum(1 for made, ok in links if made and ok)
    precision = right / made if made else 0.0
    recall = right / truths if truths else 0.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"P {100 * precision:5.1f} R {100 * recall:5.1f} F {100 * f:5.1f} ({right}/{made})"


def held_out(
    data: list[Example], held: str, model: Model | None = None
) -> list[tuple[Example, int | None, float]]:
    """The held-out source's choices (example, chosen row, confidence), made by ``model`` or
    else a model trained here on the other sources."""
    model = model or held_out_model(data, held)
    return [choose_example(model, example) for example in data if example.source == held]


def choose_example(model: Model, example: Example) -> tuple[Example, int | None, float]:
    """The choice the runtime makes for an example (an addressing cue decides, else the model):
    (example, chosen row, confidence)."""
    if example.address is not None:
        row, score = example.address
        return example, row, model.cue_confidence(score)
    weights = np.array([model.weights[name] for name in FEATURES])
    scores = list(example.rows @ weights)
    return (example, *decide(model, list(example.options), scores, example.rows.tolist()))


def report(source: str, found: list[tuple[Example, int | None, float]]) -> str:
    """One source's lines of figures."""
    truths = sum(example.truth_is_comment for example, _, _ in found)
    links, high, previous = [], [], []
    for example, best, confidence in found:
        made = best is not None and example.options[best] is not None
        ok = best == example.answer
        links.append((made, ok))
        high.append((made and confidence >= HIGH, ok))
        previous.append((example.previous is not None, example.previous == example.answer))
    return (
        f"{source:8} comments {len(found):5}, replying to a comment {truths:5}\n"
        f"  model        {score(links, truths)}\n"
        f"  conf >= {HIGH}  {score(high, truths)}\n"
        f"  previous     {score(previous, truths)}"
    )


def main() -> None:
    """Print the held-out figures of every source, of the long threads, of all; then speed."""
    data = load_examples()
    fits = Fits(data) if "--retrain" in sys.argv else None
    stored = read_held_out() if fits is None else {}
    every, long = [], []
    for source in sorted({example.source for example in data}):
        model = stored[source] if fits is None else held_out_model(data, source, fits)
        found = held_out(data, source, model)
        every.extend(found)
        long.extend(found if source in LONG else [])
        print(report(source, found))
    print(report("long", long))
    print(report("all", every))
    thread = max(SOURCES["reddit-long"](), key=lambda thread: len(thread.nodes))
    flat, _ = flatten(thread)
    start = time.process_time()
    analyse(flat)
    print(f"analyse, {len(flat.nodes) - 1} comments flat: {time.process_time() - start:.2f} s CPU")


if __name__ == "__main__":
    main()
