"""Mailing lists: mbox files, maildir folders and single ``.eml`` messages.

Messages are threaded by ``In-Reply-To`` and ``References`` (the last referenced message
that is in the input is the parent); a message with neither whose subject starts with
"Re:" joins the first message with the same subject. A reply to a message that is not in
the input is kept at top level and reported. Each thread's first message is its post;
siblings are ordered by date. Labels are the messages' numbers in the input (1-based).

A node's text is the message body as sent: the text/plain part, decoded, with quoted lines
(">") and "On ..., X wrote:" lines intact, so the passage detector sees marked quotations
and nothing is lost. ``split_quotes`` tells a body's own text from what it quotes.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path, PurePath

from ..errors import ExplorerError
from ..model import Span, Thread, timestamp
from .records import Record, build_thread, html_to_text

NAME = "mbox"
PLATFORM = "mail"
EXTENSIONS = (".mbox", ".mbx", ".eml")
MAILDIR_PARTS = ("cur", "new", "tmp")

_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]*\S?")
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|antw|sv|vs|ré|rif|r|fwd?|tr|wg)(?:\[\d+\])?\s*:\s*|\[[^\]]{1,40}\]\s*)+",
    re.IGNORECASE,
)
_IS_REPLY = re.compile(r"^\s*(?:\[[^\]]{1,40}\]\s*)*(?:re|aw|antw|sv|vs|ré|rif|r)\s*:", re.I)


def sniff(text: str) -> bool:
    """True for an mbox ("From " line first) or one message (headers, then a body)."""
    head = text.lstrip("\ufeff")[:16384]
    if head.startswith("From "):
        return True
    return _looks_like_message(head.encode("utf-8", "surrogateescape"))


def _looks_like_message(head: bytes) -> bool:
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    names: set[bytes] = set()
    for line in lines:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue  # a folded header line
        if not _HEADER.match(line):
            return False
        names.add(line.split(b":", 1)[0].lower())
    else:
        return False
    return b"message-id" in names or (b"from" in names and bool(names & {b"subject", b"date"}))


def is_maildir(path: Path) -> bool:
    """True for a maildir folder: one holding cur, new and tmp directories."""
    return path.is_dir() and all((path / part).is_dir() for part in MAILDIR_PARTS)


def sniff_path(path: Path) -> bool:
    """True for a maildir, an mbox or a message file: ``read`` takes their bytes as they are.

    Mail declares a charset per message (or per part), so the bytes go to the email parser
    undecoded; decoding the whole file first would garble 8-bit bodies in other charsets.
    """
    if is_maildir(path):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(16384)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf")
    return head.startswith(b"From ") or _looks_like_message(head)


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read threads from mbox text or one message's text."""
    data = text.lstrip("\ufeff").encode("utf-8", "surrogateescape")
    return _threads(_messages(data.splitlines(keepends=True)), source)


def read(path: Path, source: str | None = None) -> list[Thread]:
    """Read a maildir folder, an mbox file (streamed message by message) or an .eml file."""
    source = source or str(path)
    try:
        if is_maildir(path):
            files = sorted(
                child for part in ("cur", "new") for child in (path / part).iterdir()
                if child.is_file() and not child.name.startswith(".")
            )
            if not files:
                raise ExplorerError("maildir holds no messages", source)
            messages = (_parse_message(child.read_bytes()) for child in files)
            return _threads(messages, source)
        with path.open("rb") as handle:
            if handle.read(3) != b"\xef\xbb\xbf":
                handle.seek(0)
            return _threads(_messages(handle), source)
    except FileNotFoundError as err:
        raise ExplorerError("no such file or directory", source) from err
    except OSError as err:
        raise ExplorerError(f"cannot read: {err.strerror or err}", source) from err


def _messages(lines: Iterable[bytes]) -> Iterator[EmailMessage]:
    """Split mbox lines into messages (a lone message has no "From " line)."""
    current: list[bytes] = []
    previous_blank = True
    for line in lines:
        if line.startswith(b"From ") and previous_blank and current:
            yield _parse_message(b"".join(current))
            current = []
        if line.startswith(b"From ") and not current:
            previous_blank = False
            current.append(b"")  # the envelope line is not part of the message
            continue
        current.append(line)
        previous_blank = not line.strip()
    if any(part.strip() for part in current):
        yield _parse_message(b"".join(current))


