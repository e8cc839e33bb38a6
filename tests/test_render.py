"""The graph page and its layout, checked without a browser (tests/test_browser.py drives one)."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import time
import zlib
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_dashboard import table_data

from explorer import analyse, files, read_paths
from explorer.cli import cli
from explorer.graph import build_graph
from explorer.layout import (
    X_STEP,
    Y_STEP,
    Placement,
    radial_layout,
    timeline_layout,
    tree_layout,
)
from explorer.model import DEFAULT_REPLY, EDGE_KINDS, Edge, Node, Passage, Thread
from explorer.render import (
    EDGE_STYLES,
    FORCE_LIMIT,
    INFERRED,
    assets,
    build_network,
    edge_category,
    page_names,
    render_html,
    render_index,
    write_pages,
)
from explorer.tree import ReplyTree, reply_tree
from tests.handmade import handmade_thread
from tests.paths import REAL, SEEDS

VIS = assets.vis_script()
HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)> &lt;b&gt; javascript:x'


def chain_thread(comments: int, fanout: int = 3) -> Thread:
    """A post with comments where every ``fanout``-th one starts a new top-level branch."""
    nodes = [Node(id="t/post", kind="post", position=0, label="post", text="the post")]
    for i in range(1, comments + 1):
        parent = None if fanout == 1 or i % fanout == 1 else f"t/{i - 1}"
        nodes.append(Node(id=f"t/{i}", kind="comment", position=i, label=str(i),
                          text=f"comment {i} " * (i % 7 + 1), parent=parent))
    return Thread(id="t", nodes=tuple(nodes), title="Chain")


def page_data(page: str) -> dict:
    """The page's data, with the details (a block of their own) back among the columns."""
    blocks = dict(re.findall(
        r'<script type="[^"]+" id="explorer-(data|details)"[^>]*>(.*?)</script>', page, re.S))
    data = json.loads(blocks["data"])
    details = json.loads(zlib.decompress(base64.b64decode(blocks["details"])))
    data["layouts"] = details.pop("layouts")
    for part, columns in details.items():
        data[part].update(columns)
    data["nodes"]["kind"] = [data["kinds"][code] for code in data["nodes"]["kind"]]
    return data


# ---- layout ------------------------------------------------------------------------------------

STAND_IN = "\0stand-in"
"""Where ``by_id`` puts the stand-in root of a thread without a post (no node id is empty-led)."""


def by_id(tree: ReplyTree, placement: Placement) -> dict[str, tuple[float, float]]:
    """A layout's positions by node id (its columns follow ``tree.parent``), the stand-in
    root's under STAND_IN."""
    found = dict(zip(tree.parent, zip(placement.x, placement.y, strict=True), strict=True))
    if placement.stand_in is not None:
        found[STAND_IN] = placement.stand_in
    return found

def test_tree_puts_the_post_on_top_and_each_depth_one_row_lower():
    thread = chain_thread(9)
    graph = build_graph(thread)
    parents = {node: graph.nodes[node]["parent"] for node in graph}
    tree = reply_tree(thread)
    positions = by_id(tree, tree_layout(tree))
    assert set(positions) == set(graph)
    assert positions["t/post"][1] == 0
    for node, parent in parents.items():
        if parent:
            assert positions[node][1] == positions[parent][1] + Y_STEP
    assert len(set(positions.values())) == len(positions)


def test_tree_parent_sits_over_its_children():
    thread = replace(chain_thread(3), nodes=(*chain_thread(3).nodes, Node(
        id="t/4", kind="comment", position=4, label="4", text="x", parent="t/1")))
    tree = reply_tree(thread)
    positions = by_id(tree, tree_layout(tree))
    children = [positions["t/2"][0], positions["t/4"][0]]
    assert min(children) < positions["t/1"][0] < max(children)


