"""Rows of comment tables, each with where it stands (for errors): CSV and TSV lines, a JSON
array, JSON Lines, a Parquet file's row groups.

Each reader yields ``(where, row)`` pairs, ``row`` a mapping of column names to cells, as it
reads, so a table read from a stream is never held whole (a JSON array read from a stream
comes record by record too).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import IO, Any

from ..errors import ExplorerError
from .jsondata import json_lines, load_json
from .jsonstream import Piece

_DELIMITERS = {"\t": "TSV", ",": "CSV", ";": "CSV"}

csv.field_size_limit(2**31 - 1)  # comment bodies can be long; the default limit is 128 KB


def delimiter(header: str) -> str | None:
    """The delimiter a header line uses (tab, comma, semicolon), or None."""
    return next((candidate for candidate in _DELIMITERS if candidate in header), None)


def json_rows(text: str, source: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """The records of a JSON array."""
    document = load_json(text, source)
    if not isinstance(document, list):
        raise ExplorerError("expected a JSON array of records", source)
    for index, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            raise ExplorerError(f"record {index}: expected an object, got {item!r:.40}", source)
        yield f"record {index}", item


def streamed_json_rows(
    parts: Iterator[Piece], source: str | None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The records of a JSON array read piece by piece (``jsonstream.pieces``); a record
    that is no object is refused (``table._syntax_first`` reads the rest first: a syntax
    error further on is the error then, as for a document parsed whole)."""
    for piece in parts:
        if piece.index is None:
            continue  # the array itself, before its items
        if not isinstance(piece.value, dict):
            raise ExplorerError(
                f"record {piece.index + 1}: expected an object, got {piece.value!r:.40}", source)
        yield f"record {piece.index + 1}", piece.value


def jsonl_rows(lines: Iterable[str], source: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """The objects of JSON Lines."""
    for number, item in json_lines(lines, source):
        yield f"line {number}", item


def parquet_rows(
    file: str | IO[bytes], source: str | None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The rows of a Parquet file (a path or a file object), batch by batch (needs pyarrow)."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as err:
        raise ExplorerError(
            "reading Parquet needs pyarrow: pip install 'explorer[parquet]'", source
        ) from err
    number = 0
    try:
        for batch in pyarrow.parquet.ParquetFile(file).iter_batches(batch_size=4096):
            for row in batch.to_pylist():
                number += 1
                yield f"row {number}", row
    except (pyarrow.ArrowException, OSError, ValueError) as err:
        raise ExplorerError(f"row {number + 1}: unreadable Parquet: {err}", source) from err


_AFTER_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _cut_at_lone_cr(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        # Every carriage return before a line feed (a CRLF file) splits nothing.
        if "\r" in line and line.count("\r") != line.count("\r\n"):
            yield from filter(None, _AFTER_LONE_CR.split(line))
        else:
            yield line


def csv_rows(lines: Iterable[str], source: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """The rows of CSV or TSV lines (read with their endings), the header's delimiter
    telling which; a lone carriage return ends a line too, as in a whole CSV text."""
    lines = _cut_at_lone_cr(lines)
    header_line = next(lines, "")
    separator = delimiter(header_line.split("\n", 1)[0])
    if separator is None:
        raise ExplorerError(
            "not a table: the first line has no tab, comma or semicolon between column names",
            source,
        )
    reader = csv.reader(chain([header_line], lines), delimiter=separator, strict=True)
    try:
        header = next(reader)
        names = [name.strip() for name in header]
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if not "".join(row).strip():  # no cell holds more than white space
                continue
            if len(row) != len(names):
                raise ExplorerError(
                    f"line {start}: expected {len(names)} fields, found {len(row)}", source
                )
            yield f"line {start}", dict(zip(names, row, strict=True))
    except csv.Error as err:
        raise ExplorerError(f"line {reader.line_num}: {err}", source) from err