def _parse_message(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)


@dataclass(slots=True)
class _Mail:
    number: int
    message_id: str
    references: list[str]
    subject: str
    author: str | None
    published: datetime | None
    text: str
    problems: list[str] = field(default_factory=list)


def _threads(messages: Iterable[EmailMessage], source: str | None) -> list[Thread]:
    mails: list[_Mail] = []
    for number, message in enumerate(messages, start=1):
        if not message.keys():
            raise ExplorerError(f"message {number}: no headers; not a mail message", source)
        mails.append(_mail(number, message))
    if not mails:
        raise ExplorerError("no messages found", source)
    by_id = {mail.message_id: mail for mail in reversed(mails)}  # first of duplicates wins
    parents = _parents(mails, by_id)

    # Union-find over message ids, missing parents included, so replies to one absent
    # message stay together in one thread.
    root_of: dict[str, str] = {}

    def find(key: str) -> str:
        while root_of.get(key, key) != key:
            root_of[key] = root_of.get(root_of[key], root_of[key])  # path halving: stays flat
            key = root_of[key]
        return key

    for mail in mails:
        root_of.setdefault(mail.message_id, mail.message_id)
        parent = parents.get(mail.number)
        if parent is not None:
            a, b = find(mail.message_id), find(parent)
            if a != b:
                root_of[a] = b
    groups: dict[str, list[_Mail]] = {}
    for mail in mails:
        groups.setdefault(find(mail.message_id), []).append(mail)

    stem = _stem(source)
    by_number = {mail.number: mail for mail in mails}
    labels = {mail.message_id: str(mail.number) for mail in reversed(mails)}
    # A message joined only by its subject keeps its thread but states no parent: it is flat.
    by_subject = {mail.number for mail in mails if not mail.references and mail.number in parents}
    threads = []
    for index, members in enumerate(groups.values(), start=1):
        records = [
            Record(
                label=str(mail.number),
                text=mail.text,
                parent=labels.get(parents[mail.number], parents[mail.number])
                if parents.get(mail.number) and mail.number not in by_subject else None,
                author=mail.author,
                published=mail.published,
                stated=mail.number not in by_subject,
            )
            for mail in members
        ]
        roots = [
            record for record in records
            if record.parent is None and int(record.label) not in by_subject
        ]
        if len(roots) == 1:  # with several, the message they all answer is missing
            roots[0].post = True
        first = min(members, key=_date_key)
        thread_id = stem if len(groups) == 1 else f"{stem}-{index}"
        threads.append(
            build_thread(
                thread_id,
                records,
                title=_REPLY_PREFIX.sub("", first.subject).strip() or None,
                published=first.published,
                source=source,
                problems=[problem for mail in members for problem in mail.problems],
                sort_key=lambda record: _date_key(by_number[int(record.label)]),
            )
        )
    return threads


def _date_key(mail: _Mail) -> tuple[float, int]:
    moment = mail.published
    return (float("inf") if moment is None else timestamp(moment), mail.number)


def _parents(mails: list[_Mail], by_id: dict[str, _Mail]) -> dict[int, str]:
    """Each message's parent id: the last referenced message present, else the root reference
    (absent), else by subject."""
    parents: dict[int, str] = {}
    first_by_subject: dict[str, _Mail] = {}
    for mail in sorted(mails, key=_date_key):
        base = _REPLY_PREFIX.sub("", mail.subject).strip().lower()
        if mail.references:
            present = [ref for ref in mail.references if ref in by_id and ref != mail.message_id]
            parents[mail.number] = present[-1] if present else mail.references[0]
            if present and present[-1] != mail.references[-1]:
                mail.problems.append(
                    f"message {mail.number} answers <{mail.references[-1]}>, not in the input; "
                    f"placed under <{present[-1]}>, the nearest message it references"
                )
        elif base and _IS_REPLY.match(mail.subject) and base in first_by_subject:
            parents[mail.number] = first_by_subject[base].message_id
        if base:
            first_by_subject.setdefault(base, mail)
    return parents


