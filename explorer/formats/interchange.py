"""The project's own JSON format, ``explorer-thread/1``: what ``--format json`` prints.

Shape (times in ISO 8601, spans as ``[start, end]`` character offsets)::

    {"schema": "explorer-thread/1",
     "threads": [{"id", "title", "url", "published", "source", "owner", "platform",
                  "problems",
                  "nodes": [{"id", "kind", "position", "label", "parent", "author",
                             "author_inferred", "published", "text", "signature", "span",
                             "stated", "meta" {name: value}}],
                  "edges": [{"source", "target", "kind", "inferred", "evidence",
                             "confidence" (reply kinds) | "score" (passage kinds),
                             and for passages "text", "words", "marked",
                             "source_span", "target_span"}],
                  "repeats": [{"text", "words", "occurrences": [{"node", "span"}]}],
                  "external_quotes": [{"node", "span"}]}]}

Writing then reading gives back equal threads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from operator import attrgetter
from typing import Any

from ..errors import ExplorerError
from ..model import Edge, Node, Occurrence, Passage, RepeatGroup, Thread
from ..tree import cut_loops
from .jsondata import RECORD_ERRORS, load_json, record_error
from .jsonstream import pieces
from .protocol import Format
from .records import placement_problems, stand_in_label

NAME = "json"
EXTENSIONS = (".json",)
SCHEMA = "explorer-thread/1"
REPLY_KINDS = ("reply", "addressed")


def sniff(text: str) -> bool:
    """True when the text is an explorer-thread JSON document."""
    head = text.lstrip()[:4096]
    return head.startswith("{") and (f'"{SCHEMA}"' in head or '"threads"' in head)


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read threads from explorer-thread JSON."""
    document = load_json(text, source)
    if not isinstance(document, dict) or not isinstance(document.get("threads"), list):
        raise ExplorerError(_NOT_THREADS, source)
    _check_schema(document.get("schema", SCHEMA), source)
    return [_read_thread(number, item, source)
            for number, item in enumerate(document["threads"], start=1)]


def read_document(texts: Iterable[str], source: str, limit: int) -> Iterator[Thread | None]:
    """Read explorer-thread JSON from its text in pieces, holding one thread at a time.

    Yields the threads ``parse`` returns, one by one, and None where a repeated
    ``"threads"`` member replaces those given before (as in ``json.loads``, the last
    wins). Errors are those of ``parse``, in its order: a syntax error anywhere first, then
    the document's shape, its schema, and the first thread that cannot be read, so a
    thread yielded is final only once the whole document is read.
    """
    shape, schema, failed = _NOT_THREADS, SCHEMA, None
    for piece in pieces(texts, source, "threads", limit):
        if piece.key == "schema":
            schema = piece.value
        elif piece.key == "threads" and piece.index is None:
            if shape is None:
                yield None
            shape = None if isinstance(piece.value, list) else _NOT_THREADS
            failed = None
        elif piece.key == "threads" and failed is None:
            try:
                yield _read_thread(piece.index + 1, piece.value, source)
            except ExplorerError as err:
                failed = err
    if shape:
        raise ExplorerError(shape, source)
    _check_schema(schema, source)
    if failed:
        raise failed


_NOT_THREADS = 'expected a JSON object with a "threads" list'


def _check_schema(schema: Any, source: str | None) -> None:
    if schema != SCHEMA:
        raise ExplorerError(f"unsupported schema {schema!r} (this version reads {SCHEMA})", source)


def _read_thread(number: int, item: Any, source: str | None) -> Thread:
    """The ``number``th thread of a document, checked and placed as a tree."""
    try:
        thread = _thread_from_dict(item, source)
        _check_nodes(thread)
        return _placed(thread)
    except (*RECORD_ERRORS, ExplorerError) as err:
        raise record_error(f"thread {number}", err, source) from err


_TEXT_FIELDS = ("kind", "label", "text", "parent", "author", "author_inferred", "signature")


_text_values = attrgetter(*_TEXT_FIELDS)
_TEXT_TYPES = frozenset({str, type(None)})


