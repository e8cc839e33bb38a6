"""The thread page's reading view in headless Chromium: an ARIA tree beside the graph, in step
with it, with addresses for comments, links out, and a layout for phones.

Driven on the seeds and on real threads of three kinds (a flat hiring thread, a mail thread,
a Reddit thread) from tests/data/real.
"""

# The browser fixtures come from test_browser: tests naming them are no redefinition.
# ruff: noqa: F811
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import REAL, SEEDS
from test_browser import Visit, visit  # noqa: F401

from explorer import analyse, read_paths
from explorer.render import write_html, write_pages
from explorer.tree import reply_tree

pytestmark = pytest.mark.browser

HIRING = REAL / "hn" / "hn_comments_2024-07_whoishiring.json"
MAIL = REAL / "mail" / "fetchmail-users" / "2008-July.txt.gz"
REDDIT = REAL / "reddit" / "RC_2005-12.zst"


def largest(path: Path):
    return analyse(max(read_paths([str(path)]), key=lambda t: (len(t.nodes), t.id)))


@pytest.fixture(scope="module")
def real_pages(tmp_path_factory):
    """The largest thread of each real sample, each written as a light page."""
    folder = tmp_path_factory.mktemp("real")
    pages = {}
    for kind, path in (("hiring", HIRING), ("mail", MAIL), ("reddit", REDDIT)):
        thread = largest(path)
        pages[kind] = (thread, write_html(thread, folder / f"{kind}.html", self_contained=False))
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


@pytest.mark.parametrize("kind", ["hiring", "mail", "reddit"])
def test_reading_view_is_a_tree_of_every_comment_at_its_depth(real_pages, run, visit, kind):
    thread, path = real_pages[kind]
    v = visit(path)
    rows = tree_rows(v)
    assert v.page.locator("#conversation[role=tree]").count() == 1
    # One treeitem per node, named by the ids `explorer comments --format json` prints.
    printed = next([node["id"] for node in item["nodes"]] for item in json.loads(
        run("comments", path_of(kind), "--format", "json").stdout)["threads"]
        if item["id"] == thread.id)
    assert sorted(r["id"] for r in rows) == sorted(printed) == sorted(n.id for n in thread.nodes)
    tree = reply_tree(thread)
    level = {r["id"]: r["level"] for r in rows}
    for node in thread.nodes:
        parent = tree.parent.get(node.id)
        assert level[node.id] == (level[parent] + 1 if parent else 1), node.id
    # Reading order: every row comes after its parent.
    seen = set()
    for r in rows:
        parent = tree.parent.get(r["id"])
        assert parent is None or parent in seen
        seen.add(r["id"])
    assert all(not r["hidden"] and r["selected"] == "false" for r in rows)
    v.assert_quiet()


def path_of(kind: str) -> Path:
    return {"hiring": HIRING, "mail": MAIL, "reddit": REDDIT}[kind]


def test_choosing_in_either_view_chooses_in_the_other_and_in_the_panel(real_pages, visit):
    thread, path = real_pages["reddit"]
    v = visit(path)
    tree_rows(v)
    ids = [node.id for node in thread.nodes]
    tree = reply_tree(thread)
    deep = max(ids, key=lambda node: (tree.depth[node], -ids.index(node)))
    # A row clicked: the graph selects its node, the panel shows its text.
    row(v, deep).click()
    assert v.js("explorerPage.current()") == ids.index(deep)
    assert v.js("explorerPage.network.getSelectedNodes()") == [ids.index(deep)]
    assert v.page.text_content("#panel-text") == thread.nodes[ids.index(deep)].text
    assert selected_ids(v) == [deep]
    # A node clicked in the graph: its row is selected and scrolled into view.
    last = next(node for node in reversed(ids) if tree.parent[node])
    assert not in_view(v, last)
    v.click_node(ids.index(last))
    assert selected_ids(v) == [last]
    assert comes_into_view(v, last)
    # A panel link chooses in both too.
    v.page.click("#panel-links h3:text('In reply to') + ul button")
    assert selected_ids(v) == [tree.parent[last]]
    v.assert_quiet()


