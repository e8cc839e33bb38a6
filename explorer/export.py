"""Threads as files other tools open: GraphML, GEXF, node-link JSON, CSV and a ConvoKit corpus.

Every format is built from ``graph.build_graph``, so it carries the same nodes, edges and
attributes as the HTML view, plus the source's own fields of each node (``meta.<name>``).
Several threads go into one graph (their node ids never clash) and each node and edge says
which thread it belongs to.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import ExplorerError
from .files import make_folder, write_file
from .graph import build_graph, people_graph
from .model import Thread, author_of, timestamp
from .output import EXPORT_FILE_FORMATS as FILE_FORMATS
from .output import EXPORT_FORMATS as FORMATS
from .output import write_rows

META_PREFIX = "meta."
"""Node attributes holding the source's own fields (``Node.meta``) start with this."""

NODE_FIELDS = ("thread", "id", "kind", "label", "position", "parent", "depth", "author",
               "author_inferred", "signature", "published", "words", "text")
EDGE_FIELDS = ("thread", "source", "target", "key", "kind", "inferred", "evidence", "score",
               "words", "marked", "source_span", "target_span", "text")

# Characters XML 1.0 cannot hold, even escaped; pasted pages do contain some (form feeds).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def combined_graph(threads: Iterable[Thread]) -> nx.MultiDiGraph:
    """One graph of all threads, each node and edge tagged with its thread id."""
    threads = list(threads)
    _refuse_repeats(threads)
    combined = nx.MultiDiGraph()
    for thread in threads:
        graph = build_graph(thread)
        metas = {node.id: node.meta for node in thread.nodes}
        for node, data in graph.nodes(data=True):
            source_fields = {f"{META_PREFIX}{name}": value for name, value in metas[node]}
            combined.add_node(node, thread=thread.id, **data, **source_fields)
        for source, target, data in graph.edges(data=True):
            combined.add_edge(source, target, thread=thread.id, **data)
    if len(threads) == 1:
        # "id" would be taken by GraphML as the graph's XML id and lost on reading.
        info = build_graph(threads[0]).graph
        combined.graph.update(thread=info.pop("id"), **info)
    else:
        combined.graph["threads"] = len(threads)
    return combined


