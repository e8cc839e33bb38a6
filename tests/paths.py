"""Where the tests' inputs live: the one place that knows the repository's layout."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "tests" / "data"
FORMATS = DATA / "formats"
REAL = DATA / "real"
"""Real public threads copied from ../shared/data/real (see its SOURCES.md)."""
SHARED = ROOT.parent / "shared" / "data" / "real"
"""The real samples the project shares (../shared/data/real, see its SOURCES.md), read in place."""
