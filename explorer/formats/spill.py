"""A disk-backed join: items kept in reading order under their thread, in memory while few,
in a temporary SQLite file past a limit, and handed back one thread at a time.

Dumps, mailboxes and tables scatter a thread's items over a file (and over several files),
so no thread is complete before the last item is read. A ``Spill`` takes the items as they
are read, each under a key (its thread, when the reader knows it while reading: Reddit's
``link_id``, a table's ``thread_id``; None for mail, threaded afterwards); past ``limit``
items it moves them to SQLite, so memory then holds only the keys (unless every item is
under one known key: that one thread is held whole once read anyway). ``items`` gives them
back in reading order, ``groups`` by key: keys in order of first use, each key's items in
reading order, one group in memory at a time. An item may count for more than one against
the limits (a whole thread, counted by its comments).

The SQLite file is SQLite's own temporary file (in ``SQLITE_TMPDIR``, ``TMPDIR``, else
``/var/tmp`` or ``/tmp``), unlinked as soon as it is opened: nothing is left behind however
the process ends (``close``, Ctrl-C, SIGTERM or SIGKILL), and its space is freed when the
connection closes.

Items are written with ``marshal`` when their type says how (``to_plain``, a tuple of plain
values, and ``from_plain``, its inverse; ``to_plain`` gives None for an item holding other
values): a quarter of what ``pickle`` costs for a slotted dataclass. Other items are pickled.

What a reader learns of a whole input (a table's columns, the message ids of a mailbox) is
not an item: a reader that is a generator returns it, and ``summaries`` keeps it, in memory,
beside the input's items.
"""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import sqlite3
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..collector import paused
from ..errors import ExplorerError

LIMIT = 20_000
"""Items (or their sizes) kept in memory before they go to disk."""
_WRITE_BATCH = 2_000
_YOUNG_EVERY = 10_000
"""Items read between collections of the youngest objects, while the collector is paused."""
# SQLite's page cache, in KiB (negative means KiB): what the file costs in memory.
_CACHE_KIB = 16_384


class SpillFailed(ExplorerError):
    """The temporary file failed (a full disk, mostly): the join cannot go on, for any input."""


