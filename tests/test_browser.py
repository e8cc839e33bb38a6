"""The graph pages in headless Chromium, used as a person would: look, click, toggle, search.

Needs Debian's Chromium at /usr/bin/chromium (``make browser`` installs it).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from explorer import analyse, read_paths
from explorer.graph import build_graph
from explorer.model import Edge, Node, Passage, Thread
from explorer.render import (
    EDGE_STYLES,
    INFERRED,
    LIVE_BUDGET,
    LIVE_LIMIT,
    dashboard,
    edge_category,
    write_html,
    write_pages,
)
from explorer.render.assets import ASSETS, PAGE_ASSET, VIS_ASSET
from explorer.render.network import thread_title
from tests.handmade import handmade_thread
from tests.paths import REAL, SEEDS

# Records what the page must never do: open dialogs, fetch, break its own policy.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (event) => window.__violations.push(event.violatedDirective + " " + event.blockedURI));
"""


@pytest.fixture(scope="session")
def seed_pages(tmp_path_factory):
    threads = [analyse(thread) for thread in read_paths([str(SEEDS)])]
    written = write_pages(threads, tmp_path_factory.mktemp("pages"))
    return list(zip(threads, written[2:], strict=True))


class Visit:
    """One open page and everything it did."""

    def __init__(self, browser, path: Path, ready: bool = True,
                 viewport: tuple[int, int] = (1280, 800), has_touch: bool = False):
        width, height = viewport
        self.page = browser.new_page(viewport={"width": width, "height": height},
                                     has_touch=has_touch)
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message),
                                               dialog.dismiss()))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error"
                     and self.errors.append(message.text))
        self.page.add_init_script(WATCH)
        self.url = path.as_uri()
        self.page.goto(self.url)
        if ready:
            self.page.wait_for_selector("body[data-ready]", timeout=20_000)
            # A thread page reads its texts and other details just after it is ready.
            self.wait("!window.explorerPage || !explorerPage.details || explorerPage.details()")

    def js(self, expression: str, argument=None):
        return self.page.evaluate(expression, argument)

    def wait(self, expression: str, timeout: float = 5.0) -> None:
        """Poll until the expression is true (wait_for_function needs eval, which CSP blocks)."""
        deadline = time.monotonic() + timeout
        while not self.js(expression):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            self.page.wait_for_timeout(25)

    def node_point(self, index: int, at: tuple[float, float] = (0.5, 0.5)) -> tuple[float, float]:
        """Move the view so the node lies at ``at`` (fractions of the graph's width and height)
        and return where it is on the page."""
        box = self.page.locator("#network").bounding_box()
        self.js("""([i, fx, fy, w, h]) => { const network = explorerPage.network, scale = 1.2;
            const p = network.getPositions([i])[i];
            network.moveTo({position: {x: p.x + (0.5 - fx) * w / scale,
                                       y: p.y + (0.5 - fy) * h / scale},
                            scale: scale, animation: false}); }""",
                [index, *at, box["width"], box["height"]])
        point = self.js("""i => explorerPage.network.canvasToDOM(
            explorerPage.network.getPositions([i])[i])""", index)
        return box["x"] + point["x"], box["y"] + point["y"]

    def click_node(self, index: int) -> None:
        """Click where the node is drawn, as a person would."""
        self.page.mouse.click(*self.node_point(index))
        self.page.wait_for_selector("#panel:not([hidden])")

    def hover_node(self, index: int, at: tuple[float, float] = (0.5, 0.5)) -> str:
        """Move the mouse onto the node as a person would; return the tooltip's text."""
        x, y = self.node_point(index, at)
        self.page.mouse.move(x - 3, y)
        self.page.mouse.move(x, y)
        self.page.wait_for_selector("#tooltip:not([hidden])")
        return self.page.text_content("#tooltip")

    def pixel(self, x: float, y: float) -> str:
        """The colour on the graph's canvas where graph point (x, y) is shown, as #rrggbbaa."""
        return self.js("""([x, y]) => { const net = explorerPage.network;
            const p = net.canvasToDOM({x: x, y: y}), ratio = net.canvas.pixelRatio;
            const c = net.canvas.frame.canvas.getContext('2d').getImageData(
                Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data;
            return '#' + Array.from(c, v => v.toString(16).padStart(2, '0')).join(''); }""",
                       [x, y])

    def assert_tooltip_inside(self) -> None:
        """The tooltip lies wholly inside the graph, however near an edge the pointer is."""
        tip = self.page.locator("#tooltip").bounding_box()
        box = self.page.locator("#network").bounding_box()
        assert tip["width"] > 0 and tip["height"] > 0
        assert box["x"] <= tip["x"] and tip["x"] + tip["width"] <= box["x"] + box["width"]
        assert box["y"] <= tip["y"] and tip["y"] + tip["height"] <= box["y"] + box["height"]

    def assert_quiet(self, followed: tuple[Path, ...] = ()) -> None:
        """Nothing but the page, the scripts beside it and the pages ``followed`` was loaded."""
        assert self.dialogs == []
        folder = self.url.rsplit("/", 1)[0] + "/"
        shared = {folder + name for name in ASSETS} | {path.as_uri() for path in followed}
        assert self.requests[:1] == [self.url], "the page itself is loaded first"
        assert set(self.requests[1:]) <= shared, "then nothing but the scripts beside it"
        assert self.errors == []
        assert self.js("window.__violations") == []


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(path: Path, ready: bool = True, **screen) -> Visit:
        opened.append(Visit(browser, path, ready, **screen))
        return opened[-1]

    yield open_page
    for page in opened:
        page.page.close()


