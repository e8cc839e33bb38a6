"""Batches of threads packed into columns for the trip to a worker process.

Pickled as they are, a batch's nodes travel as one object each, with a dict of their
fields; packed, each field of every node travels as one list, and the nodes are made
again on the worker: the same threads for a little over half the CPU there and back.
"""

from __future__ import annotations

from dataclasses import fields

from ..model import Node, Thread

_NODE_FIELDS = tuple(field.name for field in fields(Node))
_THREAD_FIELDS = tuple(field.name for field in fields(Thread) if field.name != "nodes")

Parcel = tuple[list[tuple], list[int], list[list]]
"""(each thread's fields but its nodes, each thread's node count, each node field's column)."""


def pack_threads(threads: list[Thread]) -> Parcel:
    """A batch of threads as columns (``unpack_threads`` makes them again)."""
    heads = [tuple(getattr(thread, name) for name in _THREAD_FIELDS) for thread in threads]
    counts = [len(thread.nodes) for thread in threads]
    nodes = [node for thread in threads for node in thread.nodes]
    columns = [[getattr(node, name) for node in nodes] for name in _NODE_FIELDS]
    return heads, counts, columns


def unpack_threads(parcel: Parcel) -> list[Thread]:
    """The threads of a packed batch, equal to those packed."""
    heads, counts, columns = parcel
    nodes = [Node(*values) for values in zip(*columns, strict=True)]
    threads, start = [], 0
    for head, count in zip(heads, counts, strict=True):
        threads.append(Thread(head[0], tuple(nodes[start : start + count]), *head[1:]))
        start += count
    return threads