def _mail(number: int, message: EmailMessage) -> _Mail:
    published, problem = _date(message, number)
    return _Mail(
        number=number,
        message_id=_first_id(_header(message, "Message-ID")) or f"<message {number}>",
        references=_references(message),
        subject=_header(message, "Subject") or "",
        author=_author(message),
        published=published,
        text=body_text(message),
        problems=[problem] if problem else [],
    )


def _header(message: EmailMessage, name: str) -> str | None:
    """A header's decoded value; 8-bit headers (not RFC 2047) in UTF-8 or the body's charset."""
    raw = next((value for key, value in message.raw_items() if key.lower() == name.lower()), None)
    if raw is None:
        return None
    if _RAW_BYTE.search(raw):
        data = raw.encode("ascii", "surrogateescape")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode(_known_charset(message), "replace")
        return " ".join(text.split())
    try:
        value = message.get(name)
    except _EMAIL_ERRORS:  # a malformed header the policy cannot parse: take it as written
        value = raw
    return " ".join(str(value).split()) if value is not None else None


_RAW_BYTE = re.compile("[\udc80-\udcff]")


def _known_charset(message: EmailMessage) -> str:
    try:
        charset = message.get_content_charset() or "latin-1"
        codecs.lookup(charset)
    except (LookupError, *_EMAIL_ERRORS):
        return "latin-1"  # every byte is a Latin-1 character, so nothing is dropped
    return charset


def _first_id(value: object) -> str | None:
    if value is None:
        return None
    match = _MESSAGE_ID.search(str(value))
    return match.group(1) if match else (str(value).strip() or None)


def _references(message: EmailMessage) -> list[str]:
    references = _MESSAGE_ID.findall(_header(message, "References") or "")
    in_reply_to = _MESSAGE_ID.findall(_header(message, "In-Reply-To") or "")
    # In-Reply-To names the direct parent; put it last, where the parent is looked for.
    return [ref for ref in references if ref not in in_reply_to] + in_reply_to


def _author(message: EmailMessage) -> str | None:
    value = _header(message, "From")
    if not value:
        return None
    addresses = getaddresses([value])
    if not addresses:
        return value
    name, address = addresses[0]
    return name.strip() or address.strip() or value


def _date(message: EmailMessage, number: int) -> tuple[datetime | None, str | None]:
    """The message's time, or None and a problem saying why not."""
    value = _header(message, "Date")
    if not value:
        return None, None
    try:
        return parsedate_to_datetime(value), None
    except (TypeError, ValueError, IndexError):
        return None, f"message {number}: unreadable Date {value[:40]!r}"


# The email package raises all of these on malformed headers and bodies; a bad message
# should still give its text, so they fall back to the raw payload.
_EMAIL_ERRORS = (
    LookupError, UnicodeError, AssertionError, ValueError, TypeError, AttributeError
)


def body_text(message: EmailMessage) -> str:
    """The message's text/plain body, decoded (or its HTML part as text when it has none)."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except _EMAIL_ERRORS:
        part = message if not message.is_multipart() else None
    if part is None:
        return ""
    try:
        content = part.get_content()
    except _EMAIL_ERRORS:
        content = _raw_payload(part)
    if not isinstance(content, str):
        content = content.decode("utf-8", "replace") if isinstance(content, bytes) else ""
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return content.replace("\r\n", "\n").strip("\n").rstrip()


def _raw_payload(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload() or "")
    try:
        return payload.decode(part.get_content_charset() or "utf-8", "replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", "replace")


def _stem(source: str | None) -> str:
    if not source or source.startswith("<"):
        return "mail"
    return PurePath(source.rstrip("/")).stem or "mail"


# ---- quotations -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of a body's lines: the writer's own text, a quotation, or an attribution line.

    ``kind`` is "own", "quote" or "attribution"; ``span`` indexes the body; ``depth`` is the
    number of ">" marks of a quotation; ``author`` is who an attribution names, if readable.
    """

    kind: str
    span: Span
    text: str
    depth: int = 0
    author: str | None = None


