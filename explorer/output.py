"""One serializer for the rows every command prints: aligned table, CSV, JSON or Markdown.

Rows are sequences of plain values under named headers. A missing value (None) is '-' in
the table, an empty CSV or Markdown cell and null in JSON. The table and Markdown show
floats rounded to 3 places and times as ``YYYY-MM-DD HH:MM``; CSV and JSON keep full
floats and ISO 8601 times. CSV, JSON and Markdown are written row by row as the rows come;
only the table, which aligns its columns, holds them all.

CSV quotes every cell holding a comma, a quote, a carriage return or a newline (a lone
carriage return left bare would split the row for most readers). Asked for, it is also made
safe to open in a spreadsheet (``safe_cell``).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import cache
from typing import Any, TextIO

from .errors import ExplorerError
from .text import escape_controls, word_spans

ROW_FORMATS = ("table", "csv", "json", "markdown")
EXPORT_FILE_FORMATS = ("graphml", "gexf", "json", "people-graphml", "people-gexf")
"""Export formats written as one file (``export.py`` writes them; the CLI lists them)."""
EXPORT_DIRECTORY_FORMATS = ("csv", "convokit")
"""Export formats written as a folder of files."""
EXPORT_FORMATS = EXPORT_FILE_FORMATS + EXPORT_DIRECTORY_FORMATS
CELL_LIMIT = 200
"""Most characters of a table cell: a 1 MB word is cut, not printed whole on a terminal."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these runs as a formula in a spreadsheet (OWASP)."""

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_QUOTED = re.compile('[,"\r\n]')


def standard_output() -> TextIO:
    """The standard output to write data to, or one clear error when the run was started
    with it closed (``>&-``)."""
    if sys.stdout is None:
        raise ExplorerError("cannot write the output: standard output is closed")
    return sys.stdout

def write_rows(
    rows: Iterable[Sequence[Any]], headers: Sequence[str], format: str, out: TextIO,
    safe_csv: bool = False,
) -> None:
    """Write rows under headers to ``out`` in one of ROW_FORMATS; ``safe_csv`` makes CSV
    cells safe to open in a spreadsheet (``safe_cell``)."""
    if format == "table":
        out.write(format_table(headers, [[_shown(value) for value in row] for row in rows]) + "\n")
    elif format == "csv":
        out.write(csv_line(headers, safe_csv))
        out.writelines(csv_line(row, safe_csv) for row in rows)
    elif format == "json":
        out.writelines(iter_json_list(dict(zip(headers, row, strict=True)) for row in rows))
        out.write("\n")
    elif format == "markdown":
        out.write("| " + " | ".join(headers) + " |\n" + "|" + "---|" * len(headers) + "\n")
        for row in rows:
            out.write("| " + " | ".join(_markdown_cell(value) for value in row) + " |\n")
    else:
        raise ExplorerError(f"unknown output format {format!r}; formats: {', '.join(ROW_FORMATS)}")


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Align rows under headers as a plain-text table (missing values shown as '-').

    Cells come from the data, so control characters are shown escaped, never sent raw,
    and a cell longer than CELL_LIMIT characters is cut with an ellipsis.
    """
    headers = [escape_controls(header) for header in headers]
    cells = [["-" if v is None else _cell(str(v)) for v in row] for row in rows]
    widths = [
        max([len(header), *(len(row[i]) for row in cells)]) for i, header in enumerate(headers)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)


def _cell(value: str) -> str:
    if value.isascii() and value.isprintable() and len(value) <= CELL_LIMIT:
        return value  # most cells: nothing to escape, nothing to cut
    # Cut before escaping (a megabyte escaped is 6 MB), and again after, as escapes grow.
    shown = escape_controls(value[: CELL_LIMIT + 1])
    return shown if len(shown) <= CELL_LIMIT else shown[: CELL_LIMIT - 1] + "…"


def iter_json_list(items: Iterable[Any], level: int = 0, indent: int = 2) -> Iterator[str]:
    """Yield the text of ``json.dumps(list(items), ensure_ascii=False, indent=indent)`` item
    by item, times as ISO 8601.

    ``level`` is how deep the list sits in an enclosing document written the same way.
    Strings in JSON hold no raw newline, so indenting an item's lines is safe.
    """
    inner = "\n" + " " * (indent * (level + 1))
    empty = True
    for item in items:
        yield ("[" if empty else ",") + inner + _indented(item, indent).replace("\n", inner)
        empty = False
    yield "[]" if empty else "\n" + " " * (indent * level) + "]"


def iter_json_object(fields: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """Yield the text of a JSON object indented by 2, field by field, without a final newline.

    A list or iterator value is written item by item (``iter_json_list``), so it may be
    produced while it is written, and ``fields`` may be a generator whose later values
    depend on the earlier ones being written.
    """
    empty = True
    for name, value in fields:
        yield ("{" if empty else ",") + "\n  " + json.dumps(name) + ": "
        empty = False
        if isinstance(value, list | Iterator):
            yield from iter_json_list(value, level=1)
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)
            yield text.replace("\n", "\n  ")
    yield "{}" if empty else "\n}"


def first_words(text: str, count: int = 8) -> str:
    """The first words of a text on one line, with an ellipsis when cut.

    Words are what stands between spaces, except that a run holding more than ``count``
    of the words ``text.words`` finds (a sentence of Chinese, Japanese or Thai, written
    without spaces) is cut after them.
    """
    chunks = text.split()
    shown, cut = [], len(chunks) > count
    for chunk in chunks[:count]:
        spans = word_spans(chunk) if len(chunk) > count else ()
        if len(spans) > count - len(shown):  # a run of many words, as in a Chinese sentence
            shown.append(chunk[: spans[count - len(shown) - 1][1]])
            cut = True
            break
        shown.append(chunk)
    return " ".join(shown) + (" …" if cut else "")


def _shown(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def csv_line(values: Iterable[Any], safe: bool = False) -> str:
    """One CSV line (``\\n``-terminated): None is an empty cell, times are ISO 8601, and a
    cell holding a comma, a quote, ``\\r`` or ``\\n`` is quoted; ``safe`` applies
    ``safe_cell`` to each cell."""
    cells = [_csv_cell(safe_cell(value) if safe else value) for value in values]
    return ('""' if cells == [""] else ",".join(cells)) + "\n"


def safe_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return) with ``'`` put before it, as OWASP advises;
    numbers, and text that is one number (``-3``, ``+1.5e3``), are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) \
            and _NUMBER.fullmatch(value) is None:
        return "'" + value
    return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    if _QUOTED.search(text) is None:
        return text
    return '"' + text.replace('"', '""') + '"'


def _markdown_cell(value: Any) -> str:
    value = _shown(value)
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_SCALARS = (str, int, float, datetime, type(None))
@cache
def _flat_json(indent: int) -> json.JSONEncoder:
    """A flat record as ``indent`` lays it out, bar the braces, by the C encoder: the
    indenting encoder is Python's own, several times slower on the rows of a table."""
    return json.JSONEncoder(ensure_ascii=False, separators=(",\n" + " " * indent, ": "),
                            default=_json_default)


def _indented(item: Any, indent: int = 2) -> str:
    """``json.dumps(item, ensure_ascii=False, indent=indent)``, times as ISO 8601."""
    if type(item) is dict and item and all(isinstance(v, _SCALARS) for v in item.values()):
        # Strings in JSON hold no raw newline, so the separators are the only ones.
        return "{\n" + " " * indent + _flat_json(indent).encode(item)[1:-1] + "\n}"
    return json.dumps(item, ensure_ascii=False, indent=indent, default=_json_default)
