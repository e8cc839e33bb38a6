"""Exports read back as the graph networkx itself writes from the same records: GraphML, GEXF
and node-link JSON through networkx's readers, CSV through csv, ConvoKit as its loader."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import replace

import networkx as nx
import pytest
from click.testing import CliRunner

from explorer import ExplorerError, analyse, read_paths
from explorer.cli import cli
from explorer.export import (
    EDGE_FIELDS,
    NODE_FIELDS,
    convokit_corpus,
    csv_tables,
    escape_xml,
    export,
    export_bytes,
    thread_records,
)
from explorer.graph import build_graph
from tests.handmade import bare_thread, handmade_thread
from tests.paths import FORMATS, REAL, SEEDS

THREADS = [handmade_thread(), bare_thread()]
# networkx adds these on reading (GEXF's edge ids, the readers' defaults); they are no
# attributes of ours.
GEXF_EXTRAS = {"id"}
READER_DEFAULTS = {"node_default", "edge_default", "mode"}


def networkx_graph(threads):
    """The graph of the threads' records, built by networkx as the exports were until they
    streamed: one MultiDiGraph holding everything."""
    records = thread_records(threads)
    graph = nx.MultiDiGraph(**records.attributes)
    for node, data in records.nodes():
        graph.add_node(node, **data)
    for source, target, key, data in records.edges():
        graph.add_edge(source, target, key=key, **data)
    return graph


def as_networkx_wrote_it(graph):
    """What the exports gave networkx's XML writers: no None, spans and other sequences
    as JSON text, one type per attribute (ints beside floats are floats; anything beside
    text or booleans is text), XML-illegal characters escaped."""
    def clean(data):
        return {escape_xml(k): escape_xml(json.dumps(list(v)) if isinstance(v, tuple | list)
                                          else json.dumps(v) if isinstance(v, dict) else v)
                if isinstance(v, str | tuple | list | dict) else v
                for k, v in data.items() if v is not None}

    clean_graph = nx.MultiDiGraph(**clean(graph.graph))
    for node, data in graph.nodes(data=True):
        clean_graph.add_node(escape_xml(node), **clean(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        clean_graph.add_edge(escape_xml(source), escape_xml(target), key=key, **clean(data))
    records = [d for _, d in clean_graph.nodes(data=True)]
    records += [d for *_, d in clean_graph.edges(data=True)]
    kinds: dict[str, set[type]] = {}
    for data in records:
        for name, value in data.items():
            kinds.setdefault(name, set()).add(type(value))
    for data in records:
        for name in data:
            if len(kinds[name]) > 1 and kinds[name] & {str, bool}:
                data[name] = str(data[name])
            elif kinds[name] == {int, float}:
                data[name] = float(data[name])
    return clean_graph


def read_back(fmt, data):
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(data))
    return nx.node_link_graph(json.loads(data), edges="links")


def networkx_wrote(fmt, graph):
    """The file networkx itself writes of ``graph``, read back."""
    if fmt == "json":
        return read_back(fmt, json.dumps(nx.node_link_data(graph, edges="links")).encode())
    buffer = io.BytesIO()
    write = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    write(as_networkx_wrote_it(graph), buffer)
    return read_back(fmt, buffer.getvalue())


def edge_multiset(graph):
    def key(data):
        return tuple(sorted((k, json.dumps(v)) for k, v in data.items()
                            if k not in GEXF_EXTRAS))

    if not graph.is_multigraph():  # GEXF reads a graph without parallel edges as a DiGraph
        return Counter((s, t, key(d)) for s, t, d in graph.edges(data=True))
    return Counter((s, t, k, key(d)) for s, t, k, d in graph.edges(keys=True, data=True))


def assert_same_graph(ours, theirs):
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert edge_multiset(ours) == edge_multiset(theirs)
    assert ({k: v for k, v in ours.graph.items() if k not in READER_DEFAULTS}
            == {k: v for k, v in theirs.graph.items() if k not in READER_DEFAULTS})


def analysed_seeds():
    return [analyse(thread) for thread in read_paths([str(SEEDS)])]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
@pytest.mark.parametrize("threads", [THREADS, [handmade_thread()], "seeds"],
                         ids=["handmade", "one-thread", "seeds"])
def test_graph_files_read_back_as_the_graph_networkx_writes(fmt, threads):
    threads = analysed_seeds() if threads == "seeds" else threads
    ours = read_back(fmt, export_bytes(threads, fmt))
    assert_same_graph(ours, networkx_wrote(fmt, networkx_graph(threads)))
    assert ours.number_of_nodes() == sum(len(thread.nodes) for thread in threads)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_every_reader_and_real_sample_exports_as_networkx_writes(fmt):
    inputs = [*sorted(FORMATS.iterdir()), REAL / "hn", REAL / "reddit", REAL / "tables"]
    for path in inputs:
        threads = read_paths([str(path)])
        ours = read_back(fmt, export_bytes(threads, fmt))
        assert_same_graph(ours, networkx_wrote(fmt, networkx_graph(threads)))


def test_xml_formats_keep_the_documented_types():
    for fmt in ("graphml", "gexf"):
        graph = read_back(fmt, export_bytes(THREADS, fmt))
        # hand-made: 8 nodes, 8 edges + stated parents of c2 and c6; bare: 3 nodes, 1 edge
        assert graph.number_of_nodes() == 11 and graph.number_of_edges() == 11
        quote = next(d for s, t, d in graph.edges(data=True) if d["kind"] == "quote")
        assert quote["marked"] is True and quote["source_span"] == "[0, 17]"
        assert graph.nodes["hm/1"]["position"] == 2 and graph.nodes["hm/1"]["words"] == 4


def test_graphml_keeps_thread_info_for_one_thread():
    graph = nx.read_graphml(io.BytesIO(export_bytes([handmade_thread()], "graphml")))
    assert graph.graph["thread"] == "hm" and graph.graph["owner"] == "Jim"
    assert "url" not in graph.graph  # None is left out, not written as "None"


def test_node_link_json_keeps_none():
    data = json.loads(export_bytes(THREADS, "json"))
    graph = nx.node_link_graph(data, edges="links")
    assert graph.is_multigraph() and graph.is_directed()
    assert graph.nodes["bare/1"]["author"] is None
    assert graph.number_of_edges() == 11


def test_exports_never_build_one_networkx_graph(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a networkx graph was built")

    monkeypatch.setattr(nx, "MultiDiGraph", refuse)
    for fmt in ("graphml", "gexf", "json"):
        assert export_bytes(THREADS, fmt)
    assert csv_tables(THREADS) and convokit_corpus(THREADS)


def test_csv_tables():
    tables = csv_tables(THREADS)
    nodes = list(csv.DictReader(io.StringIO(tables["nodes.csv"])))
    edges = list(csv.DictReader(io.StringIO(tables["edges.csv"])))
    assert tuple(nodes[0]) == NODE_FIELDS and tuple(edges[0]) == EDGE_FIELDS
    assert len(nodes) == 11 and len(edges) == 11
    first = next(n for n in nodes if n["id"] == "hm/1")
    assert (first["thread"], first["author"], first["depth"], first["words"]) == (
        "hm", "Ann", "1", "4"
    )
    assert next(n for n in nodes if n["id"] == "hm/3")["author"] == ""  # missing: empty
    quote = next(e for e in edges if e["kind"] == "quote")
    assert json.loads(quote["source_span"]) == [0, 17]


def test_csv_rows_are_those_of_the_networkx_graph():
    threads = analysed_seeds()
    graph = networkx_graph(threads)
    tables = csv_tables(threads, raw=True)
    nodes = list(csv.DictReader(io.StringIO(tables["nodes.csv"])))
    edges = list(csv.DictReader(io.StringIO(tables["edges.csv"])))

    def cell(value):
        return "" if value is None else json.dumps(list(value)) if isinstance(value, tuple) \
            else str(value)

    assert [row["id"] for row in nodes] == list(graph.nodes)
    for row in nodes:
        assert row == {name: cell({"id": row["id"], **graph.nodes[row["id"]]}.get(name))
                       for name in row}
    expected = Counter(
        tuple(cell({"source": s, "target": t, "key": k, **d}.get(name)) for name in EDGE_FIELDS)
        for s, t, k, d in graph.edges(keys=True, data=True)
    )
    assert Counter(tuple(row[name] for name in EDGE_FIELDS) for row in edges) == expected


def test_convokit_corpus_has_the_documented_shape():
    files = convokit_corpus(THREADS)
    assert set(files) == {"utterances.jsonl", "speakers.json", "conversations.json",
                          "corpus.json", "index.json"}
    utterances = [json.loads(line) for line in files["utterances.jsonl"].split("\n")[:-1]]
    speakers = json.loads(files["speakers.json"])
    conversations = json.loads(files["conversations.json"])
    index = json.loads(files["index.json"])
    assert len(utterances) == 11
    ids = {u["id"] for u in utterances}
    for utterance in utterances:
        assert {"id", "speaker", "conversation_id", "reply_to", "timestamp", "text",
                "meta"} <= set(utterance)
        assert utterance["speaker"] in speakers
        assert utterance["conversation_id"] in conversations
        assert utterance["reply_to"] is None or utterance["reply_to"] in ids
    by_id = {u["id"]: u for u in utterances}
    # the reply tree: c3's inferred parent is c2, c4 answers an excerpt, which replies to the post
    assert by_id["hm/3"]["reply_to"] == "hm/2"
    assert by_id["hm/e1"]["reply_to"] == "hm/post"
    assert by_id["hm/post"]["reply_to"] is None
    assert by_id["hm/post"]["speaker"] == "Jim"  # the owner wrote the post
    assert by_id["hm/2"]["speaker"] == "Bob"  # "Anonymous" signed Bob
    assert by_id["hm/3"]["speaker"] == "anonymous:hm/3"
    assert speakers["anonymous:hm/3"]["meta"] == {"name": None, "anonymous": True}
    assert by_id["hm/1"]["timestamp"] == 1714557600.0  # 2024-05-01 10:00 UTC
    assert by_id["bare/1"]["timestamp"] is None
    assert conversations["hm/post"]["meta"]["title"] == "Hand-made"
    assert set(index) >= {"utterances-index", "speakers-index", "conversations-index",
                          "overall-index", "version"}
    assert index["utterances-index"]["kind"] == ["<class 'str'>"]


@pytest.mark.parametrize("make", [thread_records, convokit_corpus])
def test_a_thread_given_twice_is_refused(make):
    with pytest.raises(ExplorerError, match="given twice"):
        make([handmade_thread(), handmade_thread()])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv", "convokit"])
def test_export_writes_files(tmp_path, fmt):
    written = export(THREADS, fmt, tmp_path / "out" / f"threads.{fmt}")
    assert written and all(path.stat().st_size > 0 for path in written)


def test_export_reports_unwritable_paths(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExplorerError, match="cannot write"):
        export(THREADS, "csv", blocker)


def test_cli_export_writes_and_reports_on_stderr(tmp_path):
    out = tmp_path / "seeds.gexf"
    result = CliRunner().invoke(cli, ["export", str(SEEDS), "--format", "gexf", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"Wrote {out}" in result.stderr
    graph = nx.read_gexf(out)
    threads = {data["thread"] for _, data in graph.nodes(data=True)}
    assert len(threads) == 5


def test_cli_export_json_to_stdout():
    seed = str(next(SEEDS.glob("000_*")))
    result = CliRunner().invoke(cli, ["export", seed, "--format", "json", "-o", "-"])
    assert result.exit_code == 0
    graph = nx.node_link_graph(json.loads(result.stdout), edges="links")
    expected = build_graph(analyse(read_paths([seed])[0]))
    assert set(graph.nodes) == set(expected.nodes)
    assert graph.number_of_edges() == expected.number_of_edges()


def test_cli_export_folder_format_to_stdout_is_a_usage_error():
    result = CliRunner().invoke(cli, ["export", str(SEEDS), "--format", "csv", "-o", "-"])
    assert result.exit_code == 2 and "writes a folder" in result.stderr


def convokit_problems(files: dict[str, str]) -> list[str]:
    """ConvoKit's Conversation.check_integrity (convokit 5.0, model/conversation.py) for each
    conversation, plus what its loader needs: known speakers and conversations, and reply
    chains that reach the root (which check_integrity assumes)."""
    utterances = [json.loads(line) for line in files["utterances.jsonl"].split("\n")[:-1]]
    speakers = json.loads(files["speakers.json"])
    conversations = json.loads(files["conversations.json"])
    problems = []
    by_conversation: dict[str, dict[str, dict]] = {}
    for utterance in utterances:
        by_conversation.setdefault(utterance["conversation_id"], {})[utterance["id"]] = utterance
        if utterance["speaker"] not in speakers:
            problems.append(f"{utterance['id']}: unknown speaker")
    for conversation, members in by_conversation.items():
        reply_tos = {uid: u["reply_to"] for uid, u in members.items()}
        roots = set(reply_tos.values()) - set(reply_tos)
        if roots != {None}:
            problems.append(f"{conversation}: missing utterances {sorted(map(str, roots))}")
        if sum(target is None for target in reply_tos.values()) != 1:
            problems.append(f"{conversation}: not exactly one utterance replying to None")
        if any(uid == target for uid, target in reply_tos.items()):
            problems.append(f"{conversation}: an utterance replies to itself")
        if reply_tos.get(conversation, "absent") is not None:
            problems.append(f"{conversation}: the conversation id is not its root")
        if conversation not in conversations:
            problems.append(f"{conversation}: not in conversations.json")
        for start in reply_tos:
            seen, node = set(), start
            while node is not None and node not in seen:
                seen.add(node)
                node = reply_tos.get(node)
            if node is not None:
                problems.append(f"{conversation}: {start} is on a reply cycle")
                break
    return problems


@pytest.mark.slow
def test_convokit_export_of_every_reader_passes_the_integrity_check():
    inputs = [path for path in sorted(FORMATS.iterdir())]
    inputs += [REAL / "hn", REAL / "reddit", REAL / "tables"]
    for path in inputs:
        threads = read_paths([str(path)])
        files = convokit_corpus(threads)
        assert convokit_problems(files) == [], path
        conversations = json.loads(files["conversations.json"])
        assert len(conversations) == len(threads), path


def test_threads_without_a_post_get_a_stand_in_root():
    threads = read_paths([str(FORMATS / "disqus.xml")])
    files = convokit_corpus(threads)
    lines = files["utterances.jsonl"].split("\n")[:-1]
    utterances = {u["id"]: u for u in map(json.loads, lines)}
    root = utterances["9102345001/(thread)"]
    assert root["reply_to"] is None and root["meta"]["stand_in"] is True
    assert root["text"] == "Should the high street go car-free?"
    assert utterances["9102345001/6201000001"]["reply_to"] == "9102345001/(thread)"
    assert utterances["9102345001/6201000002"]["reply_to"] == "9102345001/6201000001"
    assert utterances["9102345001/6201000005"]["meta"]["is_deleted"] is True
    assert set(json.loads(files["conversations.json"])) == {
        "9102345001/(thread)", "9102345002/(thread)"
    }
    # The seeds' threads have posts: no stand-ins there.
    seeds = convokit_corpus([analyse(t) for t in read_paths([str(SEEDS)])])
    assert '"stand_in": true' not in seeds["utterances.jsonl"]
    assert convokit_problems(seeds) == []


def test_a_reply_cycle_is_cut_at_the_root_for_convokit():
    thread = bare_thread()
    first, second = thread.nodes[1], thread.nodes[2]
    nodes = (thread.nodes[0], replace(first, parent=second.id), replace(second, parent=first.id))
    files = convokit_corpus([replace(thread, nodes=nodes)])
    assert convokit_problems(files) == []


def test_source_fields_are_node_attributes_in_every_graph_format():
    threads = read_paths([str(FORMATS / "hn_wrapped.json"), str(FORMATS / "comments.csv")])
    # A field holding text in one node and a number in another is written as text.
    table = threads[1]
    table = replace(table, nodes=(replace(table.nodes[0], meta=(("id", "t-1"),)),
                                  *table.nodes[1:]))
    threads = [threads[0], table, *threads[2:]]
    for graph in (read_back("graphml", export_bytes(threads, "graphml")),
                  read_back("gexf", export_bytes(threads, "gexf"))):
        assert graph.nodes["8863/9224"]["meta.id"] == "9224"
        assert graph.nodes["t1/t1"]["meta.id"] == "t-1"
        assert graph.nodes["8863/8917"]["meta.deleted"] is True
        assert graph.nodes["8863/post"]["meta.score"] == 104
        assert "meta.id" not in graph.nodes["t1/c1"]
    nodes = list(csv.DictReader(io.StringIO(csv_tables(threads)["nodes.csv"])))
    assert list(nodes[0])[len(NODE_FIELDS):] == ["meta.deleted", "meta.descendants", "meta.id",
                                                 "meta.score", "meta.type", "meta.url"]
    assert next(n for n in nodes if n["id"] == "8863/9224")["meta.id"] == "9224"
    linked = json.loads(export_bytes(threads, "json"))
    first = next(node for node in linked["nodes"] if node["id"] == "8863/9224")
    assert first["meta.id"] == 9224 and first["thread"] == "8863"
