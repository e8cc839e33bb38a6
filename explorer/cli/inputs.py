"""What every command shares: the input options, reading and analysing thread by thread.

The options arrive as one frozen ``Inputs`` record, handed to a command by ``pass_inputs``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..allocator import keep_freed_memory
from ..detect import Options, analyse_many, preload
from ..engine import ENGINES, check_engine, default_jobs, map_batches, usable_jobs
from ..errors import ExplorerError
from ..formats import expand_paths, format_names, iter_threads
from ..formats.tablecolumns import parse_columns
from ..model import Thread
from ..progress import Progress
from ..rows import (
    passage_records,
)
from ..text import escape_controls
from .parcels import pack_threads, unpack_threads

if TYPE_CHECKING:
    from ..detect.passages import Search

R = TypeVar("R")
FORMAT_CHOICE = click.Choice(format_names())


FAILED = "explorer.failed"
"""The ``ctx.meta`` key set when an input could not be read: the run then exits 1."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """The options every command shares: what to read, how, and where the work runs."""

    paths: tuple[str, ...]
    input_format: str | None = None
    columns: Mapping[str, str] | None = None
    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    infer: bool = True

    @property
    def options(self) -> Options:
        """The detector settings these inputs are analysed with (--no-infer)."""
        return Options(infer=self.infer)


pass_inputs = click.make_pass_decorator(Inputs)
"""Hand a command the ``Inputs`` of its run as its first argument."""


def _parse_columns(ctx: click.Context, param: click.Parameter, value: str | None):
    try:
        return parse_columns(value) if value else None
    except ExplorerError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from err


def _cap_jobs(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value > default_jobs():
        click.echo(f"Note: --jobs {value} is more than the {default_jobs()} cores here; "
                   f"using {default_jobs()}", err=True)
    return usable_jobs(value) if value is not None else None


_INPUT_OPTIONS = (
    click.argument("paths", nargs=-1, required=True),
    click.option(
        "--input-format", "input_format", type=FORMAT_CHOICE, default=None,
        help="Read inputs as this format instead of detecting it.",
    ),
    click.option(
        "--columns", callback=_parse_columns, metavar="NAME=COLUMN,...",
        help="Column names of a table input, e.g. id=comment_id,parent_id=reply_to "
        "(names: id, parent_id, thread_id, author, time, text, title).",
    ),
    click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=None, callback=_cap_jobs,
        help="Worker processes for per-thread work, at most one per core  "
        "[default: all cores]",
    ),
    click.option(
        "--engine", type=click.Choice(ENGINES), default="local", show_default=True,
        help="Where per-thread work runs: local processes, or a Dask cluster "
        "(needs the dask extra; see docs/engine.md).",
    ),
    click.option(
        "--scheduler", metavar="ADDRESS", default=None,
        help="With --engine dask: a distributed scheduler, e.g. tcp://10.0.0.5:8786 "
        "(default: a local cluster).",
    ),
)


infer_option = click.option(
    "--no-infer", "no_infer", is_flag=True,
    help="Keep only the replies the source states: no inferred parents or addressees.",
)


def thread_input(command):
    """Add PATHS and the options every command shares (how to read inputs, where to work,
    and --no-infer when the command has it) and gather them into the run's ``Inputs``."""

    @functools.wraps(command)
    def gathered(*args: Any, paths: tuple[str, ...], input_format: str | None,
                 columns: Mapping[str, str] | None, jobs: int | None, engine: str,
                 scheduler: str | None, no_infer: bool = False, **kwargs: Any) -> Any:
        click.get_current_context().obj = Inputs(
            tuple(paths), input_format, columns, jobs, engine, scheduler, infer=not no_infer
        )
        return command(*args, **kwargs)

    for option in reversed(_INPUT_OPTIONS):
        gathered = option(gathered)
    return gathered


