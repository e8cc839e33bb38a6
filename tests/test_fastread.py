"""The fast paths of reading, each pinned to the general result it stands for."""

from __future__ import annotations

import gc
import json
import os
import re
from datetime import UTC, datetime, timedelta, timezone
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import collector, formats
from explorer.errors import ExplorerError
from explorer.formats import (
    _encodable,
    _may_hold_surrogates,
    _without_surrogates,
    interchange,
    mbox,
    spill,
    table,
)
from explorer.formats.htmltext import _LOOKS_LIKE_HTML, looks_like_html
from explorer.formats.records import Record, _depth_first, is_scalar, parse_time, scalar_meta
from explorer.formats.reddit import DumpItem
from explorer.formats.spill import Spill
from explorer.formats.table import Row
from explorer.formats.tablerows import _AFTER_LONE_CR, _cut_at_lone_cr
from explorer.model import Edge, Node, Occurrence, Passage, RepeatGroup, Thread

# Lone surrogates often, among plain and astral characters.
risky_text = st.text(st.sampled_from("ab é\ud800\udbff\udc00\udfff\U0001f600"), max_size=6)
meta_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), risky_text),
    lambda inner: st.one_of(st.lists(inner, max_size=2), st.tuples(inner, inner),
                            st.dictionaries(risky_text, inner, max_size=2)),
    max_leaves=4,
)


@st.composite
def risky_threads(draw) -> Thread:
    """A thread whose every kind of field may hold a lone surrogate somewhere."""
    nodes = tuple(
        Node(
            id=f"t/{position}", kind="comment", position=position, label=draw(risky_text),
            text=draw(risky_text), parent=draw(st.none() | risky_text),
            author=draw(st.none() | risky_text),
            published=draw(st.none() | st.just(datetime(2020, 1, 1, tzinfo=UTC))),
            signature=draw(st.none() | risky_text), span=draw(st.none() | st.just((0, 3))),
            meta=tuple(draw(st.lists(st.tuples(risky_text, meta_values), max_size=2))),
        )
        for position in range(draw(st.integers(0, 4)))
    )
    passage = st.builds(Passage, risky_text, st.just((0, 1)), st.just((1, 2)), st.integers())
    edges = draw(st.lists(st.builds(
        Edge, risky_text, risky_text, st.just("reply"), evidence=risky_text,
        passage=st.none() | passage), max_size=2))
    repeats = draw(st.lists(st.builds(
        RepeatGroup, risky_text, st.integers(),
        st.lists(st.builds(Occurrence, risky_text, st.just((0, 1))), max_size=2).map(tuple)),
        max_size=2))
    return Thread(
        id=draw(risky_text), nodes=nodes, title=draw(st.none() | risky_text),
        source=draw(st.none() | risky_text), edges=tuple(edges), repeats=tuple(repeats),
        problems=tuple(draw(st.lists(risky_text, max_size=2))),
    )


@settings(max_examples=300)
@given(risky_threads(), st.sampled_from([1, 3, 4096]))
def test_the_one_search_for_surrogates_agrees_with_the_walk(thread, at_once):
    walked = _without_surrogates(thread)
    with patch.object(formats, "_SEARCHED_AT_ONCE", at_once):  # searched in parts, or at once
        assert _may_hold_surrogates(thread) is (walked is not thread)
        cleaned = _encodable(thread)
    if walked is thread:
        assert cleaned is thread
    else:
        assert cleaned.nodes == walked.nodes and cleaned.edges == walked.edges
        assert cleaned.problems[0] == "unpaired surrogate characters replaced by U+FFFD"


class Label(str):
    """Text of a subclass, which marshal cannot write: such a record is pickled."""


zones = st.sampled_from([None, UTC, timezone(timedelta(0), "Z0"), timezone(timedelta(hours=-5))])
moments = st.builds(lambda moment, zone, fold: moment.replace(tzinfo=zone, fold=fold),
                    st.datetimes(), zones, st.integers(0, 1))
records = st.builds(
    Record, label=st.text(max_size=3) | st.text(max_size=2).map(Label), text=st.text(max_size=5),
    parent=st.none() | st.text(max_size=3), author=st.none() | st.text(max_size=3),
    published=st.none() | moments, post=st.booleans(), stated=st.booleans(),
    meta=st.none() | st.dictionaries(st.text(max_size=3), meta_values, max_size=3),
    signature=st.none() | st.text(max_size=3),
)
items = st.one_of(
    st.builds(DumpItem, records, st.none() | st.text(max_size=3),
              st.none() | st.dictionaries(st.text(max_size=3), meta_values, max_size=2)),
    st.builds(Row, records, st.none() | st.text(max_size=3), st.none() | st.text(max_size=3),
              st.text(max_size=3) | st.tuples(st.text(max_size=3), st.none() | st.text())),
    records,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(items, max_size=6))
