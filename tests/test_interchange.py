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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"threads": [}', "line 1, column 14: invalid JSON"),
        ('{"schema": "explorer-thread/9", "threads": []}', "unsupported schema"),
        ('{"threads": [{"title": "no id or nodes"}]}', "malformed thread record"),
        ("[1, 2]", 'expected a JSON object with a "threads" list'),
    ],
)
def test_malformed_documents_say_what_is_wrong(text, message):
    with pytest.raises(ExplorerError, match=message) as caught:
        interchange.parse(text, "bad.json")
    assert str(caught.value).startswith("bad.json: ")


def test_reply_edges_carry_confidence_and_passages_score():
    edges = [
        Edge("t/2", "t/1", "reply", True, "To anon", 0.8),
        Edge("t/2", "t/1", "quote", False, "quoted", 0.9, Passage("a b", (0, 3), (4, 7), 2)),
    ]
    records = [interchange.edge_to_dict(edge) for edge in edges]
    assert records[0]["confidence"] == 0.8 and "score" not in records[0]
    assert records[1]["score"] == 0.9 and records[1]["source_span"] == [0, 3]
    assert json.loads(json.dumps(records)) == records
