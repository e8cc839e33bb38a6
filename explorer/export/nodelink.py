"""Node-link JSON (``networkx.node_link_data`` with ``edges="links"``, as d3 reads it),
written record by record.

Missing values are null; spans are lists; a source's lists and objects stay JSON lists and
objects, and NaN and infinities are written as Python's ``json`` writes and reads them
(``NaN``, ``Infinity``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..files import write_pieces
from .records import GraphRecords


def write_node_link(records: GraphRecords, out: BinaryIO) -> None:
    """Write the records as one node-link JSON document (UTF-8, indented by 1)."""
    write_pieces(out, _document(records))


def _document(records: GraphRecords) -> Iterator[str]:
    head = {"directed": True, "multigraph": records.multigraph, "graph": records.attributes}
    yield _dumps(head)[: -len("\n}")]
    yield ',\n "nodes": '
    yield from _list({**data, "id": node} for node, data in records.nodes())
    yield ',\n "links": '
    yield from _list(
        {**data, "source": source, "target": target, **({} if key is None else {"key": key})}
        for source, target, key, data in records.edges()
    )
    yield "\n}"


def _list(items: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The text of a list one level down in a document indented by 1, item by item."""
    empty = True
    for item in items:
        yield ("[" if empty else ",") + "\n  " + _dumps(item).replace("\n", "\n  ")
        empty = False
    yield "[]" if empty else "\n ]"


def _dumps(value: Any) -> str:
    # Strings in JSON hold no raw newline, so indenting an item's lines is safe.
    return json.dumps(value, ensure_ascii=False, indent=1)
