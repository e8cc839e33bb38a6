"""Thread -> one self-contained, offline HTML page drawn with vis-network.

pyvis holds the network model (vis node and edge dicts, options) and provides the vis-network
script, which is inlined; the page template is ours because pyvis's loads Bootstrap from a CDN
and inserts headings and menus as raw HTML. Comment text is untrusted: it reaches the page
only as JSON data (``<``, ``>`` and ``&`` escaped so it cannot close the script block), the
page shows it with ``textContent``, and a Content-Security-Policy with a nonce blocks any
script we did not write. The nonce is a hash of the page, so the same thread gives the same
bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pyvis.network import Network

from .files import make_folder, write_file
from .graph import build_graph
from .layout import radial_positions, tree_positions
from .model import DEFAULT_REPLY, Thread, author_of, named_author
from .tree import reply_tree

LAYOUTS = ("tree", "radial", "force")
SIZES = ("words", "replies")
FORCE_LIMIT = 500
"""Above this many nodes vis physics does not settle in reasonable time; use tree positions."""
LARGE = 2000
"""From this many nodes edges are hidden while dragging or zooming, so panning stays smooth."""
LIVE_LIMIT = 2500
"""Above this many nodes vis holds only the nodes in view; the page draws the rest as dots.

vis-network builds every node on load and draws every node each frame (about 2 s to load and
6 frames a second at 20,000 here), so larger threads keep at most LIVE_BUDGET nodes in vis.
"""
LIVE_BUDGET = 1500

# Edge categories in legend order: a reply edge splits into stated, inferred from a cue, and
# the default answer to the post of a top-level comment with no cue.
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "reply": {"label": "reply", "color": "#7b8794", "width": 1.2, "dashes": False},
    "post": {"label": "comment on the post", "color": "#d5d9de", "width": 0.8, "dashes": False},
    "inferred": {"label": "inferred reply", "color": "#e8710a", "width": 1.6, "dashes": [6, 5]},
    "addressed": {"label": "addressed by name", "color": "#9334e6", "width": 1.4,
                  "dashes": [2, 4]},
    "quote": {"label": "quote", "color": "#188038", "width": 2.2, "dashes": False,
              "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.25}},
    "repeat": {"label": "repeated passage", "color": "#d01884", "width": 2, "dashes": [10, 4],
               "arrows": {"to": {"enabled": False}},
               "smooth": {"enabled": True, "type": "curvedCCW", "roundness": 0.25}},
    "duplicate": {"label": "duplicate", "color": "#202124", "width": 3, "dashes": [1, 4]},
}
PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#8c6bb1",
)
OTHER_COLOR = "#5f6b7a"
ANONYMOUS_COLOR = "#c4c7cc"
OWNER_BORDER = "#111111"

_TEMPLATES = resources.files("explorer") / "templates"
_VIS = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def edge_category(attributes: dict[str, Any]) -> str:
    """The legend category of a graph edge: replies split into stated, inferred and default."""
    if attributes["kind"] != "reply" or not attributes["inferred"]:
        return attributes["kind"]
    return "post" if attributes["evidence"] == DEFAULT_REPLY else "inferred"


def _utf16(text: str, offset: int) -> int:
    """A Python character offset as a JavaScript (UTF-16) string offset."""
    return offset + sum(1 for char in text[:offset] if ord(char) > 0xFFFF)


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node_size(value: int, mode: str) -> float:
    # Bounded so neighbours one slot apart (layout.X_STEP) do not overlap much.
    if mode == "replies":
        return round(min(24, 7 + 4 * math.sqrt(value)), 1)
    return round(min(24, 5 + 3.2 * math.log2(1 + value / 8)), 1)


def _merge(spans: list[list[Any]]) -> list[list[Any]]:
    """Sort highlight spans and drop the parts that overlap an earlier one."""
    merged: list[list[Any]] = []
    for start, end, category in sorted(spans):
        if merged and start < merged[-1][1]:
            start = merged[-1][1]
        if start < end:
            merged.append([start, end, category])
    return merged


def _authors(thread: Thread) -> tuple[
    list[tuple[str | None, bool]], list[dict[str, Any]]
]:
    """Each node's shown author (and whether only a signature names it), and the legend.

    The legend is ranked by comments, so the palette goes to the most active authors.
    """
    names = [
        (author_of(node, thread.owner), named_author(node) is None and bool(node.author_inferred))
        for node in thread.nodes
    ]
    counts = Counter(name for name, _ in names if name)
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    authors = [
        {"name": name, "count": counts[name], "owner": name == thread.owner,
         "color": PALETTE[i] if i < len(PALETTE) else OTHER_COLOR}
        for i, name in enumerate(ranked)
    ]
    return names, authors


def build_network(thread: Thread, *, layout: str = "tree", size: str = "words") -> tuple[
    Network, dict[str, Any]
]:
    """Return the pyvis network and the page's data (texts, authors, links, figures).

    Node and edge lists are built in one pass (pyvis's add_node is quadratic); vis ids are
    indexes into the data's columns, so untrusted ids never reach vis.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}")
    tree = reply_tree(thread)
    graph = build_graph(thread, tree)
    # Edges to ids the thread lacks add bare nodes to the graph; they are not drawn.
    ids = [node.id for node in thread.nodes]
    index = {node: i for i, node in enumerate(ids)}
    attrs = [graph.nodes[node] for node in ids]
    n = len(ids)
    names, authors = _authors(thread)
    author_index = {author["name"]: i for i, author in enumerate(authors)}

    categories = list(EDGE_STYLES)
    edge_rows = []
    replies = [0] * n
    marks: list[list[list[Any]]] = [[] for _ in range(n)]
    for source, target, a in graph.edges(data=True):
        if source not in index or target not in index:
            continue
        category = edge_category(a)
        s, t = index[source], index[target]
        if category in ("reply", "inferred", "post"):
            replies[t] += 1
        for node, span in ((s, a.get("source_span")), (t, a.get("target_span"))):
            if span:
                marks[node].append([span[0], span[1], a["kind"]])
        edge_rows.append((s, t, categories.index(category), a["evidence"], a["score"],
                          a.get("text")))
    for group in thread.repeats:
        for occurrence in group.occurrences:
            if occurrence.node in index:
                marks[index[occurrence.node]].append([*occurrence.span, "repeat"])
    for occurrence in thread.external_quotes:
        if occurrence.node in index:
            marks[index[occurrence.node]].append([*occurrence.span, "external"])
    for i, spans in enumerate(marks):
        text = attrs[i]["text"]
        marks[i] = [[_utf16(text, s), _utf16(text, e), c] for s, e, c in _merge(spans)]

    force = layout == "force" and n <= FORCE_LIMIT
    positions = {}
    if not force:
        place = radial_positions if layout == "radial" else tree_positions
        positions = place(tree)

    net = Network(directed=True, cdn_resources="in_line")
    for i, (node, a) in enumerate(zip(ids, attrs, strict=True)):
        name, _ = names[i]
        author = author_index.get(name, -1) if name else -1
        color = authors[author]["color"] if author >= 0 else ANONYMOUS_COLOR
        value = replies[i] if size == "replies" else a["words"]
        if a["kind"] == "post":
            label = "post"
        elif name:
            label = _short(name, 12)
        else:
            label = "#" + _short(a["label"], 10)
        vis: dict[str, Any] = {
            "id": i, "label": label, "color": color,
            "size": max(_node_size(value, size), 22) if a["kind"] == "post" else
            _node_size(value, size),
            "shape": {"post": "diamond", "excerpt": "square"}.get(a["kind"], "dot"),
        }
        if author >= 0 and authors[author]["owner"]:
            vis.update(borderWidth=3, color={"background": color, "border": OWNER_BORDER})
        if node in positions:
            x, y = positions[node]
            vis.update(x=round(x, 1), y=round(y, 1))
        net.nodes.append(vis)
        net.node_ids.append(i)
        net.node_map[i] = vis
    for e, (s, t, category, *_rest) in enumerate(edge_rows):
        net.edges.append({"id": e, "from": s, "to": t, "kind": categories[category]})

    physics: dict[str, Any] = {"enabled": False}
    if force:
        physics = {"enabled": True, "solver": "forceAtlas2Based",
                   "stabilization": {"enabled": True, "iterations": 300, "fit": True}}
    # Only while vis holds every node: above LIVE_LIMIT it holds few, and the page's own dots
    # and lines keep drawing while dragging, so vis's edges should too.
    large = LARGE <= n <= LIVE_LIMIT
    net.options = {
        "autoResize": True,
        "physics": physics,
        "layout": {"improvedLayout": force},
        "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": False,
                        "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "multiselect": False},
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif", "color": "#202124"},
                  "borderWidth": 1, "shapeProperties": {"interpolation": False}},
        "edges": {"smooth": False, "selectionWidth": 1.5,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "color": {"inherit": False}},
    }

    depth = max((a["depth"] for a in attrs), default=0)
    kinds = Counter(categories[row[2]] for row in edge_rows)
    comments = sum(1 for a in attrs if a["kind"] == "comment")
    data = {
        "thread": {"id": thread.id, "title": thread.title, "url": thread.url,
                   "owner": thread.owner, "ownerRole": thread.owner_role,
                   "source": thread.source},
        "figures": {"comments": comments,
                    "authors": len({name for (name, _), a in zip(names, attrs, strict=True)
                                    if name and a["kind"] == "comment"}),
                    "depth": depth, "quotes": kinds["quote"], "inferred": kinds["inferred"],
                    "repeats": kinds["repeat"], "nodes": n, "edges": len(edge_rows)},
        "layout": "force" if force else ("radial" if layout == "radial" else "tree"),
        "liveLimit": 0 if force else LIVE_LIMIT,
        "liveBudget": LIVE_BUDGET,
        "size": size,
        "authors": authors,
        "anonymousColor": ANONYMOUS_COLOR,
        "ownerBorder": OWNER_BORDER,
        "categories": [{"name": c, **EDGE_STYLES[c], "count": kinds[c]} for c in categories],
        "nodes": {
            "id": ids,
            "name": [a["label"] for a in attrs],
            "kind": [a["kind"] for a in attrs],
            "author": [author_index.get(name, -1) if name else -1 for name, _ in names],
            "inferredAuthor": [inferred for _, inferred in names],
            "time": [a["published"] for a in attrs],
            "text": [a["text"] for a in attrs],
            "words": [a["words"] for a in attrs],
            "replies": replies,
            "parent": [index.get(a["parent"], -1) for a in attrs],
            "depth": [a["depth"] for a in attrs],
            "marks": marks,
        },
        "edges": {
            "category": [row[2] for row in edge_rows],
            "evidence": [row[3] for row in edge_rows],
            "score": [row[4] for row in edge_rows],
            "passage": [row[5] for row in edge_rows],
        },
    }
    return net, data


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> block: no '<', '>' or '&' can end it early."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


