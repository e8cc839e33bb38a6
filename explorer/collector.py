"""Python's cycle collector paused while code makes many objects that live on and no cycles.

Each full collection walks every object kept so far, so a reader keeping a large table's
records, or the passage search holding a corpus, paid for the same objects again and again.
What the block makes that is garbage is collected once the collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
