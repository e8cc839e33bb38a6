"""Shared fixtures: where the test inputs live and how to run the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from explorer.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
FORMATS = DATA / "formats"
REAL = DATA / "real"
"""Real public threads copied from ../shared/data/real (see its SOURCES.md)."""


@pytest.fixture
def run():
    """Invoke the CLI in-process: ``run("stats", path, input=...)`` returns click's Result."""

    def invoke(*args: object, input: str | bytes | None = None) -> Result:
        return CliRunner().invoke(cli, [str(arg) for arg in args], input=input,
                                  catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    """The bundled sample threads, in name order."""
    return sorted(SEEDS.glob("*.txt"))


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test module (playwright allows one per run)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
