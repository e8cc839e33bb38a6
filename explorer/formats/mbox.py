"""Mailing lists: mbox files (pipermail monthly archives too), maildir folders, ``.eml`` files.

A ``From `` line starts a message only where a header block follows it, as in real
archives, whose bodies hold unescaped lines such as "From the log:". Messages are threaded
by ``In-Reply-To`` and ``References``: the parent is the message answered (In-Reply-To's,
else the last referenced). A parent not in the input gets a stand-in (``missing:<its
id>``), hung beneath the nearest referenced message that is in the input, or at top level
when there is none; either way it is reported. A message with no references whose subject
starts with "Re:" joins the first message with the same subject, with no stated parent.
Each thread's first message is its post; siblings are ordered by date. Labels are the
messages' numbers in the input (1-based); each node's meta holds its Message-ID and Subject.

Several files are one corpus: ``read_items`` reads one file's messages (``read_path_items``
a maildir's) and ``join`` threads the messages of all of them, so a reply in one month's
archive finds its parent in another, or in a maildir.

A node's text is the message body as sent: the text/plain part, decoded, with quoted lines
(">"), attributions and signatures intact; the signature and list footer are also the
node's ``signature``, so they are told apart from what the message says.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath

from ..errors import ExplorerError
from ..model import Thread, timestamp
from . import mailtext
from .compression import Input
from .protocol import Folder, Format, Stream
from .records import Record, build_thread
from .spill import Spill

NAME = "mbox"
PLATFORM = "mail"
EXTENSIONS = (".mbox", ".mbx", ".eml", ".txt")
MAILDIR_PARTS = ("cur", "new", "tmp")
MAX_MESSAGE = 64 * 1024**2
"""Largest message read; a larger one (an attachment, or a bomb) is skipped and reported."""
_MAX_HEADER_BLOCK = 16 * 1024**2

_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:")
_FROM_LINE = re.compile(rb"^From ", re.MULTILINE)
_MAIL_HEADERS = frozenset({b"from", b"date", b"subject", b"message-id"})
_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|antw|sv|vs|ré|rif|r|fwd?|tr|wg)(?:\[\d+\])?\s*:\s*|\[[^\]]{1,40}\]\s*)+",
    re.IGNORECASE,
)
_IS_REPLY = re.compile(r"^\s*(?:\[[^\]]{1,40}\]\s*)*(?:re|aw|antw|sv|vs|ré|rif|r)\s*:", re.I)


def sniff(text: str) -> bool:
    """True for an mbox (a "From " line, then headers) or one message (headers, then a body)."""
    return sniff_stream(text.lstrip("\ufeff")[:16384].encode("utf-8", "surrogateescape"))


def sniff_stream(head: bytes) -> bool:
    """``sniff`` on an input's first bytes: mail is read from its bytes, undecoded.

    Mail declares a charset per message (or per part), so decoding the whole file first
    would garble 8-bit bodies in other charsets.
    """
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"From "):
        head = head.split(b"\n", 1)[1] if b"\n" in head else b""
    block = _HeaderBlock()
    for line in _head_lines(head):
        verdict = block.add(line + b"\n")
        if verdict is not None:
            return verdict
    return bool(block.names & _MAIL_HEADERS)  # a header block longer than the head


def _head_lines(head: bytes) -> Iterator[bytes]:
    """The lines of ``head.replace(b"\\r\\n", b"\\n").split(b"\\n")``, cut one at a time:
    most inputs are told apart by their first line, and a head is up to 64 KiB."""
    start = 0
    while (end := head.find(b"\n", start)) >= 0:
        yield head[start : end - 1 if end > start and head[end - 1] == 0x0D else end]
        start = end + 1
    yield head[start:]


class _HeaderBlock:
    """Reads lines one by one and says whether they make a mail header block."""

    def __init__(self) -> None:
        self.names: set[bytes] = set()
        self.size = 0

    def add(self, line: bytes) -> bool | None:
        """True once the block has ended well, False once it cannot be one, else None."""
        self.size += len(line)
        if not line.strip():
            return bool(self.names & _MAIL_HEADERS)
        if line[:1] in (b" ", b"\t") and self.names:
            return None if self.size < _MAX_HEADER_BLOCK else False  # a folded header line
        if not _HEADER.match(line):
            return False
        self.names.add(line.split(b":", 1)[0].lower())
        return None


def is_maildir(path: Path) -> bool:
    """True for a maildir folder: one holding cur, new and tmp directories."""
    return path.is_dir() and all((path / part).is_dir() for part in MAILDIR_PARTS)


def sniff_path(path: Path) -> bool:
    """True for a maildir folder, which ``read_path_items`` reads message file by file."""
    return is_maildir(path)


@dataclass(slots=True)
class Mail:
    """One message as read, before threading."""

    number: int
    source: str | None
    message_id: str
    references: list[str]
    subject: str
    author: str | None
    published: datetime | None
    text: str
    signature: str | None
    problems: list[str] = field(default_factory=list)


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read threads from mbox text or one message's text."""
    data = text.lstrip("\ufeff").encode("utf-8", "surrogateescape")
    return _joined(_mails(_split([data]), source))


