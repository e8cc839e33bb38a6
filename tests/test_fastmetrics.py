"""The fast paths of metrics, trees, signatures and JSON rows, each pinned to the general
result: the same numbers, trees and bytes as the plain computation on generated inputs."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.detect import analyse
from explorer.detect.signatures import find_signatures
from explorer.formats import parse_text
from explorer.measures import ThreadFacts, quotation_words, word_counts
from explorer.metrics import thread_metrics
from explorer.model import Edge, Node, Thread, author_of, person_key
from explorer.output import CELL_LIMIT, format_table, iter_json_list
from explorer.text import escape_controls, word_spans
from explorer.tree import RECENT_NODES, cut_loops, reply_tree
from tests.strategies import AUTHORS, comment_text, hostile_text, loose_interchange, threads

QUOTED = st.lists(st.sampled_from(["> she said so", ">> older words here", ">", "> x"]),
                  max_size=3).map("\n".join)


@st.composite
def signed_nodes(draw) -> Node:
    """A comment with quoted lines or not, and a sign-off that is in its text or not."""
    text = "\n".join(part for part in (draw(QUOTED), draw(comment_text())) if part)
    signature = draw(st.one_of(
        st.none(),
        st.sampled_from(AUTHORS),
        st.integers(0, len(text)).map(lambda cut: text[cut:] or None),
    ))
    if draw(st.booleans()) and signature:
        text = f"{text}\n\n{signature}"
    return Node("t/1", "comment", 1, "1", text, signature=signature)


@given(signed_nodes())
def test_word_counts_count_as_the_node_does(node):
    assert word_counts(node, node.words) == (node.words, node.own_words, node.quoted_words)


@st.composite
def analysed_threads(draw) -> Thread:
    """A generated thread with authors, sign-offs and times, through the detectors."""
    thread = draw(threads())
    owner = draw(st.sampled_from([None, *AUTHORS]))
    return analyse(replace(thread, owner=owner))


@settings(max_examples=40, deadline=None)
@given(analysed_threads())
def test_thread_metrics_match_their_plain_definitions(thread):
    metrics = thread_metrics(thread)
    tree = reply_tree(thread)
    comments = thread.comments
    names = [author_of(c) for c in comments]
    replies = [c for c in comments if tree.parent[c.id] in tree.comments]
    answered = Counter(tree.parent[c.id] for c in replies)
    top = max((answered.get(c.id, 0) for c in comments), default=0)
    most = next((c.label for c in comments if top and answered.get(c.id, 0) == top), None)
    assert metrics["most_replied"] == most
    quoted = Counter(edge.target for edge in thread.edges if edge.kind == "quote")
    top = max((quoted[c.id] for c in comments), default=0)  # a quoted post is no comment
    assert metrics["most_quoted"] == next(
        (c.label for c in comments if top and quoted[c.id] == top), None)
    per_author = Counter(person_key(name) for name in names if name is not None)
    counts = sorted(per_author.values())
    gini = (2 * sum(rank * n for rank, n in enumerate(counts, start=1))
            / (len(counts) * sum(counts)) - (len(counts) + 1) / len(counts)) if counts else None
    assert metrics["gini"] == gini
    facts = ThreadFacts(thread)
    owner = person_key(facts.owner)
    owned = sum(1 for name in names if name is not None and person_key(name) == owner)
    assert metrics["owner_share"] == (owned / len(comments) if facts.owner and comments else None)
    named = {person_key(author_of(c, inferred=False)) for c in comments} - {None}
    assert metrics["authors_named"] == len(named)
    unnamed = [c for c in comments if author_of(c, inferred=False) is None]
    assert metrics["authors_inferred"] == len(
        {person_key(author_of(c)) for c in unnamed} - {None} - named)
    links = {(person_key(author_of(c)), person_key(author_of(facts.by_id[tree.parent[c.id]])))
             for c in replies}
    links = {(a, b) for a, b in links if a and b and a != b}
    assert metrics["reciprocity"] == (
        sum((b, a) in links for a, b in links) / len(links) if links else None)


@settings(max_examples=60, deadline=None)
@given(loose_interchange())
def test_a_tree_given_again_is_the_tree_built_afresh(document):
    thread = analyse(parse_text(document, "loose.json")[0])
    fresh = replace(thread, nodes=tuple(list(thread.nodes)))  # new nodes: built, not reused
    reply_tree(thread, inferred=False)
    assert reply_tree(thread) == reply_tree(fresh)
    assert reply_tree(thread, inferred=False) == reply_tree(fresh, inferred=False)


def test_a_tree_is_not_given_again_once_the_guesses_change():
    nodes = (
        Node("t/post", "post", 0, "post", "A post."),
        Node("t/1", "comment", 1, "1", "First."),
        Node("t/2", "comment", 2, "2", "Second."),
    )
    stated_only = Thread("t", nodes)
    guessed = replace(stated_only, edges=(Edge("t/2", "t/1", "reply", inferred=True, score=0.9),))
    assert reply_tree(stated_only).parent["t/2"] == "t/post"
    assert reply_tree(guessed).parent["t/2"] == "t/1"
    assert reply_tree(guessed, inferred=False).parent["t/2"] == "t/post"


def test_recent_trees_hold_a_bounded_number_of_nodes():
    first = Thread("a", (Node("a/1", "comment", 0, "1", "Hi."),))
    tree = reply_tree(first)
    assert reply_tree(first) is tree
    big = Thread("b", tuple(Node(f"b/{k}", "comment", k, str(k), "x") for k in range(RECENT_NODES)))
    reply_tree(big)
    assert reply_tree(big) is reply_tree(big)
    assert reply_tree(first) is not tree  # let go, then built again
    assert reply_tree(first) == tree


def test_signatures_keep_a_thread_with_nothing_to_sign():
    thread = Thread("t", (Node("t/1", "comment", 0, "1", "no sign-off here at all", author="Al"),))
    assert find_signatures(thread) is thread


def test_signatures_still_name_the_anonymous_signer():
    thread = Thread("t", (
        Node("t/1", "comment", 0, "1", "Good point made.\n\nJim", author="Jim Smith"),
        Node("t/2", "comment", 1, "2", "I agree with that.\n\nJim"),
        Node("t/3", "comment", 2, "3", "Nobody signs this one."),
    ))
    signed = find_signatures(thread)
    assert [n.signature for n in signed.nodes] == ["Jim", "Jim", None]
    assert [n.author_inferred for n in signed.nodes] == [None, "Jim Smith", None]
    assert signed.nodes[2] is thread.nodes[2]


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(), hostile_text,
    st.datetimes(min_value=datetime(1900, 1, 1)).flatmap(lambda moment: st.sampled_from([
        moment, moment.replace(tzinfo=UTC), moment.replace(tzinfo=timezone(timedelta(hours=-3)))
    ])),
)
records = st.one_of(
    st.dictionaries(hostile_text, scalars, max_size=6),
    st.dictionaries(hostile_text, st.one_of(scalars, st.lists(scalars, max_size=2)), max_size=3),
    st.lists(scalars, max_size=3),
    scalars,
)


@given(st.lists(records, max_size=4), st.integers(0, 2), st.integers(1, 3))
def test_json_rows_are_the_bytes_of_indented_json(items, level, indent):
    expected = json.dumps(items, ensure_ascii=False, indent=indent,
                          default=lambda value: value.isoformat())
    expected = expected.replace("\n", "\n" + " " * (indent * level))  # nested ``level`` deep
    assert "".join(iter_json_list(items, level, indent)) == expected


def test_json_rows_keep_floats_that_are_no_numbers():
    row = {"a": math.nan, "b": math.inf, "c": -0.0, "d": 1e-7}
    assert "".join(iter_json_list([row])) == json.dumps([row], indent=2)


@given(st.one_of(hostile_text, st.text(max_size=300), st.text(
    st.characters(min_codepoint=32, max_codepoint=126), min_size=195, max_size=205)))
def test_table_cells_show_what_the_escaping_shows(value):
    shown = escape_controls(value[: CELL_LIMIT + 1])
    cell = shown if len(shown) <= CELL_LIMIT else shown[: CELL_LIMIT - 1] + "…"
    width = max(1, len(cell))
    expected = "h".ljust(width).rstrip() + "\n" + cell.ljust(width).rstrip()
    assert format_table(["h"], [[value]]) == expected


def cut_by_walking_from_each_key(parent: dict, prefer: set) -> list:
    """The plain cutter: from every key walk up until a key repeats, and cut that loop."""
    position = {key: i for i, key in enumerate(parent)}
    cut = []
    for start in parent:
        walked, node = [], start
        while node is not None and node in parent and node not in walked:
            walked.append(node)
            node = parent[node]
        if node in walked:
            chosen = min(walked[walked.index(node):], key=lambda k: (k not in prefer, position[k]))
            parent[chosen] = None
            cut.append(chosen)
    return sorted(cut, key=position.__getitem__)


@given(st.integers(1, 14).flatmap(lambda n: st.tuples(
    st.lists(st.sampled_from([*range(n), None, "gone"]), min_size=n, max_size=n),
    st.sets(st.integers(0, n - 1)),
    st.permutations(range(n)),
)))
def test_loops_are_cut_as_the_plain_walk_cuts_them(drawn):
    parents, prefer, order = drawn
    parent = {key: parents[key] for key in order}
    expected = dict(parent)
    assert cut_loops(parent, prefer) == cut_by_walking_from_each_key(expected, prefer)
    assert parent == expected


def plain_quotation_words(thread: Thread) -> dict[str, int]:
    """Per node, the words whose start lies inside a quote edge's source span or an
    external quote, each word once."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for edge in thread.edges:
        if edge.kind == "quote" and edge.passage:
            spans.setdefault(edge.source, []).append(edge.passage.source_span)
    for occurrence in thread.external_quotes:
        spans.setdefault(occurrence.node, []).append(occurrence.span)
    texts = {node.id: node.text for node in thread.nodes}
    return {node: sum(any(start <= word < end for start, end in found)
                      for word, _ in word_spans(texts[node]))
            for node, found in spans.items() if node in texts}


@settings(max_examples=40, deadline=None)
@given(analysed_threads())
def test_quotation_words_are_the_words_inside_quotations(thread):
    # The words are cut in numpy (wordcut.many_word_bounds), the texts of a thread at once.
    assert quotation_words(thread) == plain_quotation_words(thread)


def test_quotation_words_of_a_quoted_thread():
    thread = analyse(parse_text(
        "{\"schema\": \"explorer-thread/1\", \"threads\": [{\"id\": \"t\", \"nodes\": ["
        "{\"id\": \"t/0\", \"kind\": \"post\", \"text\": \"the quick brown fox jumps over the "
        "lazy dog again\"}, {\"id\": \"t/1\", \"text\": \"Zoë wrote: “the quick brown fox jumps "
        "over the lazy dog” and “nowhere else found”\"}]}]}", "t.json")[0])
    assert quotation_words(thread) == {"t/1": 12} == plain_quotation_words(thread)