@pytest.mark.parametrize("fanout", [1, 3])
def test_tree_keeps_siblings_on_their_depth_row_however_many(fanout):
    thread = chain_thread(2000, fanout=fanout)
    tree = reply_tree(thread)
    positions = by_id(tree, tree_layout(tree))
    # Siblings never wrap onto a second row, where they would look a level deeper.
    assert all(y == tree.depth[node] * Y_STEP for node, (_, y) in positions.items())
    assert len(set(positions.values())) == len(positions)
    top = sorted(positions[node][0] for node in tree.children["t/post"])
    assert all(b - a >= X_STEP for a, b in pairwise(top))


def test_timeline_puts_time_along_x_and_depth_down_y():
    thread = chain_thread(40)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    thread = replace(thread, nodes=tuple(
        replace(node, published=start + timedelta(hours=3 * i) if i % 5 else None)
        for i, node in enumerate(thread.nodes)))
    tree = reply_tree(thread)
    placed = timeline_layout(tree, [n.published for n in thread.nodes])
    positions, ticks = by_id(tree, placed), placed.ticks
    timed = [n for n in thread.nodes if n.published]
    xs = [positions[n.id][0] for n in timed]
    assert xs == sorted(xs) and xs[0] == 0 and len(set(xs)) == len(xs)
    for node in thread.nodes:
        assert positions[node.id][1] == tree.depth[node.id] * Y_STEP
        if not node.published and tree.parent[node.id]:
            assert positions[node.id][0] == positions[tree.parent[node.id]][0]
    assert 2 <= len(ticks) <= 13
    assert [x for x, _ in ticks] == sorted(x for x, _ in ticks)
    assert ticks[0][1] == "02 Jan"


def test_tree_layout_is_linear_and_survives_deep_threads_and_cycles():
    thread = chain_thread(20000, fanout=20000)  # one branch 20,000 deep: no recursion
    tree = reply_tree(thread)
    start = time.process_time()
    positions = by_id(tree, tree_layout(tree))
    assert time.process_time() - start < 2
    assert positions["t/20000"][1] == 20000 * Y_STEP
    post, first, second = chain_thread(2, fanout=1).nodes
    cyclic = Thread("t", (post, replace(first, parent="t/2"), replace(second, parent="t/1")))
    tree = reply_tree(cyclic)
    assert set(by_id(tree, tree_layout(tree))) == {"t/post", "t/1", "t/2"}
    assert set(by_id(tree, radial_layout(tree))) == {"t/post", "t/1", "t/2"}


def test_radial_puts_the_post_in_the_middle_and_depths_on_wider_rings():
    thread = chain_thread(30)
    graph = build_graph(thread)
    parents = {n: graph.nodes[n]["parent"] for n in graph}
    tree = reply_tree(thread)
    positions = by_id(tree, radial_layout(tree))
    assert positions["t/post"] == (0.0, 0.0)
    radius = {n: (x * x + y * y) ** 0.5 for n, (x, y) in positions.items()}
    for node, parent in parents.items():
        if parent:
            assert radius[node] > radius[parent]
    ring = [radius[n] for n in graph if graph.nodes[n]["depth"] == 1]
    assert max(ring) - min(ring) < 1e-6
    assert min(abs(a[0] - b[0]) + abs(a[1] - b[1])
               for a, b in pairwise(positions.values())) > X_STEP / 10


def postless_thread(top: int, replies: int = 1) -> Thread:
    """A dump's thread: top-level comments (no post), each with a few replies."""
    nodes = []
    for i in range(top):
        nodes.append(Node(id=f"d/{i}", kind="comment", position=len(nodes), label=str(i),
                          text=f"top {i}"))
        for j in range(replies):
            nodes.append(Node(id=f"d/{i}.{j}", kind="comment", position=len(nodes),
                              label=f"{i}.{j}", text=f"reply {j}", parent=f"d/{i}"))
    return Thread(id="d", nodes=tuple(nodes))


