"""What the browser tests of the thread page share: real threads of three kinds written as
pages (a flat hiring thread, a mail thread, a Reddit thread, from tests/data/real), a folder
of the seeds, and ways to read the reading view."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_browser import Visit

from explorer import analyse, read_paths
from explorer.render import write_html, write_pages
from explorer.tree import reply_tree
from tests.paths import REAL, SEEDS

HIRING = REAL / "hn" / "hn_comments_2024-07_whoishiring.json"
MAIL = REAL / "mail" / "fetchmail-users" / "2008-July.txt.gz"
REDDIT = REAL / "reddit" / "RC_2005-12.zst"
BUSY_REDDIT = REAL / "reddit_urs" / "wallstreetbets_ld5rd9_shorts_RAW.json"
"""A whole Reddit thread of 694 comments, 500 of them answering comments (a URS scrape)."""


def reddit_dump(scrape: Path, folder: Path) -> Path:
    """A URS scrape (each comment id to a one-record list) written as Pushshift dump lines,
    which the reddit reader reads: the same comments, parents, authors, times and texts."""
    records = [found for found, in json.loads(scrape.read_text(encoding="utf-8")).values()]
    link = next(r["Parent ID"] for r in records if r["Parent ID"].startswith("t3_"))
    lines = [json.dumps({
        "id": r["Comment ID"], "parent_id": r["Parent ID"], "link_id": link,
        "author": r["Author"], "body": r["Text"],
        "created_utc": int(datetime.strptime(r["Date Created"], "%m-%d-%Y %H:%M:%S")
                           .replace(tzinfo=UTC).timestamp())}) for r in records]
    path = folder / f"{scrape.stem}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def largest(path: Path):
    return analyse(max(read_paths([str(path)]), key=lambda t: (len(t.nodes), t.id)))


@pytest.fixture(scope="module")
def real_pages(tmp_path_factory):
    """The largest thread of each real sample, each written as a light page."""
    folder = tmp_path_factory.mktemp("real")
    pages = {}
    busy = reddit_dump(BUSY_REDDIT, folder)
    for kind, path in (("hiring", HIRING), ("mail", MAIL), ("reddit", REDDIT),
                       ("busy reddit", busy)):
        thread = largest(path)
        pages[kind] = (thread, write_html(thread, folder / f"{kind.replace(' ', '-')}.html",
                                          self_contained=False))
    return pages


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    threads = [analyse(thread) for thread in read_paths([str(SEEDS)])]
    written = write_pages(threads, tmp_path_factory.mktemp("site"))
    return list(zip(threads, written[2:], strict=True))


def tree_rows(v: Visit) -> list[dict]:
    v.wait("document.getElementById('reader').dataset.ready === '1'")
    return v.js("""Array.from(document.querySelectorAll('#conversation [role=treeitem]'))
        .map(r => ({id: r.dataset.id, level: Number(r.getAttribute('aria-level')),
                    selected: r.getAttribute('aria-selected'), hidden: r.hidden,
                    expanded: r.getAttribute('aria-expanded')}))""")


def row(v: Visit, node_id: str):
    return v.page.locator(f"#conversation [role=treeitem][data-id={json.dumps(node_id)}]")


def click_row(v: Visit, node_id: str) -> None:
    """Click a comment's row on its author's name, as a reader would: the middle of a row
    can be a link in its text, which opens the link instead."""
    row(v, node_id).locator(".who b").click()


def selected_ids(v: Visit) -> list[str]:
    return v.js("""Array.from(document.querySelectorAll(
        '#conversation [role=treeitem][aria-selected=true]')).map(r => r.dataset.id)""")


VISIBLE = """id => { const r = Array.from(document.querySelectorAll('#conversation .turn'))
    .find(e => e.dataset.id === id).getBoundingClientRect();
    const box = document.getElementById('reading').getBoundingClientRect();
    return r.top >= box.top - 1 && r.top < box.bottom; }"""


def in_view(v: Visit, node_id: str) -> bool:
    """Whether the row lies within the reading view's visible part."""
    return v.js(VISIBLE, node_id)


def comes_into_view(v: Visit, node_id: str) -> bool:
    """Whether the row is scrolled into view within a second (a frame may settle it)."""
    v.wait(f"({VISIBLE})({json.dumps(node_id)})", 1.0)
    return True


def path_of(kind: str, page: Path) -> Path:
    """The input a real sample's page was written from."""
    if kind == "busy reddit":
        return page.parent / f"{BUSY_REDDIT.stem}.jsonl"
    return {"hiring": HIRING, "mail": MAIL, "reddit": REDDIT}[kind]

def descendants(tree, node):
    stack = list(tree.children[node])
    while stack:
        child = stack.pop()
        yield child
        stack.extend(tree.children[child])

def opened(real_pages, visit, kind: str):
    """A real sample's page, opened: its thread, the visit, its reply tree and node ids."""
    thread, path = real_pages[kind]
    return thread, visit(path), reply_tree(thread), [node.id for node in thread.nodes]
