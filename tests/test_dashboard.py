"""The corpus pages: the dashboard (index.html), the people graph, light pages, and the
``graph`` command's corpus options."""

from __future__ import annotations

import base64
import json
import re
import zlib
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

from explorer import read_paths
from explorer.detect.passages import find_passages_across
from explorer.formats import interchange
from explorer.graph import people_graph
from explorer.model import Node, Thread
from explorer.render import charts, page_names, render_html, render_index, write_pages
from explorer.render.assets import ASSETS, PAGE_ASSET, VIS_ASSET
from explorer.render.dashboard import COLUMNS
from explorer.render.figures import thread_figures
from explorer.render.network import thread_title
from explorer.render.people import PEOPLE_LIMIT, people_data
from tests.handmade import handmade_thread
from tests.paths import REAL, SEEDS

REDDIT = REAL / "reddit" / "RC_2005-12.zst"


@pytest.fixture(scope="module")
def reddit() -> list[Thread]:
    return list(read_paths([str(REDDIT)]))


def table_data(page: str) -> dict:
    """The dashboard's table columns, read back from the page's packed block."""
    packed = re.search(r'<script type="application/octet-stream" id="table-data"[^>]*>'
                       r"([A-Za-z0-9+/=]*)</script>", page).group(1)
    return json.loads(zlib.decompress(base64.b64decode(packed)))


def images(page: str) -> list[bytes]:
    return [base64.b64decode(found) for found in
            re.findall(r'<img alt="[^"]*" src="data:image/svg\+xml;base64,([^"]+)"', page)]


# ---- the dashboard -----------------------------------------------------------------------------

def test_dashboard_lists_every_thread_most_comments_first_linking_its_page(reddit):
    names = page_names(reddit)
    page = render_index(reddit, names)
    table = table_data(page)
    assert len(table["page"]) == len(reddit)
    by_name = dict(zip(names, reddit, strict=True))
    shown = [by_name[name] for name in table["page"]]
    assert sorted(t.id for t in shown) == sorted(t.id for t in reddit)
    counts = table["columns"]["comments"]
    assert counts == [len(t.comments) for t in shown]
    assert table["title"] == [thread_title(t) for t in shown]
    assert counts == sorted(counts, reverse=True)
    ties = [(c, t.id) for c, t in zip(counts, shown, strict=True)]
    assert ties == sorted(ties, key=lambda pair: (-pair[0], pair[1]))
    total = sum(len(t.comments) for t in reddit)
    assert f"<b>{len(reddit):,}</b> threads" in page and f"<b>{total:,}</b> comments" in page


def test_fractions_come_rounded_as_shown_so_the_page_never_rounds_twice(reddit):
    names = page_names(reddit)
    table = table_data(render_index(reddit, names, with_charts=False))
    by_name = dict(zip(names, reddit, strict=True))
    floats = [key for key, _, kind in COLUMNS if kind == "float"]
    checked = 0
    for row, name in enumerate(table["page"]):
        figures = thread_figures(by_name[name])
        for key in floats:
            exact, sent = figures[key], table["columns"][key][row]
            if exact is None:
                assert sent is None
                continue
            digits = 2 if abs(round(exact, 2)) < 10 else 1
            assert sent == round(exact, digits), (name, key)
            checked += 1
    assert checked > len(reddit)


def test_dashboard_charts_are_svg_images_the_same_on_every_run(reddit):
    page = render_index(reddit, page_names(reddit))
    svgs = images(page)
    titles = ["Comments over time", "Thread sizes", "Comments by depth", "Time to answer",
              "Most active authors"]
    assert len(svgs) == len(titles)
    for svg, title in zip(svgs, titles, strict=True):
        root = ElementTree.fromstring(svg)
        assert root.tag.endswith("svg")
        assert title in svg.decode("utf-8")
        assert b"<script" not in svg
    assert images(render_index(reddit, page_names(reddit))) == svgs
    # The busiest author is on the chart.
    authors = {}
    for thread in reddit:
        for node in thread.comments:
            authors[node.author] = authors.get(node.author, 0) + 1
    authors.pop("[deleted]", None)
    authors.pop(None, None)
    assert max(authors, key=authors.get) in svgs[-1].decode("utf-8")


def test_chart_labels_keep_dollars_and_lose_control_characters():
    image = charts.ranking_chart([("$5 $x^2$ fan", 3), ("nul\x00and\x1bescape", 2)], "Top", "n")
    svg = base64.b64decode(image.split(",", 1)[1])
    root = ElementTree.fromstring(svg)
    texts = " ".join("".join(node.itertext()) for node in root.iter())
    assert "$5 $x^2$ fan" in texts and "nul\ufffdand\ufffdescape" in texts


