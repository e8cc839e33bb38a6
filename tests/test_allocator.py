"""The C allocator kept warm for numpy's temporaries (explorer.allocator)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from tests.paths import ROOT

# A batch's temporaries: twenty arrays of 1 MB at once, dropped together, thirty times;
# prints the page faults they cost.
FAULTS = """
import resource, sys
import numpy as np
from explorer.allocator import keep_freed_memory
taken = keep_freed_memory() if sys.argv[1] == "kept" else None
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(30):
    arrays = [np.ones(1 << 17) for _ in range(20)]
    del arrays
print(taken, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def faults(mode: str) -> tuple[str, int]:
    out = subprocess.run([sys.executable, "-c", FAULTS, mode], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    return out[0], int(out[1])


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")
def test_freed_arrays_are_served_again_without_new_pages():
    # Without the settings the freed arrays go back to the system and come again as fresh
    # pages (256 faults each); with them, from the heap kept since the first round.
    taken, kept = faults("kept")
    _, plain = faults("plain")
    assert taken == "True"
    assert kept * 5 < plain  # here: about 5,000 against 150,000
