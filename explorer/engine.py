"""Run per-thread work on every core, or on a Dask cluster, keeping the input order.

Threads are handed out as they are read and results come back in input order, with only a
few threads per worker in flight, so memory follows the largest thread, not the corpus.
"""

from __future__ import annotations

import errno
import os
import socket
import struct
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from itertools import islice
from typing import Any, TypeVar

from .detect.workers import prepare_worker, stop_pool
from .errors import ExplorerError

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")
IN_FLIGHT_PER_WORKER = 4
"""Tasks queued per worker: enough to keep it busy while the next threads are read."""
PROBE_SECONDS = 4
"""How long a scheduler may take to answer a new connection before it is refused."""
CONNECT_SECONDS = 4
WORKERS_SECONDS = 6
"""How long to wait for a scheduler's first worker: all checks end within 15 s."""
MAX_HANDSHAKE = 2**20
BATCH_WEIGHT = 2000
"""Items are worked on in batches of about this weight (nodes, for threads), so that many
small threads cost one round trip to a worker, and one passage search, between them; an
item this heavy is a batch alone."""


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def usable_jobs(jobs: int | None) -> int:
    """``jobs`` processes, or every core when None, but never more than the cores: more
    only cost memory (each worker holds its threads) and, in thousands, fork the machine
    to a halt."""
    return min(jobs or default_jobs(), default_jobs())


def check_engine(engine: str, scheduler: str | None) -> None:
    """Refuse an unknown engine, and a scheduler address without the dask engine."""
    if engine not in ENGINES:
        raise ExplorerError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise ExplorerError("a scheduler address needs the dask engine (--engine dask)")


def map_threads(
    work: Callable[[T], R],
    items: Iterable[T],
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    weight: Callable[[T], int] | None = None,
) -> Iterator[R]:
    """Yield ``work(item)`` for each item in order: on ``jobs`` local processes (default:
    every core) or, with ``engine="dask"``, on a Dask cluster.

    ``work`` must be picklable (a module-level function or a partial of one). Items are
    sent in batches of about BATCH_WEIGHT by ``weight`` (default 1 each). Items that make
    a single batch are worked on here, without starting local workers (they would gain
    nothing).
    """
    return map_batches(partial(run_batch, work), items, jobs, engine, scheduler, weight)


def map_batches(
    work: Callable[[list[T]], list[R]],
    items: Iterable[T],
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    weight: Callable[[T], int] | None = None,
    parcel: tuple[Callable[[list[T]], Any], Callable[[Any], list[T]]] | None = None,
) -> Iterator[R]:
    """``map_threads`` with a ``work`` that takes a whole batch of items and returns one
    result per item, in order: what can be done once for many items is done once.

    ``parcel`` is (pack, unpack): a batch sent to a worker travels as ``pack(batch)`` and
    is made again there by ``unpack`` (a module-level function), when that pickles faster.
    """
    check_engine(engine, scheduler)
    jobs = usable_jobs(jobs)
    batches = batched_by_weight(items, weight or _one)
    del items  # nothing here holds an item the batches are done with
    here = False
    if engine == "local":  # one batch gains nothing from workers; a cluster gets any work
        head = list(islice(batches, 2))
        here = len(head) < 2 or jobs == 1
        batches = _put_back(head, batches)
    if here:
        for batch in batches:
            results = work(batch)
            del batch  # let the batch go before the next is read
            yield from results
        return
    with (
        _process_pool(jobs) if engine == "local" else dask_executor(scheduler, jobs)
    ) as (executor, workers):
        if parcel is not None:
            pack, unpack = parcel
            work, batches = partial(run_unpacked, work, unpack), map(pack, batches)
        for results in map_ordered(work, batches, executor, workers):
            yield from results


def batched_by_weight(items: Iterable[T], weight: Callable[[T], int]) -> Iterator[list[T]]:
    """Group items in order into lists weighing about BATCH_WEIGHT (an item alone when it
    weighs that much)."""
    batch: list[T] = []
    total = 0
    for item in items:
        heavy = weight(item)
        if heavy >= BATCH_WEIGHT and batch:
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += heavy
        if total >= BATCH_WEIGHT:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def _put_back(head: list[T], rest: Iterator[T]) -> Iterator[T]:
    """The items read ahead, then the rest: each let go of once handed on (``chain``
    would hold the first ones to the end)."""
    head.reverse()
    while head:
        yield head.pop()
    yield from rest


def run_batch(work: Callable[[T], R], batch: list[T]) -> list[R]:
    """``work`` of each item of a batch: what one task does on a worker."""
    return [work(item) for item in batch]