def read_items(stream: Input) -> Items:
    """Read the messages of one mbox or message, streamed line by line; ``join`` threads them
    (the key is None: a message's thread is known only once every message is read)."""
    return _items(_mails(_split(stream.blocks()), stream.source))


def _items(mails: Iterable[Mail]) -> Items:
    """Each message (under the key None); returns what threading needs to know of them."""
    facts = _Facts()
    for mail in mails:
        facts.learn(mail)
        yield None, mail
    return facts


def _joined(mails: Iterable[Mail]) -> list[Thread]:
    """The threads of these messages alone."""
    with Spill() as spill:
        spill.extend(_items(mails))
        return list(join(spill))


def read_path_items(path: Path, source: str | None = None) -> Items:
    """Read a maildir folder, the messages under cur and new by file name, for ``join``
    with the other mail of the run."""
    return _items(_mails(_maildir_messages(path, source or str(path)), source or str(path)))


def _maildir_messages(path: Path, source: str) -> Iterator[bytes | None]:
    """Each message file's bytes, one at a time (None for one over MAX_MESSAGE)."""
    try:
        files = sorted(
            child for part in ("cur", "new") for child in (path / part).iterdir()
            if child.is_file() and not child.name.startswith(".")
        )
        if not files:
            raise ExplorerError("maildir holds no messages", source)
        for child in files:
            yield None if child.stat().st_size > MAX_MESSAGE else child.read_bytes()
    except OSError as err:
        raise ExplorerError(f"cannot read: {err.strerror or err}", source) from err


def _split(blocks: Iterable[bytes]) -> Iterator[bytes | None]:
    """Split mbox text, given in blocks of whole lines, into messages' bytes.

    A lone message has no "From " line. A "From " line starts a message only when a header
    block follows it; otherwise it is body text. Blocks are searched for "From " lines, not
    read line by line, so long bodies cost little. A message over MAX_MESSAGE comes out as
    None, for ``_mails`` to report.
    """
    current = bytearray()
    oversize = False

    def take(data: bytes) -> None:
        nonlocal oversize
        oversize = oversize or len(current) + len(data) > MAX_MESSAGE
        if not oversize:
            current.extend(data)

    def flush() -> bytes | None | bool:
        """The message read so far, None if over MAX_MESSAGE, False if only blank lines."""
        nonlocal oversize
        message = None if oversize else bytes(current) if current.strip() else False
        current.clear()
        oversize = False
        return message

    carry = b""  # a "From " line whose header block runs past the block read so far
    for block in blocks:
        data = carry + block if carry else block
        carry = b""
        position = 0
        while (found := _FROM_LINE.search(data, position)) is not None:
            take(data[position:found.start()])
            envelope_end = data.find(b"\n", found.start()) + 1 or len(data)
            verdict = _header_block_follows(data, envelope_end)
            if verdict is None and len(data) - found.start() < _MAX_HEADER_BLOCK:
                carry = data[found.start():]  # decided once more lines are read
                break
            if verdict:
                if (message := flush()) is not False:
                    yield message
            else:
                take(data[found.start():envelope_end])
            position = envelope_end  # the envelope line is not part of the message
        else:
            take(data[position:])
    if carry:
        envelope_end = carry.find(b"\n") + 1 or len(carry)
        block = _HeaderBlock()
        for line in carry[envelope_end:].split(b"\n"):
            block.add(line + b"\n")
        if block.names & _MAIL_HEADERS:  # headers, then the end of the file
            if (message := flush()) is not False:
                yield message
        else:
            take(carry[:envelope_end])
        take(carry[envelope_end:])
    if (message := flush()) is not False:
        yield message


def _header_block_follows(data: bytes, start: int) -> bool | None:
    """Whether the lines from ``start`` make a header block; None if ``data`` ends first."""
    block = _HeaderBlock()
    while start < len(data):
        end = data.find(b"\n", start) + 1 or len(data)
        verdict = block.add(data[start:end])
        if verdict is not None:
            return verdict
        if end == len(data) and not data.endswith(b"\n"):
            break
        start = end
    return None


