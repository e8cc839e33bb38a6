"""Stack Exchange data dumps: ``Posts.xml``, ``Comments.xml`` and ``Users.xml`` of a site.

The archive ships each site as a folder of XML files, one ``<row>`` per line, gigabytes for
the large sites: they are streamed row by row (``iterparse``, each row dropped once read)
and go to the join of the run, so the three files may be given in any order, as a folder
or one by one. Each question becomes a thread: its answers answer it, its comments and
its answers' comments answer the post they are under. Authors come from ``Users.xml``
(``DisplayName``); a deleted user's name is the post's own ``OwnerDisplayName``. Bodies
are HTML, comments plain text. Posts of other kinds (tag wikis, moderator nominations)
belong to no question and are skipped. Times are UTC.
"""

from __future__ import annotations

import io
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from ..errors import ExplorerError
from ..model import Thread
from .compression import Input
from .htmltext import html_text
from .protocol import Folder, Format, Stream
from .records import Record, build_thread, parse_time
from .spill import Spill

NAME = "stackexchange"
PLATFORM = "stackexchange"
EXTENSIONS = (".xml",)
QUESTION, ANSWER = "1", "2"
_FILES = ("Posts.xml", "Comments.xml", "Users.xml")
_ROOT = re.compile(rb"<(posts|comments|users)>\s*<row\s", re.IGNORECASE)


@dataclass(slots=True)
class Row:
    """A post or comment as the join needs it."""

    kind: str  # "post" or "comment"
    attributes: dict[str, str]
    source: str | None = None


@dataclass(slots=True)
class Summary:
    """What one file tells the join beside its rows: answers' questions and users' names."""

    questions: dict[str, str] = field(default_factory=dict)  # answer id -> question id
    users: dict[str, str] = field(default_factory=dict)  # user id -> display name


Items = Generator[tuple[str | None, Row], None, Summary]


def sniff(text: str) -> bool:
    """True for a dump file given as text (``read_items`` streams it otherwise)."""
    return sniff_stream(text[:4096].encode("utf-8", "replace"))


def sniff_stream(head: bytes) -> bool:
    """True for ``<posts>``, ``<comments>`` or ``<users>`` followed by a ``<row``."""
    return _ROOT.search(head[:4096]) is not None


def sniff_path(path: Path) -> bool:
    """True for a site's folder: one holding ``Posts.xml``."""
    return path.is_dir() and (path / "Posts.xml").is_file()


def read_items(stream: Input) -> Items:
    """Stream one dump file's rows, for ``join``."""
    return _rows(_Reader(stream.blocks()), stream.source)


def read_path_items(path: Path, source: str | None = None) -> Items:
    """Stream the dump files of a site's folder, for ``join``."""
    summary = Summary()
    for name in _FILES:
        if (path / name).is_file():
            with Input(str(path / name)) as stream:
                found = yield from read_items(stream)
            summary.questions.update(found.questions)
            summary.users.update(found.users)
    return summary


def parse(text: str, source: str | None = None) -> list[Thread]:
    """The threads of one dump file given as text (its posts, or its comments alone)."""
    with Spill() as spill:
        # Decoded already: as bytes, expat would decode it again by the declared encoding.
        spill.extend(_rows(io.StringIO(text.lstrip("\ufeff")), source))
        return list(join(spill))


def _rows(handle: Any, source: str | None) -> Items:
    """Each row under its key (a post's question, a comment's post), and the summary."""
    summary = Summary()
    root = None
    try:
        for event, element in iterparse(handle, events=("start", "end")):
            if root is None:
                root = element
                if element.tag not in ("posts", "comments", "users"):
                    raise ExplorerError(
                        f"expected a Stack Exchange <posts>, <comments> or <users>, "
                        f"found <{element.tag}>", source)
                continue
            if event != "end" or element.tag != "row":
                continue
            attributes = dict(element.attrib)
            root.clear()  # a dump is gigabytes: keep nothing of the rows read
            item = _item(root.tag, attributes, summary, source)
            if item is not None:
                yield item
    except SyntaxError as err:  # ParseError
        line, column = getattr(err, "position", (0, 0))
        raise ExplorerError(f"line {line}, column {column + 1}: invalid XML: "
                            f"{str(err).split(':')[0]}", source) from err
    except DefusedXmlException as err:
        raise ExplorerError(f"refused unsafe XML: {err}", source) from err
    except LookupError as err:  # an encoding Python does not know, named in the declaration
        raise ExplorerError(f"invalid XML: {err}", source) from err
    return summary