def drawn_edge_kinds(v: Visit) -> Counter:
    kinds = v.js("explorerPage.edges.get().map(e => e.kind)")
    return Counter(kinds)


# ---- the seeds ---------------------------------------------------------------------------------

def test_each_seed_page_draws_every_node_and_edge_by_kind(seed_pages, visit):
    for thread, path in seed_pages:
        v = visit(path)
        graph = build_graph(thread)
        expected = Counter(edge_category(a, graph.nodes[s]["parent"] == t,
                                         graph.nodes[t]["kind"] != "comment")
                           for s, t, a in graph.edges(data=True))
        assert v.js("explorerPage.network.body.data.nodes.length") == len(thread.nodes)
        assert v.js("Object.keys(explorerPage.network.body.nodes).length") == len(thread.nodes)
        assert drawn_edge_kinds(v) == expected
        assert v.js("Object.keys(explorerPage.network.body.edges).length") == sum(
            expected.values())
        legend = v.js("""Array.from(document.querySelectorAll('#edge-legend li')).map(li =>
            [li.querySelector('input').dataset.kind, li.querySelector('.count').textContent])""")
        assert {kind: int(count) for kind, count in legend if int(count)} == dict(expected)
        figures = v.page.text_content("#figures")
        assert f"{len(thread.comments)} comments" in figures
        assert v.page.text_content("#title") == thread_title(thread)
        v.assert_quiet()


def test_clicking_a_node_opens_its_text_and_links(seed_pages, visit):
    thread, path = max(seed_pages, key=lambda pair: len(pair[0].nodes))
    v = visit(path)
    ids = [node.id for node in thread.nodes]
    child = next(node for node in thread.comments if node.parent)
    v.click_node(ids.index(child.id))
    assert v.js("explorerPage.current()") == ids.index(child.id)
    assert v.page.text_content("#panel-text") == child.text
    assert child.id in v.page.text_content("#panel-meta")
    # The "in reply to" link focuses the parent and shows its text.
    v.page.click("#panel-links h3:text('In reply to') + ul button")
    parent = thread.nodes[ids.index(child.parent)]
    assert v.page.text_content("#panel-text") == parent.text
    assert v.js("explorerPage.network.getSelectedNodes()") == [ids.index(parent.id)]
    replies = v.page.locator("#panel-links h3:text('Replies') + ul button").all_text_contents()
    assert any(f"#{child.label}" in text for text in replies)
    v.page.click("#panel-close")
    assert v.page.is_hidden("#panel")
    v.assert_quiet()


def test_hovering_a_node_shows_author_time_and_first_lines(seed_pages, visit):
    thread, path = seed_pages[0]
    v = visit(path)
    index = 1
    tip = v.hover_node(index)
    assert f"#{thread.nodes[index].label}" in tip
    assert " ".join(thread.nodes[index].text.split()[:5]) in " ".join(tip.split())
    v.assert_tooltip_inside()
    # Near the bottom right corner the tooltip turns above and left of the pointer.
    assert v.hover_node(index, at=(0.97, 0.97)) == tip
    v.assert_tooltip_inside()


def test_toggling_an_edge_kind_hides_and_shows_those_edges(seed_pages, visit):
    thread, path = max(seed_pages, key=lambda pair: len(build_graph(pair[0]).edges))
    v = visit(path)
    kinds = drawn_edge_kinds(v)
    kind = kinds.most_common(1)[0][0]
    hidden = f"explorerPage.edges.get({{filter: e => e.kind === '{kind}' && e.hidden}}).length"
    box = v.page.locator(f"#edge-legend input[data-kind='{kind}']")
    box.uncheck()
    assert v.js(hidden) == kinds[kind]
    assert v.js("""Object.values(explorerPage.network.body.edges)
        .filter(e => e.options.hidden).length""") == kinds[kind]
    box.check()
    assert v.js(hidden) == 0
    v.page.screenshot(path=str(path.with_suffix(".png")))
    assert path.with_suffix(".png").stat().st_size > 10_000
    v.assert_quiet()


