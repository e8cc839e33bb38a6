"""Train the reply model on real threads shown flat, and write explorer/detect/reply_weights.json.

    python benchmarks/train_replies.py            # train on every source, write the weights
                                                  # (and reply_held_out.json, see HELD_OUT)
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
from explorer.detect import Options  # noqa: E402
from explorer.detect.choice import addressing_cue  # noqa: E402
from explorer.detect.cues import find_cues  # noqa: E402
from explorer.detect.index import index_thread  # noqa: E402
from explorer.detect.owner import find_owner  # noqa: E402
from explorer.detect.passages import find_passages  # noqa: E402
from explorer.detect.replies import NEAREST, find_candidates  # noqa: E402
from explorer.detect.reply_model import FEATURES, WEIGHTS, Model, Profile  # noqa: E402
from explorer.detect.signatures import find_signatures  # noqa: E402

HELD_OUT = Path(__file__).with_name("reply_held_out.json")  # for tests: no retraining there
L2 = 0.01  # per comment; enough to keep rare features (names, quotes) from running away
STEPS = 200  # converged: the weights agree with 600 steps to 0.01
CALIBRATION_POINTS = 24
MIN_LINKS = 50  # fewer true reply links say too little of how often a choice is right
MIN_CHOICES = 20  # nor do fewer choices of a kind
LINK_GRID = tuple(round(0.05 * k, 2) for k in range(4, 17))  # link_below values tried


@dataclass(frozen=True, slots=True)
class Example:
    """One flat comment: its options' feature rows and which of them is its parent."""

    source: str
    rows: np.ndarray
    options: tuple[int | None, ...]  # None: the post (or top level)
    answer: int | None  # row of the true parent; None when it is not among the options
    truth_is_comment: bool  # the true parent is a comment (a reply link to find)
    previous: int | None  # row of the latest earlier comment, the baseline's choice
    address: tuple[int | None, float] | None  # an addressing cue's row and score: it decides


