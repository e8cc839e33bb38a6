"""The thread page's tools, the dashboard and the people page in headless Chromium: layouts,
colours, growth, quotes you can follow, downloads, addresses that keep the table's sort, a
person's works, chart bars that filter.
"""

# The fixtures come from test_browser and thread_pages: tests naming them are no redefinition.
# ruff: noqa: F811
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from test_browser import Visit, visit  # noqa: F401
from thread_pages import opened, real_pages, seed_site, tree_rows  # noqa: F401

from explorer.tree import reply_tree

pytestmark = pytest.mark.browser


def positions(v: Visit) -> list[tuple[float, float]]:
    return [tuple(p) for p in v.js("""(() => { const n = explorerPage.network,
        ids = explorerPage.data.nodes.kind.map((_, i) => i), at = n.getPositions(ids);
        return ids.map(i => [at[i].x, at[i].y]); })()""")]


def choose_option(v: Visit, menu: str, value: str) -> None:
    v.page.select_option(menu, value)
    v.page.wait_for_timeout(150)


def test_layout_menu_switches_between_placed_layouts_and_force(real_pages, visit):
    thread, path = real_pages["hiring"]
    v = visit(path)
    tree = reply_tree(thread)
    ids = [node.id for node in thread.nodes]
    # Siblings never wrap: the 407 answers to the post share one row, below the post.
    placed = positions(v)
    rows = {tree.depth[node]: set() for node in ids}
    for node, (_, y) in zip(ids, placed, strict=True):
        rows[tree.depth[node]].add(y)
    assert all(len(ys) == 1 for ys in rows.values())
    assert len(set(placed)) == len(ids)
    # The page opens at a readable scale rather than a 26,000-pixel strip shrunk to a line.
    assert v.js("explorerPage.network.getScale()") >= 0.3
    choose_option(v, "#layout", "radial")
    layouts = v.js("explorerPage.data.layouts")
    radial = zip(positions(v), layouts["radial"]["x"], layouts["radial"]["y"], strict=True)
    assert all(abs(a - x) <= 1 and abs(b - y) <= 1 for (a, b), x, y in radial)
    choose_option(v, "#layout", "timeline")
    timeline = positions(v)
    timed = sorted((n.published, i) for i, n in enumerate(thread.nodes) if n.published)
    xs = [timeline[i][0] for _, i in timed]
    assert xs == sorted(xs) and xs[-1] > xs[0]
    assert v.js("explorerPage.layouts.current()") == "timeline"
    assert v.js("document.body.dataset.layout") == "timeline"
    assert v.page.locator("#layout option[value=force]").is_enabled()
    choose_option(v, "#layout", "force")
    v.page.wait_for_timeout(500)
    assert positions(v) != timeline
    choose_option(v, "#layout", "tree")
    assert positions(v) == placed
    v.assert_quiet()

def test_colour_by_sub_thread_depth_and_time(real_pages, visit):
    thread, v, tree, ids = opened(real_pages, visit, "reddit")

    def colours():
        return v.js("explorerPage.nodes.get().map(n => n.color.background || n.color)")

    def top(node):
        while tree.parent[node] and tree.parent[node] != tree.post:
            node = tree.parent[node]
        return node

    choose_option(v, "#color-by", "subthread")
    by_top = {}
    for node, colour in zip(ids, colours(), strict=True):
        by_top.setdefault(top(node), set()).add(colour)
    assert all(len(shades) == 1 for shades in by_top.values())
    assert v.page.text_content("#color-heading") == "Colour: sub-threads"
    assert v.page.locator("#author-legend li").count() >= 2
    choose_option(v, "#color-by", "depth")
    by_depth = {}
    for node, colour in zip(ids, colours(), strict=True):
        by_depth.setdefault(min(tree.depth[node], 7), set()).add(colour)
    assert all(len(shades) == 1 for shades in by_depth.values())
    assert len({next(iter(s)) for s in by_depth.values()}) == len(by_depth)
    choose_option(v, "#color-by", "author")
    assert v.page.text_content("#color-heading") == "Colour: authors"
    v.assert_quiet()


