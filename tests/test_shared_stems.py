"""The reply model's shared-stem values of pairs, kept only for each node's most similar
earlier nodes and worked out again for any other pair: the same bits as the plain rule over
all pairs, however many pairs are weighed at a time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.detect import reply_pairs
from explorer.detect.index import index_thread
from explorer.detect.reply_pairs import COMMON, SIMILAR, SharedStems, stem_entries
from explorer.formats import read_paths
from tests.paths import ROOT
from tests.strategies import threads

URS = ROOT / "tests/data/real/reddit_urs"


def plain_rows(index) -> dict[tuple[int, int], tuple[float, float, float]]:
    """Every pair's (cosine, rare stems, rank) by the plain rule: the products of the
    weights of each stem at most COMMON nodes use, summed stem by stem in order of first use;
    each later node's SIMILAR best earlier nodes ranked 1, 2, ... (ties: the earlier first)."""
    node, stem, weight = stem_entries(index)
    holders: dict[int, list[tuple[int, float]]] = {}
    for n, s, w in sorted(zip(stem.tolist(), node.tolist(), weight.tolist(), strict=True)):
        holders.setdefault(n, []).append((s, w))  # by stem, then node
    sums: dict[tuple[int, int], list[float]] = {}
    for held in holders.values():
        if 2 <= len(held) <= COMMON:
            for k, (i, mine) in enumerate(held):
                for j, theirs in held[:k]:
                    pair = sums.setdefault((i, j), [0.0, 0.0])
                    pair[0] += mine * theirs
                    pair[1] += len(held) == 2
    by_later: dict[int, list[tuple[int, float, float]]] = {}
    for (i, j), (cosine, rare) in sums.items():
        by_later.setdefault(i, []).append((j, cosine, rare))
    rows = {}
    for i, found in by_later.items():
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        for rank, (j, cosine, rare) in enumerate(found, start=1):
            rows[i, j] = (cosine, rare, float(rank if rank <= SIMILAR else 0))
    return rows


def check(thread, at_once: int, dense: int = reply_pairs.DENSE_PAIRS) -> dict:
    """Compare every pair of the thread with the plain rule; return the plain rows."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reply_pairs, "PAIRS_AT_ONCE", at_once)
        patch.setattr(reply_pairs, "DENSE_PAIRS", dense)
        patch.setattr(reply_pairs, "DENSE_ENTRIES", dense * 16)
        index = index_thread(thread, None)
        shared = SharedStems(index)
    size = len(index.nodes)
    # Every earlier node, and two later ones (they read 0).
    asked = [(i, j) for i in range(size) for j in range(min(i + 3, size))]
    later, earlier = np.array(asked, np.int64).reshape(-1, 2).T
    rows = shared.get(later, earlier)
    plain = plain_rows(index)
    for k, (i, j) in enumerate(zip(later.tolist(), earlier.tolist(), strict=True)):
        assert tuple(rows[k]) == plain.get((i, j), (0.0, 0.0, 0.0)), (i, j)
    best: dict[int, list[int]] = {}
    for (i, j), row in sorted(plain.items(), key=lambda pair: (pair[0][0], pair[1][2])):
        if row[2] > 0:
            best.setdefault(i, []).append(j)
    assert shared.similar == best
    return plain


@pytest.mark.parametrize(("at_once", "dense"), [(1, 0), (500, 0), (1 << 18, 0), (500, 1 << 30),
                                               (1 << 18, 1 << 30)])
def test_pairs_of_a_busy_thread_read_as_the_plain_rule_says(at_once, dense):
    # dense 0: pairs summed after a sort, keys searched for; 1 << 30: pairs and keys in tables
    # with a place for each.
    [thread] = read_paths([str(URS / "wallstreetbets_ld5rd9_shorts_RAW.json")])
    ranks = [row[2] for row in check(thread, at_once, dense).values()]
    # Both kinds are read: pairs kept (ranked) and pairs worked out again (past SIMILAR).
    assert ranks.count(0.0) > 100 and len(ranks) - ranks.count(0.0) > 100


@settings(max_examples=40, deadline=None)
@given(threads("t"), st.sampled_from([0, 1 << 16]))
def test_pairs_weighed_a_few_at_a_time_read_as_all_at_once(thread, dense):
    check(thread, 3, dense)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5),
                          st.sampled_from([0.0, -0.0, 0.25, 0.1 + 0.2, 0.3, 1.0, 5e-324])),
                max_size=40))
def test_ranks_are_the_ranks_of_lexsort(pairs):
    by_code = {later * 6 + earlier: value for later, earlier, value in pairs}
    codes = np.array(sorted(by_code), np.int64)
    similarity = np.array([by_code[code] for code in sorted(by_code)], float)
    later, earlier = codes // 6, codes % 6
    order, rank = reply_pairs.rank_similar(later, similarity)
    plain = np.lexsort((earlier, -similarity, later))  # later, similarity down, earlier
    assert order.tolist() == plain.tolist()
    place = {int(k): n for n, k in enumerate(plain.tolist())}
    for k in range(len(codes)):
        ahead = [j for j in range(len(codes)) if later[j] == later[k] and place[j] <= place[k]]
        assert rank[k] == (len(ahead) if len(ahead) <= SIMILAR else 0)
