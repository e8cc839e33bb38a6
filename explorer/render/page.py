"""A thread's page: one offline HTML document drawn with vis-network.

The page template is ours because pyvis's loads Bootstrap from a CDN and inserts headings and
menus as raw HTML. A page either inlines its scripts (self-contained, one file to send) or
loads them from the shared files a folder of pages holds once (light: a small thread's page
is a few kilobytes instead of half a megabyte).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..collector import paused
from ..files import write_file
from ..model import NODE_KINDS, Thread
from . import assets
from .network import build_network, thread_title

THREAD_SCRIPTS = (assets.VIS_ASSET, assets.PAGE_ASSET)
DRAWN = {"nodes": ("kind", "author", "parent"), "edges": ("category",)}
"""The node and edge columns the first frame needs; the rest wait in the details block."""


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page's data as what drawing needs and the details (texts, ids, times, evidence).

    The details are most of a large page's bytes and no frame needs them: they go in a block
    after the scripts (packed, see ``assets.packed_json``), read when first needed, so the
    graph is drawn while the browser still reads them. Kinds become small numbers into
    ``kinds``.
    """
    drawing = {**data, "kinds": list(NODE_KINDS)}
    # The layouts the page can switch to wait with the details: no first frame needs them.
    details: dict[str, Any] = {"layouts": drawing.pop("layouts")}
    for part, drawn in DRAWN.items():
        columns = data[part]
        drawing[part] = {key: columns[key] for key in drawn}
        details[part] = {key: value for key, value in columns.items() if key not in drawn}
    code = {kind: i for i, kind in enumerate(NODE_KINDS)}
    drawing["nodes"]["kind"] = [code[kind] for kind in drawing["nodes"]["kind"]]
    return drawing, details


def render_html(thread: Thread, *, layout: str = "tree", size: str = "words",
                self_contained: bool = True, site: bool = False) -> str:
    """Return the thread's page; a light one needs the shared scripts (``write_assets``).

    ``site`` links the page to the folder's dashboard and people page (``write_pages``).
    """
    return "".join(page_parts(thread, layout=layout, size=size,
                              self_contained=self_contained, site=site))


def page_parts(thread: Thread, *, layout: str = "tree", size: str = "words",
               self_contained: bool = True, site: bool = False,
               figures: dict[str, Any] | None = None) -> Iterator[str]:
    """``render_html``'s page in pieces, to be written as they come.

    The page's data is encoded column by column (its details compressed as they are
    encoded) and each column let go once encoded, so a large thread's page is never held
    as one string, nor its data twice. ``figures`` are the thread's ``thread_figures``,
    when the caller already has them.
    """
    # The columns are many objects that live until they are encoded, and hold no cycle: a
    # full collection would walk them, and the thread, again and again.
    with paused():
        network, data = build_network(thread, layout=layout, size=size, figures=figures)
        drawing, details = _split(data)
        del data
        # Columns rather than one object per node and edge: a third of the bytes at 100,000
        # comments.
        payload = list(assets.script_json_parts({**drawing, "network": network}))
        del drawing, network
        text_payload = list(assets.packed_json_parts(details))
        del details
    style = assets.template("page.css")
    nonce = assets.nonce(payload, text_payload, style, str(self_contained), str(site))
    return assets.document_parts("page.html", {
        "{{label}}": "Graph of the thread",
        "{{hint}}": "Hover a node or an edge for a preview, click a node to read it.",
        "{{authors}}": "",
        "{{site}}": "" if site else " hidden",
        "{{reader}}": assets.template("reader.html").rstrip("\n"),
        "{{csp}}": assets.text(assets.csp(nonce)),
        "{{nonce}}": nonce,
        "{{title}}": assets.text(f"{thread_title(thread)} — explorer"),
        "{{style}}": style,
        "{{data}}": payload,
        "{{details}}": text_payload,
        "{{scripts}}": assets.scripts(THREAD_SCRIPTS, nonce, inline=self_contained),
    })


def write_html(thread: Thread, path: str | Path, *, layout: str = "tree", size: str = "words",
               self_contained: bool = True) -> Path:
    """Write the thread's page to ``path`` and return the path.

    A light page (``self_contained=False``) also writes the shared scripts beside it.
    """
    path = Path(path)
    if not self_contained:
        assets.write_assets(path.parent, THREAD_SCRIPTS)
    return write_file(path, page_parts(thread, layout=layout, size=size,
                                       self_contained=self_contained))
