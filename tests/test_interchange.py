"""The explorer-thread/1 JSON: written then read gives back equal threads."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import interchange, parse_text
from explorer.model import Edge, Occurrence, Passage, RepeatGroup
from tests.strategies import threads


@st.composite
def analysed_threads(draw):
    """Generated threads with edges, repeats and external quotes between their nodes."""
    thread = draw(threads())
    ids = [node.id for node in thread.nodes]
    edges, repeats = [], []
    for later in range(1, len(ids)):
        earlier = draw(st.integers(0, later - 1))
        kind = draw(st.sampled_from(["reply", "addressed", "quote", "repeat", "duplicate"]))
        passage = None
        if kind in ("quote", "repeat", "duplicate"):
            passage = Passage("some words", (0, 10), (3, 13), 2, draw(st.booleans()))
            repeats.append(
                RepeatGroup(
                    "some words",
                    2,
                    (Occurrence(ids[earlier], (3, 13)), Occurrence(ids[later], (0, 10))),
                )
            )
        score = draw(st.floats(0, 1, allow_nan=False))
        edges.append(
            Edge(ids[later], ids[earlier], kind, draw(st.booleans()), "why", score, passage)
        )
    external = (Occurrence(ids[-1], (0, 1)),) if draw(st.booleans()) else ()
    problems = ("page says 3 comments, found 2",) if draw(st.booleans()) else ()
    return replace(
        thread,
        edges=tuple(edges),
        repeats=tuple(repeats),
        external_quotes=external,
        problems=problems,
        owner=draw(st.sampled_from([None, "Jim"])),
        platform=draw(st.sampled_from([None, "blog", "reddit"])),
    )


@given(analysed_threads())
@settings(max_examples=60, deadline=None)
def test_round_trip(thread):
    assert interchange.parse(interchange.write([thread])) == [thread]


def test_sniffed_among_formats():
    document = interchange.write([])
    assert interchange.sniff(document)
    with pytest.raises(ExplorerError, match="no threads found"):
        parse_text(document, "empty.json")


def _doc(nodes: str) -> str:
    return '{"threads": [{"id": "t", "nodes": [' + nodes + "]}]}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"threads": [}', "line 1, column 14: invalid JSON"),
        ('{"schema": "explorer-thread/9", "threads": []}', "unsupported schema"),
        ('{"threads": [{"title": "no id or nodes"}]}', "thread 1: missing field 'id'"),
        (_doc('{"id": "t/1", "text": 123}'), "node t/1: text must be a string or null, not 123"),
        (_doc('{"id": "t/1", "author": ["x"]}'), "node t/1: author must be a string or null"),
        (_doc('{"id": "t/1", "kind": 5}'), "node t/1: unknown kind 5"),
        (_doc('{"id": "t/1"}, {"id": "t/1"}'), "node t/1: the id is used twice"),
        (_doc('{"id": "t/1", "parent": 1}'), "node t/1: parent must be a string or null"),
        ("[1, 2]", 'expected a JSON object with a "threads" list'),
        ('{"threads": [{"id": "t", "source": ["a"], "nodes": []}]}', "source must be a string"),
        ('{"threads": [{"id": "t", "problems": [1], "nodes": []}]}', "problems must be a list"),
        ('{"threads": [{"id": {}, "nodes": []}]}', "id must be a string"),
        ('{"threads": [7]}', "thread 1: expected an object"),
        ('{"threads": [{"id": "t", "nodes": [{"id": "t/1"}], "edges": [{"source": "t/1", '
         '"target": "t/1", "kind": "reply", "evidence": 5}]}]}', "evidence, text must be strings"),
    ],
)
def test_malformed_documents_say_what_is_wrong(text, message):
    with pytest.raises(ExplorerError, match=message) as caught:
        interchange.parse(text, "bad.json")
    assert str(caught.value).startswith("bad.json: ")


def test_stated_parents_become_a_tree_as_every_reader_makes_them():
    # 1 -> 2 -> 1 is a loop, 3 is its own parent, 4 and 5 answer t/9, which is not there.
    text = _doc(
        '{"id": "t/0", "kind": "post"}, {"id": "t/1", "parent": "t/2"}, '
        '{"id": "t/2", "parent": "t/1"}, {"id": "t/3", "parent": "t/3"}, '
        '{"id": "t/4", "parent": "t/9"}, {"id": "t/5", "parent": "t/9"}'
    )
    [thread] = interchange.parse(text, "loops.json")
    assert [(n.id, n.kind, n.parent, n.stated) for n in thread.nodes] == [
        ("t/0", "post", None, False), ("t/1", "comment", None, True),
        ("t/2", "comment", "t/1", False), ("t/3", "comment", None, True),
        ("t/missing:9", "missing", None, False), ("t/4", "comment", "t/missing:9", True),
        ("t/5", "comment", "t/missing:9", True),
    ]
    assert thread.problems == (
        "replies to messages not in the input: 2 (9); each hangs under a stand-in for its "
        "parent (missing:<id>)",
        "reply loops cut: 2 (1, 3); the first comment of each loop answers the post",
    )
    # What was read is a tree now: written and read again, it stays as it is.
    assert interchange.parse(interchange.write([thread])) == [thread]


def test_reply_edges_carry_confidence_and_passages_score():
    edges = [
        Edge("t/2", "t/1", "reply", True, "To anon", 0.8),
        Edge("t/2", "t/1", "quote", False, "quoted", 0.9, Passage("a b", (0, 3), (4, 7), 2)),
    ]
    records = [interchange.edge_to_dict(edge) for edge in edges]
    assert records[0]["confidence"] == 0.8 and "score" not in records[0]
    assert records[1]["score"] == 0.9 and records[1]["source_span"] == [0, 3]
    assert json.loads(json.dumps(records)) == records


def test_edges_must_join_nodes_of_the_thread():
    text = (
        '{"threads": [{"id": "t", "nodes": [{"id": "t/1"}],'
        ' "edges": [{"source": "t/1", "target": "t/0", "kind": "reply"}]}]}'
    )
    with pytest.raises(ExplorerError, match="edge t/1 -> t/0: no node 't/0'"):
        interchange.parse(text, "bad.json")


def test_unpaired_surrogates_become_replacement_characters():
    text = _doc('{"id": "t/1", "text": "bad \\ud800 here", "author": "x\\udfff"}')
    thread = parse_text(text, "s.json")[0]
    node = thread.nodes[0]
    assert (node.text, node.author) == ("bad \ufffd here", "x\ufffd")
    assert thread.problems == ("unpaired surrogate characters replaced by U+FFFD",)
    assert interchange.write([thread]).encode("utf-8")
