"""Exports of hostile ids, keys, text and values: readable, exact after unescaping, nothing
merged or dropped (issue 26), through networkx, csv, pandas and ConvoKit's files."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter

import networkx as nx
import pandas
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer import read_paths
from explorer.export import (
    META_PREFIX,
    convokit_corpus,
    csv_tables,
    escape_xml,
    export_bytes,
    unescape_xml,
)
from explorer.export.records import thread_records
from explorer.model import Node, Thread
from tests.strategies import hostile_text, hostile_threads


def same(value):
    """A value compared with NaN equal to itself (and -0.0 to 0.0, as text does not tell)."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {key: same(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [same(item) for item in value]
    return value


def xml_expected(threads):
    """Nodes and edges as the XML formats promise them: None left out, sequences and
    mappings as JSON text, one type per attribute (ints beside floats are floats;
    anything beside text or booleans is text)."""
    records = thread_records(threads)
    nodes = {node: data for node, data in records.nodes()}
    edges = [(s, t, k, d) for s, t, k, d in records.edges()]
    kinds: dict[str, set[type]] = {}
    for data in [*nodes.values(), *(d for *_, d in edges)]:
        for name, value in data.items():
            if value is not None:
                kinds.setdefault(name, set()).add(
                    str if isinstance(value, list | tuple | dict) else type(value))

    def typed(data):
        typed = {}
        for name, value in data.items():
            if value is None:
                continue
            if isinstance(value, list | tuple | dict):
                value = json.dumps(list(value) if isinstance(value, tuple) else value,
                                   ensure_ascii=False)
            elif len(kinds[name]) > 1 and kinds[name] & {str, bool}:
                value = str(value)
            elif kinds[name] == {int, float}:
                value = float(value)
            typed[name] = same(value)
        return typed

    return ({node: typed(data) for node, data in nodes.items()},
            Counter((s, t, k, json.dumps(typed(d), sort_keys=True)) for s, t, k, d in edges))


def unescaped(value):
    return unescape_xml(value) if isinstance(value, str) else same(value)


def xml_read_back(fmt, threads):
    data = export_bytes(threads, fmt)
    if fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    else:
        graph = nx.MultiDiGraph(nx.read_gexf(io.BytesIO(data)))
    nodes = {unescape_xml(node): {unescape_xml(k): unescaped(v) for k, v in d.items()}
             for node, d in graph.nodes(data=True)}
    edges = Counter(
        (unescape_xml(s), unescape_xml(t), k, json.dumps(
            {unescape_xml(n): unescaped(v) for n, v in d.items() if n != "id"}, sort_keys=True))
        for s, t, k, d in graph.edges(keys=True, data=True)
    )
    return nodes, edges


def hostile_thread():
    """Ids that differ only in an XML-illegal character, keys and values holding them."""
    nodes = (
        Node(id="T/x\x01", kind="comment", position=0, label="x\x01", text="a\x00b\x0cc\rd",
             meta=(("k\ufffe", "v\x02"), ("note\x01", 1))),
        Node(id="T/x\x02", kind="comment", position=1, label="x\x02", text="\ue001 as is",
             parent="T/x\x01", meta=(("note\x01", "text"), ("note\x02", [1, {"a": None}]))),
        Node(id="T/x\ufffd", kind="comment", position=2, label="x\ufffd", text="\ufffe",
             author="@SUM(A1)", meta=(("nan", math.nan), ("inf", -math.inf))),
    )
    return Thread(id="T", nodes=nodes, title="=HYPERLINK(\"http://x\",\"y\")\r")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_illegal_characters_keep_nodes_apart_and_files_readable(fmt):
    thread = hostile_thread()
    nodes, edges = xml_read_back(fmt, [thread])
    assert sorted(nodes) == ["T/x\x01", "T/x\x02", "T/x\ufffd"]  # none merged
    expected_nodes, expected_edges = xml_expected([thread])
    assert nodes == {node: ({**data, "label": data["label"]}) for node, data in
                     expected_nodes.items()}
    assert edges == expected_edges
    assert nodes["T/x\x01"]["text"] == "a\x00b\x0cc\rd"
    assert nodes["T/x\x01"][f"{META_PREFIX}k\ufffe"] == "v\x02"
    # a column with a number in one node and text in another is text
    assert nodes["T/x\x01"][f"{META_PREFIX}note\x01"] == "1"
    assert nodes["T/x\x02"][f"{META_PREFIX}note\x02"] == '[1, {"a": null}]'
    assert nodes["T/x\ufffd"][f"{META_PREFIX}inf"] == -math.inf


def test_the_xml_escape_is_reversible_and_injective():
    texts = ["x\x01", "x\x02", "x\ue001", "x\ue0fd\ue001", "x\ufffe", "x\ue0fe", "\ue0fd", ""]
    escaped = [escape_xml(text) for text in texts]
    assert len(set(escaped)) == len(texts)
    assert [unescape_xml(text) for text in escaped] == texts
    assert escape_xml("x\x01") == "x\ue001"  # as the README says: U+00XX as U+E0XX
    assert escape_xml("plain text\n\t\r") == "plain text\n\t\r"