def graphml_bytes(threads: Iterable[Thread]) -> bytes:
    """GraphML (yEd, Cytoscape, networkx); attributes without a value are left out and
    spans are JSON text ("[3, 40]")."""
    buffer = io.BytesIO()
    nx.write_graphml(_typed(combined_graph(threads)), buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf_bytes(threads: Iterable[Thread]) -> bytes:
    """GEXF 1.2 for Gephi; attributes without a value are left out.

    GEXF keeps no graph attributes, so the thread id is read from each node's ``thread``.
    """
    buffer = io.BytesIO()
    nx.write_gexf(_typed(combined_graph(threads)), buffer, encoding="utf-8")
    return buffer.getvalue()


def people_bytes(threads: Iterable[Thread], format: str = "gexf") -> bytes:
    """The people graph (``graph.people_graph``) as GEXF or GraphML."""
    graph = people_graph(threads)
    for _, data in graph.nodes(data=True):
        data["name"] = _xml_text(data["name"])
    buffer = io.BytesIO()
    write = nx.write_gexf if format == "gexf" else nx.write_graphml
    write(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def node_link(threads: Iterable[Thread]) -> dict[str, Any]:
    """Node-link data as d3 reads it (``nodes`` and ``links``); missing values are null."""
    return nx.node_link_data(combined_graph(threads), edges="links")


def node_link_bytes(threads: Iterable[Thread]) -> bytes:
    """Node-link JSON, UTF-8."""
    return json.dumps(node_link(threads), ensure_ascii=False, indent=1).encode("utf-8")


def csv_tables(threads: Iterable[Thread]) -> dict[str, str]:
    """``nodes.csv`` and ``edges.csv`` as text; missing values are empty cells.

    Node columns are NODE_FIELDS, then one ``meta.<name>`` column per source field found.
    """
    graph = combined_graph(threads)
    nodes = [{"id": node, **data} for node, data in graph.nodes(data=True)]
    edges = [
        {"source": s, "target": t, "key": k, **data}
        for s, t, k, data in graph.edges(keys=True, data=True)
    ]
    source_fields = sorted({name for node in nodes for name in node
                            if name.startswith(META_PREFIX)})
    return {"nodes.csv": _csv((*NODE_FIELDS, *source_fields), nodes),
            "edges.csv": _csv(EDGE_FIELDS, edges)}


def convokit_corpus(threads: Iterable[Thread]) -> dict[str, str]:
    """The files of a ConvoKit corpus directory, by name, as text.

    Each thread is one conversation whose id is its root utterance's: the post, or, where
    the source has none (a mailing list, a table, a comments feed), a stand-in root with
    the thread's title as text and ``stand_in`` true in its meta, so that every
    conversation passes ConvoKit's ``check_integrity`` (one root, every ``reply_to`` an
    utterance of the conversation). Comments follow the reply tree (excerpts reply to the
    post). The post's speaker is the thread's owner when
    the page names no author; comments without a known author each get their own speaker,
    ``anonymous:<comment id>``, so ConvoKit does not take them for one person. The source's
    own fields (``Node.meta``) join each utterance's meta under their names, as in
    ConvoKit's own Reddit corpora. Timestamps are POSIX seconds or null.
    """
    utterances: list[dict[str, Any]] = []
    speakers: dict[str, dict[str, Any]] = {}
    conversations: dict[str, dict[str, Any]] = {}
    threads = list(threads)
    _refuse_repeats(threads)
    for thread in threads:
        if not thread.nodes:
            continue
        graph = build_graph(thread)
        post = thread.post.id if thread.post else None
        root = post or _stand_in_id(thread)
        if post is None:
            _add_speaker(speakers, thread.owner, root)
            utterances.append(_stand_in(thread, root, thread.owner or f"anonymous:{root}"))
        for node in thread.nodes:
            data = graph.nodes[node.id]
            # The post is the blog owner's unless the page names someone else.
            name = author_of(node, thread.owner)
            meta = {
                "kind": node.kind,
                "label": node.label,
                "position": node.position,
                "published": data["published"],
                "author": node.author,
                "author_inferred": node.author_inferred,
                "depth": data["depth"],
                "stand_in": False,
            }
            for field, value in node.meta:
                meta[field if field not in meta else f"source_{field}"] = value
            utterances.append({
                "id": node.id,
                "speaker": _add_speaker(speakers, name, node.id),
                "conversation_id": root,
                # The reply tree has no loops; its roots answer the post or the stand-in.
                "reply_to": None if node.id == root else data["parent"] or root,
                "timestamp": _posix(node.published),
                "text": node.text,
                "meta": meta,
                "vectors": [],
            })
        conversations[root] = {
            "meta": {"thread": thread.id, "title": thread.title, "url": thread.url,
                     "source": thread.source, "owner": thread.owner},
            "vectors": [],
        }
    corpus = {"name": "explorer", "threads": len(conversations)}
    index = {
        "utterances-index": _index(u["meta"] for u in utterances),
        "speakers-index": _index(s["meta"] for s in speakers.values()),
        "conversations-index": _index(c["meta"] for c in conversations.values()),
        "overall-index": _index([corpus]),
        "version": 1,
        "vectors": [],
    }
    lines = "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in utterances)
    return {
        "utterances.jsonl": lines,
        "speakers.json": json.dumps(speakers, ensure_ascii=False, indent=1),
        "conversations.json": json.dumps(conversations, ensure_ascii=False, indent=1),
        "corpus.json": json.dumps(corpus, indent=1),
        "index.json": json.dumps(index, indent=1),
    }


def _add_speaker(speakers: dict[str, dict[str, Any]], name: str | None, utterance: str) -> str:
    """The speaker id of a named author, or of one unnamed utterance; recorded once."""
    speaker = name or f"anonymous:{utterance}"
    speakers.setdefault(
        speaker, {"meta": {"name": name, "anonymous": name is None}, "vectors": []}
    )
    return speaker


def _stand_in_id(thread: Thread) -> str:
    """An utterance id for the stand-in root that no node of the thread has."""
    ids = {node.id for node in thread.nodes}
    candidate = f"{thread.id}/(thread)"
    while candidate in ids:
        candidate += "'"
    return candidate


def _stand_in(thread: Thread, root: str, speaker: str) -> dict[str, Any]:
    """The root utterance of a thread whose source has no post: the thread's title."""
    return {
        "id": root,
        "speaker": speaker,
        "conversation_id": root,
        "reply_to": None,
        "timestamp": _posix(thread.published),
        "text": thread.title or "",
        "meta": {"kind": "post", "label": None, "position": None, "published": None,
                 "author": thread.owner, "author_inferred": None, "depth": 0,
                 "stand_in": True},
        "vectors": [],
    }


def export_bytes(threads: Sequence[Thread], format: str) -> bytes:
    """The single file of a graphml, gexf, json or people-* export."""
    makers = {"graphml": graphml_bytes, "gexf": gexf_bytes, "json": node_link_bytes}
    if format in ("people-graphml", "people-gexf"):
        return people_bytes(threads, format.removeprefix("people-"))
    if format not in makers:
        raise ExplorerError(f"{format} is written as a folder, not one file")
    return makers[format](threads)


def export(threads: Sequence[Thread], format: str, out: str | Path) -> list[Path]:
    """Write threads to ``out`` (a file, or a folder for csv and convokit); return the paths."""
    out = Path(out)
    if format not in FORMATS:
        raise ExplorerError(f"unknown export format {format!r}; supported: {', '.join(FORMATS)}")
    if format in FILE_FORMATS:
        make_folder(out.parent)
        return [write_file(out, export_bytes(threads, format))]
    files = csv_tables(threads) if format == "csv" else convokit_corpus(threads)
    make_folder(out)
    return [write_file(out / name, text) for name, text in files.items()]


def _refuse_repeats(threads: Sequence[Thread]) -> None:
    """Node ids start with the thread id, so the same thread twice would merge its nodes."""
    seen: set[str] = set()
    for thread in threads:
        if thread.id in seen:
            raise ExplorerError(f"thread {thread.id} is given twice; export each thread once")
        seen.add(thread.id)


def _posix(moment: datetime | None) -> float | None:
    """POSIX seconds; times without a zone are taken as UTC, as in the stats tables."""
    return None if moment is None else timestamp(moment)


def _typed(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy fit for XML formats: no None values, no XML-illegal characters, one numeric
    type per attribute (an attribute holding ints and floats becomes float)."""
    clean = nx.MultiDiGraph()
    clean.graph.update(_clean(graph.graph))
    for node, data in graph.nodes(data=True):
        clean.add_node(_xml_text(node), **_clean(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        clean.add_edge(_xml_text(source), _xml_text(target), key=key, **_clean(data))
    records = [data for _, data in clean.nodes(data=True)]
    records += [data for *_, data in clean.edges(data=True)]
    kinds: dict[str, set[type]] = {}
    for data in records:
        for name, value in data.items():
            kinds.setdefault(name, set()).add(type(value))
    for data in records:
        for name in data.keys() & kinds.keys():
            found = kinds[name]
            if len(found) > 1 and found & {str, bool}:
                # Source fields may hold text in one node and a number in another.
                data[name] = str(data[name])
            elif found == {int, float}:
                data[name] = float(data[name])
    return clean


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {name: _scalar(value) for name, value in data.items() if value is not None}


def _scalar(value: Any) -> Any:
    """A value GraphML and GEXF can hold: spans and other sequences become JSON text."""
    if isinstance(value, tuple | list):
        return json.dumps(list(value))
    return _xml_text(value) if isinstance(value, str) else value


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _csv(fields: Sequence[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    write_rows(
        ([_csv_cell(row.get(name)) for name in fields] for row in rows), fields, "csv", buffer
    )
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    return json.dumps(list(value)) if isinstance(value, tuple | list) else value


def _index(metas: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """ConvoKit's meta index: each field's Python types, as ConvoKit spells them."""
    types: dict[str, list[str]] = {}
    for meta in metas:
        for name, value in meta.items():
            spelled = str(type(value))
            if spelled not in types.setdefault(name, []):
                types[name].append(spelled)
    return types
