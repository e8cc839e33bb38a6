"""A JSON document read piece by piece: one array's items one at a time, the other values
of the top object whole, with syntax errors worded and placed as ``json.loads`` of the whole
text words and places them.

Only the text of the value being read (and the rest of the chunk it ends in) is held, so
memory follows the largest item rather than the document. Each value is parsed by Python's
own scanner at its place in a window of the text; when it fails or ends near the end of the
window, more text is read and the value parsed again (the window doubling, so a large item
costs about twice its parse), until the error lies inside the text read or the text ends.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import ExplorerError
from .jsondata import TOO_DEEP, cut_short, syntax_error

WINDOW = 1024**2
"""Characters read at least at a time: most items lie whole in one window."""
_MARGIN = 64
# A value that ends this close to the end of the text read may go on past it (a number cut
# in two), and an error this close to it may be the cut itself: read more and parse again.
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SCAN = json.JSONDecoder().scan_once  # what json.loads uses
_scanstring = json.decoder.scanstring


def _trailing_comma(text: str) -> str | None:
    """The message this Python's parser gives for a comma before ``]`` or ``}`` (3.13 and
    later), or None when it only expects the next value there."""
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        return err.msg if err.msg.startswith("Illegal trailing comma") else None
    return None  # pragma: no cover (no parser accepts it)


_TRAILING = {"]": _trailing_comma("[1,]"), "}": _trailing_comma('{"a": 1,}')}


@dataclass(frozen=True, slots=True)
class Piece:
    """A value of the document: a member of the top object (``key`` set), or the whole
    document (neither), or an item of the array read item by item (``index`` set; the array
    itself comes first, as an empty list)."""

    key: str | None
    index: int | None
    value: Any


def pieces(
    texts: Iterable[str], source: str | None, key: str | None, limit: int
) -> Iterator[Piece]:
    """The document's pieces in order: the array under ``key`` in the top object (the top
    array when ``key`` is None) as an empty list then its items one by one, every other
    value whole.

    Raises ExplorerError as ``load_json`` would on the whole text, at the first error in
    reading order; a value longer than ``limit`` characters is refused.
    """
    window = _Window(iter(texts), source, limit)
    first = window.skip()
    if first == "{":
        yield from _members(window, key)
    elif first == "[" and key is None:
        yield from _items(window, None)
    else:
        yield Piece(None, None, window.value())
    if window.skip():
        raise window.error("Extra data", window.pos)


def _members(window: _Window, key: str | None) -> Iterator[Piece]:
    """The members of an object, its ``{`` next in the window (as the C scanner reads one)."""
    window.pos += 1
    if window.skip() == "}":
        window.pos += 1
        return
    while True:
        if window.skip(move=False) != '"':
            raise window.error("Expecting property name enclosed in double quotes", window.pos)
        name = window.string()
        if window.skip() != ":":
            raise window.error("Expecting ':' delimiter", window.pos)
        window.pos += 1
        if window.skip() == "[" and name == key:
            yield from _items(window, name)
        else:
            yield Piece(name, None, window.value())
        if not _next(window, "}"):
            return


def _items(window: _Window, key: str | None) -> Iterator[Piece]:
    """The array, its ``[`` next in the window: first as empty, then its items."""
    yield Piece(key, None, [])
    window.pos += 1
    if window.skip() == "]":
        window.pos += 1
        return
    index = 0
    while True:
        yield Piece(key, index, window.value())
        index += 1
        if not _next(window, "]"):
            return


def _next(window: _Window, close: str) -> bool:
    """Past the ``,`` before the next member or item (True), or the closing mark (False)."""
    found = window.skip()
    if found == close:
        window.pos += 1
        return False
    if found != ",":
        raise window.error("Expecting ',' delimiter", window.pos)
    comma = window.pos
    window.pos += 1
    if window.skip() == close and _TRAILING[close]:
        raise window.error(_TRAILING[close], comma)
    return True


class _Window:
    """The part of the text being read, with where it stands in the whole (for errors)."""

    def __init__(self, texts: Iterator[str], source: str | None, limit: int) -> None:
        self.texts = texts
        self.source = source
        self.limit = limit
        self.text = ""
        self.pos = 0
        self.ended = False
        self.start = 0  # characters before ``text``
        self.lines = 0  # newlines before ``text``
        self.line_start = 0  # where the line ``text`` starts in begins

    def skip(self, move: bool = True) -> str:
        """Skip whitespace; return the next character ("" at the end of the text)."""
        while True:
            self.pos = _WHITESPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text) or not self.more(1):
                return self.text[self.pos:self.pos + 1]

    def value(self) -> Any:
        """Parse the JSON value at ``pos`` and move past it."""
        while True:
            try:
                value, end = _SCAN(self.text, self.pos)
            except StopIteration as stop:
                if not self._cut(stop.value):
                    raise self.error("Expecting value", stop.value) from None
            except json.JSONDecodeError as err:
                if not self._cut(err.pos, err.msg):
                    raise self.error(err.msg, err.pos) from err
            except RecursionError as err:
                raise ExplorerError(TOO_DEEP, self.source) from err
            else:
                if not self._cut(end):
                    self.pos = end
                    return value
            self.more()

    def string(self) -> str:
        """Parse the string at ``pos`` (a member's name) and move past it."""
        while True:
            try:
                value, end = _scanstring(self.text, self.pos + 1, True)
            except json.JSONDecodeError as err:
                if not self._cut(err.pos, err.msg):
                    raise self.error(err.msg, err.pos) from err
            else:
                self.pos = end
                return value
            self.more()

    def _cut(self, pos: int, message: str = "") -> bool:
        """True when the end of the window may be what ended the value at ``pos`` (or the
        error there): the text goes on, and ``pos`` is near the window's end or the error
        is a string running to it."""
        return not self.ended and (
            pos > len(self.text) - _MARGIN or message.startswith("Unterminated string"))

    def more(self, least: int | None = None) -> bool:
        """Read at least ``least`` more characters (by default as many as are held, so a
        value read again costs at most twice); False at the end of the text. What lies
        before ``pos`` is dropped, so positions taken before are stale."""
        if self.ended:
            return False
        self._forget()
        if len(self.text) > self.limit:  # all of it the value being read
            raise ExplorerError(
                f"a JSON value longer than {self.limit // 1024**2} MiB, the limit for one "
                "value of a document read piece by piece", self.source)
        wanted = max(WINDOW, len(self.text) if least is None else least)
        parts = [self.text]
        added = 0
        for part in self.texts:
            parts.append(part)
            added += len(part)
            if added >= wanted:
                break
        else:
            self.ended = True
        self.text = "".join(parts)
        return added > 0

    def _forget(self) -> None:
        """Drop the text before ``pos``, keeping count of its lines."""
        done = self.pos
        if not done:
            return
        self.lines += self.text.count("\n", 0, done)
        newline = self.text.rfind("\n", 0, done)
        if newline >= 0:
            self.line_start = self.start + newline + 1
        self.start += done
        self.text = self.text[done:]
        self.pos = 0

    def error(self, message: str, pos: int) -> ExplorerError:
        """``message`` at ``pos`` of the window, placed in the whole text as json places it."""
        line = self.lines + self.text.count("\n", 0, pos) + 1
        newline = self.text.rfind("\n", 0, pos)
        column = pos - newline if newline >= 0 else self.start + pos - self.line_start + 1
        at_end = cut_short(message, pos, self.text)  # final: the window ends with the text
        return syntax_error(message, line, column, self.source, at_end)