def test_arrow_keys_move_the_selection_and_open_and_close_sub_threads(real_pages, visit):
    thread, path = real_pages["reddit"]
    v = visit(path)
    rows = tree_rows(v)
    tree = reply_tree(thread)
    order = [r["id"] for r in rows]
    branch = next(node for node in order if tree.children[node] and tree.parent[node])
    row(v, branch).click()
    row(v, branch).focus()
    v.page.keyboard.press("ArrowDown")
    assert selected_ids(v) == [order[order.index(branch) + 1]]
    assert v.js("document.activeElement.dataset.id") == selected_ids(v)[0]
    v.page.keyboard.press("ArrowUp")
    assert selected_ids(v) == [branch]
    # Left closes the sub-thread, which then shows its size; Left again goes to the parent.
    v.page.keyboard.press("ArrowLeft")
    below = sum(1 for _ in descendants(tree, branch))
    assert row(v, branch).get_attribute("aria-expanded") == "false"
    assert f"{below} repl" in row(v, branch).locator(".fold").text_content()
    hidden = {r["id"] for r in tree_rows(v) if r["hidden"]}
    assert hidden == set(descendants(tree, branch))
    v.page.keyboard.press("ArrowDown")
    assert selected_ids(v)[0] not in hidden
    v.page.keyboard.press("ArrowUp")
    v.page.keyboard.press("ArrowRight")
    assert row(v, branch).get_attribute("aria-expanded") == "true"
    assert not any(r["hidden"] for r in tree_rows(v))
    v.page.keyboard.press("ArrowRight")
    assert selected_ids(v) == [tree.children[branch][0]]
    v.page.keyboard.press("ArrowLeft")
    v.page.keyboard.press("ArrowLeft")
    v.page.keyboard.press("ArrowLeft")
    assert selected_ids(v) == [tree.parent[branch]]
    v.assert_quiet()


def descendants(tree, node):
    stack = list(tree.children[node])
    while stack:
        child = stack.pop()
        yield child
        stack.extend(tree.children[child])


