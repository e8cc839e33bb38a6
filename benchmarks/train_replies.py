"""Train the reply model on real threads shown flat, and write explorer/detect/reply_weights.json.

    python benchmarks/train_replies.py            # train on every source, write the weights
    python benchmarks/train_replies.py --check    # print the weights it would write, write none

The model is a conditional logit: for each flat comment, a softmax over its candidates (the
post and earlier comments, see explorer/detect/reply_model.py) of a linear score of their
features, fitted by gradient descent with a little L2 so no weight grows on one source's quirk.
Confidence is calibrated by isotonic regression on out-of-source predictions: each source is
scored by a model trained on the others, so the table says how often a choice of that
probability is right on a source the model has not seen.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reply_data import Flat, flat_threads  # noqa: E402
from explorer.detect import analyse  # noqa: E402
from explorer.detect.reply_model import FEATURES, WEIGHTS, WINDOW, Cue, Profile  # noqa: E402
from explorer.model import DEFAULT_REPLY  # noqa: E402

L2 = 0.01  # per comment; enough to keep rare features (names, quotes) from running away
STEPS = 600
CALIBRATION_POINTS = 24


@dataclass(frozen=True, slots=True)
class Example:
    """One flat comment: its candidates' feature rows and which candidate is its parent."""

    source: str
    rows: np.ndarray
    candidates: tuple[int | None, ...]
    answer: int | None  # row of the true parent; None when it is not among the candidates
    truth_is_comment: bool  # the true parent is a comment (a reply link to find)
    previous: int | None  # row of the comment just before, if that is a candidate


def find_cues(thread) -> dict[int, dict[int, Cue]]:
    """The cue rules' addressees of every node: node index -> target index -> cue."""
    analysed = analyse(thread)
    index = {node.id: i for i, node in enumerate(thread.nodes)}
    cues: dict[int, dict[int, Cue]] = {}
    for edge in analysed.edges:
        if edge.kind in ("reply", "addressed") and edge.evidence != DEFAULT_REPLY:
            found = cues.setdefault(index[edge.source], {})
            target = index[edge.target]
            if target not in found or found[target].score < edge.score:
                found[target] = Cue(edge.score, edge.evidence)
    return cues


def examples(flat: Flat) -> list[Example]:
    """The training examples of one flat thread."""
    thread = flat.thread
    profile = Profile(thread)
    cues = find_cues(thread)
    index = {node.id: i for i, node in enumerate(thread.nodes)}
    found = []
    for i, node in enumerate(thread.nodes):
        if node.kind != "comment":
            continue
        mine = cues.get(i, {})
        candidates = profile.candidates(i, mine)
        parent = flat.truth[node.id]
        target = None if parent is None else index[parent]
        answer = candidates.index(target) if target in candidates else None
        rows = np.array(profile.features(i, candidates, mine), dtype=float)
        previous = len(candidates) - 1 if len(candidates) > 1 else None  # the latest comment
        found.append(
            Example(flat.source, rows, tuple(candidates), answer, target is not None, previous)
        )
    return found


def load_examples(sources: list[str] | None = None) -> list[Example]:
    """Every flat comment of the real sources, as examples."""
    return [example for flat in flat_threads(sources) for example in examples(flat)]


def fit(train: list[Example]) -> np.ndarray:
    """Weights maximising the log-likelihood of the true parents (Adam, full batch)."""
    usable = [example for example in train if example.answer is not None]
    rows = np.vstack([example.rows for example in usable])
    groups = np.repeat(np.arange(len(usable)), [len(example.rows) for example in usable])
    starts = np.cumsum([0] + [len(example.rows) for example in usable[:-1]])
    truth = starts + np.array([example.answer for example in usable])
    # Scale columns so one step size suits them all; weights are returned unscaled.
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    x = rows / scale
    weights = np.zeros(x.shape[1])
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    for step in range(1, STEPS + 1):
        scores = x @ weights
        top = np.maximum.reduceat(scores, starts)
        exp = np.exp(scores - top[groups])
        probability = exp / np.add.reduceat(exp, starts)[groups]
        gradient = (x * probability[:, None]).sum(axis=0) - x[truth].sum(axis=0)
        gradient = gradient / len(usable) + L2 * weights
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        weights -= 0.05 * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return weights / scale


def predict(weights: np.ndarray, example: Example) -> tuple[int, float]:
    """The chosen candidate's row and its softmax probability."""
    scores = example.rows @ weights
    exp = np.exp(scores - scores.max())
    best = int(np.argmax(scores))
    return best, float(exp[best] / exp.sum())


def isotonic(probabilities: list[float], correct: list[bool]) -> list[tuple[float, float]]:
    """Pool-adjacent-violators fit of correctness on probability, as at most 24 points."""
    order = np.argsort(probabilities, kind="stable")
    blocks: list[list[float]] = []  # [sum correct, count, mean probability]
    for k in order:
        blocks.append([float(correct[k]), 1.0, probabilities[k]])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            right = blocks.pop()
            left = blocks[-1]
            total = left[1] + right[1]
            left[2] = (left[2] * left[1] + right[2] * right[1]) / total
            left[0] += right[0]
            left[1] = total
    points = [(block[2], block[0] / block[1]) for block in blocks]
    if len(points) > CALIBRATION_POINTS:
        keep = np.linspace(0, len(points) - 1, CALIBRATION_POINTS).round().astype(int)
        points = [points[k] for k in sorted(set(keep))]
    return [(round(x, 4), round(y, 4)) for x, y in points]


def out_of_source(data: list[Example]) -> list[tuple[Example, int, float]]:
    """Each example predicted by a model trained on the other sources only."""
    sources = sorted({example.source for example in data})
    found = []
    for held in sources:
        weights = fit([example for example in data if example.source != held])
        for example in data:
            if example.source == held:
                found.append((example, *predict(weights, example)))
    return found


def calibrate(predictions: list[tuple[Example, int, float]]) -> dict[str, list]:
    """Calibration tables for choices of the post and of a comment, from held-out predictions."""
    tables = {}
    for kind in ("post", "comment"):
        chosen = [
            (probability, best == example.answer)
            for example, best, probability in predictions
            if (example.candidates[best] is None) == (kind == "post")
        ]
        tables[kind] = isotonic([p for p, _ in chosen], [c for _, c in chosen])
    return tables


def train(data: list[Example]) -> dict:
    """The weights file's content: weights fitted on every source, out-of-source calibration."""
    weights = fit(data)
    return {
        "format": "explorer-reply-model/1",
        "window": WINDOW,
        "features": list(FEATURES),
        "weights": {name: round(float(w), 5) for name, w in zip(FEATURES, weights, strict=True)},
        "calibration": calibrate(out_of_source(data)),
        "trained_on": {
            source: sum(example.source == source for example in data)
            for source in sorted({example.source for example in data})
        },
    }


def main() -> None:
    """Train on every real source and write (or with --check, print) the weights."""
    content = json.dumps(train(load_examples()), indent=1) + "\n"
    if "--check" in sys.argv:
        print(content)
    else:
        WEIGHTS.write_text(content, encoding="utf-8")
        print(f"wrote {WEIGHTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