def _asset(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def _vis_script() -> str:
    script = _VIS.read_text(encoding="utf-8")
    # Inlined code must not contain a closing tag; vis 9.1.2 has none, a future one might.
    return script.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _nonce(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return base64.b64encode(digest.digest()[:18]).decode("ascii")


def _csp(nonce: str, scripts: bool = True) -> str:
    script = f"script-src 'nonce-{nonce}'; " if scripts else ""
    return (f"default-src 'none'; {script}style-src 'nonce-{nonce}'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def render_html(thread: Thread, *, layout: str = "tree", size: str = "words") -> str:
    """Return the thread's page: one HTML document that needs nothing from the network."""
    net, data = build_network(thread, layout=layout, size=size)
    payload = _script_json({"network": {"nodes": net.nodes, "edges": net.edges,
                                        "options": net.options}, **data})
    style, script, vis = _asset("page.css"), _asset("page.js"), _vis_script()
    nonce = _nonce(payload, style, script)
    title = thread.title or thread.id
    page = _asset("page.html")
    replacements = {
        "{{csp}}": html.escape(_csp(nonce)),
        "{{nonce}}": nonce,
        "{{title}}": html.escape(f"{title} — explorer"),
        "{{style}}": style,
        "{{data}}": payload,
        "{{vis}}": vis,
        "{{script}}": script,
    }
    return re.sub(r"\{\{\w+\}\}", lambda m: replacements[m.group(0)], page)


def write_html(thread: Thread, path: str | Path, *, layout: str = "tree",
               size: str = "words") -> Path:
    """Write the thread's page to ``path`` and return the path."""
    return write_file(path, render_html(thread, layout=layout, size=size))


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
    style = _asset("index.css")
    nonce = _nonce(style, *rows)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(nonce, scripts=False)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>explorer — threads</title>\n<style nonce=\"{nonce}\">{style}</style>\n"
        "</head><body>\n<h1>Threads</h1>\n<ul>\n" + "\n".join(rows) + "\n</ul>\n</body></html>\n"
    )


def write_pages(threads: Sequence[Thread], directory: str | Path, *, layout: str = "tree",
                size: str = "words") -> list[Path]:
    """Write one page per thread into ``directory``, plus index.html when there are several."""
    directory = make_folder(directory)
    names = page_names(threads)
    written = [write_html(thread, directory / name, layout=layout, size=size)
               for thread, name in zip(threads, names, strict=True)]
    if len(threads) > 1:
        index = write_file(directory / "index.html", render_index(zip(threads, names, strict=True)))
        written.insert(0, index)
    return written