def _check_nodes(thread: Thread) -> None:
    """Fail on what the rest of explorer cannot read: wrong types, clashing ids, dangling edges."""
    ids = {node.id for node in thread.nodes}
    # Nodes whose text fields are all strings or null, and whose ids differ, pass without a
    # look at each field; any other thread is checked node by node for the first fault.
    if len(ids) < len(thread.nodes) or not all(
            _TEXT_TYPES.issuperset(map(type, _text_values(node))) for node in thread.nodes):
        _check_each_node(thread.nodes)
    for edge in thread.edges:
        texts = (edge.source, edge.target, edge.evidence, edge.passage.text if edge.passage else "")
        if not all(isinstance(value, str) for value in texts):
            raise ExplorerError(f"edge {edge.source!r:.40}: ends, evidence, text must be strings")
        for end in (edge.source, edge.target):
            if end not in ids:
                raise ExplorerError(f"edge {edge.source} -> {edge.target}: no node {end!r}")


def _check_each_node(nodes: Iterable[Node]) -> None:
    """Fail on the first node with a text field that is no string (or null), or whose id an
    earlier node has."""
    ids: set[str] = set()
    for node in nodes:
        for name in _TEXT_FIELDS:
            value = getattr(node, name)
            if value is not None and not isinstance(value, str):
                raise ExplorerError(
                    f"node {node.id}: {name} must be a string or null, not {value!r:.40}")
        if node.id in ids:
            raise ExplorerError(f"node {node.id}: the id is used twice")
        ids.add(node.id)


def _placed(thread: Thread) -> Thread:
    """The thread with its stated parents made a tree, as ``records.build_thread`` does.

    A parent that is no node of the thread gets a stand-in node (kind ``missing``) just
    before its first reply; each loop of parents (a node its own parent included) is cut
    at its first node, which then answers the post. Both are reported in ``problems``; the
    nodes moved keep ``stated``, so no guess replaces what the file says.
    """
    ids = {node.id for node in thread.nodes}
    missing: dict[str, int] = {}
    for node in thread.nodes:
        if node.parent is not None and node.parent not in ids:
            missing[node.parent] = missing.get(node.parent, 0) + 1
    prefix = f"{thread.id}/"
    stand_ins: dict[str, Node] = {}
    for absent in missing:
        label = stand_in_label(absent.removeprefix(prefix), ids, prefix)
        ids.add(prefix + label)
        stand_ins[absent] = Node(prefix + label, "missing", 0, label, "")
    parent = {
        node.id: stand_ins[node.parent].id if node.parent in stand_ins else node.parent
        for node in thread.nodes
    }
    cut = cut_loops(parent)
    if not missing and not cut:
        return thread
    nodes: list[Node] = []
    for node in thread.nodes:
        stand_in = stand_ins.pop(node.parent, None) if node.parent is not None else None
        if stand_in is not None:
            nodes.append(replace(stand_in, position=node.position))
        if parent[node.id] != node.parent:
            node = replace(node, parent=parent[node.id], stated=True)
        nodes.append(node)
    labels = {node.id: node.label for node in nodes}
    problems = placement_problems(
        {absent.removeprefix(prefix): count for absent, count in missing.items()},
        [labels[node] for node in cut],
    )
    return replace(thread, nodes=tuple(nodes), problems=(*thread.problems, *problems))


def write(threads: Iterable[Thread]) -> str:
    """Render threads as explorer-thread JSON."""
    return "".join(iter_write(threads))


def iter_write(threads: Iterable[Thread]) -> Iterator[str]:
    """Yield the text of ``write(threads)`` thread by thread, holding one thread at a time."""
    yield '{\n  "schema": ' + json.dumps(SCHEMA) + ',\n  "threads": '
    empty = True
    for thread in threads:
        text = json.dumps(thread_to_dict(thread), ensure_ascii=False, indent=2)
        # JSON strings hold no raw newline, so the thread's lines can be indented as text.
        yield ("[" if empty else ",") + "\n    " + text.replace("\n", "\n    ")
        empty = False
    yield "[]\n}" if empty else "\n  ]\n}"


def thread_to_dict(thread: Thread) -> dict[str, Any]:
    """Return one thread as a JSON-ready dict."""
    return {
        "id": thread.id,
        "title": thread.title,
        "url": thread.url,
        "published": _time(thread.published),
        "source": thread.source,
        "owner": thread.owner,
        "platform": thread.platform,
        "problems": list(thread.problems),
        "nodes": [node_to_dict(node) for node in thread.nodes],
        "edges": [edge_to_dict(edge) for edge in thread.edges],
        "repeats": [
            {
                "text": group.text,
                "words": group.words,
                "occurrences": [_occurrence(o) for o in group.occurrences],
            }
            for group in thread.repeats
        ],
        "external_quotes": [_occurrence(o) for o in thread.external_quotes],
    }