def _mails(messages: Iterable[bytes | None], source: str | None) -> Iterator[Mail]:
    for number, data in enumerate(messages, start=1):
        if data is None:
            yield _skipped(number, source, f"larger than {MAX_MESSAGE // 1024**2} MiB")
            continue
        if not data.strip():  # a maildir file left empty (a delivery cut short)
            yield _skipped(number, source, "empty")
            continue
        message, problem = mailtext.parse_message(data)
        if not message.keys():
            raise ExplorerError(f"message {number}: no headers; not a mail message", source)
        yield _mail(number, source, message, problem)


def _skipped(number: int, source: str | None, why: str) -> Mail:
    return Mail(
        number=number, source=source, message_id=f"<message {number}>", references=[],
        subject="", author=None, published=None, text="", signature=None,
        problems=[f"message {number}: {why}; not read (its text is empty)"],
    )


def _mail(number: int, source: str | None, message, parse_problem: str | None) -> Mail:
    published, date_problem = mailtext.date(message)
    problems = [f"message {number}: {p}" for p in (parse_problem, date_problem) if p]
    text = mailtext.body_text(message) if parse_problem is None else _unsplit_body(message)
    return Mail(
        number=number,
        source=source,
        message_id=mailtext.first_id(mailtext.raw_header(message, "Message-ID"))
        or f"<message {number}>",
        references=mailtext.references(message),
        subject=mailtext.header(message, "Subject") or "",
        author=mailtext.author(message),
        published=published,
        text=text,
        signature=mailtext.signature(text),
        problems=problems,
    )


def _unsplit_body(message) -> str:
    payload = message.get_payload()
    return payload.strip("\n").rstrip() if isinstance(payload, str) else ""


def join(mails: Spill) -> Iterator[Thread]:
    """Thread messages read from one or more files into conversations, one at a time.

    The readers learned every message's id, date and subject. One pass over the messages
    (on disk when many) finds each one's parent and who answers whom (a union-find over
    message ids, missing parents included, so replies to one absent message stay
    together), and moves it with its parent to a second spill under its thread's root so
    far; that spill's groups, merged by their final roots, are the threads. Only ids,
    subjects of first messages and thread names stay in memory.
    """
    facts = _Facts.merged(mails.summaries)
    if not facts.ids:
        raise ExplorerError("no messages found")
    corpus = len(facts.sources) > 1
    root_of: dict[str, str] = {}
    # Each root so far -> the earliest message (by date) under it: a thread is named after
    # the file of its earliest message, as archives file it.
    earliest: dict[str, tuple[tuple[float, int], int, str | None]] = {}
    with Spill(mails.limit) as threads:
        for number, mail in enumerate(mails.items()):
            parent = facts.parent(number, mail)
            key = _find(root_of, mail.message_id)
            for above in parent[::2]:  # the parent, and where an absent one hangs
                if above is not None and (other := _find(root_of, above)) != key:
                    root_of[key] = key = other
            moment = (_date_key(mail), number, mail.source)
            if key not in earliest or moment < earliest[key]:
                earliest[key] = moment
            threads.add(key, (number, mail, parent))
        # Threads in input order of their first message.
        first: dict[str, tuple[tuple[float, int], int, str | None]] = {}
        for key, moment in earliest.items():
            root = _find(root_of, key)
            if root not in first or moment < first[root]:
                first[root] = moment
        stems = {root: _stem(source) for root, (_, _, source) in first.items()}
        counts = Counter(stems.values())
        seen: Counter[str] = Counter()
        for root, members in threads.groups(lambda key: _find(root_of, key)):
            stem = stems[root]
            seen[stem] += 1
            name = stem if counts[stem] == 1 else f"{stem}-{seen[stem]}"
            yield _thread(name, members, facts, corpus)


