"""Python's cycle collector paused while code makes many objects that live on and no cycles.

Each full collection walks every object kept so far, so a reader keeping a large table's
records, or the passage search holding a corpus, paid for the same objects again and again.
What the block makes that is garbage is collected once the collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cycle collector for the block; it runs again after it, however it ends
    (left as it was when something else had paused it)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def each_paused(items: Iterable[Any]) -> Iterator[Any]:
    """The items, each one taken with the collector paused and handed on with it running:
    a join makes one thread at a time in it, then the caller works on it."""
    iterator = iter(items)
    while True:
        with paused():
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item