_QUOTE = re.compile(r"^[ \t]?((?:>[ \t]?)+)")
_WROTE = re.compile(
    r"(?:wrote|writes|said|a écrit|schrieb|escribió|ha scritto|skrev|napisał|schreef|kirjoitti"
    # German puts the name after the verb: "Am 4.3.2024 um 09:00 schrieb Bernd Müller:"
    r"|schrieb\s+(?P<after>[^:]{1,120}))\s*:\s*$",
    re.IGNORECASE,
)
_ORIGINAL = re.compile(r"^-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine)"
                       r"\s*-{2,}\s*$", re.IGNORECASE)
_LEADING_DATE = re.compile(
    r"^(?:on|le|am|el|il|den|op|w dniu)\s.*(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"|\d{4})(?:\s*(?:[+-]\d{4}|(?-i:[A-Z]{2,5})\b))?\s*,?\s*",
    re.IGNORECASE,
)


def split_quotes(body: str) -> list[Segment]:
    """Split a mail body into the writer's own text, quoted text and attribution lines.

    Lines starting with ">" are quotations (``depth`` counts the marks); a line ending in
    "wrote:" (or its usual translations) just before a quotation, possibly wrapped over two
    lines, is an attribution; everything from an "-----Original Message-----" line on is
    a quotation too (Outlook quotes without marks). Blank lines go with the run before them.
    The segments cover the whole body, in order, so joining their texts gives it back.
    """
    lines = body.split("\n")
    kinds: list[tuple[str, int]] = []
    original = False
    for line in lines:
        if original or _ORIGINAL.match(line):
            original = True
            kinds.append(("quote", 1))
            continue
        match = _QUOTE.match(line)
        if match:
            kinds.append(("quote", match.group(1).count(">")))
        elif not line.strip() and kinds:
            kinds.append(kinds[-1])
        else:
            kinds.append(("own", 0))
    _mark_attributions(lines, kinds)
    segments: list[Segment] = []
    start = 0
    offsets = []
    for line in lines:
        offsets.append(start)
        start += len(line) + 1
    run_start = 0
    for index in range(1, len(lines) + 1):
        if index < len(lines) and kinds[index] == kinds[run_start]:
            continue
        begin = offsets[run_start]
        end = offsets[index] - 1 if index < len(lines) else len(body)
        kind, depth = kinds[run_start]
        text = body[begin:end]
        segments.append(
            Segment(
                kind=kind,
                span=(begin, end),
                text=text,
                depth=depth,
                author=attributed_author(text) if kind == "attribution" else None,
            )
        )
        run_start = index
    return segments


def _mark_attributions(lines: list[str], kinds: list[tuple[str, int]]) -> None:
    for index, line in enumerate(lines):
        if kinds[index][0] != "own" or not _WROTE.search(line):
            continue
        following = index + 1
        while following < len(lines) and not lines[following].strip():
            following += 1
        if following < len(lines) and kinds[following][0] == "quote":
            kinds[index] = ("attribution", 0)
            for blank in range(index + 1, following):
                kinds[blank] = ("attribution", 0)
            previous = index - 1
            # "On Tue, 3 Mar 2020, Jane Doe <jane@example.org>\n wrote:" wraps the header.
            if (
                previous >= 0
                and kinds[previous][0] == "own"
                and lines[previous].strip()
                and (_LEADING_DATE.match(lines[previous].strip()) or len(line.strip()) < 12)
            ):
                kinds[previous] = ("attribution", 0)


def attributed_author(attribution: str) -> str | None:
    """The name in "On Tue, 3 Mar 2020 at 10:00, Jane Doe <jane@x.org> wrote:" ("Jane Doe")."""
    line = " ".join(attribution.split())
    wrote = _WROTE.search(line)
    if wrote and wrote.group("after"):
        line = wrote.group("after")
    else:
        line = _WROTE.sub("", line).strip()
    address = re.search(r"<([^<>@\s]+@[^<>\s]+)>|\(?\b([\w.+-]+@[\w.-]+)\)?$", line)
    if address:
        before = line[: address.start()].strip()
        line = before or (address.group(1) or address.group(2))
    line = _LEADING_DATE.sub("", line).strip(" ,\"'")
    if "," in line:
        line = line.rsplit(",", 1)[1].strip(" \"'")
    return line or None


def own_text(body: str) -> str:
    """The body without its quotations and attribution lines."""
    return "\n".join(
        segment.text for segment in split_quotes(body) if segment.kind == "own"
    ).strip()
