"""The C allocator set for numpy's temporaries: freed memory kept for the next batch.

glibc's malloc maps each block over its threshold (128 KiB, raised as blocks are freed) from
the system and unmaps it when freed, and gives the top of its heap back once it grows past
twice that. The passage search and the reply model make thousands of temporary arrays of
one to a few MB per batch, so each came as fresh pages, zeroed by the system and faulted in
one by one (68,000 page faults for 20,000 comments). Served from the heap and kept there, the
same arrays cost a third of the faults and 5-10% less CPU, for about 10 MB more at the
peak of a `--jobs 2` run (docs/engine.md).
"""

from __future__ import annotations

import ctypes
import sys

MAPPED_FROM = 32 << 20
"""Blocks of this many bytes or more are still mapped on their own (glibc's ceiling)."""
KEPT_UP_TO = 128 << 20
"""Freed memory at the top of the heap is given back to the system past this many bytes."""
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt's parameters (malloc.h)


def keep_freed_memory() -> bool:
    """Set glibc's malloc to serve blocks under ``MAPPED_FROM`` from its heap and to keep up
    to ``KEPT_UP_TO`` of freed memory, for this process and those it forks from now on.

    A process-wide choice, made by the command line only. Elsewhere (another C library, not
    Linux) nothing changes; the return value says whether both settings took.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library loaded by name, or not glibc's
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_MMAP_THRESHOLD, MAPPED_FROM)) and bool(
        mallopt(_M_TRIM_THRESHOLD, KEPT_UP_TO))
