"""The parts of one mail message a node needs: decoded headers, author, ids, body, signature.

Archives rewrite what they publish: pipermail writes ``jane at example.org (Jane Doe)`` for
``Jane Doe <jane@example.org>``, and mailing lists append a footer to every message. Both
are read back here, so authors are people's names and footers are told apart from text.
"""

from __future__ import annotations

import codecs
import re
from datetime import datetime
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from .htmltext import html_to_text
from .mailcharset import part_text

MAX_MULTIPARTS = 200
"""Most multipart sections split into parts; a message with more is read unsplit."""
_MULTIPART = re.compile(rb"multipart/", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
# pipermail hides addresses as "jane at example.org", in From and in message ids alike.
_MUNGED = re.compile(r"([\w.+%!=-]+) at ([\w-]+(?:\.[\w-]+)+)")
_MUNGED_ID = re.compile(r"<([^<>\s]+) at ([^<>\s]+)>")
_RAW_BYTE = re.compile("[\udc80-\udcff]")
# The email package raises all of these on malformed headers and bodies; a bad message
# should still give its text, so they fall back to the raw payload.
EMAIL_ERRORS = (LookupError, UnicodeError, AssertionError, ValueError, TypeError, AttributeError)
_SIGNATURE_DASHES = re.compile(r"^--[ \t]?$")
_RULE = re.compile(r"^_{10,}[ \t]*$")
# A signature or footer is a short block at the end; a "--" line higher up is text.
_MAX_SIGNATURE_LINES = 20


def parse_message(data: bytes) -> tuple[EmailMessage, str | None]:
    """Parse a message's bytes; one of too many (or too deeply nested) parts stays unsplit.

    The email parser passes each line through every enclosing part, so its cost grows with
    nesting times length, and past Python's recursion limit it fails.
    """
    parser = BytesParser(policy=policy.default)
    if len(_MULTIPART.findall(data)) <= MAX_MULTIPARTS:
        try:
            return parser.parsebytes(data), None
        except RecursionError:
            pass
    return parser.parsebytes(data, headersonly=True), (
        f"more than {MAX_MULTIPARTS} MIME multiparts, or nested too deeply to split; "
        "the body is kept as sent"
    )


def header(message: EmailMessage, name: str) -> str | None:
    """A header's decoded value; 8-bit headers (not RFC 2047) in UTF-8 or the body's charset."""
    raw = raw_header(message, name)
    if raw is None:
        return None
    if _RAW_BYTE.search(raw):
        data = raw.encode("ascii", "surrogateescape")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            charset = _known_charset(message)
            # Read as the body's label is (its superset, Shift_JIS as cp932); without one,
            # as Latin-1, which keeps every byte: a header is too short to detect from.
            text = data.decode(charset) if charset == "latin-1" else part_text(data, charset)
        return " ".join(text.split())
    if "=?" not in raw:  # no RFC 2047 encoded words: the text is as written (and fast)
        return " ".join(raw.split())
    try:
        value = message.get(name)
    except EMAIL_ERRORS:  # a malformed header the policy cannot parse: take it as written
        value = raw
    if value is not None and "\ufffd" in str(value) and "\ufffd" not in raw:
        value = _encoded_words(raw) or value  # a charset label that says less than it holds
    return " ".join(str(value).split()) if value is not None else None


def _encoded_words(raw: str) -> str | None:
    """A header's RFC 2047 words decoded as mail clients read their charsets, or None."""
    try:
        pieces = decode_header(raw)
    except EMAIL_ERRORS:
        return None
    return "".join(part_text(data, charset) if isinstance(data, bytes) else data
                   for data, charset in pieces)


def raw_header(message: EmailMessage, name: str) -> str | None:
    """A header as written, unparsed: ids need no decoding, and parsing long ones is slow."""
    wanted = name.lower()
    return next((value for key, value in message.raw_items() if key.lower() == wanted), None)


def _known_charset(message: EmailMessage) -> str:
    try:
        charset = message.get_content_charset() or "latin-1"
        codecs.lookup(charset)
    except (LookupError, *EMAIL_ERRORS):
        return "latin-1"  # every byte is a Latin-1 character, so nothing is dropped
    return charset


def message_ids(value: str | None) -> list[str]:
    """The ``<id>`` tokens of a header, in order, with pipermail's ``at`` put back."""
    if not value:
        return []
    return _MESSAGE_ID.findall(_MUNGED_ID.sub(r"<\1@\2>", str(value)))


def first_id(value: str | None) -> str | None:
    """The first ``<id>`` of a header, or its bare text when it has no brackets."""
    if value is None:
        return None
    found = message_ids(value)
    return found[0] if found else (" ".join(str(value).split()) or None)


def references(message: EmailMessage) -> list[str]:
    """The ids a message answers, oldest first; In-Reply-To's (the direct parent) last."""
    listed = message_ids(raw_header(message, "References"))
    in_reply_to = message_ids(raw_header(message, "In-Reply-To"))
    answered = set(in_reply_to)
    return [ref for ref in listed if ref not in answered] + in_reply_to


def author(message: EmailMessage) -> str | None:
    """The sender's display name, else address (``jane at x.org (Jane)`` gives "Jane")."""
    raw = raw_header(message, "From")
    if raw is None:
        return None
    # Read as written: the header parser drops "(Jane Doe)" comments, pipermail's names.
    value = header(message, "From") if _RAW_BYTE.search(raw) else " ".join(raw.split())
    if not value:
        return None
    value = _MUNGED.sub(r"\1@\2", value)
    addresses = getaddresses([value])
    if not addresses:
        return value
    name, address = addresses[0]
    if "=?" in name:  # RFC 2047 encoded words: "=?utf-8?q?Zo=C3=AB?="
        try:
            decoded: str | None = str(make_header(decode_header(name)))
        except EMAIL_ERRORS:  # bytes its label's charset cannot decode
            decoded = None
        if decoded is None or "\ufffd" in decoded:  # a label that says less than it holds
            decoded = _encoded_words(name) or decoded
        name = decoded or name
    return name.strip() or address.strip() or value


def date(message: EmailMessage) -> tuple[datetime | None, str | None]:
    """The message's time, or None and why not."""
    value = header(message, "Date")
    if not value:
        return None, None
    try:
        return parsedate_to_datetime(value), None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, f"unreadable Date {value[:40]!r}"


def body_text(message: EmailMessage) -> str:
    """The message's text/plain body, decoded (or its HTML part as text when it has none)."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (*EMAIL_ERRORS, RecursionError):
        part = message if not message.is_multipart() else None
    if part is None:
        return ""
    content = _raw_payload(part)
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return content.replace("\r\n", "\n").strip("\n").rstrip()


def _raw_payload(part: EmailMessage) -> str:
    """A text part's payload, decoded by its charset as mail clients read it."""
    try:
        payload = part.get_payload(decode=True)
        charset = part.get_content_charset()
    except EMAIL_ERRORS:
        payload, charset = None, None
    if not isinstance(payload, bytes):
        return str(part.get_payload() or "")
    return part_text(payload, charset)


def signature(body: str) -> str | None:
    """The end of a body that is signature or list footer, as it stands there, or None.

    A signature starts at a ``-- `` line (or ``--``, as archives strip the space); a footer
    at a rule of underscores, as Mailman and webmail services write above theirs. Either
    must be a short block ending the body; the earlier of the two starts the result.
    """
    lines = body.split("\n")
    start = None
    for index in range(len(lines) - 1, max(-1, len(lines) - 1 - _MAX_SIGNATURE_LINES), -1):
        line = lines[index]
        if _SIGNATURE_DASHES.match(line) or _RULE.match(line):
            start = index
    if start is None or start == 0:
        return None  # a body that is all signature is what the writer wrote
    tail = "\n".join(lines[start:])
    return tail if tail.strip(" \t\n-_") else None