def _item(
    table: str, row: dict[str, str], summary: Summary, source: str | None
) -> tuple[str | None, Row] | None:
    if table == "users":
        if row.get("Id") and row.get("DisplayName"):
            summary.users[row["Id"]] = row["DisplayName"]
        return None
    if table == "comments":
        return (row.get("PostId"), Row("comment", row, source)) if row.get("PostId") else None
    kind = row.get("PostTypeId")
    if kind == QUESTION and row.get("Id"):
        return row["Id"], Row("post", row, source)
    if kind == ANSWER and row.get("Id") and row.get("ParentId"):
        summary.questions[row["Id"]] = row["ParentId"]
        return row["Id"], Row("post", row, source)
    return None  # tag wikis, nominations...: no discussion


def join(spill: Spill) -> Iterator[Thread]:
    """One thread per question, from the rows of every dump file read."""
    questions: dict[str, str] = {}
    users: dict[str, str] = {}
    for summary in spill.summaries:
        questions.update(summary.questions)
        users.update(summary.users)
    for key, rows in spill.groups(merge=lambda key: questions.get(key, key)):
        yield _thread(str(key), rows, users)


def _thread(question: str, rows: list[Row], users: dict[str, str]) -> Thread:
    records = []
    title = published = None
    source = rows[0].source
    for row in sorted(rows, key=_order):
        values = row.attributes
        author = users.get(values.get("OwnerUserId") or values.get("UserId") or "") or (
            values.get("OwnerDisplayName") or values.get("UserDisplayName")
        )
        moment = _time(values.get("CreationDate"))
        if row.kind == "comment":
            records.append(Record(
                label=f"c{values.get('Id', '')}", text=(values.get("Text") or "").strip(),
                parent=values.get("PostId"), author=author, published=moment, stated=True,
                meta={"comment_id": values.get("Id", ""), "score": _number(values.get("Score"))},
            ))
            continue
        is_question = values.get("PostTypeId") == QUESTION
        if is_question:
            title, published, source = values.get("Title"), moment, row.source
        records.append(Record(
            label=values["Id"], text=html_text(values.get("Body")),
            parent=None if is_question else values.get("ParentId"), author=author,
            published=moment, post=is_question, stated=True,
            meta={"post_id": values["Id"], "post_type": "question" if is_question else "answer",
                  "score": _number(values.get("Score"))},
        ))
    return build_thread(question, records, title=title, published=published, source=source)


def _order(row: Row) -> tuple[str, int, int]:
    """By time (answers by date, as the site can list them, and comments under their post)."""
    values = row.attributes
    return (values.get("CreationDate") or "", row.kind == "comment",
            _number(values.get("Id")) or 0)


def _time(value: str | None) -> datetime | None:
    try:
        moment = parse_time(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def _number(value: str | None) -> int | None:
    return int(value) if value and value.lstrip("-").isdecimal() else None


class _Reader(io.RawIOBase):
    """The input's decompressed blocks as a file, for the XML parser to pull from."""

    def __init__(self, blocks: Iterator[bytes]) -> None:
        self._blocks = blocks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            block = next(self._blocks, b"")
            if not block:
                return 0
            self._pending = memoryview(block)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


FORMAT = Format(
    NAME, EXTENSIONS, sniff, parse, platform=PLATFORM, streams=(Stream(sniff_stream, read_items),),
    folder=Folder(sniff_path, read_path_items), join=join,
)
