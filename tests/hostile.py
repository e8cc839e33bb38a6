"""Seeded generators of hostile inputs: the samples of every format, damaged many ways.

JSON samples get values swapped at random places for wrong types, huge or negative
numbers, odd strings and deep nesting; every other sample gets lines and characters
deleted, repeated, swapped or replaced, and numbers made huge. The same case number
always gives the same input.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from tests.paths import FORMATS, SEEDS

SAMPLES = sorted(
    [path for path in FORMATS.iterdir() if path.is_file()] + sorted(SEEDS.glob("*.txt"))[:2]
)
_ODD_STRINGS = (
    "", " ", "0", "-1", "t3_", "t1_x", "\x00", "\x1b[31m", "日本語", "a" * 300,
    "99999999999999999999", "1e300", "<b>", "&amp;", "2024-13-45T99:99:99Z", "null", "[]",
)  # fmt: skip
_ODD_NUMBERS = (0, -1, 1e300, -1e300, 10**20, 2**63, 1.5, float("nan"), float("inf"))


def _odd_value(rng: random.Random, depth: int = 0) -> object:
    """A JSON value of any type, often one a reader would not expect there."""
    choice = rng.randrange(8 if depth < 3 else 4)
    if choice == 0:
        return rng.choice((None, True, False))
    if choice == 1:
        return rng.choice(_ODD_NUMBERS)
    if choice in (2, 3):
        # An unpaired surrogate can come only from a JSON escape, never from decoded bytes.
        return rng.choice((*_ODD_STRINGS, "\ud800"))
    if choice == 4:
        return [_odd_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    if choice == 5:
        keys = ("id", "kind", "data", "children", "text", "parent_id", "kids", "source", "a")
        return {rng.choice(keys): _odd_value(rng, depth + 1) for _ in range(rng.randrange(3))}
    if choice == 6:
        return _nested(rng.choice((list, dict)), rng.choice((300, 1200, 3000)))
    return rng.choice(_ODD_NUMBERS)


# Too deep for json.dumps: a placeholder, written out as text by ``_dumps``.
_NESTED = re.compile(r'"@@nested (list|dict) (\d+)@@"')


def _nested(kind: type, depth: int) -> str:
    return f"@@nested {kind.__name__} {depth}@@"


def _dumps(document: object) -> str:
    def expand(match: re.Match[str]) -> str:
        depth = int(match.group(2))
        if match.group(1) == "list":
            return "[" * depth + "1" + "]" * depth
        return '{"children": ' * depth + "1" + "}" * depth

    return _NESTED.sub(expand, json.dumps(document))


def _places(value: object, path: tuple = ()) -> list[tuple]:
    """Every path into a JSON value (keys and indexes), the value itself first."""
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _places(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _places(child, (*path, index))
    return found


def _replace_at(value: object, path: tuple, new: object) -> object:
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _replace_at(value[head], rest, new)
    return copy


def damage_json(document: object, rng: random.Random, steps: int) -> object:
    """The document with ``steps`` values replaced by odd ones, or keys dropped."""
    for _ in range(steps):
        place = rng.choice(_places(document))
        if place and rng.random() < 0.2:
            parent_path, key = place[:-1], place[-1]
            parent = document
            for part in parent_path:
                parent = parent[part]
            shrunk = {k: v for k, v in parent.items() if k != key} if isinstance(
                parent, dict) else [v for i, v in enumerate(parent) if i != key]
            document = _replace_at(document, parent_path, shrunk)
        else:
            document = _replace_at(document, place, _odd_value(rng))
    return document


def damage_text(text: str, rng: random.Random, steps: int) -> str:
    """The text with ``steps`` line or character edits."""
    lines = text.split("\n")
    for _ in range(steps):
        index = rng.randrange(len(lines))
        edit = rng.randrange(7)
        if edit == 0 and len(lines) > 1:
            del lines[index]
        elif edit == 1:
            lines.insert(index, lines[index])
        elif edit == 2 and len(lines) > 1:
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        elif edit == 3:
            lines[index] = "".join(ch for ch in lines[index] if rng.random() > 0.1)
        elif edit == 4:
            lines[index] = "".join(
                rng.choice(("99999999999999999999", "-1", "0")) if ch.isdigit() else ch
                for ch in lines[index]
            )
        elif edit == 5:
            lines.insert(index, rng.choice(_ODD_STRINGS) * rng.choice((1, 3)))
        else:
            del lines[index + 1 :]
    return "\n".join(lines)


def hostile_input(case: int) -> tuple[str, str]:
    """Case number ``case``: a sample's file name and its damaged text."""
    rng = random.Random(case)
    sample = rng.choice(SAMPLES)
    text = sample.read_text(encoding="utf-8")
    steps = rng.randint(1, 4)
    if sample.suffix == ".json":
        text = _dumps(damage_json(json.loads(text), rng, steps))
    elif sample.suffix == ".jsonl":
        lines = [line for line in text.splitlines() if line.strip()]
        index = rng.randrange(len(lines))
        lines[index] = _dumps(damage_json(json.loads(lines[index]), rng, steps))
        text = "\n".join(lines) + "\n"
    else:
        text = damage_text(text, rng, steps)
    return sample.name, text


def sample_path(name: str) -> Path:
    return next(path for path in SAMPLES if path.name == name)
