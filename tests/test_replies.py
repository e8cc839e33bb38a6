"""Inferred replies: seed cases with their evidence, precision on the annotated set, properties."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from explorer import analyse, read_paths
from explorer.cli import cli
from explorer.detect.replies import STEPS, infer_replies
from explorer.detect.signatures import find_signatures
from explorer.model import DEFAULT_REPLY as DEFAULT
from explorer.model import STATED_REPLY as EXPLICIT
from explorer.model import Edge, Node, Passage, Thread
from explorer.tree import reply_tree
from tests.paths import DATA, ROOT, SEEDS
from tests.strategies import threads

ANNOTATIONS = DATA / "replies" / "annotations.json"
SHOWN = 0.5  # the least confidence of the mid band (measures.CONFIDENCE_BANDS)


def seed_thread(prefix: str) -> Thread:
    return analyse(read_paths([str(next(SEEDS.glob(f"{prefix}_*")))])[0])


def edge(thread: Thread, source: str, target: str) -> Edge | None:
    ids = (f"{thread.id}/{source}", f"{thread.id}/{target}")
    kinds = ("reply", "addressed")
    return next((e for e in thread.edges if (e.source, e.target) == ids and e.kind in kinds), None)


def parent(thread: Thread, label: str) -> str | None:
    found = reply_tree(thread).parent[f"{thread.id}/{label}"]
    return found.split("/", 1)[1] if found else None


def make(texts: list[str], **fields) -> Thread:
    """A thread of a post and top-level comments, one per text."""
    nodes = [Node("t/post", "post", 0, "post", "A post about probation.")]
    for index, text in enumerate(texts, start=1):
        nodes.append(Node(f"t/{index}", "comment", index, str(index), text, **fields))
    return Thread("t", tuple(nodes))


# The cases issue 4 names, with the words that must appear in the evidence.


def test_seed_000_the_owner_answers_three_commenters():
    thread = seed_thread("000")
    assert parent(thread, "4") == "3"
    assert "Anonymous client" in edge(thread, "4", "3").evidence
    assert parent(thread, "5") == "1"
    assert "Anonymous -" in edge(thread, "5", "1").evidence
    # "Thats Just Me" signs nothing on the page; the words Jim echoes ("the damned clients",
    # "the OASys") are comment 2's, whose writer is frustrated when a client turns up.
    assert parent(thread, "6") == "2"
    assert "Thats Just Me" in edge(thread, "6", "2").evidence
    assert thread.owner == "Jim"
    authors = {node.label: node.author_inferred for node in thread.nodes}
    assert authors["4"] == authors["6"] == authors["9"] == "Jim"


def test_seed_004_one_comment_answers_two():
    thread = seed_thread("004")
    getafix, time = edge(thread, "4", "2"), edge(thread, "4", "1")
    assert getafix.kind == "reply" and "Getafix -" in getafix.evidence
    assert time.kind == "addressed" and "8:45" in time.evidence
    assert time.score < getafix.score  # placed by order, not matched to a time
    assert parent(thread, "4") == "2"
    assert {n.label: n.author_inferred for n in thread.nodes}["2"] == "Getafix"
    assert thread.owner == "Jim"  # "Thanks for posting this Jim", not the guest who signs the post


def test_seed_001_above_and_the_thread_starter():
    thread = seed_thread("001")
    above = edge(thread, "e5", "e4")
    assert above.kind == "reply" and "[above]" in above.evidence
    # e5 says "I'm the person who started this initial thread": quoting e1 is quoting itself.
    assert edge(thread, "e5", "e1") is None
    assert "point above" in edge(thread, "e10", "e9").evidence


def test_seed_003_a_name_that_is_a_topic_draws_nothing():
    thread = seed_thread("003")
    assert parent(thread, "15") == "post"  # "Sodexo - Its a simple solution": a company
    assert edge(thread, "9.1", "9").evidence == EXPLICIT  # "To anon 20.14", times unknown
    assert [e for e in thread.edges if e.source.endswith("/9.1")] == [
        Edge(f"{thread.id}/9.1", f"{thread.id}/9", "reply", False, EXPLICIT, 1.0)
    ]


# Accuracy on the annotated set.


def annotated_pairs(least: float = 0.0) -> dict[str, tuple[set, set]]:
    """Found (of confidence ``least`` or more) and expected (thread, source, target) pairs per
    group of annotated files."""
    document = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    groups: dict[str, tuple[set, set]] = {}
    seen = set()
    for path in document["files"]:
        group = "seeds" if path.startswith("seeds/") else Path(path).stem.split("_")[0]
        found, expected = groups.setdefault(group, (set(), set()))
        for thread in read_paths([str(ROOT / path)]):
            thread = analyse(thread)
            seen.add(thread.id)
            for e in thread.edges:
                if (
                    e.inferred
                    and e.kind in ("reply", "addressed")
                    and e.evidence != DEFAULT
                    and e.score >= least
                ):
                    found.add((thread.id, e.source.split("/", 1)[1], e.target.split("/", 1)[1]))
            pairs = document["edges"][thread.id]
            expected |= {(thread.id, source, target) for source, target, _why in pairs}
    assert seen == set(document["edges"]), "every thread read must be annotated"
    return groups


def score(found: set, expected: set) -> str:
    right = found & expected
    return (
        f"precision {len(right) / max(len(found), 1):.2f} ({len(right)}/{len(found)}), "
        f"recall {len(right) / max(len(expected), 1):.2f} ({len(right)}/{len(expected)})"
    )


def test_precision_and_recall_on_the_annotated_set(request):
    """Recall over every inferred edge; precision over those the pages and stats show with
    confidence 0.5 or more (the mid and high bands): the reply model links a comment whenever
    the comments together beat the post, and says its doubt in the confidence."""
    lines, rates, missed = [], {}, set()
    for name, least in (("all", 0.0), ("confidence >= 0.5", SHOWN)):
        groups = annotated_pairs(least)
        found = set().union(*(f for f, _ in groups.values()))
        expected = set().union(*(e for _, e in groups.values()))
        right = found & expected
        rates[name] = (len(right) / len(found), len(right) / len(expected))
        lines += [f"inferred reply edges, {name}: {score(found, expected)}"]
        lines += [f"  {group}: {score(f, e)}" for group, (f, e) in groups.items()]
        lines += [f"  wrong: {sorted(found - expected)}"]
        missed = missed or expected - found
    lines += [f"  missed: {sorted(missed)}"]
    report = "\n".join(lines)
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:  # shown on every run, captured or not
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\n{report}")
    # Measured 1.00 (50/50) and 0.89 (56/63): a few points below, one or two links of slack.
    assert rates["confidence >= 0.5"][0] >= 0.95, report
    assert rates["all"][1] >= 0.85, report


# Hand-made cases: common words, quoted names, lists, times, other languages.


@pytest.mark.parametrize(
    "text",
    [
        "Well, I think it depends on the office.",  # a commenter called "Well"
        "Sad - but true.",  # a commenter called "Sad"
        '"Well - you are wrong" is what my manager said.',
        "As Well said, caseloads are too high.",
        "Well, Sad and I went on the same course.",
    ],
)
def test_common_words_and_quoted_names_are_not_addressees(text):
    thread = make(["First comment here.", "Second comment here.", text])
    thread = replace(
        thread,
        nodes=(
            thread.nodes[0],
            replace(thread.nodes[1], author="Well"),
            replace(thread.nodes[2], author="Sad"),
            thread.nodes[3],
        ),
    )
    result = infer_replies(thread)
    assert [(e.target, e.evidence) for e in result.edges if e.source == "t/3"] == [
        ("t/post", DEFAULT)
    ]


@pytest.mark.parametrize(
    ("opening", "target"),
    [
        ("Worried Of Wigan - your caseload crisis sounds worse than mine.", "t/1"),
        ("Tories - they caused the caseload crisis.", None),  # about a party, not to a reader
        ("Sodexo - your caseload crisis is our problem.", None),  # the post names Sodexo
    ],
)
def test_unknown_names_need_you_and_must_not_be_a_topic(opening, target):
    thread = make(["The caseload crisis is getting worse every month.", opening])
    post = replace(thread.nodes[0], text="Sodexo and the caseload crisis.")
    result = infer_replies(replace(thread, nodes=(post, *thread.nodes[1:])))
    found = [e.target for e in result.edges if e.source == "t/2" and e.evidence != DEFAULT]
    assert found == ([target] if target else [])


def test_the_owner_and_the_guest_both_name_a_guest_post():
    thread = make(["Thanks for posting this Jim", "Jim - why repost it?", "David Raho - agreed."])
    post = replace(thread.nodes[0], text="A guest post.\n\nDavid Raho")
    result = infer_replies(find_signatures(replace(thread, nodes=(post, *thread.nodes[1:]))))
    assert result.owner == "Jim"
    assert "the thread starter" in edge(result, "2", "post").evidence  # no platform known
    on_blog = infer_replies(find_signatures(replace(thread, nodes=(post, *thread.nodes[1:]),
                                                    platform="blog")))
    assert "the blog owner" in edge(on_blog, "2", "post").evidence
    assert edge(result, "3", "post").kind == "reply"


def test_common_word_name_addressed_with_at():
    thread = make(["First comment.", "@Well quite right."])
    thread = replace(thread, nodes=(thread.nodes[0], replace(thread.nodes[1], author="Well"),
                                    thread.nodes[2]))
    assert parent(infer_replies(thread), "2") == "1"


def test_two_addressees_one_primary_one_addressed():
    thread = make(["Caseloads are too high.", "More staff is the fix.",
                   "Bob - agreed.\n\nAlice: where would the money come from?"])
    nodes = list(thread.nodes)
    nodes[1] = replace(nodes[1], author="Bob")
    nodes[2] = replace(nodes[2], author="Alice")
    result = infer_replies(replace(thread, nodes=tuple(nodes)))
    kinds = {e.target: e.kind for e in result.edges if e.source == "t/3"}
    assert kinds == {"t/1": "reply", "t/2": "addressed"}


@pytest.mark.parametrize(
    ("opening", "addressed"),
    [
        ("Tom, Mags: you're both right.", {"t/1", "t/2"}),
        ("@Mags @Tom enough now.", {"t/1", "t/2"}),
        ("Tom and Mags - calm down.", {"t/1", "t/2"}),
        ("Tom, Mags and I went on the same course.", set()),
        ("Tom, Zed: who is Zed?", {"t/2"}),  # Tom is addressed; the unknown Zed draws nothing
        ("Tom and Zed - calm down.", set()),  # one unknown name and the list counts for nothing
        ("Hi Tom and Mags Malone: welcome.", {"t/1", "t/2"}),
    ],
)
def test_several_addressees_at_once(opening, addressed):
    thread = make(["Targets are ruining the job.", "They always have been.", opening])
    nodes = list(thread.nodes)
    nodes[1] = replace(nodes[1], author="Mags", signature="Mags Malone")
    nodes[2] = replace(nodes[2], author="Tom")
    result = infer_replies(replace(thread, nodes=tuple(nodes)))
    targets = {e.target for e in result.edges if e.source == "t/3" and e.evidence != DEFAULT}
    assert targets == addressed


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("I agree with the post entirely.", "“the post”"),
        ("Your blog is the only place this gets said.", "“Your blog”"),
        ("The letter is in the post.", DEFAULT),
        ("He applied for the post of Chief Officer.", DEFAULT),
        ("OP here: I stand by it.", DEFAULT),  # on compiled posts "OP" is an excerpt's writer
    ],
)
def test_references_to_the_post(text, evidence):
    result = infer_replies(make([text]))
    assert [(e.target, e.evidence) for e in result.edges] == [("t/post", evidence)]


def test_your_post_in_a_nested_reply_is_the_parent_comment():
    thread = make(["A long comment.", "Your post says it all."])
    nodes = (*thread.nodes[:2], replace(thread.nodes[2], parent="t/1"))
    result = infer_replies(replace(thread, nodes=nodes))
    assert [(e.target, e.inferred) for e in result.edges if e.source == "t/2"] == [("t/1", False)]


def test_time_reference_matches_a_published_time():
    base = datetime(2015, 7, 7, 20, 14)
    thread = make(["Why don't you strike?", "To anon 20.14 if you don't like it, don't read."])
    nodes = list(thread.nodes)
    nodes[1] = replace(nodes[1], published=base)
    nodes[2] = replace(nodes[2], published=base.replace(hour=23))
    result = infer_replies(replace(thread, nodes=tuple(nodes)))
    assert "20.14" in edge(result, "2", "1").evidence


def test_time_reference_with_no_such_comment_draws_nothing():
    base = datetime(2015, 7, 7, 20, 14)
    thread = make(["Why don't you strike?", "9.30 is when the office opens."])
    nodes = [thread.nodes[0]] + [replace(n, published=base) for n in thread.nodes[1:]]
    result = infer_replies(replace(thread, nodes=tuple(nodes)))
    assert edge(result, "2", "1") is None


def test_quote_edge_is_evidence_of_replying():
    thread = make(["Caseloads have doubled since the split in every single office I know.",
                   "Nonsense, they were always high."])
    quoted = "Caseloads have doubled since the split in every single office"
    passage = Passage(quoted, (0, len(quoted)), (0, len(quoted)), 10, marked=True)
    thread = replace(thread, edges=(Edge("t/2", "t/1", "quote", passage=passage),))
    result = infer_replies(thread)
    assert parent(result, "2") == "1"
    assert "quotes" in edge(result, "2", "1").evidence
    assert any(e.kind == "quote" for e in result.edges)  # passage edges are kept


def test_existing_reply_edges_are_replaced():
    thread = make(["Hello.", "World."])
    stale = Edge("t/2", "t/1", "reply", True, "stale", 0.99)
    result = infer_replies(replace(thread, edges=(stale,)))
    assert stale not in result.edges


# Properties over generated threads.


@settings(max_examples=60, deadline=None)
@given(threads())
def test_edges_point_back_and_each_node_has_one_primary_parent(thread):
    result = infer_replies(find_signatures(thread))
    order = {node.id: index for index, node in enumerate(result.nodes)}
    parents = reply_tree(result).parent
    for e in result.edges:
        assert order[e.target] < order[e.source]
        assert 0 <= e.score <= 1 and e.evidence
    for node in result.nodes:
        replies = [e for e in result.edges if e.source == node.id and e.kind == "reply"]
        assert len(replies) <= 1 + (node.parent is not None)
        if node.parent is not None:
            assert all(not e.inferred for e in replies)
            assert parents[node.id] == node.parent
        elif replies:
            assert parents[node.id] == replies[0].target
    assert infer_replies(result).edges == result.edges


OPENERS = st.sampled_from(
    ["", "@", "To ", "Dear ", "Anonymous ", "anon 20.14 ", "8:45 ", "[above] ", "Hola ", "— "]
)
NAMES = st.sampled_from(["Jim", "'Getafix", "R2D2 fan", "Well", "Zoë", "Mags", "x"])


@st.composite
def addressing_texts(draw) -> str:
    """Text that opens like an address, with names, separators and arbitrary words."""
    head = draw(OPENERS) + draw(NAMES) + draw(st.sampled_from([" - ", ", ", ": ", " ", "—"]))
    return head + draw(st.text(max_size=40)) + draw(st.sampled_from(["", "\n\nJim", "\n- Mags"]))


@settings(max_examples=40, deadline=None)
@example(["@"], [None] * 8)  # a bare "@" once crashed the mention reader
@given(st.lists(st.one_of(addressing_texts(), st.text(max_size=60)), min_size=1, max_size=8),
       st.lists(st.one_of(st.none(), NAMES), min_size=8, max_size=8))
def test_any_text_keeps_the_invariants(texts, authors):
    thread = make(texts)
    pairs = zip(thread.nodes[1:], authors, strict=False)
    nodes = [thread.nodes[0]] + [replace(node, author=author) for node, author in pairs]
    result = infer_replies(find_signatures(replace(thread, nodes=tuple(nodes))))
    order = {node.id: index for index, node in enumerate(result.nodes)}
    for e in result.edges:
        assert order[e.target] < order[e.source]
    for node in result.comments:
        assert sum(e.kind == "reply" for e in result.edges if e.source == node.id) == 1


CUELESS = st.lists(
    st.sampled_from("the caseload is too high and nobody listens to staff any more".split()),
    min_size=1, max_size=12,
).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(CUELESS, min_size=1, max_size=6))
def test_a_comment_with_no_cue_gets_one_parent_from_the_model(texts):
    result = infer_replies(make(texts))
    assert len(result.edges) == len(texts)
    for edge in result.edges:
        assert (edge.kind, edge.inferred) == ("reply", True) and 0 <= edge.score <= 1
        assert int(edge.target.removeprefix("t/").replace("post", "0")) < int(edge.source[2:])
        assert (edge.evidence == DEFAULT) == (edge.target == "t/post")


# The command.


def test_replies_command_table_and_json():
    path = str(next(SEEDS.glob("000_*")))
    runner = CliRunner()
    result = runner.invoke(cli, ["replies", path], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "owner Jim" in lines[0]
    assert lines[1].split() == ["node", "author", "parent", "how", "confidence", "evidence"]
    row = next(line for line in lines if line.startswith("4 "))
    assert row.split()[:4] == ["4", "Jim", "3", "inferred"]
    assert 0 < float(row.split()[4]) <= 1  # the cue's confidence, calibrated on real threads
    result = runner.invoke(cli, ["replies", path, "--format", "json"], catch_exceptions=False)
    records = json.loads(result.stdout)
    four = next(r for r in records if r["label"] == "4")
    assert four["parent_label"] == "3" and four["how"] == "inferred"
    assert four["evidence"].startswith("“Anonymous client -”")


def test_comments_json_carries_the_inferred_edges():
    path = str(next(SEEDS.glob("004_*")))
    result = CliRunner().invoke(cli, ["comments", path, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    thread = json.loads(result.stdout)["threads"][0]
    assert thread["owner"] == "Jim"
    reply = next(e for e in thread["edges"] if e["source"].endswith("/4") and e["kind"] == "reply")
    assert reply["target"].endswith("/2") and reply["inferred"] is True
    assert 0 < reply["confidence"] <= 1 and "Getafix" in reply["evidence"]


def test_infer_replies_tells_each_step_once_in_order():
    # benchmarks/reply_parts.py times the steps through this hook.
    [thread] = read_paths([str(SEEDS / "000_c4fce12fea77598a.txt")])
    told: list[str] = []
    found = infer_replies(thread, step=told.append)
    assert told == list(STEPS)
    assert found == infer_replies(thread)
    assert any(edge.inferred for edge in found.edges)