def examples(flat: Flat) -> list[Example]:
    """The examples of one flat thread, read through the runtime's index, cues and candidates."""
    # What analyse runs before reply inference: sign-offs, and the quotes cues go by.
    thread = find_passages(find_signatures(flat.thread), Options())
    index = index_thread(thread, find_owner(thread))
    profile = Profile(index)
    found = []
    for i, node in enumerate(thread.nodes):
        if node.kind != "comment" or node.id not in flat.truth:
            continue
        candidates = find_candidates(index, i, find_cues(index, i))
        options = profile.options(i, [candidate.target for candidate in candidates])
        parent = flat.truth[node.id]
        target = None if parent is None else index.positions[parent]
        answer = options.index(target) if target in options else None
        cues = {c.target: c.cues[0] for c in candidates if c.cues}
        rows = np.array(profile.features_many([(i, options, cues)])[0], dtype=float)
        earlier = [j for j in options if j is not None]
        previous = options.index(max(earlier)) if earlier else None  # the latest earlier node
        address = None
        addressed = addressing_cue(candidates)
        if addressed is not None:
            named = None if addressed[0] == index.post else addressed[0]
            address = (options.index(named) if named in options else None, addressed[1].score)
        found.append(
            Example(
                flat.source, rows, tuple(options), answer, target is not None, previous, address
            )
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
    # Every source weighs the same, so the largest cannot teach its own habits as the rule.
    sizes = {
        source: sum(e.source == source for e in usable) for source in {e.source for e in usable}
    }
    share = np.array([len(usable) / (len(sizes) * sizes[e.source]) for e in usable])
    # Scale columns so one step size suits them all; weights are returned unscaled.
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    x = rows / scale
    observed = x[truth].T @ share  # the features of the true parents, weighed
    weights = np.zeros(x.shape[1])
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    for step in range(1, STEPS + 1):
        scores = x @ weights
        top = np.maximum.reduceat(scores, starts)
        exp = np.exp(scores - top[groups])
        probability = exp / np.add.reduceat(exp, starts)[groups]
        gradient = (x.T @ (probability * share[groups]) - observed) / len(usable) + L2 * weights
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        weights -= 0.05 * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return weights / scale


def probabilities(weights: np.ndarray, example: Example) -> np.ndarray:
    """The softmax probability of each of the example's options."""
    scores = example.rows @ weights
    exp = np.exp(scores - scores.max())
    return exp / exp.sum()


def pick(probability: np.ndarray, link_below: float) -> tuple[int, float]:
    """The runtime's choice (reply_model.decide, before calibration): the most likely comment
    when the post's probability is below ``link_below``, else the post; and its probability."""
    if len(probability) > 1 and probability[0] < link_below:
        best = 1 + int(np.argmax(probability[1:]))
        return best, float(probability[best])
    return 0, float(probability[0])


def isotonic(probabilities: list[float], correct: list[bool]) -> list[tuple[float, float]]:
    """Pool-adjacent-violators fit of correctness on probability, as at most 24 points.

    Equal probabilities start in one block (a cue's score is one of a few values).
    """
    tied: dict[float, list[float]] = {}
    for probability, right in zip(probabilities, correct, strict=True):
        block = tied.setdefault(probability, [0.0, 0.0, probability])
        block[0] += right
        block[1] += 1
    blocks: list[list[float]] = []  # [sum correct, count, mean probability]
    for probability in sorted(tied):
        blocks.append(tied[probability])
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


class Fits:
    """Weights fitted on the examples without some sources, each set fitted once: the
    held-out models and their calibrations need the same fits many times over."""

    def __init__(self, data: list[Example]) -> None:
        self.data = data
        self.sources = sorted({example.source for example in data})
        self.found: dict[frozenset[str], np.ndarray] = {}

    def without(self, excluded: frozenset[str]) -> np.ndarray:
        """The weights fitted on every source but ``excluded``."""
        if excluded not in self.found:
            self.found[excluded] = fit([e for e in self.data if e.source not in excluded])
        return self.found[excluded]


def out_of_source(fits: Fits, excluded: frozenset[str]) -> list[tuple[Example, np.ndarray]]:
    """Each example of the sources not ``excluded``, with its option probabilities by a model
    trained on the other sources (and not on ``excluded``) only."""
    found = []
    for held in fits.sources:
        if held in excluded:
            continue
        weights = fits.without(excluded | {held})
        for example in fits.data:
            if example.source == held:
                found.append((example, probabilities(weights, example)))
    return found


def link_f(choices: list[tuple[Example, int]]) -> float:
    """The F of reply links (a comment linked to an earlier comment) among these choices."""
    made = sum(example.options[best] is not None for example, best in choices)
    right = sum(
        example.options[best] is not None and best == example.answer for example, best in choices
    )
    truths = sum(example.truth_is_comment for example, _ in choices)
    return 2 * right / (made + truths) if made + truths else 0.0


def tune(scored: list[tuple[Example, np.ndarray]]) -> float:
    """The LINK_GRID value of ``link_below`` with the best link F, averaged over sources
    (each scored out of source) that have replies to comments."""
    sources = sorted({e.source for e, _ in scored if e.truth_is_comment})

    def mean_f(link_below: float) -> float:
        choices = [(e, _model_choice(e, p, link_below)) for e, p in scored]
        return sum(
            link_f([(e, best) for e, best in choices if e.source == source]) for source in sources
        ) / max(len(sources), 1)

    return max(LINK_GRID, key=mean_f)


def _model_choice(example: Example, probability: np.ndarray, link_below: float) -> int:
    """The row the runtime chooses: the addressing cue's when there is one, else the model's."""
    if example.address is not None:
        row = example.address[0]
        return 0 if row is None else row
    return pick(probability, link_below)[0]


def choices(
    scored: list[tuple[Example, np.ndarray]], link_below: float
) -> list[tuple[Example, int, float]]:
    """The model's choices (example, row, probability) under ``link_below``."""
    return [(example, *pick(probability, link_below)) for example, probability in scored]


def calibrate(predictions: list[tuple[Example, int, float]]) -> dict[str, list]:
    """Calibration tables from held-out predictions: the model's choices of the post and of a
    comment (probability -> share right), and addressing cues (the rules' score -> share right).

    Each source with at least MIN_LINKS true reply links gets its own isotonic fit, and the
    table keeps the lowest of them at each point: a confidence holds on every source seen,
    not on their mix.
    """
    sources = sorted({example.source for example, _, _ in predictions})
    linked = {
        source: sum(e.truth_is_comment for e, _, _ in predictions if e.source == source)
        for source in sources
    }
    tables = {}
    for kind in ("post", "comment", "cue"):
        fits = []
        for source in sources:
            chosen = [
                _judged(example, best, probability, kind)
                for example, best, probability in predictions
                if example.source == source
            ]
            chosen = [pair for pair in chosen if pair is not None]
            if len(chosen) >= MIN_CHOICES and linked[source] >= MIN_LINKS:
                fits.append(Model({}, {kind: tuple(isotonic(*zip(*chosen, strict=True)))}))
        grid = [k / CALIBRATION_POINTS for k in range(CALIBRATION_POINTS + 1)]
        tables[kind] = (
            [(round(x, 4), round(min(fit.confidence(x, kind) for fit in fits), 4)) for x in grid]
            if fits
            else []
        )
    return tables


def _judged(
    example: Example, best: int, probability: float, kind: str
) -> tuple[float, bool] | None:
    """(what the confidence is read from, whether it was right) for a choice of this kind."""
    if example.address is not None:
        row, score = example.address
        return (score, row == example.answer) if kind == "cue" else None
    if kind == "cue" or (example.options[best] is None) != (kind == "post"):
        return None
    return probability, best == example.answer


def held_out_model(data: list[Example], held: str, fits: Fits | None = None) -> Model:
    """The model (weights, link rule and calibration) trained on every source but ``held``."""
    return trained(fits or Fits(data), frozenset({held}))


def trained(fits: Fits, excluded: frozenset[str] = frozenset()) -> Model:
    """The model fitted on every source but ``excluded``: weights, then the link rule and the
    calibration, both read from each source scored by a model trained on the others."""
    weights = fits.without(excluded)
    scored = out_of_source(fits, excluded)
    link_below = tune(scored)
    return Model(
        dict(zip(FEATURES, weights, strict=True)),
        calibrate(choices(scored, link_below)),
        link_below,
    )


def held_out_models(data: list[Example], fits: Fits | None = None) -> dict:
    """HELD_OUT's content: for each source, the model trained on the others."""
    fits = fits or Fits(data)
    models = {}
    for held in fits.sources:
        model = held_out_model(data, held, fits)
        models[held] = {
            "weights": {name: round(float(w), 5) for name, w in model.weights.items()},
            "calibration": dict(model.calibration),
            "link_below": model.link_below,
        }
    return {"format": "explorer-reply-models/1", "features": list(FEATURES), "models": models}


def read_held_out(path: Path = HELD_OUT) -> dict[str, Model]:
    """The held-out models train_replies.py stored, by the source each was not trained on."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        source: Model(
            {name: float(value) for name, value in model["weights"].items()},
            {kind: tuple(map(tuple, table)) for kind, table in model["calibration"].items()},
            model["link_below"],
        )
        for source, model in data["models"].items()
    }


def train(data: list[Example], fits: Fits | None = None) -> dict:
    """The weights file's content: weights fitted on every source, out-of-source link rule
    and calibration."""
    model = trained(fits or Fits(data))
    return {
        "format": "explorer-reply-model/1",
        "window": NEAREST,
        "features": list(FEATURES),
        "weights": {name: round(float(w), 5) for name, w in model.weights.items()},
        "link_below": model.link_below,
        "calibration": dict(model.calibration),
        "trained_on": {
            source: sum(example.source == source for example in data)
            for source in sorted({example.source for example in data})
        },
    }


def main() -> None:
    """Train on every real source and write (or with --check, print) the weights."""
    data = load_examples()
    fits = Fits(data)
    content = json.dumps(train(data, fits), indent=1) + "\n"
    if "--check" in sys.argv:
        print(content)
        return
    WEIGHTS.write_text(content, encoding="utf-8")
    held_out = json.dumps(held_out_models(data, fits), indent=1) + "\n"
    HELD_OUT.write_text(held_out, encoding="utf-8")
    print(f"wrote {WEIGHTS} and {HELD_OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
