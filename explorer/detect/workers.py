"""Work spread over worker processes, and what each phase of a search costs.

Two kinds of workers. *Forked* ones read this process's memory copy-on-write: for phases
that read large numpy arrays only, never handed over. *Fresh* ones (started from a small
server process) hold nothing of this process: for phases over texts, which travel in the
tasks. A forked worker touching Python objects (a string's reference count) copies the
page holding each, and this process writing to pages it shares with a forked worker (as
pickling a task does) leaves the worker the old copy: over a corpus of texts, either
doubles its memory.

Every worker dies with the process that started it (even one killed by SIGKILL) and leaves
Ctrl-C to it: a stopped run leaves no worker behind, busy or stuck writing its result.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib.machinery import ModuleSpec

try:
    import resource
except ImportError:  # not on Windows: CPU of workers is then not counted
    resource = None

_SHARED: dict = {}  # what forked workers read (copy-on-write, never pickled)
_FRESH_CPU = [0.0]  # CPU seconds fresh workers spent on tasks (uncounted as our children)
_STARTING = threading.Lock()  # held while workers start with __main__ renamed


def run_forked(function, tasks: list, jobs: int, **shared) -> list:
    """``function(task, **shared)`` for each task, in order, on ``jobs`` forked processes.

    The workers read ``shared`` from this process's memory (copy-on-write, never pickled);
    with one job, one task, or no fork on the platform, all runs here.
    """
    return list(iterate_forked(function, tasks, jobs, **shared))


def iterate_forked(function, tasks: list, jobs: int, **shared) -> Iterator:
    """``run_forked`` yielding each result as soon as it and those before it are done, so
    that the caller can keep what it needs of one and let it go before the next."""
    if jobs > 1 and len(tasks) > 1 and "fork" in multiprocessing.get_all_start_methods():
        _SHARED.update(shared, function=function)
        # Objects made so far stay out of the workers' garbage collections, which would
        # otherwise write to (and so copy) every page holding one.
        gc.freeze()
        try:
            yield from _results(_run_shared, tasks, ProcessPoolExecutor(
                min(jobs, len(tasks)), mp_context=multiprocessing.get_context("fork"),
                initializer=prepare_worker, initargs=(os.getpid(),)))
        finally:
            gc.unfreeze()
            _SHARED.clear()
    else:
        for task in tasks:
            yield function(task, **shared)


def run_fresh(function, tasks: list, jobs: int, **shared) -> list:
    """``function(task, **shared)`` for each task, in order, on ``jobs`` fresh processes.

    Tasks and results are pickled; ``shared`` is pickled once to each worker. With one
    job or one task, all runs here.
    """
    return list(iterate_fresh(function, tasks, jobs, **shared))


def iterate_fresh(function, tasks: list, jobs: int, **shared) -> Iterator:
    """``run_fresh`` yielding each result as soon as it and those before it are done.

    ``function`` must live in a module other than the main one: fresh workers never import
    the caller's main module.
    """
    if jobs > 1 and len(tasks) > 1:
        if function.__module__ == "__main__":
            raise ValueError(f"fresh workers cannot run {function.__name__}: it is defined in "
                             "the main module, which they do not import")
        forkserver = "forkserver" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if forkserver else "spawn")
        if forkserver:
            # The server imports the search's modules (numpy) once; workers fork from it.
            # This replaces a preload list set before, and changes nothing once it runs.
            context.set_forkserver_preload([__name__.rpartition(".")[0] + ".passages"])
        # The server's children are not ours: their CPU is missing from our children's.
        uncounted = forkserver or resource is None
        pool = ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=context,
                                   initializer=_receive, initargs=(function, shared))
        with closing(_results(_run_timed, tasks, pool)) as results:
            for result, cpu in results:
                _FRESH_CPU[0] += cpu if uncounted else 0.0
                yield result
    else:
        for task in tasks:
            yield function(task, **shared)


def _results(function, tasks: list, pool: ProcessPoolExecutor) -> Iterator:
    """``function(task)`` for each task on the pool, in order; the pool is shut down after,
    its tasks not yet started cancelled if the caller stopped early.

    (``concurrent.futures`` rather than ``multiprocessing.Pool``, whose worker handler
    spins while large results wait in the pipe, taking the reader's core.)
    """
    try:
        with _main_not_imported():  # workers start as tasks are submitted
            results = pool.map(function, tasks)
        yield from results
    except BaseException:
        stop_pool(pool)
        raise
    finally:
        pool.shutdown(cancel_futures=True)


def prepare_worker(parent: int | None = None) -> None:
    """Set up a new worker process: it ignores Ctrl-C, which reaches every process of the
    terminal's group (its parent stops it), takes SIGTERM and SIGHUP as plain kills, and
    is killed when its parent ``parent`` dies, so that it is never left running."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if parent is not None and os.getppid() != parent:  # it died before prctl took effect
            os._exit(1)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool whose results are no longer wanted: tasks not started are cancelled and
    running workers killed, rather than waited for (a stopped run ends now)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(cancel_futures=True)


@contextmanager
def _main_not_imported() -> Iterator[None]:
    """Workers started meanwhile do not import the caller's main module again.

    Fresh workers run this package's functions only. Spawned ones would otherwise run a
    script's main module again (as ``__mp_main__``), and one without an ``if __name__ ==
    "__main__"`` guard would start workers of its own and fail. Named ``__main__``,
    multiprocessing does not import it again (as for a package's ``__main__`` under
    ``python -m``). The name is the process's: one pool starts its workers at a time.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    with _STARTING:
        spec = main.__spec__
        main.__spec__ = ModuleSpec("__main__", None)
        try:
            yield
        finally:
            main.__spec__ = spec


def _receive(function, shared: dict) -> None:
    prepare_worker()  # its parent is the fork server, which ends with this process
    _SHARED.update(shared, function=function)


def _run_timed(task) -> tuple:
    started = time.process_time()
    result = _run_shared(task)
    return result, time.process_time() - started


def _run_shared(task):
    shared = dict(_SHARED)
    return shared.pop("function")(task, **shared)


@dataclass(frozen=True, slots=True)
class Phase:
    """What one phase cost: wall-clock and CPU seconds (``cpu_seconds``), and the peak
    resident memory so far of this process and of its largest forked worker."""

    name: str
    seconds: float
    cpu: float
    peak_mb: float = 0.0
    workers_peak_mb: float = 0.0


def cpu_seconds() -> float:
    """CPU seconds of this process, of its finished forked workers and of fresh workers' tasks."""
    return _usage()[0]


def _usage() -> tuple[float, float, float]:
    """``cpu_seconds``, and the peaks of this process and of its largest worker, in MB."""
    if resource is None:
        return time.process_time() + _FRESH_CPU[0], 0.0, 0.0
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + _FRESH_CPU[0]
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024  # KB, bytes on macOS
    return cpu, own.ru_maxrss * scale, children.ru_maxrss * scale


class Clock:
    """Phases of a run, timed one after the other."""

    def __init__(self) -> None:
        self.phases: list[Phase] = []
        self._wall, self._cpu = time.perf_counter(), _usage()[0]

    def lap(self, name: str) -> None:
        """End the current phase under ``name``; the next starts now."""
        wall, (cpu, peak, workers_peak) = time.perf_counter(), _usage()
        self.phases.append(Phase(name, wall - self._wall, cpu - self._cpu, peak, workers_peak))
        self._wall, self._cpu = wall, cpu
