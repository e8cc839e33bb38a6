"""index.html as a dashboard of the run: figures, charts and a sortable table of threads.

The table rows and the charts are made here (charts as SVG images, see ``charts``); the only
script is the table's sorting and filtering, inlined under the page's nonce.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..metrics import metrics_of, reply_hours
from ..model import Thread, author_of, person_key, timestamp
from ..tree import reply_tree
from . import assets, charts
from .figures import thread_figures
from .network import thread_title

TOP_AUTHORS = 15
"""Authors in the "most active" chart."""
PAGE_ROWS = 500
"""Table rows shown at once; the others are a page away (and are sorted and filtered)."""
COLUMNS = (
    # (metric, heading, kind): kind "text", "int", "float" or "time"
    ("comments", "Comments", "int"),
    ("authors", "Authors", "int"),
    ("top_level", "Top level", "int"),
    ("max_depth", "Depth", "int"),
    ("replies_inferred", "Inferred", "int"),
    ("quotes", "Quotes", "int"),
    ("repeated_passages", "Repeats", "int"),
    ("first_time", "First comment", "time"),
    ("span_hours", "Span (h)", "float"),
    ("reply_latency_median_hours", "Median reply (h)", "float"),
    ("gini", "Gini", "float"),
)
DEFINITIONS = {
    **{metric.name: metric.definition for metric in metrics_of("thread")},
    "title": "The thread's title, and its id under it.",
    "authors": "Distinct authors: named by the source, or inferred from sign-offs.",
    "quotes": "Quote edges: a comment quoting earlier thread text, marked or not.",
}
"""Each column's definition, shown on hover: the metric registry's, and the dashboard's own
for the columns it adds up itself."""


def _cell(value: Any, kind: str) -> str:
    """A table cell: the shown value, and its sort key in data-v."""
    if value is None:
        return '<td data-v="">–</td>'
    if kind == "time":
        return f'<td data-v="{timestamp(value):.0f}">{value.strftime("%Y-%m-%d %H:%M")}</td>'
    if kind == "float":
        return f'<td data-v="{value:.6g}">{value:,.{2 if abs(value) < 10 else 1}f}</td>'
    return f'<td data-v="{value}">{value:,}</td>'


def _table(threads: Sequence[Thread], names: Sequence[str]) -> tuple[str, str]:
    """The table's head and rows, most comments first (then by id)."""
    head = [f'<th data-type="text" data-key="title" aria-sort="none" '
            f'title="{DEFINITIONS["title"]}"><button type="button">Thread</button></th>']
    head += [f'<th data-type="{kind}" data-key="{key}" title="{html.escape(DEFINITIONS[key])}" '
             f'aria-sort="{"descending" if key == "comments" else "none"}"'
             f'><button type="button">{label}</button></th>' for key, label, kind in COLUMNS]
    records = [(thread_figures(thread), thread, name)
               for thread, name in zip(threads, names, strict=True)]
    records.sort(key=lambda r: (-r[0]["comments"], r[1].id))
    rows = []
    for number, (metrics, thread, name) in enumerate(records):
        title = thread_title(thread)
        # A made-up title starts with the id; a real one gets the id under it.
        below = "" if title.startswith(thread.id) else f"<small>{assets.text(thread.id)}</small>"
        cells = [f'<td data-v="{assets.text(title.casefold())}" class="title">'
                 f'<a href="{html.escape(name)}">{assets.text(title)}</a>{below}</td>']
        cells += [_cell(metrics[key], kind) for key, _, kind in COLUMNS]
        # Rows past the first page start hidden: laid out, 50,000 rows took 27 s.
        rows.append(f"<tr{' hidden' if number >= PAGE_ROWS else ''}>{''.join(cells)}</tr>")
    return "".join(head), "\n".join(rows)


def _links(threads: Sequence[Thread], names: Sequence[str]) -> str:
    """A list of thread pairs that cross-thread quotes or repeats join, most passages first."""
    home = {node.id: i for i, thread in enumerate(threads) for node in thread.nodes}
    pairs: Counter[tuple[int, int]] = Counter()
    for i, thread in enumerate(threads):
        own = {node.id for node in thread.nodes}
        for edge in thread.edges:
            if edge.passage is not None and edge.target not in own and edge.target in home:
                pairs[(i, home[edge.target])] += 1
    if not pairs:
        return ('<p class="none">No passage is shared between threads (<code>explorer graph '
                "--across-threads</code> looks for them).</p>")

    def link(i: int) -> str:
        return f'<a href="{html.escape(names[i])}">{assets.text(thread_title(threads[i]))}</a>'

    items = [f"<li>{link(a)} → {link(b)} <span>{count} passage{'s' * (count != 1)}</span></li>"
             for (a, b), count in sorted(pairs.items(), key=lambda p: (-p[1], p[0]))]
    return '<ul class="links">' + "\n".join(items) + "</ul>"