def test_dashboard_without_charts_still_has_its_table(reddit, run, tmp_path, monkeypatch):
    page = render_index(reddit, page_names(reddit), with_charts=False)
    assert not images(page) and len(table_data(page)["page"]) == len(reddit)
    monkeypatch.setattr(charts, "available", lambda: False)
    with pytest.raises(Exception, match=r"explorer\[dashboard\]"):
        charts.time_chart([], "x")
    result = run("graph", REDDIT, "-o", tmp_path, "--min-comments", "10")
    assert result.exit_code == 0
    assert "explorer[dashboard]" in result.stderr
    assert not images((tmp_path / "index.html").read_text(encoding="utf-8"))


def sharing_threads() -> list[Thread]:
    """Two threads, the second's comment repeating a long passage of the first's post."""
    passage = "the minister said the service would be better and cheaper for everyone concerned"
    first = Thread(id="a", title="First", nodes=(
        Node(id="a/post", kind="post", position=0, label="post", text="Post A. " + passage),))
    second = Thread(id="b", title="Second", nodes=(
        Node(id="b/post", kind="post", position=0, label="post", text="Post B."),
        Node(id="b/1", kind="comment", position=1, label="1", text="As was said: " + passage)))
    return [first, second]


def test_graph_command_links_threads_across_with_its_flag(run, tmp_path):
    source = tmp_path / "two.json"
    source.write_text(interchange.write(sharing_threads()), encoding="utf-8")
    for flag, expected in (((), "No passage is shared"), (("--across-threads",), "1 passage")):
        result = run("graph", source, "-o", tmp_path / "out", *flag)
        assert result.exit_code == 0, result.stderr
        assert expected in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_threads_linked_by_a_shared_passage_are_listed():
    first, second = sharing_threads()
    names = page_names([first, second])
    assert "No passage is shared" in render_index([first, second], names)
    linked = find_passages_across([first, second])
    page = render_index(linked, names)
    links = page.split('id="linked"', 1)[1]
    assert re.search(r'href="b.html">Second</a> → <a href="a.html">First</a> <span>1 passage',
                     links)


def test_titles_come_from_the_first_words_when_the_source_has_none(reddit):
    thread = next(t for t in reddit if len(t.comments) > 2)
    first = " ".join(thread.nodes[0].text.split())
    title = thread_title(thread)
    assert title.startswith(f"{thread.id}: “") and first[:20] in title and len(title) < 100
    assert thread_title(replace(thread, title="Real title")) == "Real title"
    assert thread_title(Thread(id="empty", nodes=())) == "empty"


def test_control_characters_in_a_title_never_reach_the_page_raw():
    thread = replace(handmade_thread(), title="bad\x00title\x1b[31m red\x7f")
    page = render_html(thread)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", page)
    assert "<title>bad\ufffdtitle\ufffd[31m red\ufffd — explorer</title>" in page
    index = render_index([thread, handmade_thread()], ["a.html", "b.html"])
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", index)


# ---- the people graph --------------------------------------------------------------------------

def test_people_graph_counts_who_answers_and_quotes_whom():
    # handmade.py: c2 (signed Bob) answers c1 (Ann); c1 answers the post (owner Jim); c5
    # (Ann) answers and quotes c4 (Jim); c6 (Jim) answers c5 and quotes his own c4.
    graph = people_graph([handmade_thread()])
    assert dict(graph.nodes(data=True)) == {
        "ann": {"name": "Ann", "comments": 2, "words": 14, "threads": 1},
        "bob": {"name": "Bob", "comments": 1, "words": 6, "threads": 1},
        "jim": {"name": "Jim", "comments": 2, "words": 13, "threads": 1},
    }
    assert {(a, b): (w["replies"], w["quotes"], w["weight"])
            for a, b, w in graph.edges(data=True)} == {
        ("ann", "jim"): (2, 1, 3), ("bob", "ann"): (1, 0, 1), ("jim", "ann"): (1, 0, 1)}


def test_people_graph_folds_spellings_across_threads():
    def thread(tid: str, first: str, second: str) -> Thread:
        return Thread(id=tid, nodes=(
            Node(id=f"{tid}/1", kind="comment", position=0, label="1", text="a", author=first),
            Node(id=f"{tid}/2", kind="comment", position=1, label="2", text="b", author=second,
                 parent=f"{tid}/1"),
            Node(id=f"{tid}/3", kind="comment", position=2, label="3", text="c",
                 author="Anonymous", parent=f"{tid}/2")))
    graph = people_graph([thread("x", "Ann Lee", "bob"), thread("y", "ann lee", "Bob")])
    assert graph.nodes["annlee"] == {"name": "Ann Lee", "comments": 2, "words": 2, "threads": 2}
    assert list(graph.edges(data=True)) == [("bob", "annlee",
                                             {"replies": 2, "quotes": 0, "weight": 2})]