def test_search_highlights_the_nodes_whose_text_matches(seed_pages, visit):
    thread, path = seed_pages[0]
    v = visit(path)
    word = "probation"
    expected = {i for i, node in enumerate(thread.nodes) if word in node.text.lower()}
    assert expected, "the word is in the seed"
    v.page.fill("#search", word.upper())
    v.wait(f"explorerPage.matches().length === {len(expected)}")
    assert set(v.js("explorerPage.matches()")) == expected
    assert v.page.text_content("#matches") == f"{len(expected)} matches"
    shadowed = v.js("explorerPage.nodes.get({filter: n => n.shadow && n.shadow.enabled})"
                    ".map(n => n.id)")
    assert set(shadowed) == expected
    v.page.press("#search", "Enter")
    assert v.js("explorerPage.current()") == min(expected)
    v.page.fill("#search", "")
    v.wait("explorerPage.matches().length === 0")
    v.assert_quiet()


# ---- authors, owner, passages ------------------------------------------------------------------

def test_author_filter_legend_and_highlighted_quotes(tmp_path, visit):
    thread = handmade_thread()
    v = visit(write_html(thread, tmp_path / "hm.html"))
    legend = v.page.text_content("#author-legend")
    assert "Jim (thread starter)" in legend and "anonymous" in legend  # no platform named
    ann = [i for i, node in enumerate(thread.nodes) if node.author == "Ann"]
    option = v.page.locator("#author-filter option", has_text="Ann")
    v.page.select_option("#author-filter", option.get_attribute("value"))
    dimmed = set(v.js("explorerPage.nodes.get({filter: n => n.color === '#eceef0'})"
                      ".map(n => n.id)"))
    assert dimmed == set(range(len(thread.nodes))) - set(ann)
    v.page.select_option("#author-filter", "-2")
    assert v.js("explorerPage.nodes.get({filter: n => n.color === '#eceef0'}).length") == 0
    # c5 quotes c4: the quoted words are marked in c5's text, and c4 is linked.
    c5 = [node.id for node in thread.nodes].index("hm/5")
    v.js("i => explorerPage.focusNode(i)", c5)
    marks = v.page.locator("#panel-text mark.quote").all_text_contents()
    assert marks == ["quoted words here"]
    links = v.page.text_content("#panel-links")
    assert "quotes" in links and "“quoted words here”" in links
    # Edges: inferred replies are dashed and say how sure they are, quotes show their words.
    styles = v.js("""Object.values(explorerPage.network.body.edges).map(e =>
        [explorerPage.edges.get(e.id).kind, e.options.dashes !== false, e.id])""")
    dashed = {kind for kind, dashed, _ in styles if dashed}
    inferred = {edge_category(a) for *_, a in build_graph(thread).edges(data=True)} & set(INFERRED)
    assert inferred and dashed == inferred | {"addressed", "duplicate"}
    band = min(inferred)
    # c5 answers c4 and quotes it: the quote is a mark along that reply.
    for kind, text in ((band, f"({EDGE_STYLES[band]['band']}, confidence 0."),
                       ("quote-parent", "“quoted words here”")):
        edge = next(i for k, _, i in styles if k == kind)
        v.js("e => explorerPage.network.body.emitter.emit('hoverEdge', {edge: e})", edge)
        tip = v.page.text_content("#tooltip")
        assert text in tip
    v.assert_quiet()


# ---- hostile text ------------------------------------------------------------------------------

ATTACKS = [
    "</script><script>window.__pwned = 1; alert('script')</script>",
    "<img src=x onerror=\"window.__pwned = 2; alert('img')\">",
    "<a href=\"javascript:alert('link')\">click</a> javascript:alert(1)",
    "&lt;script&gt;alert('entity')&lt;/script&gt; &amp; &#x3C;b&#x3E; <!-- <script>",
    "<svg onload=alert('svg')><iframe src=\"https://example.com/\"></iframe>",
    "<style>body{background:url(https://example.com/x.png)}</style>\u2028\u2029",
]
HOSTILE = " ".join(ATTACKS)


def hostile_thread() -> Thread:
    tid = "<script>alert('id')</script>" + ATTACKS[1]
    post = Node(id=f"{tid}/post", kind="post", position=0, label="post", text=HOSTILE,
                author=ATTACKS[0])
    first = Node(id=f"{tid}/1", kind="comment", position=1, label=ATTACKS[1], text=HOSTILE,
                 author=ATTACKS[2])
    second = Node(id=f"{tid}/2", kind="comment", position=2, label="2", text=ATTACKS[3] + "!",
                  author=ATTACKS[4], parent=first.id)
    quote = Edge(second.id, first.id, "quote", evidence=ATTACKS[5], passage=Passage(
        ATTACKS[3], (0, len(ATTACKS[3])), (0, 10), 5))
    inferred = Edge(first.id, post.id, "reply", inferred=True, evidence=ATTACKS[0], score=0.5)
    return Thread(id=tid, nodes=(post, first, second), title=HOSTILE, owner=ATTACKS[2],
                  url="javascript:alert('url')", edges=(quote, inferred))


