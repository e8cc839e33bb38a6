"""Deleted and spam comments are marked as such on the thread page, in the reading view and
the panel, as ``stats`` counts them (``deleted_comments``, ``spam_comments``)."""

# The fixtures come from test_browser: tests naming them are no redefinition.
# ruff: noqa: F811
from __future__ import annotations

import pytest
from test_browser import visit  # noqa: F401
from thread_pages import row

from explorer import analyse
from explorer.formats import read_paths
from explorer.model import removal
from explorer.render import write_html
from tests.paths import FORMATS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", ["disqus.xml", "reddit_thread.json"])
def test_removed_comments_are_marked_in_the_reading_view_and_the_panel(tmp_path, visit, name):
    marked = 0
    for n, thread in enumerate(read_paths([str(FORMATS / name)])):
        thread = analyse(thread)
        removed = {node.id: removal(node) for node in thread.nodes if removal(node)}
        if not removed:
            continue
        path = tmp_path / f"{n}.html"
        write_html(thread, path)
        v = visit(path)
        v.wait("document.getElementById('reader').dataset.ready === '1'")
        for node in thread.nodes:
            tag = row(v, node.id).locator(".who .removed")
            assert tag.all_text_contents() == ([removed[node.id]] if node.id in removed else [])
        node_id, why = next(iter(removed.items()))
        row(v, node_id).click()
        assert v.page.text_content("#panel h2").endswith("· " + why)
        v.assert_quiet()
        marked += len(removed)
    assert marked, f"{name} has deleted or spam comments to mark"
