"""Progress of a long run on one terminal line: threads and comments done, rate, time left.

The time left is estimated from the bytes of the input files whose threads are all done,
so it shows once the first of several files is finished.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TextIO

DELAY = 1.0
"""Seconds before the first line: short runs print nothing."""
INTERVAL = 0.25
"""Seconds between redraws."""


class Progress:
    """Redraws one status line on a terminal stream as threads are done."""

    def __init__(
        self,
        stream: TextIO,
        sizes: Mapping[str, int] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream
        self.sizes = dict(sizes or {})
        self.total_bytes = sum(self.sizes.values())
        self.clock = clock
        self.started = clock()
        self.drawn_at: float | None = None
        self.threads = 0
        self.comments = 0
        self.done_bytes = 0
        self.source: str | None = None

    def add(self, comments: int, source: str | None) -> None:
        """Count one finished thread of ``comments`` comments read from ``source``."""
        if source != self.source:
            # Threads finish in input order: a new source means the last one is done.
            self.done_bytes += self.sizes.get(self.source or "", 0)
            self.source = source
        self.threads += 1
        self.comments += comments
        now = self.clock()
        due = self.started + DELAY if self.drawn_at is None else self.drawn_at + INTERVAL
        if now >= due:
            self.drawn_at = now
            self.stream.write("\r" + self.status(now) + "\x1b[K")
            self.stream.flush()

    def status(self, now: float) -> str:
        """The status line: counts, comments per second and, when known, the time left."""
        elapsed = max(now - self.started, 1e-9)
        line = (
            f"{self.threads:,} threads, {self.comments:,} comments, "
            f"{self.comments / elapsed:,.0f} comments/s"
        )
        if self.total_bytes and 0 < self.done_bytes < self.total_bytes:
            left = elapsed * (self.total_bytes - self.done_bytes) / self.done_bytes
            line += f", about {format_duration(left)} left"
        return line

    def close(self) -> None:
        """Draw the final counts and end the line, if a status line was drawn."""
        if self.drawn_at is not None:
            self.done_bytes = self.total_bytes
            self.stream.write("\r" + self.status(self.clock()) + "\x1b[K\n")
            self.stream.flush()


def format_duration(seconds: float) -> str:
    """Seconds as ``H:MM:SS`` or ``M:SS``."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
