"""Output on the seeds and the real samples is unchanged, byte for byte (see tests/golden.py)."""

from __future__ import annotations

import pytest

from tests.golden import ROOT, cases, digest, stored


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("case", cases())
def test_output_matches_the_golden_digest(case):
    assert digest(case) == stored()[case], (
        f"{case}: output changed; if meant, run `.venv/bin/python tests/golden.py --update`"
    )