def test_hostile_text_is_shown_as_text_and_runs_nothing(tmp_path, visit):
    thread = hostile_thread()
    (path,) = write_pages([thread], tmp_path)
    v = visit(path)
    assert v.js("window.__pwned") is None
    assert v.page.text_content("#title") == HOSTILE
    assert v.page.title() == HOSTILE + " — explorer"
    assert v.js("document.querySelectorAll('img, iframe, svg, style:not([nonce])').length") == 0
    # Links are the folder's pages and web addresses of the text, opened apart: never script.
    links = v.js("Array.from(document.querySelectorAll('a')).map(a => [a.getAttribute('href'),"
                 " a.rel, a.closest('#site') !== null])")
    assert {href for href, _, site in links if site} == {"index.html", "people.html"}
    assert {(href, rel) for href, rel, site in links if not site} == {
        ("https://example.com/", "noopener noreferrer"),
        ("https://example.com/x.png", "noopener noreferrer")}
    # The data, the details, the loader and the two scripts it loads: nothing else.
    scripts = v.js("Array.from(document.scripts).map(s => s.id || s.src.split('/').pop())")
    assert sorted(scripts) == sorted(["explorer-data", "explorer-details", "", VIS_ASSET,
                                      PAGE_ASSET])
    for index, node in enumerate(thread.nodes):
        v.click_node(index)
        assert v.page.text_content("#panel-text") == node.text
        assert node.id in v.page.text_content("#panel-meta")
    assert v.page.locator("#panel-text mark").all_text_contents() == [ATTACKS[3]]
    links = v.page.text_content("#panel-links")
    assert ATTACKS[1] in links, "a hostile label is shown as text"
    v.js("explorerPage.network.body.emitter.emit('hoverNode', {node: 1})")
    assert v.page.text_content("#tooltip").startswith("#" + ATTACKS[1])
    quote = v.js("explorerPage.edges.get({filter: e => e.kind === 'quote-parent'})[0].id")
    v.js("e => explorerPage.network.body.emitter.emit('hoverEdge', {edge: e})", quote)
    assert ATTACKS[3] in v.page.text_content("#tooltip")
    v.page.select_option("#author-filter", index=1)
    v.page.fill("#search", "<script>")
    v.wait("explorerPage.matches().length === 3")
    for edge_kind in ("quote-parent", "post"):
        v.page.locator(f"#edge-legend input[data-kind='{edge_kind}']").uncheck()
    v.page.wait_for_timeout(200)
    assert v.js("window.__pwned") is None
    v.assert_quiet()


def test_hostile_index_page_links_only_to_pages(tmp_path, visit):
    threads = [hostile_thread(), replace(hostile_thread(), id="second")]
    index, people, *pages = write_pages(threads, tmp_path)
    v = visit(index)
    hrefs = v.js("Array.from(document.links).map(a => a.getAttribute('href'))")
    assert sorted(hrefs) == sorted([people.name] + [page.name for page in pages])
    assert v.js("document.querySelectorAll('iframe, svg, img:not([src^=\"data:image/svg\"])')"
                ".length") == 0
    assert v.js("document.querySelectorAll('script:not([nonce])').length") == 0
    assert v.page.locator("td.title a").first.text_content() == HOSTILE
    assert v.js("window.__pwned") is None
    v.assert_quiet()
    v = visit(people)
    names = v.js("explorerPage.data.people.name")
    assert sorted(names) == sorted([ATTACKS[0], ATTACKS[2], ATTACKS[4]])
    for i, name in enumerate(names):
        v.js("i => explorerPage.focusNode(i)", i)
        assert v.page.text_content("#panel-title") == name
    assert v.js("window.__pwned") is None
    v.assert_quiet()


# ---- large threads -----------------------------------------------------------------------------

def large_thread(comments: int) -> Thread:
    """Comments in branches of five; every 50th quotes the comment before it."""
    nodes = [Node(id="big/post", kind="post", position=0, label="post", text="the post")]
    edges = []
    for i in range(1, comments + 1):
        parent = None if i % 5 == 1 else f"big/{i - 1}"
        nodes.append(Node(id=f"big/{i}", kind="comment", position=i, label=str(i),
                          text=f"comment number {i} " + ("needle " if i % 400 == 0 else ""),
                          author=f"author {i % 30}", parent=parent))
        if i % 50 == 0:
            edges.append(Edge(f"big/{i}", f"big/{i - 1}", "quote", passage=Passage(
                "comment number", (0, 14), (0, 14), 2)))
    return Thread(id="big", nodes=tuple(nodes), title="Big", edges=tuple(edges))


