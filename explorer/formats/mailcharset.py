"""A mail part's text from its bytes and the charset it declares, read as mail clients do.

Mail often says less than it holds: ``Shift_JIS`` for Windows' cp932 (``①``, ``～``),
``gb2312`` for GBK, ``ISO-2022-JP`` for Windows' cp50220 (``①``, ``㈱``), ``iso-8859-1``
for Windows-1252 (curly quotes, ``€``), ``us-ascii`` or no charset at all for UTF-8 or
KOI8-R. Decoding strictly by the label turns those characters into U+FFFD or control
characters; here each part is decoded by the first that fits of: the label (UTF-8 first
when the label is a Western single-byte one and the bytes are UTF-8, which such labels
hide more often than not), the label's superset as browsers read it (the WHATWG encoding
standard), an encoding detected from the bytes, and last the label with replacement
characters.
"""

from __future__ import annotations

import codecs
import re

from ..errors import ExplorerError
from ..text import decode_bytes

SUPERSETS = {
    "iso8859-1": "cp1252", "shift_jis": "cp932", "gb2312": "gb18030",
    "gbk": "gb18030", "euc_kr": "cp949", "big5": "big5hkscs", "iso8859-9": "cp1254",
    "tis-620": "cp874", "iso8859-11": "cp874", "euc_jp": "euc_jis_2004",
    "iso2022_jp": "cp50220",
}
"""A label's codec name -> the codec of the larger set its writers' software really used."""
WESTERN = frozenset({"ascii", "iso8859-1", "cp1252", "iso8859-15"})
"""Labels that mail software writes by default, whatever the text."""
_C1 = re.compile("[\x80-\x9f]")
_JIS_SETS = frozenset({b"(B", b"(J", b"$B", b"$@", b"(I"})
"""The character sets ISO-2022-JP mail switches to: ASCII, JIS X 0201, JIS X 0208, kana."""


def part_text(payload: bytes, declared: str | None) -> str:
    """The text of a part's decoded payload (transfer encoding undone)."""
    label = _codec(declared) or "ascii"
    if payload.isascii() and label in WESTERN | {"utf-8"}:
        return payload.decode("ascii")  # most mail: nothing to choose
    order = ["utf-8", label] if label in WESTERN else [label, "utf-8"]
    if payload.isascii():  # 7-bit bytes are UTF-8 too, but ISO-2022 text is not ASCII text
        order.remove("utf-8")
    for name in (*order, SUPERSETS.get(label)):
        if name is None:
            continue
        try:
            text = _jis_as_cp932(payload) if name == "cp50220" else payload.decode(name)
        except (UnicodeError, LookupError):  # LookupError: a codec of no charset ("base64")
            continue
        # Latin-1's C1 controls are Windows-1252's punctuation, as browsers read that label.
        if name != "iso8859-1" or not _C1.search(text):
            return text
    try:
        return decode_bytes(payload)[0]
    except ExplorerError:  # empty, binary or of no known encoding
        pass
    try:
        return payload.decode(label, "replace")
    except (UnicodeError, LookupError):  # a label naming no charset ("undefined", "hex")
        return payload.decode("utf-8", "replace")


def _jis_as_cp932(data: bytes) -> str:
    """ISO-2022-JP as Windows writes it (its cp50220, which Python lacks): JIS X 0208 with
    NEC's and IBM's extensions (``①``, ``㈱``), read by moving each character to cp932.

    Raises UnicodeDecodeError where the bytes are not such text.
    """
    out = bytearray()
    mode = b"(B"
    at = 0
    while at < len(data):
        if data[at] == 0x1B:  # an escape sequence switches the character set
            mode = bytes(data[at + 1:at + 3])
            if mode not in _JIS_SETS:  # a lone or cut escape would drop the bytes after it
                raise UnicodeDecodeError("cp50220", data, at, at + 3, "an unknown escape")
            at += 3
        elif mode in (b"$B", b"$@") and data[at] not in b"\r\n":
            first, second = data[at], data[at + 1] if at + 1 < len(data) else 0
            if not (0x21 <= first <= 0x7E and 0x21 <= second <= 0x7E):
                raise UnicodeDecodeError("cp50220", data, at, at + 2, "not a JIS X 0208 pair")
            lead = (first + 1) // 2 + (0x70 if first <= 0x5E else 0xB0)
            trail = second + (0x7E if first % 2 == 0 else 0x1F if second <= 0x5F else 0x20)
            out += bytes((lead, trail))
            at += 2
        elif mode == b"(I" and 0x21 <= data[at] <= 0x5F:  # half-width katakana
            out.append(data[at] + 0x80)
            at += 1
        elif mode in (b"(B", b"(J") or data[at] in b"\r\n":
            out.append(data[at])
            at += 1
        else:
            raise UnicodeDecodeError("cp50220", data, at, at + 1, "an unknown character set")
    return out.decode("cp932")


def _codec(declared: str | None) -> str | None:
    """The codec name of a declared charset, or None when Python knows none by it."""
    if not declared:
        return None
    try:
        return codecs.lookup(declared.strip().strip('"')).name
    except (LookupError, ValueError):
        return None
