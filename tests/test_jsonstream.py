"""A JSON document read piece by piece gives what json.loads gives, errors included."""

from __future__ import annotations

import json
import random
import tracemalloc
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import jsonstream
from explorer.formats.jsondata import load_json
from explorer.formats.jsonstream import pieces

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(["a", "b", "items", "é"]), inner,
                                            max_size=3)),
    max_leaves=20,
)
documents = st.one_of(
    st.dictionaries(st.sampled_from(["items", "schema", "x"]), values, max_size=3),
    st.fixed_dictionaries({"items": st.lists(values, max_size=5)}),
    st.lists(values, max_size=5),
    values,
)


def chunks(text: str, sizes: list[int]) -> list[str]:
    """The text cut into pieces of the given sizes, in turn (the last piece the rest)."""
    parts, start = [], 0
    for size in sizes:
        parts.append(text[start:start + size])
        start += size
    return [*parts, text[start:]]


def _assembled(texts, key):
    """What the pieces make when put back together, as json.loads would build it."""
    members: dict = {}
    whole = missing = object()
    for piece in pieces(texts, "doc.json", key, 10**9):
        if piece.index is not None:
            (members[piece.key] if piece.key is not None else whole).append(piece.value)
        elif piece.key is not None:
            members[piece.key] = piece.value  # a repeated name: the last wins
        else:
            whole = piece.value
    return members if whole is missing else whole


def _outcome(read):
    try:
        return read()
    except ExplorerError as err:
        return f"error: {err}"


def _whole(text):
    return _outcome(lambda: load_json(text, "doc.json"))


def _streamed(text, sizes, window, key="items"):
    with patch.object(jsonstream, "WINDOW", window):
        return _outcome(lambda: _assembled(chunks(text, sizes), key))


CUT = " (the text ends there: cut short?)"
indents = st.sampled_from([None, 0, 2, "\t"])
cuts = st.lists(st.integers(0, 40), max_size=30)
windows = st.integers(1, 70)


@settings(max_examples=100, deadline=None)
@given(documents, indents, cuts, windows, st.sampled_from(["items", None]))
def test_any_document_read_in_pieces_is_the_document(document, indent, sizes, window, key):
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    assert _streamed(text, sizes, window, key) == json.loads(text)


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(documents, indents, cuts, windows, st.data())
def test_a_damaged_document_gives_the_error_json_gives(document, indent, sizes, window, data):
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    at = data.draw(st.integers(0, len(text)))
    damage = data.draw(st.sampled_from(["cut", "drop", "insert"]))
    if damage == "cut":
        text = text[:at]
    elif damage == "drop":
        text = text[:at] + text[at + 1:]
    else:
        text = text[:at] + data.draw(st.sampled_from(list(',:]}[{"\\ 1e-x\n'))) + text[at:]
    assert _streamed(text, sizes, window) == _whole(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"items": [1, 2', "line 1, column 16: invalid JSON: Expecting ',' delimiter" + CUT),
        ('{"items": [1,\n  2,\n  "unended',
         "line 3, column 3: invalid JSON: Unterminated string starting at" + CUT),
        ('{"items": []}\n\n  x', "line 3, column 3: invalid JSON: Extra data"),
        ('{"items": [1 2]}', "line 1, column 14: invalid JSON: Expecting ',' delimiter"),
        ('{"a" 1}', "line 1, column 6: invalid JSON: Expecting ':' delimiter"),
        ("", "line 1, column 1: invalid JSON: Expecting value" + CUT),
        # Cut inside a word: the file ends there, as much as inside a string.
        ('{"items": [tr', "line 1, column 12: invalid JSON: Expecting value" + CUT),
        ('{"items": [1,\n  fals\n', "line 2, column 3: invalid JSON: Expecting value" + CUT),
        ('{"items": [-', "line 1, column 12: invalid JSON: Expecting value" + CUT),
        ('{"items": [nul, 2]}', "line 1, column 12: invalid JSON: Expecting value"),
        ('{"items": [trux', "line 1, column 12: invalid JSON: Expecting value"),
    ],
)
def test_errors_name_line_and_column_of_the_whole_text(text, message):
    assert _whole(text) == f"error: doc.json: {message}"
    for size in (1, 3, 1000):
        assert _streamed(text, [size] * len(text), 1) == f"error: doc.json: {message}"


def test_the_array_comes_first_empty_then_item_by_item():
    text = '{"schema": 1, "items": [{"a": 1}, [2], "three"], "x": {"items": [4]}}'
    found = [(p.key, p.index, p.value) for p in pieces([text], "d", "items", 10**9)]
    assert found == [("schema", None, 1), ("items", None, []), ("items", 0, {"a": 1}),
                     ("items", 1, [2]), ("items", 2, "three"), ("x", None, {"items": [4]})]


def test_a_value_past_the_limit_is_refused():
    text = '{"items": ["' + "x" * 5000 + '"]}'
    with patch.object(jsonstream, "WINDOW", 100), \
            pytest.raises(ExplorerError, match="a JSON value longer than"):
        list(pieces(chunks(text, [100] * 60), "big.json", "items", 2000))


def test_memory_follows_the_item_being_read_not_the_document():
    item = json.dumps({"text": "words " * 2000, "n": list(range(100))})
    count = 300

    def document():  # made as it is read, so that only the reader holds any of it
        yield '{"items": ['
        for k in range(count):
            yield item + ("," if k < count - 1 else "")
        yield "]}"

    tracemalloc.start()
    with patch.object(jsonstream, "WINDOW", 20_000):
        read = sum(piece.index is not None for piece in pieces(document(), "d", "items", 10**9))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert read == count
    assert peak < len(item) * count / 10  # about 4 MB of text; a few items held at most


def test_random_cuts_of_a_long_document_agree(tmp_path):
    rng = random.Random(7)
    document = {"items": [{"id": k, "t": "é\\\"" * rng.randint(0, 50), "v": rng.random()}
                          for k in range(200)], "schema": "s"}
    text = json.dumps(document, indent=2)
    for _ in range(20):
        sizes = [rng.randint(1, 500) for _ in range(400)]
        assert _streamed(text, sizes, rng.randint(1, 3000)) == document