def test_large_thread_keeps_only_the_nodes_in_view_in_vis(tmp_path, visit):
    thread = large_thread(LIVE_LIMIT + 500)
    v = visit(write_html(thread, tmp_path / "big.html"))
    assert v.js("explorerPage.hybrid")
    assert v.js("explorerPage.data.nodes.kind.length") == len(thread.nodes)
    assert v.js("explorerPage.nodes.length") <= LIVE_BUDGET
    legend = v.js("""Array.from(document.querySelectorAll('#edge-legend li')).map(li =>
        [li.querySelector('input').dataset.kind, li.querySelector('.count').textContent])""")
    # Each quotes the comment it answers: marks on the reply edges.
    assert dict(legend)["quote-parent"] == str(len(thread.edges))
    # A dot drawn by the page (not vis) answers a click: it is brought into view and opened.
    target = 1234
    v.js("""i => { const n = explorerPage.data.network.nodes;
        explorerPage.network.moveTo({position: {x: n.x[i], y: n.y[i]}, animation: false}); }""",
         target)
    assert target not in v.js("explorerPage.live()")
    point = v.js("""i => { const n = explorerPage.data.network.nodes;
        return explorerPage.network.canvasToDOM({x: n.x[i], y: n.y[i]}); }""", target)
    box = v.page.locator("#network").bounding_box()
    v.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    v.page.wait_for_selector("#panel:not([hidden])")
    assert v.js("explorerPage.current()") == target
    assert v.page.text_content("#panel-text") == thread.nodes[target].text
    live = set(v.js("explorerPage.live()"))
    assert target in live and 0 < len(live) <= LIVE_BUDGET
    assert v.js("explorerPage.network.getSelectedNodes()") == [target]
    edges = v.js("explorerPage.edges.get().map(e => [e.from, e.to])")
    assert edges and all(a in live and b in live for a, b in edges)
    # Search reaches nodes vis does not hold; Enter brings the first one in (with none
    # chosen: it steps from the chosen one).
    v.page.click("#panel-close")
    v.page.fill("#search", "needle")
    expected = [i for i, node in enumerate(thread.nodes) if "needle" in node.text]
    v.wait(f"explorerPage.matches().length === {len(expected)}")
    v.page.press("#search", "Enter")
    assert v.js("explorerPage.current()") == expected[0]
    assert expected[0] in v.js("explorerPage.live()")
    v.assert_quiet()


def test_large_thread_paints_its_dots_and_lists_many_authors_on_first_use(tmp_path, visit):
    comments = LIVE_LIMIT + 500
    nodes = [Node(id="w/post", kind="post", position=0, label="post", text="the post")]
    nodes += [Node(id=f"w/{i}", kind="comment", position=i, label=str(i), text=f"c {i}",
                   author=f"author {i}") for i in range(1, comments + 1)]
    v = visit(write_html(Thread(id="w", nodes=tuple(nodes), title="Wide"), tmp_path / "w.html"))
    assert v.js("explorerPage.hybrid")
    # 3,000 siblings share one row: the page opens on the post at a readable scale. With vis
    # holding no node, every dot in view is painted by the page in its author's colour.
    x, y = v.js("explorerPage.data.network.nodes.x"), v.js("explorerPage.data.network.nodes.y")
    assert len({y[i] for i in range(1, comments + 1)}) == 1
    v.js("""() => { explorerPage.data.liveBudget = 0;
        explorerPage.network.moveTo({position: {x: explorerPage.data.network.nodes.x[1500],
            y: explorerPage.data.network.nodes.y[1500]}, scale: 0.12, animation: false});
        explorerPage.network.body.emitter.emit("zoom", {}); }""")
    v.wait("explorerPage.live().length === 0")

    def pixel(i: int) -> str:
        return v.pixel(x[i], y[i])

    colour = "i => explorerPage.data.authors[explorerPage.data.nodes.author[i]].color + 'ff'"
    shown = v.js("""() => { const n = explorerPage.network, w = n.canvas.frame.clientWidth;
        return [n.DOMtoCanvas({x: 10, y: 0}).x, n.DOMtoCanvas({x: w - 10, y: 0}).x]; }""")
    sample = [i for i in range(1, comments + 1, 7) if shown[0] < x[i] < shown[1]]
    assert len(sample) > 5
    assert [pixel(i) for i in sample] == [v.js(colour, i) for i in sample]
    # Thousands of authors are listed in the filter when it is first used; one dims the rest.
    assert v.js("document.querySelectorAll('#author-filter option').length") == 1
    v.page.focus("#author-filter")
    assert v.js("document.querySelectorAll('#author-filter option').length") == comments + 2
    one = sample[0]
    chosen = v.page.locator("#author-filter option", has_text=f"author {one} (1)")
    v.page.select_option("#author-filter", chosen.get_attribute("value"))
    v.js("explorerPage.network.redraw()")
    v.page.wait_for_timeout(100)
    assert pixel(one) == v.js(colour, one)
    assert {pixel(i) for i in sample[1:]} == {"#eceef0ff"}
    v.assert_quiet()