def _charts(threads: Sequence[Thread]) -> list[tuple[str, Any]]:
    """Each chart's alt text and image (None when the corpus has no data for it; with its
    axis when its bars filter the table)."""
    times: list[datetime] = []
    depths: Counter[int] = Counter()
    latencies: list[float] = []
    authors: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for thread in threads:
        tree = reply_tree(thread)
        by_id = {node.id: node for node in thread.nodes}
        for node in thread.comments:
            if node.published:
                times.append(node.published)
            depths[tree.depth[node.id]] += 1
            parent = by_id.get(tree.parent[node.id] or "")
            hours = reply_hours(parent.published, node.published) if parent else None
            if hours is not None:
                latencies.append(hours)
            name = author_of(node)
            key = person_key(name)
            if key:
                authors[key] += 1
                shown.setdefault(key, name or key)
    ranked = sorted(authors, key=lambda key: (-authors[key], key))[:TOP_AUTHORS]
    return [
        ("Comments over time", charts.time_chart(times, "Comments over time")),
        ("Thread sizes", charts.size_chart([len(t.comments) for t in threads], "Thread sizes",
                                           "comments per thread")),
        ("Comments by depth", charts.count_chart(dict(depths), "Comments by depth",
                                                 "depth in the reply tree", "comments")),
        ("Reply latency", charts.hours_chart(latencies, "Time to answer (reply latency)")),
        ("Most active authors", charts.ranking_chart([(shown[k], authors[k]) for k in ranked],
                                                     "Most active authors", "comments")),
    ]


def _summary(threads: Sequence[Thread]) -> str:
    comments = [node for thread in threads for node in thread.comments]
    people = {person_key(author_of(node)) for node in comments} - {None}
    times = sorted((node.published for node in comments if node.published), key=timestamp)
    parts = [f"<b>{len(threads):,}</b> threads", f"<b>{len(comments):,}</b> comments",
             f"<b>{len(people):,}</b> named authors"]
    if times:
        parts.append(f"{times[0]:%Y-%m-%d} to {times[-1]:%Y-%m-%d}")
    return " · ".join(f'<span class="figure">{part}</span>' for part in parts)


def render_index(threads: Sequence[Thread], names: Sequence[str], *, with_charts: bool = True,
                 people: str | None = None) -> str:
    """Return the dashboard linking each thread's page (``names``, in thread order).

    ``people`` names the people page to link; ``with_charts=False`` leaves the charts out
    (they need matplotlib, from the ``dashboard`` extra).
    """
    head, rows = _table(threads, names)
    figures = []
    if with_charts:
        for alt, image in _charts(threads):
            if isinstance(image, tuple):  # bars that filter the table by comment count
                image, axis = image
                figures.append(f'<figure data-axis="{html.escape(assets.script_json(axis))}">'
                               f'<img alt="{alt}; click a bar to show those threads" '
                               f'src="{image}"></figure>')
            elif image:
                figures.append(f'<figure><img alt="{alt}" src="{image}"></figure>')
    chart_html = "\n".join(figures) or '<p class="none">No charts.</p>'
    people_link = f'<a href="{html.escape(people)}">People: who answers and quotes whom</a>' \
        if people else ""
    style, script = assets.template("index.css"), assets.template("js/index.js")
    body = "".join((head, rows, chart_html))
    nonce = assets.nonce(style, script, body, people_link)
    return assets.document("index.html", {
        "{{title}}": "explorer — threads",
        "{{csp}}": assets.text(assets.csp(nonce)),
        "{{nonce}}": nonce,
        "{{style}}": style,
        "{{summary}}": _summary(threads),
        "{{people}}": people_link,
        "{{charts}}": chart_html,
        "{{links}}": _links(threads, names),
        "{{head}}": head,
        "{{rows}}": rows,
        "{{page}}": str(PAGE_ROWS),
        "{{script}}": script,
    })
