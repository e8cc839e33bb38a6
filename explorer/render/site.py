"""A folder of pages: one per thread, the shared scripts once, and an index."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..model import Thread
from . import assets
from .page import THREAD_SCRIPTS, render_html


def page_names(threads: Sequence[Thread]) -> list[str]:
    """A distinct, safe file name for each thread's page (ids may hold any characters)."""
    names: list[str] = []
    taken = {"index.html"}
    for thread in threads:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", thread.id).strip("._-")[:80] or "thread"
        name, number = f"{stem}.html", 2
        while name.lower() in taken:
            name, number = f"{stem}-{number}.html", number + 1
        taken.add(name.lower())
        names.append(name)
    return names


def render_index(entries: Iterable[tuple[Thread, str]]) -> str:
    """Return an HTML page linking each thread's page, with its title and comment count."""
    rows = []
    for thread, name in entries:
        title = html.escape(thread.title or thread.id)
        rows.append(
            f'<li><a href="{html.escape(name)}">{title}</a> '
            f"<span>{html.escape(thread.id)} · {len(thread.comments)} comments</span></li>"
        )
    style = assets.template("index.css")
    nonce = assets.nonce(style, *rows)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{assets.csp(nonce, False)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>explorer — threads</title>\n<style nonce=\"{nonce}\">{style}</style>\n"
        "</head><body>\n<h1>Threads</h1>\n<ul>\n" + "\n".join(rows) + "\n</ul>\n</body></html>\n"
    )


def write_pages(threads: Sequence[Thread], directory: str | Path, *, layout: str = "tree",
                size: str = "words", self_contained: bool = False) -> list[Path]:
    """Write one page per thread into ``directory``, plus index.html when there are several.

    Light pages (the default) share the scripts written once beside them.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    names = page_names(threads)
    if not self_contained:
        assets.write_assets(directory, THREAD_SCRIPTS)
    written = []
    for thread, name in zip(threads, names, strict=True):
        path = directory / name
        path.write_text(render_html(thread, layout=layout, size=size,
                                    self_contained=self_contained), encoding="utf-8")
        written.append(path)
    if len(threads) > 1:
        index = directory / "index.html"
        index.write_text(render_index(zip(threads, names, strict=True)), encoding="utf-8")
        written.insert(0, index)
    return written