def test_previous_and_next_by_time_and_within_the_sub_thread(real_pages, visit):
    thread, path = real_pages["reddit"]
    v = visit(path)
    rows = tree_rows(v)
    order = [r["id"] for r in rows]
    by_time = sorted(thread.nodes, key=lambda n: (n.published is None, n.published or 0,
                                                  thread.nodes.index(n)))
    timed = [n.id for n in by_time]
    start = timed[len(timed) // 2]
    row(v, start).click()
    v.page.click("#later")
    assert selected_ids(v) == [timed[timed.index(start) + 1]]
    v.page.click("#earlier")
    v.page.click("#earlier")
    assert selected_ids(v) == [timed[timed.index(start) - 1]]
    # Within a sub-thread: the rows below in reading order, never past its last one.
    tree = reply_tree(thread)
    top = next(n for n in order if tree.parent[n] == tree.post and tree.children[n])
    size = 1 + sum(1 for _ in descendants(tree, top))
    row(v, top).click()
    for step in range(1, size):
        v.page.click("#next")
        assert selected_ids(v) == [order[order.index(top) + step]]
    v.page.click("#next")
    assert selected_ids(v) == [order[order.index(top) + size - 1]]
    v.page.click("#previous")
    assert selected_ids(v) == [order[order.index(top) + size - 2]]
    v.assert_quiet()


def test_busiest_sub_threads_jump_to_the_largest(real_pages, visit):
    thread, path = real_pages["reddit"]
    v = visit(path)
    tree_rows(v)
    tree = reply_tree(thread)
    tops = list(tree.children[tree.post] if tree.post else tree.roots)
    sizes = {n: 1 + sum(1 for _ in descendants(tree, n)) for n in tops}
    biggest = max(tops, key=lambda n: (sizes[n], -tops.index(n)))
    v.page.click("#busiest summary")
    first = v.page.locator("#busiest-list button").first
    assert f"{sizes[biggest]} comments" in first.text_content()
    first.click()
    assert selected_ids(v) == [biggest]
    v.assert_quiet()


def test_each_comment_has_an_address_and_back_walks_the_choices(real_pages, visit):
    thread, path = real_pages["mail"]
    v = visit(path)
    tree_rows(v)
    first, second = thread.nodes[2].id, thread.nodes[-1].id
    row(v, first).click()
    assert v.js("decodeURIComponent(location.hash.slice(1))") == first
    row(v, second).click()
    assert v.js("decodeURIComponent(location.hash.slice(1))") == second
    v.page.go_back()
    v.wait(f"explorerPage.current() === {2}")
    assert selected_ids(v) == [first]
    v.page.go_forward()
    v.wait(f"explorerPage.current() === {len(thread.nodes) - 1}")
    # Opening the page at an address chooses that comment and shows it.
    opened = visit(Path(path), ready=False)
    opened.page.goto(v.js("location.href"))
    opened.page.wait_for_selector("body[data-ready]")
    opened.wait(f"explorerPage.current() === {len(thread.nodes) - 1}")
    assert selected_ids(opened) == [second]
    assert comes_into_view(opened, second)
    assert opened.page.is_visible("#panel")
    v.assert_quiet()


def test_comments_link_to_their_source_and_their_web_addresses(real_pages, visit):
    thread, path = real_pages["hiring"]
    v = visit(path)
    tree_rows(v)
    node = next(n for n in thread.comments if "https://" in n.text)
    row(v, node.id).click()
    online = v.page.locator("#panel-meta a")
    item = dict(node.meta)["id"]
    assert online.get_attribute("href") == f"https://news.ycombinator.com/item?id={item}"
    links = v.page.locator("#panel-text a")
    assert links.count() >= 1
    for a in links.all():
        assert a.get_attribute("href").startswith("https://")
        assert a.get_attribute("href").rstrip("/") in node.text
        assert a.get_attribute("rel") == "noopener noreferrer"
    assert row(v, node.id).locator(".says a").count() == links.count()
    assert v.page.locator("#title a").get_attribute("href") == thread.url
    v.assert_quiet()


def test_only_http_addresses_become_links(tmp_path, visit):
    from test_browser import hostile_thread

    thread = hostile_thread()
    text = "see javascript:alert(1) and http://ok.example/a?b=1. or data:text/html,x"
    thread = type(thread)(**{**{f: getattr(thread, f) for f in thread.__slots__},
                             "nodes": (*thread.nodes[:1],
                                       type(thread.nodes[1])(**{
                                           **{f: getattr(thread.nodes[1], f)
                                              for f in thread.nodes[1].__slots__},
                                           "text": text}),
                                       *thread.nodes[2:])})
    v = visit(write_html(thread, tmp_path / "hostile.html"))
    tree_rows(v)
    row(v, thread.nodes[1].id).click()
    hrefs = v.js("Array.from(document.querySelectorAll('#panel-text a')).map(a => a.href)")
    assert hrefs == ["http://ok.example/a?b=1"]
    assert v.page.text_content("#panel-text") == text
    v.assert_quiet()


def test_thread_pages_in_a_folder_link_to_the_dashboard_and_people(seed_site, visit):
    thread, path = seed_site[0]
    v = visit(path)
    assert v.page.is_visible("#site")
    v.page.click("#site a:text('People')")
    v.page.wait_for_selector("body[data-ready]")
    assert v.page.url.endswith("/people.html")


@pytest.mark.parametrize("kind", ["hiring", "mail"])
def test_on_a_phone_graph_conversation_and_text_each_take_the_width(real_pages, browser, kind):
    thread, path = real_pages[kind]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready]")
    width = 390
    graph = page.locator("#network").bounding_box()
    assert graph["width"] >= width - 2 and graph["height"] > 400
    # The legend is a drawer: off screen until asked for.
    legend = page.locator("#legend").bounding_box()
    assert legend["x"] + legend["width"] <= 0
    page.click("#show-legend")
    page.wait_for_timeout(300)
    assert page.locator("#legend").bounding_box()["x"] == 0
    page.keyboard.press("Escape")
    page.click("#views [data-view=reading]")
    reading = page.locator("#reading").bounding_box()
    assert reading["width"] >= width - 2 and reading["height"] > 400
    assert page.locator("#conversation .turn").first.is_visible()
    page.click("#views [data-view=graph]")
    page.evaluate("explorerPage.focusNode(1)")
    sheet = page.locator("#panel").bounding_box()
    assert sheet["width"] >= width - 2 and sheet["y"] > 844 * 0.4
    assert page.locator("#panel-text").bounding_box()["width"] > width * 0.8
    assert errors == []
    page.close()