def run_unpacked(work: Callable[[list[T]], list[R]], unpack: Callable[[Any], list[T]],
                 packed: Any) -> list[R]:
    """``work`` of a batch that travelled packed: what one task does on a worker."""
    return work(unpack(packed))


def map_ordered(
    work: Callable[[T], R], items: Iterable[T], executor: Executor, workers: int
) -> Iterator[R]:
    """Yield ``work(item)`` for each item, in order, computed on ``executor``.

    At most ``workers * IN_FLIGHT_PER_WORKER`` items are submitted and not yet yielded.
    """
    limit = max(1, workers) * IN_FLIGHT_PER_WORKER
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(executor.submit(work, item))
        if len(pending) >= limit:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _one(item: object) -> int:
    return 1


@contextmanager
def _process_pool(jobs: int) -> Iterator[tuple[Executor, int]]:
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=prepare_worker,
                               initargs=(os.getpid(),))
    try:
        yield pool, jobs
    except OSError as err:  # workers start as tasks are submitted
        stop_pool(pool)
        if err.errno in (errno.EAGAIN, errno.ENOMEM):
            raise ExplorerError(f"cannot start worker processes ({_reason(err)}): "
                                "try fewer --jobs, or --jobs 1") from err
        raise
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown()


@contextmanager
def dask_executor(
    scheduler: str | None = None, jobs: int | None = None
) -> Iterator[tuple[Executor, int]]:
    """An executor on a Dask cluster (see ``dask_client``), and its worker count."""
    with dask_client(scheduler, jobs) as client:
        workers = max(1, sum(client.nthreads().values()))
        with client.get_executor(pure=False) as executor:
            yield executor, workers


def _check_scheduler(address: str) -> None:
    """Refuse within seconds an address that is no Dask scheduler answering over TCP.

    Left to Dask, a port that never answers is waited on for ever, and an HTTP server's
    reply is read as a message length of exabytes. A scheduler speaks first: the eight
    bytes it sends on a new connection give the length of a small handshake.
    """
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location)
    except (ValueError, TypeError) as err:
        raise ExplorerError(f"not a scheduler address ({err}); for example "
                            "tcp://10.0.0.5:8786", address) from err
    if scheme != "tcp":
        return  # tls and the others are checked by Dask, within CONNECT_SECONDS
    try:
        with socket.create_connection((host, port), timeout=PROBE_SECONDS) as connection:
            header = b""
            while len(header) < 8 and (part := connection.recv(8 - len(header))):
                header += part
    except TimeoutError as err:
        raise ExplorerError(f"no answer within {PROBE_SECONDS} s: not a Dask scheduler, or "
                            "a busy one", address) from err
    except OSError as err:
        raise ExplorerError(f"cannot reach the Dask scheduler: {_reason(err)}",
                            address) from err
    if len(header) < 8 or struct.unpack("<Q", header)[0] > MAX_HANDSHAKE:
        raise ExplorerError("not a Dask scheduler: it does not answer as one", address)


def _wait_for_workers(client, address: str) -> None:
    try:
        client.wait_for_workers(1, timeout=WORKERS_SECONDS)
    except TimeoutError as err:
        client.close()
        raise ExplorerError(f"the Dask scheduler has no workers (waited {WORKERS_SECONDS} s)",
                            address) from err


@contextmanager
def dask_client(scheduler: str | None = None, jobs: int | None = None):
    """A ``distributed.Client`` of a Dask cluster, closed afterwards.

    ``scheduler`` is the address of a running ``distributed`` scheduler
    (``tcp://host:8786``); without it a LocalCluster of ``jobs`` single-threaded workers
    (default: one per core) is started and closed afterwards.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise ExplorerError(
            "the dask engine needs the dask extra: pip install 'explorer[dask]'"
        ) from err
    try:
        if scheduler:
            _check_scheduler(scheduler)
            client = Client(scheduler, timeout=f"{CONNECT_SECONDS}s")
            cluster = None
        else:
            # The scheduler serves HTTP even without a dashboard, on port 8787 unless told:
            # a free local port, so a second cluster (or anything on 8787) makes no warning.
            cluster = LocalCluster(
                n_workers=jobs or default_jobs(), threads_per_worker=1, dashboard_address=None,
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            )
            client = Client(cluster)
    except (OSError, ValueError, TypeError) as err:  # TimeoutError is an OSError
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ExplorerError(f"cannot reach the Dask scheduler: {reason}", scheduler) from err
    try:
        if scheduler:
            _wait_for_workers(client, scheduler)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _reason(err: OSError) -> str:
    return (err.strerror or str(err)).lower()