def test_items_written_with_marshal_come_back_as_pickle_gives_them(added):
    with Spill(0) as kept:
        kept.extend((None, item) for item in added)
        assert kept.on_disk == bool(added)
        back = list(kept.items())
    # repr tells True from 1, 1.0 from 1, -0.0 from 0.0, a zone's name and a time's fold.
    assert [repr(item) for item in back] == [repr(item) for item in added]
    assert [type(item.label if isinstance(item, Record) else item.record.label)
            for item in back] == [type(item.label if isinstance(item, Record)
                                       else item.record.label) for item in added]


def test_a_plain_record_is_written_with_marshal():
    record = Record("1", "text", published=datetime(2024, 1, 2, tzinfo=UTC), meta={"a": [1.5]})
    with Spill(0) as kept:
        assert kept._dumped(record)[0] != 0  # not the pickle's tag
        assert kept._dumped(Record(Label("1"), "text"))[0] == 0


class Count(int):
    """A number of a subclass: it takes the general path of ``scalar_meta``."""


json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=2),
                         st.just(""), st.integers().map(Count), st.lists(st.integers(), max_size=1))


@given(st.dictionaries(st.sampled_from("abcd"), json_scalars))
def test_scalar_meta_keeps_what_is_scalar_says(item):
    names = "dcbax"
    general = {name: item[name] for name in names
               if is_scalar(item.get(name)) and item[name] != ""}
    fast = scalar_meta(item, names)
    assert repr(fast) == repr(general)


cells = st.one_of(st.none(), st.text(st.sampled_from(" \t\n\u3000\xa0ab1"), max_size=4),
                  st.integers(), st.floats(allow_nan=False), st.booleans())


@given(cells, st.booleans())
def test_a_text_cell_is_read_as_the_general_rule_reads_it(cell, strip):
    if cell is None:
        general = None
    else:
        value = int(cell) if isinstance(cell, float) and cell.is_integer() else cell
        text = value if isinstance(value, str) else str(value)
        text = text.strip() if strip else text
        general = text if text.strip() else None
    assert table._string(cell, strip) == general


@given(st.lists(st.text(st.sampled_from("a,\r\n\t "), max_size=6), max_size=5))
def test_lines_are_cut_at_lone_carriage_returns_only(lines):
    general = [part for line in lines
               for part in (filter(None, _AFTER_LONE_CR.split(line)) if "\r" in line else [line])]
    assert list(_cut_at_lone_cr(lines)) == general


@given(st.integers(-10**13, 10**13) | st.integers())
def test_a_unix_time_as_a_number_reads_as_the_same_time_in_text(seconds):
    def read(value):
        try:
            return parse_time(value)
        except ValueError:
            return "error"

    general = read(f" {seconds}")  # white space: the path of any text
    assert read(seconds) == general and read(str(seconds)) == general


@given(st.text(st.sampled_from("<>&ap; #x1b/"), max_size=8))
def test_text_without_markup_characters_is_never_taken_for_html(text):
    assert looks_like_html(text) == bool(_LOOKS_LIKE_HTML.search(text))


def _depth_first_by_sorting(order, parent):
    """The depth-first order as a sort by "is no post" and a generator per record give it."""
    children = {}
    for record in order:
        children.setdefault(parent.get(record.label), []).append(record)
    roots = sorted(children.get(None, []), key=lambda record: not record.post)
    result, stack = [], [(record, None) for record in reversed(roots)]
    while stack:
        record, above = stack.pop()
        result.append((record, above))
        stack.extend((kid, record.label) for kid in reversed(children.get(record.label, [])))
    return result


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 12)), max_size=12))
def test_records_come_depth_first_as_the_general_walk_orders_them(shape):
    order = [Record(str(i), "", post=post) for i, (post, _) in enumerate(shape)]
    # Parents only earlier in the order, so there is no loop, as after cut_loops.
    parent = {str(i): str(above) if above < i else None for i, (_, above) in enumerate(shape)}
    assert _depth_first(order, parent, [], None) == _depth_first_by_sorting(order, parent)


class Knot:
    """An object in a cycle with itself: only the cycle collector frees it."""

    alive = most = 0

    def __init__(self) -> None:
        self.me = self
        Knot.alive += 1
        Knot.most = max(Knot.most, Knot.alive)

    def __del__(self) -> None:
        Knot.alive -= 1


