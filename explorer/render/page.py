"""A thread's page: one offline HTML document drawn with vis-network.

The page template is ours because pyvis's loads Bootstrap from a CDN and inserts headings and
menus as raw HTML. A page either inlines its scripts (self-contained, one file to send) or
loads them from the shared files a folder of pages holds once (light: a small thread's page
is a few kilobytes instead of half a megabyte).
"""

from __future__ import annotations

from pathlib import Path

from ..files import write_file
from ..model import Thread
from . import assets
from .network import build_network, thread_title

THREAD_SCRIPTS = (assets.VIS_ASSET, assets.PAGE_ASSET)


def render_html(thread: Thread, *, layout: str = "tree", size: str = "words",
                self_contained: bool = True) -> str:
    """Return the thread's page; a light one needs the shared scripts (``write_assets``)."""
    net, data = build_network(thread, layout=layout, size=size)
    # Columns rather than one object per node and edge: a third of the bytes at 100,000
    # comments. Texts go in a block of their own, parsed when first read.
    nodes = {key: [vis.get(key) for vis in net.nodes] for key in ("x", "y", "size", "label")}
    edges = {key: [vis[key] for vis in net.edges] for key in ("from", "to")}
    columns = dict(data["nodes"])
    texts = {key: columns.pop(key) for key in ("text", "marks")}
    payload = assets.script_json({**data, "nodes": columns, "network": {
        "nodes": nodes, "edges": edges, "options": net.options}})
    text_payload = assets.script_json(texts)
    style = assets.template("page.css")
    nonce = assets.nonce(payload, text_payload, style, str(self_contained))
    return assets.document("page.html", {
        "{{label}}": "Graph of the thread",
        "{{csp}}": assets.text(assets.csp(nonce)),
        "{{nonce}}": nonce,
        "{{title}}": assets.text(f"{thread_title(thread)} — explorer"),
        "{{style}}": style,
        "{{data}}": payload,
        "{{texts}}": text_payload,
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
    return write_file(path, render_html(thread, layout=layout, size=size,
                                        self_contained=self_contained))