def test_people_page_draws_the_most_connected_people_the_same_way_each_time(reddit):
    data = people_data(reddit)
    graph = people_graph(reddit)
    assert data["figures"]["people"] == graph.number_of_nodes() > PEOPLE_LIMIT
    strength = dict(graph.degree(weight="weight"))
    linked = [p for p in graph if strength[p]]
    shown = len(data["nodes"])
    assert shown == min(len(linked), PEOPLE_LIMIT) == len(data["people"]["name"]) > 0
    keys = {graph.nodes[p]["name"]: p for p in graph}
    drawn = [strength[keys[name]] for name in data["people"]["name"]]
    assert min(drawn) > 0 and drawn == sorted(drawn, reverse=True)
    assert min(drawn) >= max((s for p, s in strength.items()
                              if graph.nodes[p]["name"] not in set(data["people"]["name"])),
                             default=0)
    assert all(0 <= e["from"] < shown and 0 <= e["to"] < shown for e in data["edges"])
    assert people_data(reddit) == data
    # A corpus where nobody answers anybody still shows its people.
    alone = [Thread(id="t", nodes=(Node(id="t/1", kind="comment", position=0, label="1",
                                        text="hi", author="Solo"),))]
    assert people_data(alone)["people"]["name"] == ["Solo"]


def test_people_page_names_only_the_threads_its_panels_link(reddit):
    names = page_names(reddit)
    data = people_data(reddit, names)
    home = {node.id: number for number, thread in enumerate(reddit) for node in thread.nodes}
    linked = {home[ids[0]] for theirs in data["works"] for _, ids in theirs}
    assert len(data["pages"]) == len(linked) < len(reddit)
    # Each listed thread's entry names the page and title of the thread of its comments.
    for theirs in data["works"]:
        for place, ids in theirs:
            number = home[ids[0]]
            assert all(home[i] == number for i in ids)
            assert data["pages"][place] == [names[number], thread_title(reddit[number])]


@pytest.mark.parametrize("kind", ["gexf", "graphml"])
def test_people_export_reads_back_into_networkx(run, tmp_path, kind):
    out = tmp_path / f"people.{kind}"
    result = run("export", SEEDS, "--format", f"people-{kind}", "-o", out)
    assert result.exit_code == 0, result.stderr
    read = nx.read_gexf(out) if kind == "gexf" else nx.read_graphml(out)
    threads = list(read_paths([str(SEEDS)]))
    from explorer import analyse

    expected = people_graph([analyse(t) for t in threads])
    assert set(read.nodes) == set(expected.nodes)
    assert {(a, b): int(w["weight"]) for a, b, w in read.edges(data=True)} == {
        (a, b): w["weight"] for a, b, w in expected.edges(data=True)}


# ---- light pages and the command ---------------------------------------------------------------

def test_a_folder_of_pages_shares_one_copy_of_the_scripts(tmp_path, reddit):
    written = write_pages(reddit, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".js") == sorted(ASSETS)
    small = [(t, p) for t, p in zip(reddit, written[2:], strict=True) if len(t.comments) <= 10]
    assert small and all(p.stat().st_size <= 100_000 for _, p in small)
    page = small[0][1].read_text(encoding="utf-8")
    assert f'data-load="{VIS_ASSET} {PAGE_ASSET}"' in page
    assert "vis.Network" not in page
    alone = write_pages(reddit[:1], tmp_path / "alone", self_contained=True)
    assert [p.name for p in (tmp_path / "alone").iterdir()] == [alone[0].name]
    assert "<script src=" not in alone[0].read_text(encoding="utf-8")


@pytest.mark.slow
def test_graph_command_filters_big_corpora(run, tmp_path, reddit):
    result = run("graph", REDDIT, "-o", tmp_path / "min", "--min-comments", "5")
    assert result.exit_code == 0
    kept = [t for t in reddit if len(t.comments) >= 5]
    pages = [Path(line) for line in result.stdout.splitlines()][2:]
    assert len(pages) == len(kept)
    assert f"Leaving out {len(reddit) - len(kept)} of {len(reddit)} threads" in result.stderr
    result = run("graph", REDDIT, "-o", tmp_path / "top", "--largest", "3", "--self-contained")
    pages = [Path(line) for line in result.stdout.splitlines()][2:]
    largest = sorted(reddit, key=lambda t: -len(t.comments))[:3]
    assert sorted(p.stem for p in pages) == sorted(t.id for t in largest)
    assert not list((tmp_path / "top").glob("*.js"))
    assert run("graph", REDDIT, "-o", tmp_path, "--min-comments", "-1").exit_code == 2
