"""Stock phrases: unmarked passages of frequent words, or of unrelated comments, are repeats."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import Node, Thread, analyse, read_paths
from explorer.detect.passages import find_passages
from tests.paths import REAL

PHRASE = "if you have any questions feel free to reach out"
RARE = "the zeppelin moored above kestrel quarry wobbled during gusty squalls"


def filler(start: int, count: int) -> str:
    return " ".join(f"w{start + k}x" for k in range(count))


def flat_thread(texts: list[str]) -> Thread:
    nodes = [Node(id=f"t/{k}", kind="post" if k == 0 else "comment", position=k, label=str(k),
                  text=text) for k, text in enumerate(texts)]
    return Thread(id="t", nodes=tuple(nodes))


def ads(shared: str) -> list[str]:
    """A post, 110 comments that each use the words of PHRASE apart, two sharing ``shared``."""
    apart = " ".join(reversed(PHRASE.split()))
    scattered = [f"{filler(100 * k, 6)} {apart} {filler(100 * k + 50, 6)}" for k in range(1, 111)]
    return ["post " + filler(0, 20), *scattered,
            f"{filler(5000, 10)}. {shared}. {filler(5100, 10)}",
            f"{filler(6000, 10)}. {shared}. {filler(6100, 10)}"]


def passage_edges(thread: Thread):
    return [edge for edge in thread.edges if edge.passage is not None]


def test_a_phrase_of_frequent_words_is_a_repeat_not_a_quote():
    [edge] = passage_edges(find_passages(flat_thread(ads(PHRASE))))
    assert (edge.source, edge.target, edge.kind) == ("t/112", "t/111", "repeat")
    assert "stock phrase" in edge.evidence and edge.passage.text == PHRASE


def test_a_phrase_of_rare_words_among_the_same_comments_is_a_quote():
    [edge] = passage_edges(find_passages(flat_thread(ads(RARE))))
    assert (edge.source, edge.target, edge.kind) == ("t/112", "t/111", "quote")
    assert edge.evidence == f"the same {len(RARE.split())} words, unmarked"


def stated(parents: dict[str, str | None], texts: dict[str, str]) -> Thread:
    nodes = [Node(id=f"s/{label}", kind="post" if label == "post" else "comment", position=k,
                  label=label, text=texts[label], stated=True,
                  parent=None if parents[label] is None else f"s/{parents[label]}")
             for k, label in enumerate(parents)]
    return Thread(id="s", nodes=tuple(nodes))


@pytest.mark.parametrize(("parent", "kind"), [(None, "repeat"), ("a", "quote"), ("b", "quote")])
def test_unmarked_passage_of_stated_comments_is_a_quote_only_along_their_branch(parent, kind):
    parents = {"post": None, "a": None, "b": "a", "c": parent}
    texts = {"post": filler(0, 20), "a": f"{filler(100, 10)}. {RARE}.",
             "b": filler(200, 12), "c": f"{filler(300, 5)} {RARE} {filler(400, 5)}"}
    [edge] = passage_edges(find_passages(stated(parents, texts)))
    assert (edge.source, edge.target, edge.kind) == ("s/c", "s/a", kind)
    assert ("unrelated" in edge.evidence) == (kind == "repeat")


@pytest.fixture(scope="module")
def hiring() -> Thread:
    return analyse(read_paths([str(REAL / "hn")])[0])


def test_job_ads_sharing_unmarked_phrases_are_repeats(hiring):
    nodes = {node.id: node for node in hiring.nodes}
    shared = [edge for edge in passage_edges(hiring) if not edge.passage.marked]
    assert len(shared) >= 10  # the ads do share phrases: "If you have any questions feel free to"
    assert any("any questions feel free to" in edge.passage.text for edge in shared)
    top_level = [edge for edge in shared
                 if nodes[edge.source].parent is None and nodes[edge.target].parent is None]
    assert top_level and all(edge.kind == "repeat" for edge in top_level)


def test_job_ads_name_no_addressee_by_a_shared_phrase(hiring):
    repeated = {(edge.source, edge.target) for edge in passage_edges(hiring)
                if edge.kind == "repeat"}
    assert not [edge for edge in hiring.edges if edge.kind == "addressed"
                and (edge.source, edge.target) in repeated and (edge.score or 0) >= 0.8]


@pytest.mark.slow
def test_job_ads_shown_flat_name_no_addressee_by_a_shared_phrase():
    thread = read_paths([str(REAL / "hn")])[0]
    flat = tuple(replace(node, parent=None, stated=False) for node in thread.nodes)
    thread = analyse(replace(thread, nodes=flat, edges=()))
    shared = [edge for edge in passage_edges(thread) if not edge.passage.marked]
    assert len(shared) >= 10 and sum(edge.kind == "repeat" for edge in shared) >= len(shared) / 2
    assert not [edge for edge in thread.edges if edge.kind in ("reply", "addressed")
                and (edge.score or 0) >= 0.8 and edge.evidence.startswith("quotes")]


def plain_stock(corpus, spans, threads_of) -> list[bool]:
    """``stock_phrases`` spelled out row by row: the words of a row's thread that are
    frequent, then its telling words counted."""
    from explorer.detect.stock import _TELLING, _TELLING_SHARE, frequent_words

    out = []
    for doc, first_word, end_word in spans.tolist():
        if doc < 0:
            out.append(False)
            continue
        thread = threads_of[doc]
        first, end = (int(x) for x in np.searchsorted(threads_of, [thread, thread + 1]))
        frequent = set(frequent_words(corpus, first, end).keys.view(np.int64).tolist())
        start = int(corpus.starts[doc])
        tokens = corpus.tokens[start + first_word : start + end_word].tolist()
        telling = sum(token not in frequent for token in tokens)
        out.append(bool(telling < max(_TELLING, _TELLING_SHARE * len(tokens))))
    return out


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([3, 40, 99, 100, 140]), min_size=1, max_size=4),
       st.randoms(use_true_random=False))
def test_stock_phrases_of_threads_apart_are_the_plain_rule(sizes, rng):
    # Threads under 100 docs (no frequent word) are told at once, the others one by one.
    from explorer.detect.ngrams import Corpus, doc_starts, hash_corpus
    from explorer.detect.passages import corpus_docs
    from explorer.detect.stock import stock_phrases

    vocabulary = PHRASE.split() + [f"w{k}x" for k in range(40)]
    threads = [flat_thread([" ".join(rng.choices(vocabulary, k=rng.randint(1, 30)))
                            for _ in range(size)]) for size in sizes]
    docs = corpus_docs(threads)
    (tokens, counts, _), _, _ = hash_corpus(docs)
    corpus = Corpus(tokens, doc_starts(counts), np.zeros(len(tokens), bool))
    rows = []
    for _ in range(60):
        doc = rng.randint(-1, len(docs) - 1)
        size = int(counts[doc]) if doc >= 0 else 0
        first = rng.randint(0, size)
        rows.append((doc, first, rng.randint(first, size)))
    spans = np.array(rows, np.int64)
    threads_of = np.array([doc.thread for doc in docs], np.int64)
    assert stock_phrases(corpus, spans, threads_of).tolist() == plain_stock(corpus, spans,
                                                                            threads_of)


@settings(max_examples=20, deadline=None)
@given(st.integers(100, 160), st.randoms(use_true_random=False))
def test_frequent_words_are_those_in_enough_docs_counted_plainly(count, rng):
    from explorer.detect.ngrams import Corpus, doc_starts
    from explorer.detect.stock import _FREQUENT_DOCS, _FREQUENT_SHARE, frequent_words

    # Words drawn from a skewed vocabulary, some repeated inside one doc (counted once).
    docs = [[rng.choice(range(1 + rng.randint(0, 60))) for _ in range(rng.randint(0, 12))]
            for _ in range(count)]
    tokens = np.array([word for doc in docs for word in doc], np.int64)
    corpus = Corpus(tokens, doc_starts(np.array([len(doc) for doc in docs], np.int64)),
                    np.zeros(len(tokens), bool))
    floor = max(_FREQUENT_DOCS, _FREQUENT_SHARE * count)
    plain = {word for word in set(tokens.tolist())
             if sum(word in doc for doc in docs) >= floor}
    assert set(frequent_words(corpus).keys.view(np.int64).tolist()) == plain