@pytest.mark.parametrize("top", [2, 12, 500])
def test_a_thread_without_a_post_spreads_under_a_stand_in_root(top):
    thread = postless_thread(top)
    tree = reply_tree(thread)
    positions = by_id(tree, tree_layout(tree))
    stand_in = positions.pop(STAND_IN)
    assert set(positions) == {node.id for node in thread.nodes}
    tops = [positions[f"d/{i}"] for i in range(top)]
    assert all(y > stand_in[1] for _, y in positions.values()), "the stand-in is on top"
    assert len({x for x, _ in tops}) == top or len({y for _, y in tops}) > 1
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    assert max(xs) - min(xs) >= X_STEP * min(top - 1, 10) and max(ys) - min(ys) >= Y_STEP
    if top <= 12:
        assert {y for _, y in tops} == {Y_STEP}, "the top-level comments share one row"
    radial = by_id(tree, radial_layout(tree))
    assert radial.pop(STAND_IN) == (0.0, 0.0)
    ring = {round((x * x + y * y) ** 0.5, 6) for x, y in (radial[f"d/{i}"] for i in range(top))}
    assert len(ring) == 1 and ring.pop() > 0


def test_the_page_draws_the_stand_in_only_for_threads_without_a_post():
    _, data = build_network(postless_thread(5))
    tree = reply_tree(postless_thread(5))
    positions = by_id(tree, tree_layout(tree))
    assert data["standIn"] == [round(v, 1) for v in positions[STAND_IN]]
    assert len(data["nodes"]["id"]) == 10
    assert build_network(chain_thread(5))[1]["standIn"] is None
    assert build_network(postless_thread(5), layout="force")[1]["standIn"] is None


def test_excerpts_hang_from_their_post_by_a_drawn_tree_line():
    thread = handmade_thread()
    net, data = build_network(thread)
    ids = data["nodes"]["id"]
    drawn = list(zip(net["edges"]["from"], net["edges"]["to"], strict=True))
    pairs = set(drawn) | {(t, s) for s, t in drawn}
    parents = data["nodes"]["parent"]
    expected = [i for i, p in enumerate(parents) if p >= 0 and (i, p) not in pairs]
    assert data["unlinked"] == expected and ids.index("hm/e1") in expected
    assert all(data["nodes"]["kind"][parents[i]] == "post" for i in expected)


def test_a_parent_not_in_the_input_is_drawn_as_a_hollow_stand_in():
    from explorer.formats import table

    text = "id,parent_id,thread_id,text\np,,p,The post\nc1,gone,p,Lost reply\n"
    thread = analyse(table.parse(text, "t.csv")[0])
    net, data = build_network(thread)
    kinds, ids = data["nodes"]["kind"], data["nodes"]["id"]
    absent = kinds.index("missing")
    assert (ids[absent], net["nodes"]["label"][absent]) == ("p/missing:gone", "absent")
    assert data["absent"]["shapeProperties"] == {"borderDashes": [3, 3]}
    assert data["absent"]["color"]["background"] == "#ffffff"
    # The reply hangs under it by its stated edge; the stand-in under the post by a tree line.
    reply = ids.index("p/c1")
    kinds = [list(EDGE_STYLES)[code] for code in data["edges"]["category"]]
    assert list(zip(net["edges"]["from"], net["edges"]["to"], kinds, strict=True)) == [
        (reply, absent, "reply")]
    assert data["nodes"]["parent"][absent] == ids.index("p/p") and absent in data["unlinked"]


# ---- network and data ---------------------------------------------------------------------------

def test_one_vis_node_per_thread_node_and_one_vis_edge_per_graph_edge():
    thread = handmade_thread()
    net, data = build_network(thread)
    graph = build_graph(thread)
    assert all(len(column) == len(thread.nodes) for column in net["nodes"].values())
    assert data["nodes"]["id"] == [node.id for node in thread.nodes]
    assert len(net["edges"]["from"]) == len(net["edges"]["to"]) == graph.number_of_edges()
    expected = Counter(edge_category(a, graph.nodes[s]["parent"] == t,
                                         graph.nodes[t]["kind"] != "comment")
                           for s, t, a in graph.edges(data=True))
    assert {c["name"]: c["count"] for c in data["categories"] if c["count"]} == expected
    assert Counter(list(EDGE_STYLES)[code] for code in data["edges"]["category"]) == expected
    # c4's inferred answer to the excerpt is a comment on the post, as stats counts it.
    assert sum(expected[c] for c in INFERRED) == 3 and expected["post"] == 1
    # c5 answers c4 and quotes it: a mark on that reply; c6 quotes c4, its grandparent: an arc.
    assert expected["quote-parent"] == 1 and expected["quote"] == 1
    assert expected["duplicate"] == 1
    assert [c["name"] for c in data["categories"]] == list(EDGE_STYLES)


