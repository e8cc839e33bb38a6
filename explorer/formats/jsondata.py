"""JSON and JSON Lines with errors that say where: the shared first step of JSON readers.

Python's JSON parser recurses once per nesting level, so a document nested about a
thousand levels deep raises RecursionError; every entry point here turns that into an
ExplorerError (or, for sniffing, into "not this format").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import ExplorerError

TOO_DEEP = "JSON nested too deeply (more levels than Python's parser allows, about 1,000)"
RECORD_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError)
"""What reading a record of unexpected shape raises; ``record_error`` words each one."""
# "'NoneType' object has no attribute 'get'", "'int' object is not subscriptable": a record
# holding another kind of value than the reader looked for.
_WRONG_KIND = re.compile(
    r"^'(?P<kind>\w+)' object (?P<what>has no attribute|is not subscriptable|is not iterable)"
)
_KINDS = {"dict": "an object", "list": "a list", "str": "a string", "int": "a number",
          "float": "a number", "bool": "true or false", "NoneType": "null"}
_WANTED = {"has no attribute": "an object", "is not subscriptable": "an object or a list",
           "is not iterable": "a list"}


def load_json(text: str, source: str | None) -> Any:
    """Parse a JSON document; a syntax error names its line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        at_end = cut_short(err.msg, err.pos, text)
        raise syntax_error(err.msg, err.lineno, err.colno, source, at_end) from err
    except RecursionError as err:
        raise ExplorerError(TOO_DEEP, source) from err


def cut_short(message: str, pos: int, text: str) -> bool:
    """True when a JSON syntax error is the end of the text: a truncated document (also
    one cut inside ``true``, ``false``, ``null`` or a number's sign)."""
    if pos >= len(text) or message.startswith("Unterminated string"):
        return True
    rest = text[pos:pos + _CUT_WORD].rstrip()
    return message == "Expecting value" and len(text) - pos <= _CUT_WORD and bool(rest) \
        and any(word.startswith(rest) and word != rest for word in _WORDS)


_WORDS = ("true", "false", "null", "-0")
_CUT_WORD = 8
"""Characters after an error, at most, for it to be a word cut by the end (with a newline)."""


def syntax_error(
    message: str, line: int, column: int, source: str | None, at_end: bool = False
) -> ExplorerError:
    """The one wording of a JSON syntax error, at its line and column (and, when the text
    ends there, saying that it may be cut short)."""
    end = " (the text ends there: cut short?)" if at_end else ""
    return ExplorerError(f"line {line}, column {column}: invalid JSON: {message}{end}", source)


def record_error(where: str, err: Exception, source: str | None) -> ExplorerError:
    """The one error for a record a reader could not take: where it stands ("line 7",
    "post 2") and what was expected there, in words rather than an exception's repr."""
    return ExplorerError(f"{where}: {_expected(err)}", source)


def _expected(err: Exception) -> str:
    if isinstance(err, ExplorerError):
        return err.message
    if isinstance(err, KeyError):
        return f"missing field {err.args[0]!r}" if err.args else "missing field"
    if isinstance(err, IndexError):
        return "expected more items in a list"
    wrong = _WRONG_KIND.match(str(err))
    if wrong:
        found = _KINDS.get(wrong["kind"], wrong["kind"])
        return f"expected {_WANTED[wrong['what']]}, found {found}"
    if str(err).startswith("string indices must be"):
        return "expected an object, found a string"
    return str(err) or "unexpected value"


def first_value(snippet: str) -> Any:
    """The JSON value the snippet starts with (what follows is ignored), or None if none."""
    try:
        value, _ = json.JSONDecoder().raw_decode(snippet)
    except (json.JSONDecodeError, RecursionError):
        return None
    return value


def first_object(snippet: str) -> dict[str, Any] | None:
    """The JSON object the snippet starts with, or None when it starts with something else."""
    value = first_value(snippet)
    return value if isinstance(value, dict) else None


def json_lines(lines: Iterable[str], source: str | None) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSON Lines text with their line numbers, blank lines skipped.

    ``lines`` may be a file being streamed; a decoding error there names the line too.
    """
    number = 0
    try:
        for number, line in enumerate(lines, start=1):  # noqa: B007 (used in the except)
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise ExplorerError(
                    f"line {number}, column {err.pos + 1}: invalid JSON: {err.msg}", source
                ) from err
            except RecursionError as err:
                raise ExplorerError(f"line {number}: {TOO_DEEP}", source) from err
            if not isinstance(item, dict):
                raise ExplorerError(f"line {number}: expected a JSON object", source)
            yield number, item
    except UnicodeDecodeError as err:
        raise ExplorerError(f"line {number + 1}: invalid UTF-8", source) from err
