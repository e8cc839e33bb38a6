"""Threads as files other tools open: GraphML, GEXF, node-link JSON, CSV and a ConvoKit corpus.

Every format carries the nodes, edges and attributes of ``graph.build_graph`` (those of the
HTML view) plus the source's own fields of each node (``meta.<name>``). Several threads go
into one graph (their node ids never clash) and each node and edge says which thread it
belongs to. Each file is written record by record as it is made (``records``), never as
one graph or document in memory, so a 200,000-comment thread exports in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import ExplorerError
from ..files import make_folder, open_output, write_pieces
from ..graph import people_graph
from ..model import Thread
from ..output import EXPORT_FILE_FORMATS as FILE_FORMATS
from ..output import EXPORT_FORMATS as FORMATS
from .convokit import convokit_corpus, convokit_files
from .nodelink import write_node_link
from .records import EDGE_FIELDS, META_PREFIX, NODE_FIELDS, GraphRecords, thread_records
from .tables import csv_files
from .xmlchars import escape_xml, unescape_xml
from .xmlgraphs import write_gexf, write_graphml

__all__ = [
    "EDGE_FIELDS", "FILE_FORMATS", "FORMATS", "META_PREFIX", "NODE_FIELDS", "convokit_corpus",
    "csv_tables", "escape_xml", "export", "export_bytes", "people_records", "thread_records",
    "unescape_xml", "write_export",
]

WRITERS = {"graphml": write_graphml, "gexf": write_gexf, "json": write_node_link}


def write_export(threads: Sequence[Thread], format: str, out: BinaryIO) -> None:
    """Write the single file of a graphml, gexf, json or people-* export to ``out``."""
    if format in ("people-graphml", "people-gexf"):
        WRITERS[format.removeprefix("people-")](people_records(threads), out)
    elif format in WRITERS:
        WRITERS[format](thread_records(threads), out)
    else:
        raise ExplorerError(f"{format} is written as a folder, not one file")


def export_bytes(threads: Sequence[Thread], format: str) -> bytes:
    """The single file of a graphml, gexf, json or people-* export, whole (small corpora)."""
    from io import BytesIO

    out = BytesIO()
    write_export(threads, format, out)
    return out.getvalue()


def csv_tables(threads: Sequence[Thread], raw: bool = False) -> dict[str, str]:
    """``nodes.csv`` and ``edges.csv`` as text (see ``tables``)."""
    return {name: "".join(lines) for name, lines in csv_files(thread_records(threads), raw)}


def export(threads: Sequence[Thread], format: str, out: str | Path,
           raw_csv: bool = False) -> list[Path]:
    """Write threads to ``out`` (a file, or a folder for csv and convokit); return the paths.

    CSV cells a spreadsheet would run as formulas are made inert unless ``raw_csv``.
    """
    out = Path(out)
    if format not in FORMATS:
        raise ExplorerError(f"unknown export format {format!r}; supported: {', '.join(FORMATS)}")
    if format in FILE_FORMATS:
        make_folder(out.parent)
        with open_output(out) as stream:
            write_export(threads, format, stream)
        return [out]
    files = (csv_files(thread_records(threads), raw_csv) if format == "csv"
             else convokit_files(threads))
    make_folder(out)
    written = []
    for name, pieces in files:
        with open_output(out / name) as stream:
            write_pieces(stream, pieces)
        written.append(out / name)
    return written


def people_records(threads: Sequence[Thread]) -> GraphRecords:
    """The people graph (``graph.people_graph``) as records of a simple directed graph."""
    graph = people_graph(threads)

    def nodes() -> Iterator[tuple[str, dict[str, Any]]]:
        return iter(graph.nodes(data=True))

    def edges() -> Iterator[tuple[str, str, None, dict[str, Any]]]:
        return ((source, target, None, data) for source, target, data in graph.edges(data=True))

    return GraphRecords(dict(graph.graph), nodes, edges, multigraph=False)