def test_every_edge_kind_has_a_style():
    assert {
        edge_category({"kind": kind, "inferred": inferred, "evidence": evidence, "score": score},
                      answers)
        for kind in EDGE_KINDS
        for answers in (False, True)
        for inferred in (False, True)
        for evidence in (DEFAULT_REPLY, "To anon 20.14")
        for score in (0.0, 0.49, 0.5, 0.79, 0.8, 1.0)
    } == set(EDGE_STYLES)


@pytest.mark.parametrize(("score", "band"), [(0.95, "inferred"), (0.8, "inferred"),
                                              (0.55, "inferred-medium"), (0.5, "inferred-medium"),
                                              (0.45, "inferred-low"), (0.0, "inferred-low")])
def test_inferred_replies_fall_in_confidence_bands_drawn_fainter_as_they_weaken(score, band):
    attributes = {"kind": "reply", "inferred": True, "evidence": "@Jim", "score": score}
    assert edge_category(attributes) == band
    widths = [EDGE_STYLES[c]["width"] for c in INFERRED]
    opacities = [EDGE_STYLES[c].get("opacity", 1) for c in INFERRED]
    assert widths == sorted(widths, reverse=True) and opacities == sorted(opacities, reverse=True)
    assert all(EDGE_STYLES[c]["dashes"] for c in INFERRED)


def test_figures_authors_and_owner():
    net, data = build_network(handmade_thread())
    figures = data["figures"]
    assert figures["comments"] == 6 and figures["quotes"] == 2 and figures["depth"] == 3
    # Ann, Jim, and Bob (signed an anonymous comment); "Anonymous" is an author name here.
    names = {a["name"]: a for a in data["authors"]}
    assert names["Jim"]["owner"] and not names["Ann"]["owner"]
    assert names["Ann"]["count"] == 2
    assert data["authors"].index(names["Jim"]) in data["nodes"]["author"]
    anonymous = data["nodes"]["id"].index("hm/3")
    assert data["nodes"]["author"][anonymous] == -1
    assert net["nodes"]["label"][anonymous] == "#3"


def test_size_by_replies_received():
    thread = handmade_thread()
    _, by_words = build_network(thread, size="words")
    net, data = build_network(thread, size="replies")
    c4 = data["nodes"]["id"].index("hm/4")
    c6 = data["nodes"]["id"].index("hm/6")
    assert data["nodes"]["replies"][c4] == 1 and data["nodes"]["replies"][c6] == 0
    assert net["nodes"]["size"][c4] > net["nodes"]["size"][c6]


def test_quoted_and_repeated_passages_are_marked_in_utf16_offsets():
    text = "😀 quoted words here"
    thread = Thread(id="q", nodes=(
        Node(id="q/post", kind="post", position=0, label="post", text="quoted words here"),
        Node(id="q/1", kind="comment", position=1, label="1", text=text),
    ), edges=(Edge("q/1", "q/post", "quote", passage=Passage("quoted words here", (2, 19),
                                                             (0, 17), 3)),))
    _, data = build_network(thread)
    start, end, kind, other = data["nodes"]["marks"][1][0]
    assert kind == "quote" and other == 0, "quoted from the post"
    assert text.encode("utf-16-le")[start * 2:end * 2].decode("utf-16-le") == "quoted words here"
    assert data["nodes"]["marks"][0] == [[0, 17, "quoted", 1]], "quoted later by comment 1"
    _, handmade = build_network(handmade_thread())
    c5 = handmade["nodes"]["id"].index("hm/5")
    spans = handmade["nodes"]["marks"][c5]
    assert all(a[1] <= b[0] for a, b in pairwise(spans)), "no overlaps"
    assert {kind for _, _, kind, _ in spans} == {"quote", "external", "repeat"}


