"""Threads of real sentences with planted quotes edited as people edit them, and the truth.

A second generator, independent of ``generate.py``: the words are English written by people
(the sentences of the real samples under ``../shared/data/real/``: mail, a mailing-list
table, Discourse, Reddit, Hacker News), not Zipf draws, so short phrases recur as they do
in real threads. Quoted lines, attribution lines and signatures are left out, and so is
every sentence sharing five words in a row with another one: the only long repeats are the
planted ones and the stock phrases. Comments are 1-4 sentences (posts 4-7), each sentence used once.

A fifth of comments quote 8-40 words of an earlier comment's own sentences (a fifth of
quotes across threads), starting at any word, and edited one of these ways:

- ``exact``: copied as it stands, on its own line or between two of the comment's sentences;
- ``inserted``: one or two words put in ("really", "just", ...);
- ``inflected``: one or two words with their ending changed (use/used/uses/using);
- ``unpunctuated``: punctuation dropped and case folded ("don't" becomes "dont");
- ``inline``: set inside one of the comment's sentences, unmarked;
- ``marked``: inline in quotation marks.

15% of comments carry one of 40 stock phrases (real sentences of 8-14 words): a passage they
make between unrelated comments is wrong.

    python benchmarks/generate_real.py 1000 --jsonl > c.jsonl  # {"id", "author", "text"} lines
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import Plant, main  # noqa: E402
from explorer.model import Node, Thread  # noqa: E402
from explorer.text import words  # noqa: E402

REAL = Path(__file__).resolve().parents[2] / "shared/data/real"
SOURCES = ("mail/fetchmail-users", "tables/r-sig-debian.parquet", "threads/mail_twisted",
           "threads/discourse_urho3d", "reddit/RC_2005-12.zst", "hn")
"""The samples under REAL read for sentences, besides the URS scrapes in SCRAPES."""
SCRAPES = "threads/reddit_urs"
EDITS = ("exact", "inserted", "inflected", "unpunctuated", "inline", "marked")
LENGTHS = ((8, 12), (13, 20), (21, 40))
STOCK_PHRASES = 40
STOCK_RATE = 0.15
_FILLERS = ("really", "just", "actually", "very", "also", "still", "quite", "indeed")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SHARED = 5  # a sentence sharing this many words in a row with another is left out
_SKIP_LINE = re.compile(r"^\s*(>|\||On .* wrote:?$|.* writes:$|-- ?$|_{5,}|-{5,}|={5,})")


def length_bucket(words: int) -> str:
    """The name of the length range a quote of ``words`` words falls in."""
    for low, high in LENGTHS:
        if words <= high:
            return f"{low}-{high}"
    return f"{LENGTHS[-1][1] + 1}+"


@cache
def real_sentences(root: Path = REAL, sources: tuple[str, ...] = SOURCES,
                   scrapes: str = SCRAPES) -> tuple[str, ...]:
    """Sentences of 5-40 words (as ``explorer.text.words`` cuts them) from the real samples
    (``sources`` and the URS scrapes in ``scrapes``, under ``root``), none sharing five words
    in a row with an earlier one, in a fixed order."""
    kept: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for text in _real_texts(root, sources, scrapes):
        lines = [line for line in text.splitlines() if not _SKIP_LINE.match(line)]
        for paragraph in re.split(r"\n\s*\n", "\n".join(lines)):
            for sentence in _SENTENCE.split(" ".join(paragraph.split())):
                found = words(sentence)
                # Prose: mostly words, not code, paths or numbers.
                if (not 5 <= len(found) <= 40
                        or len(_WORD.findall(sentence)) < 0.8 * len(sentence.split())):
                    continue
                grams = {tuple(found[i : i + _SHARED]) for i in range(len(found) - _SHARED + 1)}
                if not grams & seen:
                    kept.append(sentence)
                seen |= grams
    return tuple(kept)


def _real_texts(root: Path, sources: tuple[str, ...], scrapes: str) -> Iterator[str]:
    """The comments' own words in the real samples (signatures cut), in a fixed order."""
    from explorer.formats import read_paths

    for source in sources:
        for thread in read_paths([str(root / source)], on_error=lambda err: None):
            for node in thread.nodes:
                text = node.text
                if node.signature and node.signature in text:
                    text = text[: text.rfind(node.signature)]
                yield text
    for path in sorted((root / scrapes).glob("*.json")):
        yield from _texts_in(json.loads(path.read_text()))


