"""Broken inputs in every format give threads or one-line ExplorerErrors, never tracebacks."""

from __future__ import annotations

import random

import pytest

from explorer.errors import ExplorerError
from explorer.formats import FORMATS, parse_text
from tests.paths import FORMATS as DATA

FIXTURES = sorted(path.name for path in DATA.iterdir() if path.is_file())


def variants(text: str, seed: int) -> list[str]:
    """Cut-off copies and copies with a few characters swapped for syntax characters."""
    rng = random.Random(seed)
    step = max(1, len(text) // 25)
    cut = [text[:end] for end in range(1, len(text), step)]
    mutated = []
    for _ in range(25):
        chars = list(text)
        for _ in range(3):
            chars[rng.randrange(len(chars))] = rng.choice("{}[]<>\"',:\n=&;# -")
        mutated.append("".join(chars))
    return cut + mutated


@pytest.mark.parametrize("name", FIXTURES)
def test_broken_copies_never_raise_anything_but_explorer_error(name):
    text = (DATA / name).read_text(encoding="utf-8")
    for index, variant in enumerate(variants(text, seed=len(name))):
        for module in FORMATS:
            try:
                parse_text(variant, name, format=module.NAME)
            except ExplorerError as err:
                assert "\n" not in str(err), (module.NAME, index, str(err))