def test_force_layout_only_for_small_threads():
    small, _ = build_network(chain_thread(20), layout="force")
    assert small["options"]["physics"]["enabled"] and small["nodes"]["x"][0] is None
    big, data = build_network(chain_thread(FORCE_LIMIT + 10), layout="force")
    assert not big["options"]["physics"]["enabled"] and big["nodes"]["x"][0] is not None
    assert data["layout"] == "tree"
    with pytest.raises(ValueError):
        build_network(chain_thread(2), layout="spiral")


# ---- the page ----------------------------------------------------------------------------------

def test_every_script_module_is_shipped_once():
    shipped = [*assets.PAGE_MODULES, *assets.PEOPLE_MODULES, assets.LOADER, "index"]
    files = {path.stem for path in Path(assets.__file__).parent.parent.joinpath(
        "templates", "js").glob("*.js")}
    assert set(shipped) == files
    assert len(set(assets.PAGE_MODULES)) == len(assets.PAGE_MODULES)
    script = assets.page_script()
    starts = [script.index(assets.template(f"js/{name}.js")) for name in assets.PAGE_MODULES]
    assert starts == sorted(starts) and "</script" not in script.lower()


def test_page_is_self_contained_and_deterministic():
    thread = handmade_thread()
    page = render_html(thread)
    assert page == render_html(thread)
    assert "vis.Network" in page and "<link" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "cdn" not in page.lower().replace("cdn_", "")


def test_page_has_a_content_security_policy_whose_nonce_is_on_every_script():
    page = render_html(handmade_thread())
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src &#x27;none&#x27;" in csp.group(1)
    nonce = re.search(r"nonce-([A-Za-z0-9+/=]+)", csp.group(1)).group(1)
    scripts = re.findall(r"<script([^>]*)>", page.replace(VIS, ""))
    assert len(scripts) == 4
    assert all(f'nonce="{nonce}"' in attributes for attributes in scripts)
    other = render_html(replace(handmade_thread(), title="Another"))
    assert nonce not in other, "the nonce follows the content"


@pytest.mark.parametrize("field", ["text", "author", "title", "id"])
def test_hostile_text_stays_data(field):
    post = Node(id="h/post", kind="post", position=0, label="post", text="post")
    comment = Node(id="h/1", kind="comment", position=1, label="1", text="hello")
    thread = Thread(id="h", nodes=(post, comment), title="title")
    if field == "text":
        thread = replace(thread, nodes=(post, replace(comment, text=HOSTILE)))
    elif field == "author":
        thread = replace(thread, nodes=(post, replace(comment, author=HOSTILE)))
    elif field == "title":
        thread = replace(thread, title=HOSTILE)
    else:
        thread = replace(thread, id=HOSTILE, nodes=(post, replace(comment, id=HOSTILE + "/1")))
    page = render_html(thread)
    rest = page.replace(VIS, "")
    assert len(re.findall(r"<script", rest, re.I)) == 4
    assert len(re.findall(r"</script", rest, re.I)) == 4
    assert "<img" not in page.lower()
    data = page_data(page)
    values = {
        "text": data["nodes"]["text"][1],
        "author": (data["authors"] or [{"name": None}])[0]["name"],
        "title": data["thread"]["title"],
        "id": data["thread"]["id"],
    }
    assert values[field] == HOSTILE


def test_page_names_are_safe_and_distinct():
    threads = [Thread(id=i, nodes=()) for i in
               ("a/b", "a b", "../../etc", "<script>", "index", "", "a_b")]
    names = page_names(threads)
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.html", n) for n in names)
    assert "index.html" not in names


def test_index_escapes_titles(tmp_path):
    threads = [Thread(id="x<1>", nodes=(), title=HOSTILE), Thread(id="y", nodes=())]
    page = render_index(threads, page_names(threads))
    assert "<script>" not in page and "<img" not in page
    # The title reaches the page only as packed data, whole (the page shows it as text).
    assert table_data(page)["title"] == [HOSTILE, "y"]
    written = write_pages(threads, tmp_path / "out")
    assert [p.name for p in written] == ["index.html", "people.html", "x_1.html", "y.html"]
    single = write_pages(threads[:1], tmp_path / "one")
    assert [p.name for p in single] == ["x_1.html"]


