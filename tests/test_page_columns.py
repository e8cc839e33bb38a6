"""A big thread's page data in less memory: packed columns, cells made as they are encoded.

Each column kind is pinned to its plain rule (the list of its cells, ``json.dumps`` of that
list), the runs of counted words to the words of each text, the stated replies to the set of
pairs they replaced, and the page's data to a ceiling on what it holds per comment.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from array import array
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.graph import edge_attributes
from explorer.model import STATED_REPLY
from explorer.render import assets, build_network, network
from explorer.render.columns import Column, mapped, numbers
from explorer.render.figures import thread_figures
from explorer.text import count_words
from explorer.tree import reply_tree
from tests.strategies import threads
from tests.test_graphmem import edged_threads
from tests.test_thread_memory import star

integers = st.lists(st.integers(-(2 ** 63), 2 ** 63 - 1), max_size=40)
doubles = st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=40)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@given(integers | doubles, st.integers(1, 5))
def test_a_packed_column_encodes_as_the_list_of_its_numbers(values, items):
    packed = array("d" if any(isinstance(v, float) for v in values) else "q", values)
    column = numbers(packed)
    assert list(column) == values and column == values and len(column) == len(values)
    assert "".join(assets.json_parts({"c": column, "n": 1}, items)) == \
        _dumps({"c": values, "n": 1})


@given(st.lists(st.text(max_size=4) | st.none(), max_size=30), st.integers(1, 5))
def test_a_mapped_column_encodes_as_the_function_of_each_item(items, run):
    column = mapped(items, lambda item: item and f"<{item}>")
    expected = [item and f"<{item}>" for item in items]
    assert list(column) == expected
    assert "".join(assets.script_json_parts({"c": column})) == \
        "".join(assets.script_json_parts({"c": expected}))
    assert "".join(assets.json_parts(column, run)) == _dumps(expected)


@given(st.lists(st.integers(0, 9), max_size=20), st.integers(-25, 25), st.integers(-25, 25),
       st.sampled_from([None, 1, 2, -1, 3]))
def test_a_column_is_indexed_and_sliced_as_its_list(values, start, stop, step):
    column = numbers(array("q", values))
    assert column[start:stop:step] == values[start:stop:step]
    for index in (start, stop):
        if -len(values) <= index < len(values):
            assert column[index] == values[index]
        else:
            with pytest.raises(IndexError):
                column[index]
    if values:
        assert column.index(values[-1]) == values.index(values[-1])


def test_a_column_equals_its_list_and_is_no_dictionary_key():
    assert numbers(array("q", [1, 2])) == [1, 2] != numbers(array("q", [2, 1]))
    assert numbers(array("q")) == [] and numbers(array("q")) != "" and Column(0, list) == ()
    with pytest.raises(TypeError):
        hash(numbers(array("q", [1])))


@given(st.lists(st.sampled_from([0.05, -0.15, 110.0, 2.675]) | st.floats(-1e6, 1e6),
                max_size=40), st.integers(1, 6))
def test_positions_rounded_a_run_at_a_time_are_each_rounded_to_a_tenth(values, run):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(network, "ROUND_RUN", run)
        rounded = network._rounded(array("d", values))
    assert rounded.tolist() == [round(value, 1) for value in values]


@settings(max_examples=40, deadline=None)
@given(threads(), st.integers(1, 4))
def test_words_counted_a_run_of_texts_at_a_time_are_each_texts_words(thread, run):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(network, "WORD_RUN", run)
        words = network._words(thread.nodes)
    assert list(words) == [count_words(node.text) for node in thread.nodes]


@settings(max_examples=60, deadline=None)
@given(edged_threads())
def test_stated_parents_become_edges_when_no_reply_edge_carries_them(thread):
    pairs = {(edge.source, edge.target) for edge in thread.edges if edge.kind == "reply"}
    expected = [(node.id, node.parent) for node in thread.nodes
                if node.parent is not None and (node.id, node.parent) not in pairs]
    yielded = list(edge_attributes(thread))
    assert [(s, t) for s, t, _ in yielded[:len(expected)]] == expected
    assert all(a["evidence"] == STATED_REPLY for _, _, a in yielded[:len(expected)])
    assert len(yielded) == len(expected) + len(thread.edges)


def _chain(n: int):
    thread = star(n)
    return replace(thread, nodes=tuple(replace(node, parent=f"s/c{i - 1}" if i else None)
                                       for i, node in enumerate(thread.nodes)))


COMMENTS = 12_000


@pytest.mark.parametrize("shape", [star, _chain])
def test_a_big_threads_page_data_is_held_in_bounded_memory(shape):
    thread = shape(COMMENTS)
    figures = thread_figures(thread)
    reply_tree(thread)
    gc.collect()
    tracemalloc.start()
    try:
        network_, data = build_network(thread, figures=figures)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(data["nodes"]["time"]) == len(network_["nodes"]["x"]) == COMMENTS
    # Held as lists of Python objects (before session 6) it was 450 B a comment, its making
    # peaked at 720 (200 and 320 now).
    assert kept < COMMENTS * 280
    assert peak < COMMENTS * 450