def test_meta_nan_inf_lists_and_objects_are_kept_in_every_format(tmp_path):
    table = tmp_path / "comments.jsonl"
    table.write_text(
        '{"id": "1", "text": "a", "thread_id": "t", "n": NaN, "big": 1e400, '
        '"tags": ["x", 2], "profile": {"name": "Zoë", "karma": -3}}\n'
        '{"id": "2", "parent_id": "1", "text": "b", "thread_id": "t", "n": 2}\n'
    )
    threads = read_paths([str(table)])
    meta = dict(threads[0].nodes[0].meta)
    assert math.isnan(meta["n"]) and meta["big"] == math.inf
    assert meta["tags"] == ["x", 2] and meta["profile"] == {"name": "Zoë", "karma": -3}
    linked = json.loads(export_bytes(threads, "json"))["nodes"][0]
    assert math.isnan(linked["meta.n"]) and linked["meta.big"] == math.inf
    assert linked["meta.tags"] == ["x", 2] and linked["meta.profile"]["name"] == "Zoë"
    for fmt in ("graphml", "gexf"):
        nodes, _ = xml_read_back(fmt, threads)
        assert nodes["t/1"]["meta.n"] == "NaN" and nodes["t/2"]["meta.n"] == 2.0
        assert nodes["t/1"]["meta.big"] == math.inf
        assert json.loads(nodes["t/1"]["meta.profile"]) == {"name": "Zoë", "karma": -3}
    row = next(csv.DictReader(io.StringIO(csv_tables(threads)["nodes.csv"])))
    assert (row["meta.n"], row["meta.big"], json.loads(row["meta.tags"])) == ("nan", "inf",
                                                                             ["x", 2])
    lines = convokit_corpus(threads)["utterances.jsonl"].split("\n")[:-1]
    utterance = next(u for u in map(json.loads, lines) if u["id"] == "t/1")
    assert utterance["meta"]["profile"] == {"name": "Zoë", "karma": -3}


def test_a_lone_carriage_return_is_quoted_and_reads_back_whole(tmp_path, run):
    thread = hostile_thread()
    rows = list(csv.DictReader(io.StringIO(csv_tables([thread], raw=True)["nodes.csv"],
                                           newline="")))
    assert [row["text"] for row in rows] == [node.text for node in thread.nodes]
    table = tmp_path / "t.csv"
    table.write_text('id,parent_id,author,text\n1,,"Ann\rBee",one\n2,1,Cy,"two\rlines"\n',
                     newline="")
    result = run("stats", table, "--by", "author", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    authors = [row["author"] for row in csv.DictReader(io.StringIO(result.stdout, newline=""))]
    assert sorted(authors) == ["Ann\rBee", "Cy"]


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(list(value) if isinstance(value, tuple) else value,
                          ensure_ascii=False)
    return str(value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_threads(), min_size=1, max_size=2,
                unique_by=lambda thread: thread.id))
def test_hostile_threads_round_trip_through_every_export(threads):
    records = thread_records(threads)
    # GraphML and GEXF through networkx, exact once unescaped
    expected = xml_expected(threads)
    for fmt in ("graphml", "gexf"):
        assert xml_read_back(fmt, threads) == expected
    # node-link JSON through json and networkx, native values
    graph = nx.node_link_graph(json.loads(export_bytes(threads, "json")), edges="links")
    assert {n: same(d) for n, d in graph.nodes(data=True)} == {
        n: same(d) for n, d in records.nodes()}
    # CSV through csv and pandas, exact with raw cells
    tables = csv_tables(threads, raw=True)
    nodes = list(csv.reader(io.StringIO(tables["nodes.csv"], newline="")))
    header = nodes[0]
    assert nodes[1:] == [[csv_cell({"id": n, **d}.get(name)) for name in header]
                         for n, d in records.nodes()]
    frame = pandas.read_csv(io.StringIO(tables["nodes.csv"], newline=""), dtype=str,
                            keep_default_na=False)
    assert list(frame.columns) == header and frame.values.tolist() == nodes[1:]
    edges = list(csv.reader(io.StringIO(tables["edges.csv"], newline="")))
    assert len(edges) == 1 + sum(1 for _ in records.edges())
    # ConvoKit's files as JSON
    files = convokit_corpus(threads)
    utterances = [json.loads(line) for line in files["utterances.jsonl"].split("\n")[:-1]]
    by_id = {u["id"]: u for u in utterances}
    for thread in threads:
        for node in thread.nodes:
            assert by_id[node.id]["text"] == node.text
            meta = by_id[node.id]["meta"]
            assert all(same(meta[name]) == same(value) for name, value in node.meta
                       if name not in {"kind", "label", "position", "published", "author",
                                       "author_inferred", "depth", "stand_in"})
    assert set(json.loads(files["speakers.json"])) == {u["speaker"] for u in utterances}


@given(hostile_text)
def test_escape_xml_round_trips_any_text(text):
    escaped = escape_xml(text)
    assert unescape_xml(escaped) == text
    assert not any(char in escaped for char in "\x00\x01\x0b\x0c\x1f\ufffe\uffff")