def _texts_in(value) -> Iterator[str]:
    """Strings under a "text" or "body" key anywhere in a JSON value (three URS layouts)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key.lower() in ("text", "body") and isinstance(inner, str):
                yield inner
            else:
                yield from _texts_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _texts_in(inner)


def generate_real(
    comments: int, seed: int = 1, plant_rate: float = 0.2,
    sentences: tuple[str, ...] | None = None,
) -> tuple[list[Thread], list[Plant]]:
    """Threads of about ``comments`` comments of real sentences (``real_sentences()``
    unless given), and the quotes planted.

    A plant's kind is ``EDITS`` entry and length range, as ``"inline 8-12"``.
    """
    rng = random.Random(seed)
    pool = list(real_sentences() if sentences is None else sentences)
    rng.shuffle(pool)
    stock = [s for s in pool[:2000] if 8 <= len(s.split()) <= 14][:STOCK_PHRASES]
    stocked = set(stock)
    unused = (s for s in pool if s not in stocked)
    authors = [f"user{number}" for number in range(max(20, comments // 6))]
    threads: list[Thread] = []
    plants: list[Plant] = []
    originals: list[tuple[str, str]] = []  # (node id, a run of its own words) of earlier nodes
    made = 0
    while made < comments:
        tid = f"r{len(threads)}"
        size = min(rng.randint(5, 80), comments - made)
        nodes = []
        first_original = len(originals)
        for position in range(size + 1):
            label = "post" if position == 0 else str(position)
            node_id = f"{tid}/{label}"
            try:
                own = [next(unused) for _ in range(rng.randint(1, 4) + 3 * (position == 0))]
            except StopIteration:
                raise SystemExit(f"the real samples hold too few sentences for {comments:,} "
                                 "comments") from None
            text = " ".join(own)
            pieces = [text]  # runs of the node's own words, which later quotes draw on
            if position and len(originals) > first_original and rng.random() < plant_rate:
                local = originals[first_original:] if rng.random() < 0.8 else originals
                target_id, target_text = rng.choice(local)
                text, plant = _plant(rng, node_id, own, target_id, target_text)
                plants.append(plant)
                pieces = [text[: plant.source_span[0]], text[plant.source_span[1] :]]
            elif position and rng.random() < STOCK_RATE:
                phrase = rng.choice(stock)
                text = text + "\n\n" + phrase if rng.random() < 0.5 else phrase + " " + text
            nodes.append(Node(id=node_id, kind="post" if position == 0 else "comment",
                              position=position, label=label, text=text,
                              author=rng.choice(authors)))
            originals += [(node_id, piece) for piece in pieces
                          if len(piece.split()) >= LENGTHS[0][0]]
        made += size
        threads.append(Thread(id=tid, nodes=tuple(nodes)))
    return threads, plants


def _inflect(word: str) -> str:
    """The word with another ending: use/used/uses, work/worked/working."""
    stem = word.rstrip(".,;:!?")
    tail = word[len(stem) :]
    for ending, other in (("ing", "ed"), ("ed", "ing"), ("es", ""), ("s", ""), ("e", "ed")):
        if stem.endswith(ending) and len(stem) > len(ending) + 2:
            return stem[: len(stem) - len(ending)] + other + tail
    return stem + "s" + tail


def _edit(rng: random.Random, kind: str, chosen: list[str]) -> list[str]:
    """The quoted words with the edits of ``kind``, never on the first or last two words."""
    edited = list(chosen)
    edits = 1 + (len(chosen) >= 20)
    inner = list(range(2, len(chosen) - 2))
    for at in sorted(rng.sample(inner, min(edits, len(inner))), reverse=True):
        if kind == "inserted":
            edited.insert(at, rng.choice(_FILLERS))
        elif kind == "inflected":
            edited[at] = _inflect(edited[at])
    if kind == "unpunctuated":
        edited = [w for w in (re.sub(r"[^\w\s]", "", word).lower() for word in edited) if w]
    return edited


def _plant(rng: random.Random, node_id: str, own: list[str], target_id: str, target: str):
    """Put an edited quote of ``target`` among the sentences ``own``; the text and plant."""
    kind = rng.choice(EDITS)
    target_words = target.split()
    low, high = rng.choice(LENGTHS)
    size = min(rng.randint(low, high), len(target_words))
    start = rng.randint(0, len(target_words) - size)
    chosen = target_words[start : start + size]
    quote = " ".join(_edit(rng, kind, chosen))
    if kind in ("inline", "marked"):
        at = rng.randrange(len(own))
        words = own[at].split()
        cut = rng.randint(1, max(1, len(words) - 1))
        inside = f"“{quote.strip('.,;:')}”" if kind == "marked" else quote.rstrip(".")
        before = " ".join(own[:at] + words[:cut]) + " "
        text = before + inside + " " + " ".join(words[cut:] + own[at + 1 :])
        span = (len(before), len(before) + len(inside))
    elif rng.random() < 0.5:  # a paragraph of its own, before or after
        if rng.random() < 0.5:
            text, span = quote + "\n\n" + " ".join(own), (0, len(quote))
        else:
            body = " ".join(own) + "\n\n"
            text, span = body + quote, (len(body), len(body) + len(quote))
    else:  # a sentence between two of the comment's own
        at = rng.randint(0, len(own))
        before = " ".join(own[:at]) + (" " if at else "")
        text = before + quote + (" " + " ".join(own[at:]) if at < len(own) else "")
        span = (len(before), len(before) + len(quote))
    return text, Plant(f"{kind} {length_bucket(size)}", node_id, target_id, span, size)


if __name__ == "__main__":
    main(generate_real)