class Spill:
    """Items under keys, in reading order, held in memory up to ``limit`` and on disk past it."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = LIMIT if limit is None else limit
        self._keys: dict[Hashable, int] = {}
        self._memory: list[tuple[int, Any, int]] | None = []  # key number, item, size
        self._held = 0  # sizes of the items held: all while in memory, the unwritten once on disk
        self._unwritten: list[tuple[int, int, bytes]] = []
        self._count = 0
        self.summaries: list[Any] = []
        """What each input's reader returned (readers that return nothing add nothing)."""
        self._db: sqlite3.Connection | None = None
        self._failed: SpillFailed | None = None
        self._kinds: list[type] = []  # the types written with marshal, by number less one
        self._tags: dict[type, bytes] = {}  # and each one's number, as the byte its data starts

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self._count

    @property
    def on_disk(self) -> bool:
        """True once the items have moved to the SQLite file."""
        return self._memory is None

    def add(self, key: Hashable, item: Any, size: int = 1) -> None:
        """Keep ``item`` under ``key`` (its thread, or None when not known yet); ``size`` is
        what it counts for against the limits."""
        self._check()
        number = self._keys.setdefault(key, len(self._keys))
        self._held += size
        if self._memory is not None:
            self._memory.append((number, item, size))
            if self._held > self.limit and not self._one_thread():
                self._move_to_disk()
        else:
            self._unwritten.append((self._count, number, self._dumped(item)))
            if self._held >= _WRITE_BATCH:
                self._write()
        self._count += 1

    def extend(self, pairs: Iterable[tuple[Hashable, Any]]) -> None:
        """Add ``(key, item)`` pairs and keep in ``summaries`` what their generator returns
        (unless None); when reading them fails, none of them is kept."""
        with paused():
            self._extend(pairs)

    def _extend(self, pairs: Iterable[tuple[Hashable, Any]]) -> None:
        count, keys = self._count, len(self._keys)
        iterator = iter(pairs)
        try:
            while True:
                try:
                    key, item = next(iterator)
                except StopIteration as end:
                    summary = end.value
                    break
                self.add(key, item)
                if not self._count % _YOUNG_EVERY:
                    gc.collect(0)  # the cycles reading made, if any: young, so cheap to find
        except BaseException:
            if self._failed is None:
                self._truncate(count, keys)
            raise
        if summary is not None:
            self.summaries.append(summary)

    def items(self) -> Iterator[Any]:
        """Every item, in reading order."""
        if self._memory is not None:
            for _, item, _ in self._memory:
                yield item
            return
        self._write()
        with self._guarded():
            for (data,) in self._connection().execute("SELECT data FROM items ORDER BY seq"):
                yield self._loaded(data)

    def groups(
        self, merge: Callable[[Hashable], Hashable] | None = None
    ) -> Iterator[tuple[Hashable, list[Any]]]:
        """``(key, items)`` for each key in order of first use, then forget the items.

        With ``merge``, keys that it maps to the same value are one group under that value,
        in order of the first use of any of them: items can then be added under a key that
        turns out later to be part of a larger group (a union-find's root at the time).
        Only one group is in memory at a time once the items are on disk.
        """
        merged: dict[Hashable, int] = {}
        group_of = [merged.setdefault(merge(key) if merge else key, len(merged))
                    for key in self._keys]
        keys = list(merged)
        if self._memory is not None:
            grouped: dict[int, list[Any]] = {}
            for number, item, _ in self._memory:
                grouped.setdefault(group_of[number], []).append(item)
            self._memory, self._held = [], 0
            for group, key in enumerate(keys):
                if group in grouped:
                    yield key, grouped.pop(group)
            return
        self._write()
        current, items = None, []
        with self._guarded():
            rows = self._grouped_rows(group_of)
        for group, data in self._rows_guarded(rows):
            if group != current and items:
                # Handed over with no reference kept while paused: the caller may free it.
                held, items = [items], []
                yield keys[current], held.pop()
            current = group
            items.append(self._loaded(data))
        if items:
            held, items = [items], []
            yield keys[current], held.pop()

    def _grouped_rows(self, group_of: list[int]) -> Iterator[tuple[int, bytes]]:
        """``(group, data)`` of the items on disk, by group and then in reading order."""
        db = self._indexed()
        if group_of == list(range(len(group_of))):  # no keys merged
            return db.execute("SELECT key, data FROM items ORDER BY key, seq")
        db.execute("DROP TABLE IF EXISTS merged")
        db.execute("CREATE TABLE merged (key INTEGER PRIMARY KEY, grp INTEGER)")
        db.execute("BEGIN")
        db.executemany("INSERT INTO merged VALUES (?, ?)", enumerate(group_of))
        db.execute("COMMIT")
        db.execute("CREATE INDEX merged_by_group ON merged (grp, key)")
        # CROSS JOIN keeps merged as the outer loop, so SQLite sorts each group's rows by seq
        # rather than every row at once.
        return db.execute(
            "SELECT merged.grp, items.data FROM merged CROSS JOIN items"
            " ON items.key = merged.key ORDER BY merged.grp, items.seq"
        )

    def close(self) -> None:
        """Close the SQLite file, if one was made, which frees its space."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def _one_thread(self) -> bool:
        """True while every item is under one known key: that thread is built whole from
        them anyway, so the disk would save no memory, only cost time (a table of one
        thread of 80,000 rows spent a second of its reading pickling rows out and back)."""
        return len(self._keys) == 1 and None not in self._keys

    def _move_to_disk(self) -> None:
        memory, self._memory = self._memory or [], None
        self._unwritten = [(seq, number, self._dumped(item)) for seq, (number, item, _)
                           in enumerate(memory)]
        self._write()

    def _write(self) -> None:
        self._check()
        if self._unwritten:
            with self._guarded():
                db = self._connection()
                db.execute("BEGIN")
                db.executemany("INSERT INTO items VALUES (?, ?, ?)", self._unwritten)
                db.execute("COMMIT")
            self._unwritten, self._held = [], 0

    def _check(self) -> None:
        if self._failed is not None:
            raise self._failed

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """SQLite errors as one SpillFailed, after which the spill refuses all use: with
        no journal, a write that failed half way leaves the file in no known state."""
        self._check()
        try:
            yield
        except sqlite3.Error as err:
            where = os.environ.get("SQLITE_TMPDIR") or os.environ.get("TMPDIR") or "/var/tmp"
            self._failed = SpillFailed(
                f"the temporary file that joins large inputs failed ({err}): free space in "
                f"{where} or set TMPDIR to a folder with more room")
            self.close()
            raise self._failed from err

    def _rows_guarded(self, rows: Iterable[tuple[int, bytes]]) -> Iterator[tuple[int, bytes]]:
        with self._guarded():
            yield from rows

    def _truncate(self, count: int, keys: int) -> None:
        """Forget the items added after the first ``count`` and the keys after ``keys``."""
        if self._memory is not None:
            del self._memory[count:]
            self._held = sum(size for _, _, size in self._memory)
        else:
            self._write()
            with self._guarded():
                self._connection().execute("DELETE FROM items WHERE seq >= ?", (count,))
        while len(self._keys) > keys:
            self._keys.popitem()
        self._count = count

    def _indexed(self) -> sqlite3.Connection:
        """The database, with the index that reads it by key."""
        db = self._connection()
        db.execute("CREATE INDEX IF NOT EXISTS by_key ON items (key, seq)")
        return db

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            # "" is a private temporary database: SQLite unlinks its file once opened.
            # Autocommit: the file is scratch, so neither journal nor sync is worth paying.
            self._db = sqlite3.connect("", isolation_level=None)
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
            self._db.execute(
                "CREATE TABLE items (seq INTEGER PRIMARY KEY, key INTEGER, data BLOB)"
            )
        return self._db

    def _dumped(self, item: Any) -> bytes:
        """The item's bytes: its kind's number and its plain values, else 0 and its pickle."""
        kind = type(item)
        to_plain = getattr(kind, "to_plain", None)
        plain = to_plain(item) if to_plain is not None else None
        if plain is not None:
            try:
                data = marshal.dumps(plain)
            except ValueError:  # a value of a type marshal cannot write, deep inside
                pass
            else:
                tag = self._tags.get(kind)
                if tag is None and len(self._kinds) < len(_TAGS) - 1:
                    self._kinds.append(kind)
                    tag = self._tags[kind] = _TAGS[len(self._kinds)]
                if tag is not None:
                    return tag + data
        return _PICKLED + pickle.dumps(item, pickle.HIGHEST_PROTOCOL)

    def _loaded(self, data: bytes) -> Any:
        tag = data[0]
        if tag:
            return self._kinds[tag - 1].from_plain(marshal.loads(memoryview(data)[1:]))
        return pickle.loads(memoryview(data)[1:])


_TAGS = [bytes([number]) for number in range(256)]
_PICKLED = _TAGS[0]