def node_to_dict(node: Node) -> dict[str, Any]:
    """Return one node as a JSON-ready dict."""
    return {
        "id": node.id,
        "kind": node.kind,
        "position": node.position,
        "label": node.label,
        "parent": node.parent,
        "author": node.author,
        "author_inferred": node.author_inferred,
        "published": _time(node.published),
        "text": node.text,
        "signature": node.signature,
        "span": list(node.span) if node.span else None,
        "stated": node.stated,
        "meta": dict(node.meta),
    }


def edge_to_dict(edge: Edge) -> dict[str, Any]:
    """Return one edge as a JSON-ready dict, passage fields inline."""
    record: dict[str, Any] = {
        "source": edge.source,
        "target": edge.target,
        "kind": edge.kind,
        "inferred": edge.inferred,
        "evidence": edge.evidence,
        ("confidence" if edge.kind in REPLY_KINDS else "score"): edge.score,
    }
    if edge.passage:
        record.update(
            text=edge.passage.text,
            words=edge.passage.words,
            marked=edge.passage.marked,
            source_span=list(edge.passage.source_span),
            target_span=list(edge.passage.target_span),
        )
    return record


def _thread_from_dict(item: dict[str, Any], source: str | None) -> Thread:
    if not isinstance(item, dict):
        raise TypeError(f"expected an object, not {item!r:.40}")
    problems = item.get("problems") or []
    if not isinstance(problems, list) or not all(isinstance(p, str) for p in problems):
        raise TypeError(f"problems must be a list of strings, not {problems!r:.40}")
    return Thread(
        id=_text(item, "id", required=True),
        title=_text(item, "title"),
        url=_text(item, "url"),
        published=_parse_time(item.get("published")),
        source=_text(item, "source") or source,
        owner=_text(item, "owner"),
        platform=_text(item, "platform"),
        problems=tuple(problems),
        nodes=tuple(_node_from_dict(n, i) for i, n in enumerate(item["nodes"])),
        edges=tuple(_edge_from_dict(e) for e in item.get("edges") or ()),
        repeats=tuple(
            RepeatGroup(
                text=g["text"],
                words=int(g["words"]),
                occurrences=tuple(_occurrence_from_dict(o) for o in g["occurrences"]),
            )
            for g in item.get("repeats") or ()
        ),
        external_quotes=tuple(_occurrence_from_dict(o) for o in item.get("external_quotes") or ()),
    )


def _node_from_dict(item: dict[str, Any], index: int) -> Node:
    get = item.get
    return Node(
        id=str(item["id"]), kind=get("kind", "comment"), position=int(get("position", index)),
        label=str(get("label") or index), text=get("text") or "", parent=get("parent"),
        author=get("author"), published=_parse_time(get("published")),
        signature=get("signature"), author_inferred=get("author_inferred"),
        span=_span(get("span")), stated=bool(get("stated", False)), meta=_meta(get("meta")),
    )


def _edge_from_dict(item: dict[str, Any]) -> Edge:
    passage = None
    if "source_span" in item:
        passage = Passage(
            text=item["text"],
            source_span=_span(item["source_span"]),
            target_span=_span(item["target_span"]),
            words=int(item["words"]),
            marked=bool(item.get("marked", False)),
        )
    return Edge(
        source=item["source"],
        target=item["target"],
        kind=item["kind"],
        inferred=bool(item.get("inferred", False)),
        evidence=item.get("evidence", ""),
        score=float(item.get("confidence", item.get("score", 1.0))),
        passage=passage,
    )


def _meta(value: Any) -> tuple[tuple[str, Any], ...]:
    if not value:
        return ()
    if not isinstance(value, dict):
        raise ValueError(f"meta must be an object, not {value!r:.40}")
    return tuple(sorted(value.items()))


def _text(item: dict[str, Any], name: str, required: bool = False) -> str | None:
    """A field that must be a string (or null, unless required); ids may be numbers."""
    value = item[name] if required else item.get(name)
    if isinstance(value, str) or (value is None and not required):
        return value
    if required and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"{name} must be a string, not {value!r:.40}")


def _occurrence(occurrence: Occurrence) -> dict[str, Any]:
    return {"node": occurrence.node, "span": list(occurrence.span)}


def _occurrence_from_dict(item: dict[str, Any]) -> Occurrence:
    return Occurrence(node=item["node"], span=_span(item["span"]))


def _span(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    start, end = value
    return int(start), int(end)


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, document=read_document)
