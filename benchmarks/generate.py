"""Deterministic synthetic threads with planted quotes and repeats, and the truth about them.

Words come from a Zipf-like vocabulary, so short phrases recur by chance as in real text.
Each comment is about 80 words, by an author drawn from a pool where a few write much.
Some comments carry a passage copied from the original words of an earlier node (same
thread mostly, sometimes another thread): exact (8-60 words, a third of them 8-12), edited
(10-60 words with a word changed, dropped or added per 25 words), ellipsised (two pieces
joined by "…"), in quotation marks (2-60 words), a whole comment copied (a duplicate), or a
passage repeated inside one comment. What must make no passage is there too: stock phrases
that many unrelated comments use, and per-author sign-offs (a name line, or a mail-style
``-- `` signature of 8-16 words that also goes to ``Node.signature``, as mail readers do).

    python benchmarks/generate.py 1000 > corpus.json      # explorer-thread JSON on stdout
    python benchmarks/generate.py 1000 --jsonl > c.jsonl  # {"id", "author", "text"} lines
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.model import Node, Thread  # noqa: E402

BOILERPLATE = "Sent from my phone so please excuse the typos and the brevity of this message"
STOCK_PHRASES = 40  # phrases of 8-14 words, each used by many unrelated comments
STOCK_RATE = 0.15  # share of comments using a stock phrase
SIGNED = 0.3  # share of authors who sign every comment


@dataclass(frozen=True, slots=True)
class Plant:
    """A planted passage: where it was put (source) and where it was copied from (target)."""

    kind: str  # exact, short, edited, ellipsis, marked, duplicate, internal
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


def _authors(rng: random.Random, count: int, vocabulary: list[str]) -> list[tuple[str, str]]:
    """(name, sign-off) per author; the sign-off is "", a name line or a ``-- `` signature."""
    authors = []
    for number in range(count):
        name = f"{rng.choice(vocabulary).title()} {rng.choice(vocabulary).title()}{number}"
        sign = ""
        if rng.random() < SIGNED:
            if rng.random() < 0.5:
                sign = f"Cheers,\n{name}"
            else:
                motto = " ".join(rng.choices(vocabulary, k=rng.randint(6, 14)))
                sign = f"-- \n{name}\n{motto}"
        authors.append((name, sign))
    return authors


def generate(
    comments: int, seed: int = 1, plant_rate: float = 0.2
) -> tuple[list[Thread], list[Plant]]:
    """Return threads holding about ``comments`` comments, and the passages planted in them."""
    rng = random.Random(seed)
    vocabulary, cumulative = _vocabulary(rng)

    def prose(count: int) -> str:
        chosen = rng.choices(vocabulary, cum_weights=cumulative, k=count)
        out, since = [], 0
        for word in chosen:
            out.append(word)
            since += 1
            if since > 6 and rng.random() < 0.12:
                out[-1] += "."
                since = 0
        return " ".join(out) + "."

    stock = [BOILERPLATE] + [
        " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(8, 14)))
        for _ in range(STOCK_PHRASES - 1)
    ]
    authors = _authors(rng, max(20, comments // 8), vocabulary)
    activity, total = [], 0.0  # cumulative: rng.choices would sum the weights at each call
    for rank in range(len(authors)):
        total += 1.0 / (rank + 1) ** 0.8
        activity.append(total)
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
                target_id, _, target_text = rng.choice(local or originals)
                text, plant = _plant(rng, node_id, own, target_id, target_text)
                plants.append(plant)
                copied = plant.kind == "duplicate"  # its own words are not in it
            elif position and rng.random() < STOCK_RATE:
                phrase = rng.choice(stock)
                text = own + "\n\n" + phrase if rng.random() < 0.5 else phrase + ". " + own
            name, sign = rng.choices(authors, cum_weights=activity)[0]
            nodes.append(
                Node(id=node_id, kind="post" if position == 0 else "comment",
                     position=position, label=label, text=text + ("\n\n" + sign if sign else ""),
                     author=name, signature=sign if sign.startswith("-- ") else None)
            )
            if not copied:
                originals.append((node_id, number, own))
        made += size
        threads.append(Thread(id=tid, nodes=tuple(nodes)))
    return threads, plants


def _edit(rng: random.Random, chosen: list[str]) -> list[str]:
    """The words with one edit (changed, dropped or added word) per 25 words, none at the ends."""
    edited = list(chosen)
    for _ in range(1 + len(chosen) // 25):
        at = rng.randint(2, len(edited) - 3)
        change = rng.random()
        if change < 0.4:
            edited[at] = "changed"
        elif change < 0.7:
            del edited[at]
        else:
            edited.insert(at, "added")
    return edited


def _plant(rng: random.Random, node_id: str, own: str, target_id: str, target: str):
    """Put a passage of ``target`` into ``own``; return the new text and the plant."""
    target_words = target.split()
    kind = rng.choice(["exact", "short", "edited", "edited", "ellipsis", "marked", "marked",
                       "duplicate", "internal"])
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
    size = {
        "marked": rng.choice([rng.randint(2, 7), rng.randint(8, 60)]),
        "short": rng.randint(8, 12),
        "edited": rng.choice([rng.randint(10, 14), rng.randint(15, 60)]),
        "ellipsis": rng.randint(20, 60),
    }.get(kind, rng.randint(8, 60))
    size = min(size, len(target_words))
    start = rng.randint(0, len(target_words) - size)
    chosen = target_words[start : start + size]
    if kind == "edited":
        chosen = _edit(rng, chosen)
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


def write_jsonl(threads: list[Thread], out) -> None:
    """Write one {"id", "author", "text"} line per node in posting order, the reference's input.

    The reference compares authors as numbers: each name gets one, each nameless node its own.
    """
    numbers: dict[str | None, int] = {}
    for thread in threads:
        for node in sorted(thread.nodes, key=lambda node: node.position):
            key = node.author or node.id
            author = numbers.setdefault(key, len(numbers))
            record = {"id": node.id, "author": author, "text": node.text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(make: Callable[[int], tuple[list[Thread], list[Plant]]]) -> None:
    """Write the corpus ``make`` gives for argv's size (1,000 by default) to stdout: as
    explorer-thread JSON, or as JSON Lines with ``--jsonl``."""
    generated, _ = make(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    if "--jsonl" in sys.argv:
        write_jsonl(generated, sys.stdout)
    else:
        from explorer.formats import interchange

        print(interchange.write(generated))


if __name__ == "__main__":
    main(generate)