def test_a_large_threads_painted_quote_points_at_the_comment_quoted(tmp_path, visit):
    comments = LIVE_LIMIT + 500
    nodes = [Node(id="w/post", kind="post", position=0, label="post", text="the post")]
    nodes += [Node(id=f"w/{i}", kind="comment", position=i, label=str(i), text=f"c {i}")
              for i in range(1, comments + 1)]
    quoting, quoted = 1504, 1498
    edges = (Edge(f"w/{quoting}", f"w/{quoted}", "quote", inferred=True, score=1.0,
                  passage=Passage("c", (0, 1), (0, 1), 1, marked=False)),)
    thread = Thread(id="w", nodes=tuple(nodes), edges=edges, title="Wide")
    v = visit(write_html(thread, tmp_path / "w.html"))
    v.page.check("#edge-legend input[data-kind=quote]")
    x, y = v.js("explorerPage.data.network.nodes.x"), v.js("explorerPage.data.network.nodes.y")
    v.js("""([x, y]) => { explorerPage.data.liveBudget = 0;
        explorerPage.network.moveTo({position: {x: x, y: y}, scale: 0.5, animation: false});
        explorerPage.network.body.emitter.emit("zoom", {}); }""",
         [(x[quoting] + x[quoted]) / 2, y[quoted]])
    v.wait("explorerPage.live().length === 0")
    v.js("explorerPage.network.redraw()")
    v.page.wait_for_timeout(100)

    def green_off_the_row(i: int) -> int:
        """Green pixels above and below the row near node ``i`` (the row's line excluded)."""
        return v.js("""([x, y]) => { const net = explorerPage.network;
            const p = net.canvasToDOM({x: x, y: y}), ratio = net.canvas.pixelRatio;
            const c = net.canvas.frame.canvas.getContext('2d').getImageData(
                Math.round(p.x * ratio) - 16, Math.round(p.y * ratio) - 8, 33, 17).data;
            let found = 0;
            for (let k = 0; k < c.length; k += 4) {
                const row = Math.floor(k / 4 / 33);
                if (Math.abs(row - 8) > 1 && c[k + 1] > c[k] + 40 && c[k + 1] > c[k + 2])
                    found++;
            }
            return found; }""", [x[i], y[i]])
    assert green_off_the_row(quoted) > 4, "an arrowhead at the comment quoted"
    assert green_off_the_row(quoting) == 0, "none at the comment quoting it"
    v.assert_quiet()


@pytest.mark.parametrize("layout", ["radial", "force"])
def test_other_layouts_draw_every_node(seed_pages, tmp_path, visit, layout):
    thread, _ = max(seed_pages, key=lambda pair: len(pair[0].nodes))
    v = visit(write_html(thread, tmp_path / f"{layout}.html", layout=layout, size="replies"))
    assert v.js("Object.keys(explorerPage.network.body.nodes).length") == len(thread.nodes)
    positions = v.js("explorerPage.network.getPositions()")
    assert len({(round(p["x"]), round(p["y"])) for p in positions.values()}) == len(thread.nodes)
    if layout == "radial":
        assert positions["0"] == {"x": 0, "y": 0}
    assert "sized by replies received" in v.page.text_content("#node-legend")
    v.assert_quiet()


# ---- the corpus: dashboard, people, threads without a post, deep chains ------------------------

REDDIT = REAL / "reddit" / "RC_2005-12.zst"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    threads = [analyse(thread) for thread in read_paths([str(REDDIT)])]
    written = write_pages(threads, tmp_path_factory.mktemp("corpus"))
    return threads, written


def column(v: Visit, heading: str) -> list[str]:
    """The visible rows' values of one table column, as the page shows them."""
    return v.js("""h => { const heads = Array.from(document.querySelectorAll('thead th'));
        const c = heads.findIndex(th => th.textContent.trim().replace(/ [▲▼]$/, '') === h);
        return Array.from(document.querySelectorAll('tbody tr:not([hidden])'))
            .map(tr => tr.cells[c].dataset.v); }""", heading)


