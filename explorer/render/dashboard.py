"""index.html as a dashboard of the run: figures, charts and a sortable table of threads.

The charts are made here (SVG images, see ``charts``), the table as packed columns that the
page's one script (inlined under its nonce) sorts, filters and shows a page of rows at a time.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..metrics import metrics_of, reply_hours
from ..model import Thread, author_of, person_key, timestamp
from ..tree import Places, each_places
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


def _head() -> str:
    """The table's head: a sort button per column, its definition on hover."""
    head = [f'<th data-type="text" data-key="title" aria-sort="none" '
            f'title="{DEFINITIONS["title"]}"><button type="button">Thread</button></th>']
    head += [f'<th data-type="{kind}" data-key="{key}" title="{html.escape(DEFINITIONS[key])}" '
             f'aria-sort="{"descending" if key == "comments" else "none"}"'
             f'><button type="button">{label}</button></th>' for key, label, kind in COLUMNS]
    return "".join(head)


def _value(value: Any, kind: str) -> Any:
    """A cell's value as the table shows and sorts it: a time as seconds since the epoch, a
    fraction rounded as shown (two decimals under 10, else one), so the page's formatting
    of it cannot round a second time (50.65 shown as 50.7 where Python shows 50.6)."""
    if value is None:
        return None
    if kind == "time":
        return round(timestamp(value))
    if kind == "float":
        shown = round(value, 2)
        return shown if abs(shown) < 10 else round(value, 1)
    return value


def row_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures of a thread (``thread_figures``) that its row of the table shows."""
    return {key: figures[key] for key, _, _ in COLUMNS}


def table_data(threads: Sequence[Thread], names: Sequence[str],
               rows: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The table as columns, one row per thread, most comments first (then by id).

    The page builds only the rows it shows from these: 50,000 rows written as HTML took
    seconds to parse and lay out. ``rank`` is each row's place in title order; ``times``
    holds the time columns as shown (the page's clock may be in another zone). ``rows``
    are the threads' ``row_figures``, when the caller already has them.
    """
    if rows is None:
        rows = [row_figures(thread_figures(thread)) for thread in threads]
    records = [(figures, thread, name)
               for figures, thread, name in zip(rows, threads, names, strict=True)]
    records.sort(key=lambda r: (-r[0]["comments"], r[1].id))
    titles = [thread_title(thread) for _, thread, _ in records]
    by_title = sorted(range(len(records)), key=lambda i: (titles[i].casefold(), i))
    rank = [0] * len(records)
    for place, i in enumerate(by_title):
        rank[i] = place
    return {
        "page": [name for *_, name in records],
        "title": titles,
        # A made-up title starts with the id; a real one gets the id under it.
        "id": ["" if title.startswith(thread.id) else thread.id
               for title, (_, thread, _) in zip(titles, records, strict=True)],
        "rank": rank,
        "columns": {key: [_value(metrics[key], kind) for metrics, *_ in records]
                    for key, _, kind in COLUMNS},
        "times": {key: [metrics[key].strftime("%Y-%m-%d %H:%M") if metrics[key] else None
                        for metrics, *_ in records]
                  for key, _, kind in COLUMNS if kind == "time"},
    }


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


def _charts(threads: Sequence[Thread], places: Sequence[Places] | None) -> list[tuple[str, Any]]:
    """Each chart's alt text and image (None when the corpus has no data for it; with its
    axis when its bars filter the table)."""
    times: list[datetime] = []
    depths: Counter[int] = Counter()
    latencies: list[float] = []
    authors: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for thread, (parents, levels) in each_places(threads, places):
        by_id = {node.id: node for node in thread.nodes}
        for node, above, depth in zip(thread.comments, parents, levels, strict=True):
            if node.published:
                times.append(node.published)
            depths[depth] += 1
            parent = by_id.get(above or "")
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
                 people: str | None = None, rows: Sequence[dict[str, Any]] | None = None,
                 places: Sequence[Places] | None = None) -> str:
    """Return the dashboard linking each thread's page (``names``, in thread order).

    ``people`` names the people page to link; ``with_charts=False`` leaves the charts out
    (they need matplotlib, from the ``dashboard`` extra). ``rows`` are the threads'
    ``row_figures`` and ``places`` their ``comment_places``, when the caller already has
    them.
    """
    head, table = _head(), assets.packed_json(table_data(threads, names, rows))
    figures = []
    if with_charts:
        for alt, image in _charts(threads, places):
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
    style, script = assets.template("index.css"), assets.index_script()
    body = "".join((head, table, chart_html))
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
        "{{rows}}": table,
        "{{page}}": str(PAGE_ROWS),
        "{{script}}": script,
    })
