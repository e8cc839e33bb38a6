"""Deterministic synthetic threads with planted quotes and repeats, and the truth about them.

Words come from a Zipf-like vocabulary, so short phrases recur by chance as in real text.
Each comment is about 80 words; some carry a passage copied from the original words of an
earlier node (same thread mostly, sometimes another thread): exact, edited (a word changed or
dropped), ellipsised (two pieces joined by "…"), in quotation marks (2-60 words), a whole
comment copied (a duplicate), or a passage repeated inside one comment. A few comments end
with boilerplate shared by many nodes, which must not make passages.

    python benchmarks/generate.py 1000 > corpus.json    # explorer-thread JSON on stdout
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.model import Node, Thread  # noqa: E402

BOILERPLATE = "Sent from my phone so please excuse the typos and the brevity of this message"


@dataclass(frozen=True, slots=True)
class Plant:
    """A planted passage: where it was put (source) and where it was copied from (target)."""

    kind: str  # exact, edited, ellipsis, marked, duplicate, internal
    source: str
    target: str
    source_span: tuple[int, int]
    words: int


def _vocabulary(rng: random.Random, size: int = 30_000) -> tuple[list[str], list[float]]:
    letters = "etaoinshrdlucmfwypvbgkjqxz"
    seen: set[str] = set()
    vocabulary = []
    while len(vocabulary) < size:
        word = "".join(rng.choice(letters) for _ in range(rng.randint(2, 9)))
        if word not in seen:
            seen.add(word)
            vocabulary.append(word)
    cumulative, total = [], 0.0
    for rank in range(1, size + 1):
        total += 1.0 / rank**0.9
        cumulative.append(total)
    return vocabulary, cumulative


def generate(
    comments: int, seed: int = 1, plant_rate: float = 0.2
) -> tuple[list[Thread], list[Plant]]:
    """Return threads holding about ``comments`` comments, and the passages planted in them."""
    rng = random.Random(seed)
    vocabulary, cumulative = _vocabulary(rng)

    def sentence_words(count: int) -> list[str]:
        return rng.choices(vocabulary, cum_weights=cumulative, k=count)

    def prose(count: int) -> str:
        chosen = sentence_words(count)
        out, since = [], 0
        for word in chosen:
            out.append(word)
            since += 1
            if since > 6 and rng.random() < 0.12:
                out[-1] += "."
                since = 0
        return " ".join(out) + "."

    threads: list[Thread] = []
    plants: list[Plant] = []
    # Original words of earlier nodes: (node id, thread number, text), drawn on for copies.
    originals: list[tuple[str, int, str]] = []
    made = 0
    while made < comments:
        number = len(threads)
        tid = f"t{number}"
        size = min(rng.randint(5, 120), comments - made)
        nodes: list[Node] = []
        first_original = len(originals)
        for position in range(size + 1):
            label = "post" if position == 0 else str(position)
            node_id = f"{tid}/{label}"
            own = prose(rng.randint(50, 110) if position else rng.randint(100, 200))
            text, copied = own, False
            pick = rng.random()
            if position and originals and pick < plant_rate:
                local = originals[first_original:] if rng.random() < 0.9 else originals
                if not local:
                    local = originals
                target_id, _, target_text = rng.choice(local)
                text, plant = _plant(rng, node_id, own, target_id, target_text, number)
                plants.append(plant)
                copied = plant.kind == "duplicate"  # its own words are not in it
            elif position and pick < plant_rate + 0.02:
                text = own + "\n\n" + BOILERPLATE
            nodes.append(
                Node(id=node_id, kind="post" if position == 0 else "comment",
                     position=position, label=label, text=text)
            )
            if not copied:
                originals.append((node_id, number, own))
        made += size
        threads.append(Thread(id=tid, nodes=tuple(nodes)))
    return threads, plants


def _plant(rng: random.Random, node_id: str, own: str, target_id: str, target: str, thread: int):
    """Put a passage of ``target`` into ``own``; return the new text and the plant."""
    target_words = target.split()
    kind = rng.choice(["exact", "exact", "edited", "ellipsis", "marked", "marked", "duplicate",
                       "internal"])
    if kind == "duplicate":
        return target, Plant("duplicate", node_id, target_id, (0, len(target)), len(target_words))
    if kind == "internal":
        own_words = own.split()
        size = rng.randint(8, min(30, len(own_words)))
        start = rng.randint(0, len(own_words) - size)
        passage = " ".join(own_words[start : start + size])
        text = own + "\n\n" + passage
        span = (len(own) + 2, len(text))
        return text, Plant("internal", node_id, node_id, span, size)
    if kind == "marked":
        size = rng.choice([rng.randint(2, 7), rng.randint(8, 60)])
    elif kind == "edited":
        size = rng.randint(16, 60)
    elif kind == "ellipsis":
        size = rng.randint(20, 60)
    else:
        size = rng.randint(8, 60)
    size = min(size, len(target_words))
    start = rng.randint(0, len(target_words) - size)
    chosen = target_words[start : start + size]
    if kind == "edited":
        at = rng.randint(size // 4, 3 * size // 4)
        if rng.random() < 0.5:
            chosen = chosen[:at] + ["changed"] + chosen[at + 1 :]
        else:
            chosen = chosen[:at] + chosen[at + 1 :]
    if kind == "ellipsis":
        cut = rng.randint(9, size - 10)
        gap = rng.randint(1, 3)
        passage = " ".join(chosen[:cut]) + " … " + " ".join(chosen[cut + gap :])
    else:
        passage = " ".join(chosen)
    if kind == "marked":
        passage = f"“{passage.strip('.,')}”"
    # Before or after the node's own words, never inside them, so that the own words stay
    # one run that later copies can take from.
    joint = " " if kind == "marked" else "\n\n"
    if rng.random() < 0.5:
        text, span = passage + joint + own, (0, len(passage))
    else:
        start = len(own) + len(joint)
        text, span = own + joint + passage, (start, start + len(passage))
    return text, Plant(kind, node_id, target_id, span, len(chosen))


if __name__ == "__main__":
    from explorer.formats import interchange

    generated, _ = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(interchange.write(generated))
