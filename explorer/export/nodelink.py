"""Node-link JSON (``networkx.node_link_data`` with ``edges="links"``, as d3 reads it),
written record by record.

Missing values are null; spans are lists; a source's lists and objects stay JSON lists and
objects, and NaN and infinities are written as Python's ``json`` writes and reads them
(``NaN``, ``Infinity``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..files import write_pieces
from ..output import iter_json_list
from .records import GraphRecords


def write_node_link(records: GraphRecords, out: BinaryIO) -> None:
    """Write the records as one node-link JSON document (UTF-8, indented by 1)."""
    write_pieces(out, _document(records))


def _document(records: GraphRecords) -> Iterator[str]:
    head = {"directed": True, "multigraph": records.multigraph, "graph": records.attributes}
    yield json.dumps(head, ensure_ascii=False, indent=1)[: -len("\n}")]
    yield ',\n "nodes": '
    yield from iter_json_list(({**data, "id": node} for node, data in records.nodes()),
                              level=1, indent=1)
    yield ',\n "links": '
    yield from iter_json_list(
        ({**data, "source": source, "target": target, **({} if key is None else {"key": key})}
         for source, target, key, data in records.edges()),
        level=1, indent=1,
    )
    yield "\n}"