def test_growth_slider_dims_what_was_not_yet_written(real_pages, visit):
    thread, path = real_pages["mail"]
    v = visit(path)
    order = sorted(range(len(thread.nodes)),
                   key=lambda i: (thread.nodes[i].published.isoformat()
                                  if thread.nodes[i].published else "", i))
    half = len(order) // 2
    v.page.locator("#until").fill(str(half))
    v.page.wait_for_timeout(150)
    dimmed = set(v.js("explorerPage.nodes.get({filter: n => n.color === '#eceef0'})"
                      ".map(n => n.id)"))
    assert dimmed == set(order[half:])
    assert f"{half} comments" in v.page.text_content("#until-label")
    v.page.click("#replay")
    v.wait("document.getElementById('until-label').textContent.startsWith('all')", 15)
    assert v.js("explorerPage.nodes.get({filter: n => n.color === '#eceef0'}).length") == 0
    v.assert_quiet()


def test_quotes_of_the_message_answered_are_marks_and_others_arcs(real_pages, visit):
    thread, v, tree, ids = opened(real_pages, visit, "mail")
    edges = v.js("explorerPage.edges.get().map(e => [e.from, e.to, e.kind, !!e.hidden])")
    quotes = [e for e in edges if e[2] in ("quote", "quote-parent")]
    assert quotes, "mail quotes the messages it answers"
    for source, target, kind, _ in quotes:
        answers = tree.parent[ids[source]] == ids[target]
        assert kind == ("quote-parent" if answers else "quote")
    marks = [e for e in edges if e[2] == "quote-parent"]
    assert marks and all(
        [s, t, "reply", False] in edges or [s, t, "post", False] in edges
        for s, t, *_ in marks), "each lies on its reply edge"
    arcs = [e for e in edges if e[2] == "quote"]
    box = v.page.locator("#edge-legend input[data-kind=quote]")
    assert box.is_checked() == (len(arcs) <= 30)
    # In the panel the quoting and the quoted look apart, and each links to the other.
    source, target, *_ = marks[0]
    v.js("i => explorerPage.focusNode(i)", source)
    quoting = v.page.locator("#panel-links li.quote.from")
    assert quoting.count() >= 1
    quoting.first.locator("button").click()
    assert v.js("explorerPage.current()") == target
    assert v.page.locator("#panel-links li.quote.by").count() >= 1
    # Its text marks the words quoted later apart from words it quotes, each naming the
    # other comment, a click away.
    later = v.page.locator("#panel-text mark.quoted").first
    assert later.get_attribute("title").startswith("quoted later by ")
    quoting_node = int(later.get_attribute("data-node"))
    later.click()
    assert v.js("explorerPage.current()") == quoting_node
    assert v.page.locator("#panel-text mark.quote[title^='quoted from ']").count() >= 1
    # A reply's preview shows the writer's own words, not the lines it quotes.
    quoted = next(i for i, n in enumerate(thread.nodes)
                  if n.text.lstrip().startswith(">") or "wrote:" in n.text.split("\n")[0])
    tip = v.js("i => explorerPage.network.body.emitter.emit('hoverNode', {node: i})", quoted)
    tip = v.page.text_content("#tooltip")
    assert not any(line.lstrip().startswith(">") for line in tip.split("\n")[1:])
    v.assert_quiet()


def download(v: Visit, button: str) -> bytes:
    with v.page.expect_download() as info:
        v.page.click(button)
    return Path(info.value.path()).read_bytes()


def test_downloads_keep_the_picture_and_the_comments_shown(real_pages, visit):
    import csv
    import io
    from xml.etree import ElementTree

    thread, path = real_pages["reddit"]
    v = visit(path)
    tree_rows(v)
    assert download(v, "#get-png")[:8] == b"\x89PNG\r\n\x1a\n"
    picture = ElementTree.fromstring(download(v, "#get-svg"))
    circles = picture.findall("{http://www.w3.org/2000/svg}circle")
    assert 0 < len(circles) <= len(thread.nodes)
    rows = list(csv.DictReader(io.StringIO(download(v, "#get-csv").decode("utf-8"))))
    assert [row["id"] for row in rows] == [node.id for node in thread.nodes]
    # Texts whole; one that a spreadsheet would run as a formula starts with a quote mark.
    assert [row["text"] for row in rows] == [
        "'" + n.text if n.text[:1] in ("=", "+", "-", "@", "\t", "\r") else n.text
        for n in thread.nodes]
    # After a filter, only the comments shown.
    author = max((n.author for n in thread.nodes if n.author),
                 key=lambda a: sum(n.author == a for n in thread.nodes))
    option = v.page.locator("#author-filter option", has_text=f"{author} (")
    v.page.select_option("#author-filter", option.first.get_attribute("value"))
    shown = json.loads(download(v, "#get-json"))
    assert [c["id"] for c in shown["comments"]] == [
        n.id for n in thread.nodes if n.author == author]
    assert all(c["text"] == n.text for c, n in zip(
        shown["comments"], [n for n in thread.nodes if n.author == author], strict=True))
    v.assert_quiet()


