"""One number everywhere: a page's header and legend, the dashboard and ``explorer stats``
count the same, on the seeds and on real threads."""

from __future__ import annotations

import json

import pytest
from test_dashboard import table_data
from test_render import page_data

from explorer import analyse, read_paths
from explorer.render import INFERRED, render_html, render_index
from explorer.render.dashboard import COLUMNS
from tests.paths import REAL, SEEDS

SAMPLES = [SEEDS, REAL / "hn" / "hn_comments_2024-07_whoishiring.json",
           REAL / "mail" / "fetchmail-users" / "2013-April.txt.gz",
           REAL / "mail" / "fetchmail-users" / "2008-July.txt.gz"]
SHOWN = {"comments": "comments", "authors": "authors", "depth": "max_depth",
         "quotes": "quotes", "inferred": "replies_inferred", "repeats": "repeated_passages"}
"""Header figure -> stats column (authors and quotes add two columns each)."""


def stats_rows(run, path) -> dict[str, dict]:
    rows = json.loads(run("stats", path, "--format", "json").stdout)
    for row in rows:
        row["authors"] = row["authors_named"] + row["authors_inferred"]
        row["quotes"] = row["quotes_marked"] + row["quotes_unmarked"]
    return {row["thread"]: row for row in rows}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_page_header_legend_dashboard_and_stats_agree(run, path):
    threads = [analyse(thread) for thread in read_paths([str(path)])]
    threads = sorted(threads, key=lambda t: -len(t.nodes))[:6]
    rows = stats_rows(run, path)
    index = render_index(threads, [f"{i}.html" for i in range(len(threads))],
                         with_charts=False)
    for number, thread in enumerate(threads):
        row, data = rows[thread.id], page_data(render_html(thread))
        figures = data["figures"]
        assert {shown: figures[shown] for shown in SHOWN} == {
            shown: row[column] or 0 for shown, column in SHOWN.items()}, thread.id
        legend = {c["name"]: c["count"] for c in data["categories"]}
        assert [legend[c] for c in INFERRED] == [
            row[f"replies_inferred_{band}"] for band in ("high", "mid", "low")], thread.id
        assert legend["quote"] + legend["quote-parent"] == row["quotes"]
        # The dashboard's row of the thread shows the same counts.
        cells = dashboard_row(index, f"{number}.html")
        for column in ("comments", "authors", "max_depth", "replies_inferred", "quotes",
                       "repeated_passages"):
            assert cells[column] == str(row[column] if row[column] is not None else ""), column


def dashboard_row(index: str, page: str) -> dict[str, str]:
    """The sort values of the dashboard's row for the thread on ``page``, by metric, as the
    page writes them in its cells' data-v."""
    table = table_data(index)
    row = table["page"].index(page)
    return {key: "" if table["columns"][key][row] is None else str(table["columns"][key][row])
            for key, *_ in COLUMNS}