def test_search_steps_through_matches_both_ways_and_lists_them(real_pages, visit):
    thread, path = real_pages["hiring"]
    v = visit(path)
    rows = tree_rows(v)
    order = [r["id"] for r in rows]
    ids = [node.id for node in thread.nodes]
    word = "remote"
    expected = sorted((n.id for n in thread.nodes if word in n.text.lower()), key=order.index)
    assert len(expected) > 3
    v.page.fill("#search", word)
    v.wait(f"explorerPage.matches().length === {len(expected)}")
    assert v.page.text_content("#matches") == f"{len(expected)} matches"
    assert v.page.locator("#match-list li button").count() == min(100, len(expected))
    chosen = []
    for step in range(1, 4):
        v.page.press("#search", "Enter")
        chosen.append(ids[v.js("explorerPage.current()")])
        assert v.page.text_content("#matches") == f"{step} / {len(expected)}"
    assert chosen == expected[:3]
    v.page.press("#search", "Shift+Enter")
    assert ids[v.js("explorerPage.current()")] == expected[1]
    v.page.press("#search", "Shift+Enter")
    v.page.press("#search", "Shift+Enter")
    assert ids[v.js("explorerPage.current()")] == expected[-1], "Shift+Enter wraps round"
    assert v.page.text_content("#matches") == f"{len(expected)} / {len(expected)}"
    # A match in the list, clicked, is chosen in the graph and the reading view.
    v.page.click("#search")
    v.page.locator("#match-list li button").nth(4).click()
    assert selected_ids(v) == [expected[4]]
    assert v.page.text_content("#matches") == f"5 / {len(expected)}"
    # Authors are searched too.
    author = thread.comments[7].author
    v.page.fill("#search", author)
    v.wait("explorerPage.matches().length > 0")
    found = {ids[i] for i in v.js("explorerPage.matches()")}
    assert {n.id for n in thread.nodes if n.author == author} <= found
    v.assert_quiet()


def test_people_page_searches_as_you_type(seed_site, visit):
    thread, path = seed_site[0]
    v = visit(path.parent / "people.html")
    names = v.js("explorerPage.data.people.name")
    name = names[0]
    part = name[: max(2, len(name) // 2)]
    expected = [i for i, n in enumerate(names) if part.lower() in n.lower()]
    v.page.fill("#search", part)
    assert v.page.text_content("#matches") == (
        f"{len(expected)} match" + ("" if len(expected) == 1 else "es"))
    assert sorted(v.js("explorerPage.network.getSelectedNodes()")) == expected
    v.page.press("#search", "Enter")
    assert v.js("explorerPage.current()") == expected[0]
    assert v.page.text_content("#matches") == f"1 / {len(expected)}"
    v.assert_quiet()


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


def opened(real_pages, visit, kind: str):
    """A real sample's page, opened: its thread, the visit, its reply tree and node ids."""
    thread, path = real_pages[kind]
    return thread, visit(path), reply_tree(thread), [node.id for node in thread.nodes]


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


def test_replies_oldest_first_orders_siblings_by_time(real_pages, visit):
    thread, v, tree, ids = opened(real_pages, visit, "hiring")
    by_id = {node.id: node for node in thread.nodes}
    source = [r["id"] for r in tree_rows(v)]
    v.page.select_option("#order", "time")
    v.wait("document.querySelectorAll('#conversation .turn').length === "
           f"{len(thread.nodes)}")
    timed = [r["id"] for r in tree_rows(v)]
    assert sorted(timed) == sorted(source) and timed != source
    answers = [node for node in timed if tree.parent[node] == tree.post]
    times = [by_id[node].published for node in answers]
    assert times == sorted(times)
    v.assert_quiet()


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