def test_dashboard_table_sorts_and_filters(corpus, visit):
    threads, (index, *_) = corpus
    v = visit(index)
    counts = [int(c) for c in column(v, "Comments")]
    assert counts == sorted((len(t.comments) for t in threads), reverse=True)
    v.page.click("th:has-text('Comments') button")
    assert [int(c) for c in column(v, "Comments")] == sorted(counts)
    v.page.click("th:has-text('Depth') button")
    depths = [int(d) for d in column(v, "Depth") if d]
    assert depths == sorted(depths, reverse=True) and depths[0] > 1
    v.page.fill("#min-comments", "5")
    shown = [int(c) for c in column(v, "Comments")]
    assert sorted(shown) == sorted(c for c in counts if c >= 5)
    assert v.page.text_content("#shown") == f"{len(shown)} of {len(threads)} threads"
    thread = max(threads, key=lambda t: len(t.comments))
    v.page.fill("#filter", thread.id)
    rows = v.page.locator("tbody tr:not([hidden]) td.title a")
    assert rows.count() >= 1 and thread.id in rows.first.text_content()
    target = rows.first.get_attribute("href")
    rows.first.click()
    v.page.wait_for_selector("body[data-ready]")
    assert v.js("explorerPage.data.thread.id") == thread.id
    v.assert_quiet(followed=(index.parent / target,))


def test_dashboard_shows_its_charts_and_links_the_people_page(corpus, visit):
    _, (index, people, *_) = corpus
    v = visit(index)
    loaded = v.js("""Array.from(document.images).map(img =>
        [img.alt, img.complete && img.naturalWidth > 100])""")
    assert len(loaded) == 5 and all(ok for _, ok in loaded)
    v.page.click(f"a[href='{people.name}']")
    v.page.wait_for_selector("body[data-ready]")
    assert v.page.url.endswith(people.name)
    v.assert_quiet(followed=(people,))


def test_people_page_shows_who_answers_whom(corpus, visit):
    threads, (_, people, *_) = corpus
    v = visit(people)
    data = v.js("explorerPage.data")
    assert v.js("Object.keys(explorerPage.network.body.nodes).length") == len(data["nodes"])
    busiest = max(range(len(data["nodes"])), key=lambda i: data["people"]["comments"][i])
    v.js("i => explorerPage.focusNode(i)", busiest)
    assert v.page.text_content("#panel-title") == data["people"]["name"][busiest]
    assert f"{data['people']['comments'][busiest]} comments" in v.page.text_content("#panel-meta")
    buttons = v.page.locator("#panel-links button")
    assert buttons.count() > 0
    other = buttons.first.text_content()
    buttons.first.click()
    assert v.page.text_content("#panel-title") == other
    v.page.fill("#search", data["people"]["name"][busiest][:4])
    v.page.press("#search", "Enter")
    assert v.page.text_content("#matches").startswith("1 / ")
    figures = data["figures"]
    assert " ".join(v.page.text_content("#figures").split()) == (
        f"{figures['people']} people · {figures['links']} links · {figures['threads']} threads"
        f" · {figures['shown']} shown, the most connected")
    # Hovering a person shows their counts, inside the graph even in its bottom corner.
    v.page.click("#panel-close")
    for at in ((0.5, 0.5), (0.97, 0.97)):
        tip = v.hover_node(busiest, at)
        assert tip.startswith(data["people"]["name"][busiest])
        assert f"{data['people']['comments'][busiest]} comments · " in tip
        v.assert_tooltip_inside()
    v.assert_quiet()


def test_people_page_legend_shows_its_whole_text(corpus, visit):
    _, (_, people, *_) = corpus
    v = visit(people)
    cut = v.js("""Array.from(document.querySelectorAll('#legend li, #legend li *'))
        .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right >
                     document.getElementById('legend').getBoundingClientRect().right)
        .map(e => e.textContent)""")
    assert cut == []
    assert "wider" in v.page.text_content("#legend")
    v.assert_quiet()


def test_a_thread_without_a_post_hangs_from_a_drawn_stand_in(corpus, visit):
    threads, (_, _, *pages) = corpus
    thread, path = max(zip(threads, pages, strict=True), key=lambda pair: len(pair[0].comments))
    assert thread.post is None
    v = visit(path)
    stand_in = v.js("explorerPage.data.standIn")
    positions = v.js("explorerPage.network.getPositions()").values()
    assert all(p["y"] > stand_in[1] for p in positions)
    assert len({round(p["x"]) for p in positions}) > 10 and len({p["y"] for p in positions}) > 2
    # The stand-in is painted at its place: a diamond in its colour (the tree lines under it
    # have another), not a square.
    painted = v.js("explorer.STAND_IN_COLOR") + "ff"
    radius = max(16, 6 / v.js("explorerPage.network.getScale()"))
    inside = ((0, 0), (-radius / 3, 0), (radius / 3, 0), (0, radius / 3), (0, -radius / 3))
    assert [v.pixel(stand_in[0] + dx, stand_in[1] + dy) for dx, dy in inside] == [painted] * 5
    assert v.pixel(stand_in[0] + 0.6 * radius, stand_in[1] + 0.6 * radius) != painted
    assert v.page.text_content("#title").startswith(f"{thread.id}: “")
    v.assert_quiet()