@pytest.mark.parametrize("self_contained", [False, True])
@pytest.mark.slow
def test_a_folder_of_pages_writes_each_file_once(tmp_path, monkeypatch, self_contained):
    from explorer.render import site

    written: list[str] = []

    def spy(path, data):
        written.append(Path(path).name)
        return files.write_file(path, data)

    monkeypatch.setattr(site, "write_file", spy)
    monkeypatch.setattr(assets, "write_file", spy)
    threads = [handmade_thread(), chain_thread(5)]
    pages = write_pages(threads, tmp_path / "out", self_contained=self_contained)
    shared = [] if self_contained else sorted(assets.ASSETS)
    assert sorted(written) == sorted([*shared, *(page.name for page in pages)])
    assert len(set(written)) == len(written)


# ---- the command -------------------------------------------------------------------------------

def test_graph_command_writes_a_page_per_seed_and_an_index(tmp_path):
    result = CliRunner().invoke(cli, ["graph", str(SEEDS), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    paths = [Path(line) for line in result.stdout.splitlines()]
    seeds = sorted(SEEDS.glob("*.txt"))
    assert [path.name for path in paths[:2]] == ["index.html", "people.html"]
    assert len(paths) == len(seeds) + 2
    assert all(path.is_file() for path in paths)
    index = paths[0].read_text(encoding="utf-8")
    assert f'href="{paths[1].name}"' in index
    assert sorted(table_data(index)["page"]) == sorted(path.name for path in paths[2:])
    threads = [analyse(thread) for thread in read_paths([str(SEEDS)])]
    for thread, path in zip(threads, paths[2:], strict=True):
        data = page_data(path.read_text(encoding="utf-8"))
        assert data["nodes"]["id"] == [node.id for node in thread.nodes]


def test_graph_command_options(tmp_path):
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    result = CliRunner().invoke(cli, ["graph", seed, "-o", str(tmp_path), "--layout", "radial",
                                      "--size", "replies"])
    assert result.exit_code == 0
    (path,) = [Path(line) for line in result.stdout.splitlines()]
    data = page_data(path.read_text(encoding="utf-8"))
    assert data["layout"] == "radial" and data["size"] == "replies"
    bad = CliRunner().invoke(cli, ["graph", seed, "-o", str(tmp_path), "--layout", "spiral"])
    assert bad.exit_code == 2


def test_graph_command_warns_when_force_is_too_big(tmp_path):
    from explorer.formats import interchange

    source = tmp_path / "big.json"
    source.write_text(interchange.write([chain_thread(FORCE_LIMIT + 1)]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["graph", str(source), "-o", str(tmp_path / "o"),
                                      "--layout", "force"])
    assert result.exit_code == 0
    assert "too many for --layout force" in result.stderr
    assert result.stdout.strip().endswith("t.html")


@pytest.mark.slow
def test_same_thread_gives_the_same_bytes_in_another_process(tmp_path):
    # Set order depends on the hash seed; the page must not.
    seed = str(sorted(SEEDS.glob("*.txt"))[3])
    pages = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        subprocess.run([sys.executable, "-m", "explorer", "graph", seed, "-o", str(out)],
                       check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed})
        (page,) = out.glob("*.html")
        pages.append(page.read_bytes())
    assert pages[0] == pages[1]


@pytest.mark.slow
def test_people_page_is_the_same_in_another_process():
    # The reddit sample has more people than the page draws, so the drawn ones are a subset
    # whose order must not come from a set.
    script = ("import json, sys\nfrom explorer import read_paths\n"
              "from explorer.render.people import people_data\n"
              "print(json.dumps(people_data(list(read_paths([sys.argv[1]])))))")
    drawn = [json.loads(subprocess.run(
        [sys.executable, "-c", script, str(REAL / "reddit" / "RC_2005-12.zst")], check=True,
        capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout)
        for seed in ("1", "2")]
    assert drawn[0]["figures"]["shown"] < drawn[0]["figures"]["people"]
    assert drawn[0] == drawn[1]
