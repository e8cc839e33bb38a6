"""Broken inputs in every format give threads or one-line ExplorerErrors, never tracebacks."""

from __future__ import annotations

import random
import re

import pytest

from explorer.errors import ExplorerError
from explorer.formats import FORMATS, parse_text
from explorer.formats.jsondata import record_error
from tests.paths import FORMATS as DATA

# An exception's repr in a message ("KeyError('id')") tells a user nothing they can act on.
RAW_REPR = re.compile(r"\b(?:Key|Index|Type|Value|Attribute)Error\b|\w+Error\(")

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
        for found in FORMATS:
            try:
                parse_text(variant, name, format=found.name)
            except ExplorerError as err:
                assert "\n" not in str(err), (found.name, index, str(err))
                assert not RAW_REPR.search(str(err)), (found.name, index, str(err))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: {}["post_number"], "post 2: missing field 'post_number'"),
        (lambda: [][0], "post 2: expected more items in a list"),
        (lambda: None.get("id"), "post 2: expected an object, found null"),
        (lambda value=5: value["id"], "post 2: expected an object or a list, found a number"),
        (lambda value="text": value["id"], "post 2: expected an object, found a string"),
        (lambda: list(3), "post 2: expected a list, found a number"),
        (lambda: int("x"), "post 2: invalid literal for int() with base 10: 'x'"),
    ],
)
def test_record_errors_say_what_was_expected(make, message):
    with pytest.raises(Exception) as caught:
        make()
    error = record_error("post 2", caught.value, "d.json")
    assert (str(error), error.source) == (f"d.json: {message}", "d.json")