def _knotted(count: int):
    for number in range(count):
        assert not gc.isenabled()
        Knot()  # cyclic garbage, made as a reader might
        yield "k", number


def test_reading_pauses_the_collector_yet_frees_the_cycles_it_makes():
    gc.collect()
    Knot.alive = Knot.most = 0
    with Spill() as kept, patch.object(spill, "_YOUNG_EVERY", 100):
        kept.extend(_knotted(5_000))
        assert gc.isenabled() and Knot.most <= 101
    gc.disable()
    try:
        with Spill() as kept:
            kept.extend(_knotted(10))
            assert not gc.isenabled()  # the caller's choice stands
        gc.collect()
    finally:
        gc.enable()


def test_the_collector_runs_again_when_reading_fails():
    def failing():
        yield "k", 1
        raise ExplorerError("bad line")

    with Spill() as kept, pytest.raises(ExplorerError):
        kept.extend(failing())
    assert gc.isenabled()


def test_each_item_of_a_join_is_made_with_the_collector_paused_and_handed_on_with_it_running():
    def made():
        for number in range(3):
            assert not gc.isenabled()
            yield number
        raise ExplorerError("bad join")

    taken = []
    with pytest.raises(ExplorerError):
        for number in collector.each_paused(made()):
            assert gc.isenabled()
            taken.append(number)
    assert taken == [0, 1, 2] and gc.isenabled()


def _escaped(text: str, upper: bool) -> str:
    """JSON of the text with every non-ASCII character escaped, the hex digits in upper case
    when asked (both are JSON)."""
    dumped = json.dumps(text)
    return re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m[1].upper(), dumped) if upper else dumped


@settings(max_examples=200, deadline=None)
@given(st.lists(risky_text, min_size=1, max_size=4), st.booleans(), st.booleans())
def test_a_document_read_without_the_surrogate_walk_is_read_as_with_it(tmp_path_factory, texts,
                                                                       upper, bad_name):
    # A surrogate comes from a JSON escape (either case) or from a file name not in UTF-8.
    nodes = ", ".join(f'{{"id": "t/{n}", "text": {_escaped(text, upper)}}}'
                      for n, text in enumerate(texts))
    name = os.fsdecode(b"bad\xff.json") if bad_name else "good.json"
    path = tmp_path_factory.mktemp("doc") / name
    path.write_text('{"schema": "explorer-thread/1", "threads": [{"id": "t", "nodes": ['
                    + nodes + "]}]}", encoding="utf-8")
    walked = formats.parse_text(path.read_text("utf-8"), str(path), "json")  # walked whole
    assert formats.read_paths([str(path)]) == walked


def test_escapes_of_surrogates_are_seen_across_pieces():
    # The second text has one escape: cut as 'x"\\', 'u', 'd800"', its start is seen only
    # when a piece shorter than two characters keeps the one before it in the tail.
    for text in ('x"\\ud800"yz \\\\u00e9 \\uDC00', 'x"\\ud800"'):
        for cut in range(len(text) + 1):
            for second in range(cut, len(text) + 1):
                watch = formats._EscapeWatch([text[:cut], text[cut:second], text[second:]])
                assert "".join(watch) == text and watch.seen
    plain = formats._EscapeWatch(['"\\u00e9 \\', "n\\", 'u00e8 d"'])
    assert "".join(plain) and not plain.seen


@given(st.binary() | st.text(st.sampled_from("\r\nFa:")).map(str.encode))
def test_a_head_is_cut_into_the_lines_the_plain_split_gives(head):
    assert list(mbox._head_lines(head)) == head.replace(b"\r\n", b"\n").split(b"\n")


json_values = st.none() | st.text(max_size=2) | st.integers() | st.booleans() | st.floats() \
    | st.lists(st.none(), max_size=1) | st.dictionaries(st.just("a"), st.none())


def _checked(check, nodes) -> str:
    try:
        check(Thread("t", tuple(nodes)))
    except ExplorerError as err:
        return str(err)
    return "passed"


@given(st.lists(st.tuples(st.sampled_from(["t/1", "t/2", "t/3"]), json_values, json_values),
                max_size=4))
def test_nodes_are_checked_at_once_as_one_by_one(fields):
    nodes = [Node(node_id, "comment", n, str(n), "text", parent=parent, author=author)
             for n, (node_id, parent, author) in enumerate(fields)]
    assert _checked(interchange._check_nodes, nodes) == _checked(
        lambda thread: interchange._check_each_node(thread.nodes), nodes)
