"""``nodes.csv`` and ``edges.csv``: one row per node and per edge, for pandas or a spreadsheet.

Node columns are ``records.NODE_FIELDS``, then one ``meta.<name>`` column per source field
found (sorted); edge columns are ``records.EDGE_FIELDS``. Missing values are empty cells;
spans and a source's lists and objects are JSON text. Unless ``raw``, text cells a
spreadsheet would run as formulas are made inert (``output.safe_cell``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..output import csv_line
from .records import EDGE_FIELDS, META_PREFIX, NODE_FIELDS, GraphRecords, as_text


def csv_files(records: GraphRecords, raw: bool = False) -> Iterator[tuple[str, Iterator[str]]]:
    """The two tables, each as its name and its lines."""
    yield "nodes.csv", _nodes(records, not raw)
    yield "edges.csv", _edges(records, not raw)


def _nodes(records: GraphRecords, safe: bool) -> Iterator[str]:
    found: set[str] = set()
    for _, data in records.nodes():
        found.update(name for name in data if name.startswith(META_PREFIX))
    fields = (*NODE_FIELDS, *sorted(found))
    yield csv_line(fields, safe)
    for node, data in records.nodes():
        data["id"] = node
        yield csv_line((_cell(data.get(name)) for name in fields), safe)


def _edges(records: GraphRecords, safe: bool) -> Iterator[str]:
    yield csv_line(EDGE_FIELDS, safe)
    for source, target, key, data in records.edges():
        data.update(source=source, target=target, key=key)
        yield csv_line((_cell(data.get(name)) for name in EDGE_FIELDS), safe)


def _cell(value: Any) -> Any:
    return as_text(value) if isinstance(value, tuple | list | dict) else value
