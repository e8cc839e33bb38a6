"""Threads as the records every export writes: graph attributes, nodes and edges, one at a time.

The records hold what ``graph.build_graph`` gives each node and edge, plus the thread's id
and each node's source fields (``meta.<name>``), without ever building one graph of all the
threads: each writer walks them as it writes (twice where a header must list every
attribute first), so memory follows one record, not the corpus.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ExplorerError
from ..graph import edge_attributes, node_attributes
from ..model import Thread
from ..tree import reply_tree

META_PREFIX = "meta."
"""Node attributes holding the source's own fields (``Node.meta``) start with this."""

NODE_FIELDS = ("thread", "id", "kind", "label", "position", "parent", "depth", "author",
               "author_inferred", "signature", "published", "words", "text")
EDGE_FIELDS = ("thread", "source", "target", "key", "kind", "inferred", "evidence", "score",
               "words", "marked", "source_span", "target_span", "text")

NodeRecord = tuple[str, dict[str, Any]]
EdgeRecord = tuple[str, str, "int | None", dict[str, Any]]


@dataclass(frozen=True, slots=True)
class GraphRecords:
    """A graph to write: its attributes, and its nodes and edges as often as they are asked for.

    An edge's key numbers the edges between one pair of nodes (0, 1, ...), as networkx's
    multigraphs do; a graph whose edges all have key None is a simple graph.
    """

    attributes: dict[str, Any]
    nodes: Callable[[], Iterator[NodeRecord]]
    edges: Callable[[], Iterator[EdgeRecord]]
    multigraph: bool = True


def thread_records(threads: Sequence[Thread]) -> GraphRecords:
    """The records of threads in one graph, each node and edge tagged with its thread id."""
    refuse_repeats(threads)
    if len(threads) == 1:
        # "id" would be taken by GraphML as the graph's XML id and lost on reading.
        thread = threads[0]
        attributes = dict(thread=thread.id, title=thread.title, url=thread.url,
                          source=thread.source, owner=thread.owner)
    else:
        attributes = {"threads": len(threads)}
    return GraphRecords(attributes, lambda: _nodes(threads), lambda: _edges(threads))


def _nodes(threads: Sequence[Thread]) -> Iterator[NodeRecord]:
    for thread in threads:
        tree = reply_tree(thread)
        for node in thread.nodes:
            fields = {f"{META_PREFIX}{name}": value for name, value in node.meta}
            yield node.id, {"thread": thread.id, **node_attributes(node, tree), **fields}


def _edges(threads: Sequence[Thread]) -> Iterator[EdgeRecord]:
    for thread in threads:
        keys: Counter[tuple[str, str]] = Counter()
        for source, target, attributes in edge_attributes(thread):
            yield source, target, keys[source, target], {"thread": thread.id, **attributes}
            keys[source, target] += 1


def refuse_repeats(threads: Sequence[Thread]) -> None:
    """Node ids start with the thread id, so the same thread twice would merge its nodes."""
    seen: set[str] = set()
    for thread in threads:
        if thread.id in seen:
            raise ExplorerError(f"thread {thread.id} is given twice; export each thread once")
        seen.add(thread.id)


def as_text(value: Any) -> str:
    """A sequence or mapping (a span, a source's list or object) as JSON text."""
    if isinstance(value, tuple | list):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)


def attribute_types(records: Iterator[dict[str, Any]]) -> dict[str, type]:
    """The one type each attribute is written with in GraphML and GEXF, in the order met.

    Values without a value (None) are left out; sequences and mappings are JSON text. An
    attribute holding ints and floats is float; one holding text or booleans beside
    anything else is text (source fields may hold text in one node and a number in another).
    """
    found: dict[str, set[type]] = {}
    for data in records:
        for name, value in data.items():
            if value is not None:
                kind = str if isinstance(value, tuple | list | dict) else type(value)
                found.setdefault(name, set()).add(kind)
    types = {}
    for name, kinds in found.items():
        if len(kinds) == 1:
            types[name] = kinds.pop()
        elif kinds == {int, float}:
            types[name] = float
        else:
            types[name] = str
    return types


def typed_text(value: Any, kind: type) -> str:
    """A value as GraphML and GEXF write it when its attribute has type ``kind``."""
    if isinstance(value, tuple | list | dict):
        return as_text(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        value = float(value)
        if math.isnan(value):
            return "NaN"
        return ("INF" if value > 0 else "-INF") if math.isinf(value) else repr(value)
    return str(value)