def test_dashboard_keeps_its_sort_and_filter_in_the_address(seed_site, visit):
    thread, path = seed_site[0]
    v = visit(path.parent / "index.html")
    heads = v.page.locator("#thread-table th")
    assert all(heads.nth(i).get_attribute("title") for i in range(heads.count()))
    v.page.click("#thread-table th[data-key=replies_inferred] button")
    v.page.fill("#filter", "the")
    v.page.fill("#min-comments", "5")
    shown = v.page.text_content("#shown")
    order = v.js("Array.from(document.querySelectorAll('#thread-table tbody tr'))"
                 ".map(r => r.hidden ? null : r.cells[0].textContent)")
    assert "sort=replies_inferred" in v.js("location.hash")
    v.page.locator("#thread-table tbody tr:not([hidden]) a").first.click()
    v.page.wait_for_selector("body[data-ready]")
    v.page.go_back()
    v.page.wait_for_selector("#thread-table")
    v.wait("document.body.dataset.ready === '1'")
    assert v.page.input_value("#filter") == "the" and v.page.input_value("#min-comments") == "5"
    assert v.page.text_content("#shown") == shown
    assert v.js("Array.from(document.querySelectorAll('#thread-table tbody tr'))"
                ".map(r => r.hidden ? null : r.cells[0].textContent)") == order
    assert v.page.get_attribute("#thread-table th[data-key=replies_inferred]",
                                "aria-sort") == "descending"


def test_a_persons_panel_links_their_threads_and_comments(seed_site, visit):
    threads = [thread for thread, _ in seed_site]
    folder = seed_site[0][1].parent
    v = visit(folder / "people.html")
    names = v.js("explorerPage.data.people.name")
    busiest = max(range(len(names)), key=lambda i: v.js(f"explorerPage.data.people.comments[{i}]"))
    v.js("i => explorerPage.focusNode(i)", busiest)
    links = v.page.locator("#panel-links ul.works a")
    assert links.count() >= 2
    comment = v.page.locator("#panel-links h3:text('Comments') + ul a").first
    href = comment.get_attribute("href")
    page, _, node = href.partition("#")
    ids = {node.id for thread in threads for node in thread.nodes}
    assert unquote(node) in ids
    comment.click()
    v.page.wait_for_selector("body[data-ready]")
    v.wait(f"explorerPage.current() >= 0 && explorerPage.data.nodes.id"
           f"[explorerPage.current()] === {json.dumps(unquote(node))}")

def test_clicking_a_bar_of_thread_sizes_filters_the_table(seed_site, visit):
    sizes = [len(thread.comments) for thread, _ in seed_site]
    v = visit(seed_site[0][1].parent / "index.html")
    figure = v.page.locator("figure[data-axis]")
    axis = json.loads(figure.get_attribute("data-axis"))
    box = figure.locator("img").bounding_box()
    size = sorted(sizes)[len(sizes) // 2]
    at = (size - axis["lim"][0]) / (axis["lim"][1] - axis["lim"][0])
    x = box["x"] + box["width"] * (axis["x0"] + at * (axis["x1"] - axis["x0"]))
    y = box["y"] + box["height"] * (axis["y0"] + axis["y1"]) / 2
    v.page.mouse.click(x, y)
    shown = v.js("Array.from(document.querySelectorAll('#thread-table tbody tr'))"
                 ".filter(r => !r.hidden).map(r => Number(r.cells[1].dataset.v))")
    assert shown == [s for s in sorted(sizes, reverse=True) if s == size]
    assert v.page.input_value("#min-comments") == v.page.input_value("#max-comments") == str(size)
    assert f"max={size}" in v.js("location.hash")
    v.assert_quiet()