class _Facts:
    """What threading needs to know of every message: its id, file and subject."""

    def __init__(self) -> None:
        self.count = 0
        self.ids: dict[str, int] = {}
        """Each message id's number in the input (the first of duplicates wins)."""
        self.sources: dict[str | None, None] = {}
        self.first_by_subject: dict[str, tuple[tuple[float, int], int, str]] = {}
        """Subject (without "Re:") -> the earliest message (by date, then input) bearing it."""

    @classmethod
    def merged(cls, parts: list[_Facts]) -> _Facts:
        """The facts of several inputs read one after another (merged into the first)."""
        if not parts:
            return cls()
        facts = parts[0]
        for part in parts[1:]:
            offset = facts.count  # its messages' numbers in the whole input
            for message_id, number in part.ids.items():
                facts.ids.setdefault(message_id, offset + number)
            facts.sources.update(part.sources)
            for base, (date, number, message_id) in part.first_by_subject.items():
                facts._note_subject(base, (date, offset + number, message_id))
            facts.count += part.count
        return facts

    def learn(self, mail: Mail) -> None:
        """Note the next message of the input."""
        number = self.count
        self.count += 1
        self.ids.setdefault(mail.message_id, number)
        self.sources.setdefault(mail.source)
        base = _REPLY_PREFIX.sub("", mail.subject).strip().lower()
        if base:
            self._note_subject(base, (_date_key(mail), number, mail.message_id))

    def _note_subject(self, base: str, moment: tuple[tuple[float, int], int, str]) -> None:
        first = self.first_by_subject.get(base)
        if first is None or moment < first:
            self.first_by_subject[base] = moment

    def parent(self, number: int, mail: Mail) -> Parent:
        """The parent id of the ``number``-th message, whether its references state it, and
        the nearest referenced message present when the parent is absent.

        The parent is the last referenced message (In-Reply-To's), present or not: an
        absent one gets a stand-in, hung under the nearest referenced message present. With
        no references, for a "Re:" subject, it is the earliest message with that subject
        when it came first.
        """
        if mail.references:
            present = [ref for ref in mail.references
                       if ref in self.ids and ref != mail.message_id]
            if not present:
                return mail.references[0], True, None
            # An absent direct parent still hangs where the references place it.
            return mail.references[-1], True, present[-1]
        base = _REPLY_PREFIX.sub("", mail.subject).strip().lower()
        first = self.first_by_subject.get(base) if base else None
        if first is not None and _IS_REPLY.match(mail.subject) and first[1] != number:
            return first[2], False, None
        return None, False, None


Parent = tuple[str | None, bool, str | None]
"""A message's parent id, whether its references state it, and the id of the nearest
referenced message present when the parent is absent."""
Items = Generator[tuple[None, Mail], None, _Facts]
"""An input's messages, then (returned) what threading needs to know of them."""


def _thread(
    name: str, members: list[tuple[int, Mail, Parent]], facts: _Facts, corpus: bool
) -> Thread:
    """The thread of these messages (each with its number in the input and its parent)."""
    records = []
    problems = []
    absent_under: dict[str, str] = {}
    for number, mail, (parent, referenced, nearest) in members:
        # A message joined only by its subject keeps its thread but states no parent: flat.
        by_subject = parent is not None and not referenced
        if parent is not None and referenced:
            parent = str(facts.ids[parent] + 1) if parent in facts.ids else parent
            if nearest is not None:
                absent_under[parent] = str(facts.ids[nearest] + 1)
        else:
            parent = None
        records.append(Record(
            label=str(number + 1),
            text=mail.text,
            parent=parent,
            author=mail.author,
            published=mail.published,
            signature=mail.signature,
            stated=not by_subject,
            meta=_meta(mail, corpus),
        ))
        for found in mail.problems:
            # "message 3" needs its file once several are read
            problems.append(f"{mail.source}: {found}" if corpus else found)
    roots = [record for record in records if record.parent is None and record.stated]
    if len(roots) == 1:  # with several, the message they all answer is missing
        roots[0].post = True
    first = min((mail for _, mail, _ in members), key=_date_key)
    order = {str(number + 1): _date_key(mail) for number, mail, _ in members}
    return build_thread(
        name,
        records,
        title=_REPLY_PREFIX.sub("", first.subject).strip() or None,
        published=first.published,
        source=first.source,
        problems=problems,
        sort_key=lambda record: order[record.label],
        absent_under=absent_under,
    )


def _find(root_of: dict[str, str], key: str) -> str:
    """The root of ``key`` in a union-find forest (itself when it was never joined)."""
    while root_of.get(key, key) != key:
        root_of[key] = root_of.get(root_of[key], root_of[key])  # path halving: stays flat
        key = root_of[key]
    return key


def _meta(mail: Mail, corpus: bool) -> dict[str, str]:
    meta = {"message_id": mail.message_id}
    if mail.subject:
        meta["subject"] = mail.subject
    if corpus and mail.source:
        meta["file"] = mail.source
    return meta


def _date_key(mail: Mail) -> tuple[float, int]:
    moment = mail.published
    return (float("inf") if moment is None else timestamp(moment), mail.number)


def _stem(source: str | None) -> str:
    if not source or source.startswith("<"):
        return "mail"
    name = PurePath(source.rstrip("/")).name
    # "2006-May.txt.gz" is the month "2006-May": drop the compression and the type.
    for suffix in (".gz", ".bz2", ".xz", ".zst", ".txt", ".mbox", ".mbx", ".eml"):
        name = name.removesuffix(suffix)
    return name or "mail"


FORMAT = Format(
    NAME, EXTENSIONS, sniff, parse, platform=PLATFORM, streams=(Stream(sniff_stream, read_items),),
    folder=Folder(sniff_path, read_path_items), join=join,
)
