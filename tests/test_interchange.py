"""The explorer-thread/1 JSON: written then read gives back equal threads."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import compression, interchange, jsonstream, parse_text, read_paths, spill
from explorer.model import Edge, Occurrence, Passage, RepeatGroup
from tests.strategies import threads
from tests.test_jsonstream import chunks


@st.composite
def analysed_threads(draw):
    """Generated threads with edges, repeats and external quotes between their nodes."""
    thread = draw(threads())
    # Each of a node's optional fields its own value, so that no two are read into each other.
    thread = replace(thread, nodes=tuple(
        replace(node, signature="Ann", author_inferred="Bea", span=(0, 1), stated=True,
                meta=(("score", 3), ("url", "https://example.org/c")))
        if node.kind == "comment" and draw(st.booleans()) else node
        for node in thread.nodes))
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


def _read_streaming(text: str, sizes: list[int], window: int):
    """The threads read_document gives for the text cut as ``sizes`` says (those before a
    None dropped, as the reader of a file drops them), or its error."""
    kept = []
    try:
        with patch.object(jsonstream, "WINDOW", window):
            for thread in interchange.read_document(chunks(text, sizes), "doc.json", 10**9):
                kept = [] if thread is None else [*kept, thread]
    except ExplorerError as err:
        return f"error: {err}"
    return kept


def _read_whole(text: str):
    try:
        return interchange.parse(text, "doc.json")
    except ExplorerError as err:
        return f"error: {err}"


cuts = st.lists(st.integers(1, 300), max_size=40)
windows = st.integers(1, 400)


@given(st.lists(analysed_threads(), max_size=4), cuts, windows, st.sampled_from([None, 2]))
@settings(max_examples=40, deadline=None)
def test_any_document_read_in_pieces_equals_the_whole_read(threads, sizes, window, indent):
    written = interchange.write([replace(t, id=f"t{k}") for k, t in enumerate(threads)])
    for text in (written, json.dumps(json.loads(written), indent=indent)):
        assert _read_streaming(text, sizes, window) == _read_whole(text)


_DAMAGES = (
    ('"explorer-thread/1"', '"explorer-thread/2"'), ('"nodes": [', '"nodes": 5, "x": ['),
    ('"id": "t1"', '"id": null'), ('"kind": "', '"kind": 1, "k": "'), ("}", "}}"),
    ('"threads": [', '"threads": [], "threads": ['), ('"threads": [', '"threads": 1, "t": ['),
    (': "', ': "\\x'), ("[", "[,"), (",", ",]"), ('"text": "', '"text": "\x01'),
)


@pytest.mark.slow
@given(st.lists(analysed_threads(), min_size=1, max_size=3), cuts, windows, st.data())
@settings(max_examples=150, deadline=None)
def test_a_damaged_document_read_in_pieces_fails_as_the_whole_read(threads, sizes, window, data):
    text = interchange.write([replace(t, id=f"t{k}") for k, t in enumerate(threads)])
    text += data.draw(st.sampled_from(["", '{"schema": "explorer-thread/1", "threads": []}']))
    how = data.draw(st.sampled_from(["cut", "replace", "schema last"]))
    if how == "cut":
        text = text[:data.draw(st.integers(0, len(text)))]
    elif how == "replace":
        old, new = data.draw(st.sampled_from(_DAMAGES))
        places = [k for k in range(len(text)) if text.startswith(old, k)] or [0]
        at = data.draw(st.sampled_from(places))
        text = text[:at] + text[at:].replace(old, new, 1)
    else:  # the schema after the threads: its error still comes before theirs
        document = json.loads(text.split("\n}")[0] + "\n}")
        schema = document.pop("schema")
        document["schema"] = data.draw(st.sampled_from([schema, "explorer-thread/0"]))
        text = json.dumps(document)
    assert _read_streaming(text, sizes, window) == _read_whole(text)


def _written(tmp_path, threads, name="corpus.json") -> Path:
    path = tmp_path / name
    path.write_text(interchange.write(threads), encoding="utf-8")
    return path


def _many_threads(count: int) -> list:
    """``count`` threads of a post and a reply each."""
    return interchange.parse(json.dumps({"threads": [
        {"id": f"t{k}", "nodes": [
            {"id": f"t{k}/0", "kind": "post", "text": "A post."},
            {"id": f"t{k}/1", "parent": f"t{k}/0", "text": "A reply to it, " + "long " * 40},
        ]} for k in range(count)]}))


def test_a_file_is_read_thread_by_thread_with_the_threads_of_the_whole_read(tmp_path):
    path = _written(tmp_path, _many_threads(300))
    with patch.object(jsonstream, "WINDOW", 4096):
        streamed = read_paths([str(path)])
    assert streamed == parse_text(path.read_text(), str(path)) and len(streamed) == 300
    assert [t.source for t in streamed[:2]] == [str(path)] * 2


def test_a_large_file_moves_its_threads_to_disk_and_keeps_their_order(tmp_path, monkeypatch):
    monkeypatch.setattr(spill, "LIMIT", 50)  # two nodes a thread: on disk from thread 26
    path = _written(tmp_path, _many_threads(120))
    assert [t.id for t in read_paths([str(path)])] == [f"t{k}" for k in range(120)]


def test_a_truncated_file_is_refused_whole_and_the_other_inputs_still_read(tmp_path, run):
    whole = interchange.write(_many_threads(50))
    cut = tmp_path / "cut.json"
    cut.write_text(whole[: len(whole) * 3 // 4], encoding="utf-8")
    good = _written(tmp_path, _many_threads(2), "good.json")
    result = run("stats", cut, good, "--format", "csv", "--jobs", "1")
    assert result.exit_code == 1
    with pytest.raises(ExplorerError) as whole:
        interchange.parse(cut.read_text(), str(cut))
    assert result.stderr.splitlines() == [f"Error: {whole.value}"]
    assert str(whole.value).startswith(f"{cut}: line ") and str(whole.value).endswith(
        " (the text ends there: cut short?)")
    assert [row.split(",")[0] for row in result.stdout.splitlines()[1:]] == ["t0", "t1"]


def test_a_compressed_file_is_streamed_past_the_limit_for_input_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "corpus.json.gz"
    path.write_bytes(gzip.compress(interchange.write(_many_threads(200)).encode()))
    monkeypatch.setattr(compression, "MAX_STREAMED", 100_000)  # below the file's 160 kB
    assert len(read_paths([str(path)])) == 200


def test_a_file_not_in_utf8_is_read_whole_and_a_pipe_is_refused(tmp_path, run):
    # Past the first 64 KiB that tell the format: found while streaming.
    text = interchange.write(_many_threads(1)).replace("A post.", "x" * 70_000 + " Café")
    path = tmp_path / "latin.json"
    path.write_bytes(text.encode("cp1252"))
    [thread] = read_paths([str(path)])
    assert thread.nodes[0].text.endswith("Café") and thread.problems == (
        "not UTF-8; decoded as cp1252",)
    result = run("stats", "-", input=text.encode("cp1252"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: <stdin>: byte ") and result.stderr.endswith(
        "not UTF-8 (invalid continuation byte); a json from standard input or a pipe must be "
        "UTF-8 (give its path instead)\n")


def test_an_empty_threads_list_and_a_bom_read_as_before(tmp_path):
    empty = _written(tmp_path, [], "empty.json")
    with pytest.raises(ExplorerError, match=r"empty.json: no threads found \(read as json\)"):
        read_paths([str(empty)])
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + interchange.write(_many_threads(2)).encode())
    assert read_paths([str(bom)]) == parse_text(bom.read_bytes().decode("utf-8-sig"), str(bom))


def test_standard_input_is_read_thread_by_thread_too(run):
    text = interchange.write(_many_threads(3))
    with patch.object(jsonstream, "WINDOW", 100):
        result = run("comments", "-", "--format", "json", "--jobs", "1", input=text)
    assert result.exit_code == 0, result.stderr
    read = interchange.parse(result.stdout)
    assert [(t.id, t.source, len(t.nodes)) for t in read] == [
        (f"t{k}", "<stdin>", 2) for k in range(3)]
