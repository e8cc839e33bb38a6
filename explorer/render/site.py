"""A folder of pages: one per thread, the shared scripts once, and an index."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..files import make_folder, synced_in_background, write_file
from ..model import Thread
from ..tree import comment_places
from . import assets
from .dashboard import render_index, row_figures
from .figures import thread_figures
from .page import THREAD_SCRIPTS, page_parts
from .people import PEOPLE_SCRIPTS, render_people

PEOPLE_PAGE = "people.html"


def page_names(threads: Sequence[Thread]) -> list[str]:
    """A distinct, safe file name for each thread's page (ids may hold any characters)."""
    names: list[str] = []
    taken = {"index.html", PEOPLE_PAGE, *(name.lower() for name in assets.ASSETS)}
    for thread in threads:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", thread.id).strip("._-")[:80] or "thread"
        name, number = f"{stem}.html", 2
        while name.lower() in taken:
            name, number = f"{stem}-{number}.html", number + 1
        taken.add(name.lower())
        names.append(name)
    return names


def write_pages(threads: Sequence[Thread], directory: str | Path, *, layout: str = "tree",
                size: str = "words", self_contained: bool = False,
                with_charts: bool = True) -> list[Path]:
    """Write a page per thread into ``directory``; with several, index.html and people.html.

    The paths come back index first, then the people page, then the threads' pages. Light
    pages (the default) share the scripts written once beside them; the dashboard's charts
    need matplotlib (``with_charts=False`` leaves them out).
    """
    directory = make_folder(directory)
    with synced_in_background():
        return _write_site(threads, directory, layout=layout, size=size,
                           self_contained=self_contained, with_charts=with_charts)


def _write_site(threads: Sequence[Thread], directory: Path, *, layout: str, size: str,
                self_contained: bool, with_charts: bool) -> list[Path]:
    names = page_names(threads)
    if not self_contained:
        # The page kinds share vis-network: each file once.
        shared = THREAD_SCRIPTS + (PEOPLE_SCRIPTS if len(threads) > 1 else ())
        assets.write_assets(directory, tuple(dict.fromkeys(shared)))
    site = len(threads) > 1
    written, rows, places = [], [], []
    for thread, name in zip(threads, names, strict=True):
        # Worked out once for the page and its row of the dashboard.
        figures = thread_figures(thread)
        written.append(write_file(directory / name, page_parts(
            thread, layout=layout, size=size, self_contained=self_contained, site=site,
            figures=figures)))
        if site:
            rows.append(row_figures(figures))
            # While the page's tree is at hand: a large thread's would be built again.
            places.append(comment_places(thread))
    if site:
        people = write_file(directory / PEOPLE_PAGE,
                            render_people(threads, self_contained=self_contained,
                                          pages=names, places=places))
        index = write_file(directory / "index.html", render_index(
            threads, names, with_charts=with_charts, people=PEOPLE_PAGE, rows=rows,
            places=places))
        written[:0] = [index, people]
    return written