def read_threads(inputs: Inputs) -> Iterator[Thread]:
    """Read the inputs thread by thread, reporting bad inputs and warnings on stderr.

    Each bad input gets one error line (the run then exits 1) and the good ones are still
    read.
    """
    ctx = click.get_current_context()

    def report(err: ExplorerError) -> None:
        echo_line(f"Error: {escape_controls(str(err))}")
        ctx.meta[FAILED] = True

    threads = iter(iter_threads(
        inputs.paths, format=inputs.input_format, on_error=report, columns=inputs.columns
    ))
    # Dumps and mailboxes hold many threads: name the thread when its file holds others,
    # which a thread read before it or next tells (a file's threads come together, but
    # mail joined across files comes in thread order), or when the file's name does not.
    # The next thread is read ahead only for that: otherwise one thread is held at a time.
    seen: set[str] = set()
    current = next(threads, None)
    while current is not None:
        source, following = current.source, None
        if current.problems:
            shared = bool(source) and (source in seen
                                       or current.id not in PurePath(source).name)
            if source and not shared:
                following = next(threads, None)
                shared = following is not None and following.source == source
            where = f"{source}: thread {current.id}" if shared else source or current.id
            for problem in current.problems:
                echo_line(escape_controls(f"Warning: {where}: {problem}"))
        if source:
            seen.add(source)
        yield current
        current = None  # let it go before the next is read
        current = following if following is not None else next(threads, None)


def echo_line(message: str) -> None:
    """Print a line on stderr, over the progress line when one is drawn there."""
    click.echo(("\r\x1b[K" if sys.stderr.isatty() else "") + message, err=True)


def each_batch(inputs: Inputs, work: Callable[[list[Thread]], list[R]]) -> Iterator[R]:
    """Yield the results of ``work`` on batches of input threads (``engine.map_batches``),
    one per thread, in input order, on the chosen engine.

    ``work`` must be picklable (a module-level function or a partial of one); on a terminal,
    stderr shows the progress.
    """
    # Set before any worker starts, so that forked workers keep it too (numpy's temporaries
    # served from a heap kept warm).
    keep_freed_memory()
    run = partial(map_batches, work, jobs=inputs.jobs, engine=inputs.engine,
                  scheduler=inputs.scheduler, weight=_size,
                  parcel=(pack_threads, unpack_threads))
    if not sys.stderr.isatty():
        yield from run(read_threads(inputs))
        return
    # Results come back in input order: the n-th result is the n-th thread read.
    done: deque[tuple[int, str | None]] = deque()

    def counted(threads: Iterable[Thread]) -> Iterator[Thread]:
        for thread in threads:
            done.append((len(thread.comments), thread.source))
            yield thread

    progress = Progress(sys.stderr, _input_sizes(inputs.paths))
    try:
        for result in run(counted(read_threads(inputs))):
            progress.add(*done.popleft())
            yield result
    finally:
        progress.close()


def analyse_batch(
    threads: list[Thread], options: Options, then: Callable[[Thread], R] | None
) -> list[R]:
    """Analyse a batch of threads (``analyse_many``) and return ``then`` of each (the
    threads themselves without ``then``)."""
    results = analyse_many(threads, options)
    return results if then is None else [then(thread) for thread in results]


def analysed(inputs: Inputs, then: Callable[[Thread], R] | None = None) -> Iterator[R]:
    """Yield ``then(analyse(thread))`` for each input thread (see ``each_batch``)."""
    # The detectors are imported once here, before any worker starts: forked workers
    # then start with them rather than each importing them again (0.2 s of CPU each).
    preload()
    return each_batch(inputs, partial(analyse_batch, options=inputs.options, then=then))


def find_passages_batch(
    threads: list[Thread], options: Options
) -> list[tuple[dict[str, list[dict]], int]]:
    """The passage records of each thread after the passage search alone (``quotes``), and
    how many common phrases made no passage (the batch's count, given with its first)."""
    from ..detect.passages import search_passages  # numpy: not for --help

    search = search_passages(threads, options, apart=True)
    counts = [search.common_grams] + [0] * (len(threads) - 1)
    return [(passage_records(thread), count)
            for thread, count in zip(search.threads, counts, strict=True)]


def search_across(inputs: Inputs, threads: Iterable[Thread], options: Options) -> Search:
    """The passage search over all threads at once (--across-threads), on the chosen engine:
    forked local processes, or tasks on a Dask cluster (``dask_passages``, which reaches
    the cluster before reading the threads)."""
    from ..detect.passages import search_passages

    check_engine(inputs.engine, inputs.scheduler)
    if inputs.engine == "dask":
        from ..dask_passages import search_passages_dask

        return search_passages_dask(threads, options, inputs.scheduler, inputs.jobs)
    return search_passages(list(threads), options, jobs=inputs.jobs or default_jobs())


def _size(thread: Thread) -> int:
    return len(thread.nodes)


def _input_sizes(paths: Iterable[str]) -> dict[str, int]:
    sizes = {}
    for raw in paths:
        try:
            for file in expand_paths([raw]):
                sizes[file] = os.stat(file).st_size
        except (ExplorerError, OSError):
            continue  # reported when the input is read
    return sizes
