"""What a reader fills to be an input format: one ``Format`` record per format module.

Every format reads a decoded text whole (``sniff``, ``parse``). A format may also read
input that is too large to hold: line by line from the decompressed bytes (``streams``), or a
folder (``folder``); those give ``(thread key, item)`` pairs, and ``join`` makes the threads
of all the inputs of a run from them (threads may cross files). A format whose whole text
goes to ``join`` too (rather than ``parse``) says so in ``items``. A JSON document whose
threads each lie whole in one place of it may be read in pieces (``document``), giving the
threads ``parse`` would, one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Thread
from .spill import Spill

Items = Iterable[tuple[Any, Any]]
"""``(thread key, item)`` pairs for a join (the key None when only the join can tell)."""


@dataclass(frozen=True, slots=True)
class Stream:
    """A reader of an input line by line from its decompressed bytes.

    ``sniff`` looks at the input's first bytes. With ``by_text``, it only says the bytes can
    be streamed, and the format's text ``sniff`` decides (unless the format is named):
    such a reader comes after the refusal of binary input, and where it meets a byte that
    is not UTF-8 (``compression.NotUTF8``) the input is read whole, to detect its encoding.
    """

    sniff: Callable[[bytes], bool]
    read: Callable[..., Items]  # (Input, **options) -> items
    by_text: bool = False


@dataclass(frozen=True, slots=True)
class Folder:
    """A reader of a folder that is one input (a maildir): its items go to the join."""

    sniff: Callable[[Path], bool]
    read: Callable[[Path, str], Items]


@dataclass(frozen=True, slots=True)
class Format:
    """An input format: its name for ``--format``, the file names it comes in, and readers.

    ``platform`` names the kind of site all its threads come from (``Thread.platform``).
    ``columns`` is True for the one format that takes ``--columns``: its ``parse``,
    ``items`` and stream readers then take a ``columns`` keyword. ``document`` reads the
    UTF-8 text of a JSON document in pieces, ``(texts, source, limit) -> threads``, with
    the errors of ``parse``; it yields None where the threads given so far are void (a
    later member of the document replaces them).
    """

    name: str
    extensions: tuple[str, ...]
    sniff: Callable[[str], bool]
    parse: Callable[..., list[Thread]]  # (text, source, **options) -> threads
    platform: str | None = None
    items: Callable[..., Items] | None = None  # (text, source, warning, **options) -> items
    streams: tuple[Stream, ...] = ()
    folder: Folder | None = None
    join: Callable[[Spill], Iterator[Thread]] | None = None
    columns: bool = False
    document: Callable[..., Iterator[Thread | None]] | None = None

    def __post_init__(self) -> None:
        if (self.items or self.streams or self.folder) and self.join is None:
            raise ValueError(f"format {self.name}: readers of items need a join")  # a bug

    def options(self, columns: dict[str, str] | None) -> dict[str, Any]:
        """The keywords this format's readers take: ``columns`` when it takes them."""
        return {"columns": columns or {}} if self.columns else {}