def test_a_deep_chain_becomes_ready_and_its_deepest_reply_opens(tmp_path, visit):
    depth = LIVE_LIMIT + 2000
    nodes = [Node(id="c/post", kind="post", position=0, label="post", text="the post")]
    for i in range(1, depth + 1):
        nodes.append(Node(id=f"c/{i}", kind="comment", position=i, label=str(i),
                          text=f"reply {i}", parent=f"c/{i - 1}" if i > 1 else None))
    thread = Thread(id="c", nodes=tuple(nodes), title="Deep")
    v = visit(write_html(thread, tmp_path / "deep.html"))
    assert v.js("explorerPage.hybrid")
    assert v.js("explorerPage.readyAt - explorerPage.started") < 10_000
    v.js("i => explorerPage.focusNode(i)", depth)
    assert v.page.text_content("#panel-text") == f"reply {depth}"
    assert depth in v.js("explorerPage.live()")
    v.assert_quiet()


def test_legend_labels_and_figures_never_wrap_their_numbers(tmp_path, visit):
    thread = replace(large_thread(60), title="A title long enough to push the figures " * 3)
    v = visit(write_html(thread, tmp_path / "legend.html"))
    v.page.set_viewport_size({"width": 900, "height": 700})
    lines = v.js("""Array.from(document.querySelectorAll(
        '#edge-legend .name, #legend .count, #figures .figure')).map(el => {
          const range = document.createRange();
          range.selectNodeContents(el);
          const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
          return [el.textContent, tops.size]; })""")
    assert len(lines) > 10
    assert [text for text, rows in lines if rows != 1] == []
    inside = v.js("""(() => { const legend = document.getElementById('legend');
        const right = legend.getBoundingClientRect().right;
        return Array.from(legend.querySelectorAll('.count'))
            .every(el => el.getBoundingClientRect().right <= right); })()""")
    assert inside


def test_a_node_with_thousands_of_replies_lists_a_bounded_number(tmp_path, visit):
    replies = 5000
    nodes = [Node(id="star/post", kind="post", position=0, label="post", text="the post")]
    nodes += [Node(id=f"star/{i}", kind="comment", position=i, label=str(i), text=f"reply {i}",
                   parent="star/post") for i in range(1, replies + 1)]
    v = visit(write_html(Thread(id="star", nodes=tuple(nodes), title="Star"),
                         tmp_path / "star.html"))
    v.wait("explorerPage.details()")
    v.js("explorerPage.focusNode(0)")
    v.page.wait_for_selector("#panel:not([hidden])")
    listed = v.page.locator("#panel-links h3:text('Replies (5000)') + ul button")
    assert listed.count() == 200 and "#1" in listed.first.text_content()
    assert v.page.text_content("#panel-links p.more") == "and 4800 more, not listed"
    v.assert_quiet()


def test_dashboard_shows_one_page_of_rows_and_pages_through_the_rest(corpus, visit,
                                                                      tmp_path, monkeypatch):
    monkeypatch.setattr(dashboard, "PAGE_ROWS", 100)
    threads, _ = corpus
    index, *_ = write_pages(threads, tmp_path)
    v = visit(index)
    counts = sorted((len(t.comments) for t in threads), reverse=True)
    assert [int(c) for c in column(v, "Comments")] == counts[:100]
    assert v.page.text_content("#shown") == f"1–100 of {len(threads)} threads"
    # Only the shown rows are in the document: the rest wait in the page's packed columns.
    assert v.js("document.querySelectorAll('#thread-table tbody tr').length") == 100
    v.page.click("#next-page")
    assert [int(c) for c in column(v, "Comments")] == counts[100:200]
    v.page.click("th:has-text('Comments') button")  # sorting goes back to the first page
    assert [int(c) for c in column(v, "Comments")] == sorted(counts)[:100]
    v.page.click("th[data-key=title] button")  # titles A to Z, across every page
    titles = sorted(thread_title(t).casefold() for t in threads)
    assert v.js("Array.from(document.querySelectorAll('td.title a'))"
                ".map(a => a.textContent.toLowerCase())") == [t.lower() for t in titles[:100]]
    v.page.fill("#min-comments", str(counts[50]))
    kept = [c for c in counts if c >= counts[50]]
    assert sorted(int(c) for c in column(v, "Comments")) == sorted(kept)[:100]
    assert v.page.is_hidden("#pager") == (len(kept) <= 100)
    v.assert_quiet()
