"""Characters XML 1.0 cannot hold, even escaped, swapped for private-use ones and back.

Pasted pages and tables do hold them (form feeds, NUL, a column named ``note\\x01``), and
one of them in an id, a key or a text makes a GraphML or GEXF file unreadable. Each is
written as one private-use character: the control U+00XX as U+E0XX, U+FFFE and U+FFFF as
U+E0FE and U+E0FF. So that no two texts meet (``T/x\\x01`` and ``T/x\\x02`` stay two
nodes) and ``unescape_xml`` gives back every text exactly, a character of the data that is
itself one of those private-use ones is written after the marker U+E0FD.
"""

from __future__ import annotations

import re

_MARK = "\ue0fd"
_SWAPPED = {chr(c): chr(0xE000 + c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
_SWAPPED |= {"\ufffe": "\ue0fe", "\uffff": "\ue0ff"}
_BACK = {swapped: original for original, swapped in _SWAPPED.items()}
_RESERVED = "".join(_BACK) + _MARK
_ESCAPE = re.compile(f"[{re.escape(''.join(_SWAPPED) + _RESERVED)}]")
_UNESCAPE = re.compile(f"{_MARK}(.)|[{re.escape(''.join(_BACK))}]", re.DOTALL)


def escape_xml(text: str) -> str:
    """``text`` with every character XML cannot hold swapped for a private-use one."""
    if _ESCAPE.search(text) is None:
        return text
    return _ESCAPE.sub(lambda m: _SWAPPED.get(m[0]) or _MARK + m[0], text)


def unescape_xml(text: str) -> str:
    """The text ``escape_xml`` was given: what a reader of the file does to get it back."""
    if not any(char in text for char in _RESERVED):
        return text
    return _UNESCAPE.sub(lambda m: m[1] if m[1] is not None else _BACK[m[0]], text)
