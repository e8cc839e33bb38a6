"""The numpy steps detectors share (explorer.detect.arrays), each against its plain rule."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from explorer.detect.arrays import picked_runs


@given(st.lists(st.integers(0, 4), min_size=1, max_size=10), st.data())
def test_picked_runs_are_each_runs_positions_in_the_order_picked(sizes, data):
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)  # empty runs among them
    picked = data.draw(st.lists(st.integers(0, len(sizes) - 1), max_size=12))  # repeats too
    positions, places = picked_runs(starts, np.array(picked, np.int64))
    plain = [(position, place) for place, run in enumerate(picked)
             for position in range(starts[run], starts[run + 1])]
    assert list(zip(positions.tolist(), places.tolist(), strict=True)) == plain
