"""The thread page's reading view in headless Chromium: an ARIA tree beside the graph, in step
with it, with addresses for comments, links out, search, and a layout for phones.

Driven on the seeds and on real threads of three kinds (a flat hiring thread, a mail thread,
a Reddit thread) from tests/data/real.
"""

# The fixtures come from test_browser and thread_pages: tests naming them are no redefinition.
# ruff: noqa: F811
from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_browser import visit  # noqa: F401
from thread_pages import (
    click_row,
    comes_into_view,
    descendants,
    in_view,
    opened,
    path_of,
    real_pages,  # noqa: F401 (a fixture)
    row,
    seed_site,  # noqa: F401 (a fixture)
    selected_ids,
    tree_rows,
)

from explorer.model import Node, Thread
from explorer.render import write_html
from explorer.tree import reply_tree

pytestmark = pytest.mark.browser
REDDITS = pytest.mark.parametrize("kind", ["reddit", "busy reddit"])
"""The Reddit threads: 85 comments of a 2005 dump, and a whole busy thread of 694."""


@pytest.mark.parametrize("kind", ["hiring", "mail", "reddit", "busy reddit"])
def test_reading_view_is_a_tree_of_every_comment_at_its_depth(real_pages, run, visit, kind):
    thread, v, *_ = opened(real_pages, visit, kind)
    path = real_pages[kind][1]
    rows = tree_rows(v)
    assert v.page.locator("#conversation[role=tree]").count() == 1
    # One treeitem per node, named by the ids `explorer comments --format json` prints.
    printed = next([node["id"] for node in item["nodes"]] for item in json.loads(
        run("comments", path_of(kind, path), "--format", "json").stdout)["threads"]
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

@REDDITS
def test_choosing_in_either_view_chooses_in_the_other_and_in_the_panel(real_pages, visit, kind):
    thread, v, tree, ids = opened(real_pages, visit, kind)
    tree_rows(v)
    deep = max(ids, key=lambda node: (tree.depth[node], -ids.index(node)))
    # A row clicked: the graph selects its node, the panel shows its text.
    click_row(v, deep)
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


@REDDITS
def test_arrow_keys_move_the_selection_and_open_and_close_sub_threads(real_pages, visit, kind):
    thread, v, tree, _ = opened(real_pages, visit, kind)
    order = [r["id"] for r in tree_rows(v)]
    branch = next(node for node in order if tree.children[node] and tree.parent[node])
    click_row(v, branch)
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
    child = tree.children[branch][0]
    assert selected_ids(v) == [child]
    # Left closes an open sub-thread, else goes to the parent: a child with replies of its
    # own is closed first, then its parent chosen, closed, and left for its own parent.
    for _ in range(3 + bool(tree.children[child])):
        v.page.keyboard.press("ArrowLeft")
    assert selected_ids(v) == [tree.parent[branch]]
    v.assert_quiet()


@REDDITS
def test_previous_and_next_by_time_and_within_the_sub_thread(real_pages, visit, kind):
    thread, v, tree, _ = opened(real_pages, visit, kind)
    order = [r["id"] for r in tree_rows(v)]
    by_time = sorted(thread.nodes, key=lambda n: (n.published is None, n.published or 0,
                                                  thread.nodes.index(n)))
    timed = [n.id for n in by_time]
    start = timed[len(timed) // 2]
    click_row(v, start)
    v.page.click("#later")
    assert selected_ids(v) == [timed[timed.index(start) + 1]]
    # The first and the last comments written have nothing before and after them.
    for end, none, some in ((timed[0], "#earlier", "#later"), (timed[-1], "#later", "#earlier")):
        click_row(v, end)
        assert v.page.locator(none).is_disabled()
        assert not v.page.locator(some).is_disabled()
    click_row(v, start)
    v.page.click("#later")
    v.page.click("#earlier")
    v.page.click("#earlier")
    assert selected_ids(v) == [timed[timed.index(start) - 1]]
    # Within a sub-thread: the rows below in reading order, never past its last one (the
    # first sub-thread of at most 10 comments, so a busy thread takes no minute of clicks).
    sizes = {n: 1 + sum(1 for _ in descendants(tree, n)) for n in order
             if tree.parent[n] == tree.post and tree.children[n]}
    top = next((n for n in sizes if sizes[n] <= 10), min(sizes, key=sizes.get))
    size = sizes[top]
    click_row(v, top)
    for step in range(1, size):
        v.page.click("#next")
        assert selected_ids(v) == [order[order.index(top) + step]]
    assert v.page.locator("#next").is_disabled(), "no step past the sub-thread's last row"
    assert selected_ids(v) == [order[order.index(top) + size - 1]]
    v.page.click("#previous")
    assert selected_ids(v) == [order[order.index(top) + size - 2]]
    v.assert_quiet()


@REDDITS
def test_busiest_sub_threads_jump_to_the_largest(real_pages, visit, kind):
    thread, v, tree, _ = opened(real_pages, visit, kind)
    tree_rows(v)
    tops = list(tree.children[tree.post] if tree.post else tree.roots)
    sizes = {n: 1 + sum(1 for _ in descendants(tree, n)) for n in tops}
    biggest = max(tops, key=lambda n: (sizes[n], -tops.index(n)))
    v.page.click("#busiest summary")
    first = v.page.locator("#busiest-list button").first
    assert f"{sizes[biggest]} comments" in first.text_content()
    first.click()
    assert selected_ids(v) == [biggest]
    v.assert_quiet()


@pytest.mark.parametrize("kind", ["mail", "busy reddit"])
def test_each_comment_has_an_address_and_back_walks_the_choices(real_pages, visit, kind):
    thread, v, *_ = opened(real_pages, visit, kind)
    path = real_pages[kind][1]
    tree_rows(v)
    first, second = thread.nodes[2].id, thread.nodes[-1].id
    click_row(v, first)
    assert v.js("decodeURIComponent(location.hash.slice(1))") == first
    click_row(v, second)
    assert v.js("decodeURIComponent(location.hash.slice(1))") == second
    v.page.go_back()
    v.wait(f"explorerPage.current() === {2}")
    assert selected_ids(v) == [first]
    v.page.go_forward()
    v.wait(f"explorerPage.current() === {len(thread.nodes) - 1}")
    # Opening the page at an address chooses that comment and shows it.
    again = visit(Path(path), ready=False)
    again.page.goto(v.js("location.href"))
    again.page.wait_for_selector("body[data-ready]")
    again.wait(f"explorerPage.current() === {len(thread.nodes) - 1}")
    assert selected_ids(again) == [second]
    assert comes_into_view(again, second)
    assert again.page.is_visible("#panel")
    v.assert_quiet()


def test_stepping_through_the_conversation_moves_the_address_without_filling_history(
        real_pages, visit):
    thread, v, *_ = opened(real_pages, visit, "busy reddit")
    order = [r["id"] for r in tree_rows(v)]
    ids = [node.id for node in thread.nodes]
    click_row(v, order[1])
    length = v.js("history.length")
    row(v, order[1]).focus()
    for _ in range(3):
        v.page.keyboard.press("ArrowDown")
    v.page.click("#next")
    assert v.js("decodeURIComponent(location.hash.slice(1))") == order[5]
    assert v.js("history.length") == length, "steps add no history entry"
    click_row(v, order[10])
    assert v.js("history.length") == length + 1, "a jump does"
    v.page.go_back()
    v.wait(f"explorerPage.current() === {ids.index(order[5])}")
    assert selected_ids(v) == [order[5]]
    v.assert_quiet()


def test_comments_link_to_their_source_and_their_web_addresses(real_pages, visit):
    thread, path = real_pages["hiring"]
    v = visit(path)
    tree_rows(v)
    node = next(n for n in thread.comments if "https://" in n.text)
    click_row(v, node.id)
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
    click_row(v, thread.nodes[1].id)
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


@pytest.mark.parametrize("kind", ["hiring", "mail", "busy reddit"])
def test_on_a_phone_graph_conversation_and_text_each_take_the_width(real_pages, visit, kind):
    thread, path = real_pages[kind]
    width = 390
    v = visit(path, viewport=(width, 844))
    page = v.page
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
    v.assert_quiet()


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


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=["phone", "wide"])
def test_a_comment_chosen_in_the_conversation_shows_beside_the_panel_not_under_it(
        real_pages, visit, viewport):
    thread, path = real_pages["busy reddit"]
    tree = reply_tree(thread)
    width, height = viewport
    phone = width < 700
    v = visit(path, viewport=viewport)
    page = v.page
    page.wait_for_selector("#reader[data-ready]", state="attached")
    if phone:
        page.click("#views [data-view=reading]")
    deep = max(thread.nodes, key=lambda node: tree.depth[node.id]).id
    page.locator(f"#conversation [data-id={json.dumps(deep)}] .who b").click()
    if phone:
        page.click("#views [data-view=graph]")
    page.wait_for_timeout(600)  # the graph's move to the comment takes 250 ms
    index = [node.id for node in thread.nodes].index(deep)
    assert page.evaluate("explorerPage.current()") == index
    point = page.evaluate("""i => explorerPage.network.canvasToDOM(
        explorerPage.network.getPositions([i])[i])""", index)
    graph = page.locator("#network").bounding_box()
    sheet = page.locator("#panel").bounding_box()
    x, y = graph["x"] + point["x"], graph["y"] + point["y"]
    assert graph["x"] < x < graph["x"] + graph["width"]
    assert graph["y"] < y < graph["y"] + graph["height"]
    if phone:
        assert y < sheet["y"] - 10, "the comment is above the sheet, not hidden under it"
        assert abs(x - width / 2) < width / 4
    else:
        assert x < sheet["x"] - 10, "the comment is left of the panel, not under it"
    v.assert_quiet()


def test_sub_thread_counts_are_comments_not_stand_ins_or_excerpts(tmp_path, visit):
    """A stand-in for a parent not in the input and an excerpt of the post are rows, but not
    comments: the counts a row shows add up to the figures' comment count."""
    def node(label, kind="comment", parent=None, position=0):
        return Node(id=f"t/{label}", kind=kind, position=position, label=label,
                    text="" if kind == "missing" else f"text of {label}", author="Ann",
                    parent=parent and f"t/{parent}")
    nodes = (node("post", "post"), node("e1", "excerpt", "post", 1),
             node("missing:9", "missing", "post", 2), node("1", parent="missing:9", position=3),
             node("2", parent="missing:9", position=4), node("3", position=5),
             node("4", parent="3", position=6), node("5", parent="e1", position=7))
    thread = Thread(id="t", nodes=nodes, title="Stand-ins")
    v = visit(write_html(thread, tmp_path / "t.html"))
    tree_rows(v)
    assert v.page.text_content("#figures").startswith("5 comments")

    def meta(label):
        return row(v, f"t/{label}").locator(".meta").text_content()
    assert meta("post").endswith("5 in sub-thread")
    assert meta("missing:9").endswith("2 in sub-thread")
    assert meta("e1").endswith("1 in sub-thread")
    assert "sub-thread" not in meta("4")
    v.page.click("#busiest summary")
    assert [b.text_content().split(" · ")[1] for b in
            v.page.locator("#busiest-list button").all()] == ["2 comments", "2 comments",
                                                              "1 comment"]
    row(v, "t/post").locator(".fold").click()
    assert row(v, "t/post").locator(".fold").text_content() == "▸ 5 replies"
    v.assert_quiet()


def test_a_preview_shows_the_writers_own_lines_without_the_gaps_quotes_leave(tmp_path, visit):
    text = ("\nAnn wrote:\n> the first quoted line\n> and the second\n\n\nMy own words\n"
            "\n> another quote\n\nmore of my own\n\nand a last paragraph")
    # Mail wraps a long attribution onto two lines; a sentence before one is the writer's.
    wrapped = "On May 4, 2005, at 5:36 PM, Mike C. Fletcher\nwrote:\n\n> quoted\n\nMine."
    kept = "I agree with Ann.\nBob wrote:\n> quoted\nok"
    nodes = (Node(id="t/post", kind="post", position=0, label="post", text="The post"),
             Node(id="t/1", kind="comment", position=1, label="1", text=text, author="Bo"),
             Node(id="t/2", kind="comment", position=2, label="2", text=wrapped),
             Node(id="t/3", kind="comment", position=3, label="3", text=kept))
    v = visit(write_html(Thread(id="t", nodes=nodes, title="Gaps"), tmp_path / "t.html"))
    tree_rows(v)
    assert row(v, "t/2").locator(".says").inner_text() == "Mine."
    assert row(v, "t/3").locator(".says").inner_text() == "I agree with Ann.\nok"
    says = row(v, "t/1").locator(".says")
    assert says.inner_text() == "My own words\nmore of my own\n\nand a last paragraph"
    click_row(v, "t/1")
    assert says.inner_text() == text, "the chosen row shows all of it"
    assert v.page.text_content("#panel-text") == text
    v.assert_quiet()


def test_on_a_phone_the_chosen_row_leads_to_its_parent_and_quotes_with_taps(real_pages, visit):
    thread, path = real_pages["mail"]
    tree = reply_tree(thread)
    pairs = Counter((e.source, e.target) for e in thread.edges
                    if e.kind == "quote" and tree.parent.get(e.source))
    (source, quoted), times = pairs.most_common(1)[0]
    assert times > 1, "a comment that quotes another in several places"
    v = visit(path, viewport=(390, 844), has_touch=True)
    page = v.page
    page.wait_for_selector("#reader[data-ready]", state="attached")
    page.tap("#views [data-view=reading]")

    def chosen():
        return page.evaluate("""Array.from(document.querySelectorAll(
            '#conversation [aria-selected=true]')).map(r => r.dataset.id)""")

    def tap(text, target):
        button = page.locator(f"#conversation [aria-selected=true] .links button"
                              f"[data-node='{[n.id for n in thread.nodes].index(target)}']",
                              has_text=text)
        assert button.is_visible()
        button.tap()
        assert chosen() == [target]

    page.locator(f"#conversation [data-id={json.dumps(source)}] .who b").tap()
    assert chosen() == [source]
    named = page.locator("#conversation .links button").evaluate_all(
        "buttons => buttons.map(b => b.textContent)")
    assert len(named) == len(set(named)), "each comment once, however often it is quoted"
    tap("❝ quotes", quoted)
    tap("↩ quoted by", source)
    tap("↑ in reply to", tree.parent[source])
    assert page.locator("#conversation .links").count() == 1, "only the chosen row has them"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not page.locator("#conversation .links").is_visible(), "the panel has them"
    v.assert_quiet()


@pytest.mark.parametrize("with_post", [True, False])
def test_a_deep_rows_depth_is_the_panels_whose_time_is_to_the_second(tmp_path, visit,
                                                                     with_post):
    nodes = [Node(id="d/post", kind="post", position=0, label="post", text="The post")]
    nodes += [Node(id=f"d/{k}", kind="comment", position=k, label=str(k), text=f"reply {k}",
                   parent=f"d/{k - 1}" if k > 1 else None, stated=True,
                   published=datetime(2024, 5, 1, 10, k, 6, 145000, tzinfo=UTC))
              for k in range(1, 17)]
    thread = Thread(id="d", nodes=tuple(nodes if with_post else nodes[1:]), title="Deep")
    depth = reply_tree(thread).depth["d/16"]
    v = visit(write_html(thread, tmp_path / "d.html"))
    tree_rows(v)
    assert f"depth {depth}" in row(v, "d/16").locator(".meta").text_content()
    click_row(v, "d/16")
    assert f"depth {depth}" in v.page.text_content("#panel-meta")
    assert "2024-05-01 10:16:06+00:00 · " in v.page.text_content("#panel-meta"), "to the second"
    v.assert_quiet()


def test_on_a_tablet_the_legend_is_a_drawer_and_the_panel_keeps_a_readable_width(
        real_pages, visit):
    thread, path = real_pages["busy reddit"]
    v = visit(path, viewport=(820, 1000))
    page = v.page
    page.wait_for_selector("#reader[data-ready]", state="attached")
    legend = page.locator("#legend").bounding_box()
    assert legend["x"] + legend["width"] <= 0, "the legend waits in a drawer"
    assert page.locator("#network").bounding_box()["width"] > 450
    assert not page.is_visible("#views [data-view=graph]"), "graph and reading view both show"
    page.evaluate("explorerPage.focusNode(5)")
    assert page.locator("#panel").bounding_box()["width"] >= 250
    page.click("#show-legend")
    page.wait_for_timeout(300)
    assert page.locator("#legend").bounding_box()["x"] == 0
    page.keyboard.press("Escape")
    v.assert_quiet()
