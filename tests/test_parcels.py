"""Threads packed into columns for worker processes come back equal, fields and all."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import Options, analyse
from explorer.cli.parcels import pack_threads, unpack_threads
from explorer.engine import map_batches
from explorer.formats import iter_threads
from tests.handmade import bare_thread, handmade_thread
from tests.paths import REAL, SEEDS
from tests.strategies import hostile_threads, threads


def travelled(batch):
    return unpack_threads(pickle.loads(pickle.dumps(pack_threads(batch), -1)))


@pytest.mark.parametrize("folder", [SEEDS, *(REAL / name for name in ("reddit", "mail", "hn"))],
                         ids=["seeds", "reddit", "mail", "hn"])
def test_read_threads_come_back_equal(folder):
    batch = list(iter_threads([str(folder)]))
    assert batch
    back = travelled(batch)
    assert back == batch


def test_analysed_threads_keep_their_edges_repeats_and_problems():
    batch = [analyse(handmade_thread(), Options()), bare_thread(),
             replace(bare_thread(), problems=("page says 9 comments, found 8",))]
    assert any(thread.edges for thread in batch)
    assert travelled(batch) == batch


def test_an_empty_batch_and_threads_without_nodes():
    assert travelled([]) == []
    empty = replace(bare_thread(), nodes=())
    assert travelled([empty, bare_thread(), empty]) == [empty, bare_thread(), empty]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(threads(), hostile_threads()), max_size=6))
def test_generated_threads_come_back_equal(batch):
    # Compared by repr: a NaN in a node's meta is unequal to itself once pickled, packed or not.
    assert repr(travelled(batch)) == repr(batch)


def node_count(batch):
    return [len(thread.nodes) for thread in batch]


def test_packed_batches_on_workers_give_what_unpacked_ones_give():
    batch = list(iter_threads([str(SEEDS)]))
    parcel = (pack_threads, unpack_threads)
    packed = list(map_batches(node_count, batch, jobs=2, weight=lambda thread: 1000,
                              parcel=parcel))
    assert packed == list(map_batches(node_count, batch, jobs=1)) == [
        len(thread.nodes) for thread in batch
    ]
