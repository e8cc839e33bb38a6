"""Shared fixtures and pytest options (paths to the inputs are in ``tests/paths.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from explorer.cli import cli
from tests.paths import SEEDS

# CI runs the same examples every time (HYPOTHESIS_PROFILE=ci in .ci/run), so a red run is
# the code's doing and can be replayed; local runs draw new ones and keep finding bugs.
# Neither has a deadline: speed is measured by benchmarks/, and on a loaded machine a slow
# example is no bug.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "local"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true",
        help="Rewrite tests/data/golden/ from today's output (see tests/test_golden.py).",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the ``browser`` fixture (headless Chromium) is marked ``browser``,
    whichever file it is in, so the quick loop leaves it out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


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
