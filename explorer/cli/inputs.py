"""What every command shares: the input options, reading and analysing thread by thread."""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import chain, pairwise
from pathlib import PurePath
from typing import TextIO, TypeVar

import click

from ..detect import Options, analyse
from ..detect.passages import Search, search_passages
from ..engine import ENGINES, check_engine, default_jobs, map_threads, usable_jobs
from ..errors import ExplorerError
from ..formats import expand_paths, format_names, iter_threads
from ..formats.table import parse_columns
from ..model import Thread
from ..progress import Progress
from ..rows import (
    passage_records,
)
from ..text import escape_controls

R = TypeVar("R")
FORMAT_CHOICE = click.Choice(format_names())


def _remember(ctx: click.Context, param: click.Parameter, value: object) -> None:
    # Kept in ctx.meta, read by each_thread: the commands only see their own options.
    ctx.meta[f"explorer.{param.name}"] = value


def _cap_jobs(ctx: click.Context, param: click.Parameter, value: int | None) -> None:
    if value is not None and value > default_jobs():
        click.echo(f"Note: --jobs {value} is more than the {default_jobs()} cores here; "
                   f"using {default_jobs()}", err=True)
    ctx.meta["explorer.jobs"] = usable_jobs(value) if value is not None else None


def _store_columns(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        try:
            ctx.meta["explorer.columns"] = parse_columns(value)
        except ExplorerError as err:
            raise click.BadParameter(str(err), ctx=ctx, param=param) from err


_INPUT_OPTIONS = (
    click.argument("paths", nargs=-1, required=True, callback=_remember, expose_value=False),
    click.option(
        "--input-format", "input_format", type=FORMAT_CHOICE, default=None, callback=_remember,
        expose_value=False, help="Read inputs as this format instead of detecting it.",
    ),
    click.option(
        "--columns", callback=_store_columns, expose_value=False, metavar="NAME=COLUMN,...",
        help="Column names of a table input, e.g. id=comment_id,parent_id=reply_to "
        "(names: id, parent_id, thread_id, author, time, text, title).",
    ),
    click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=None, callback=_cap_jobs,
        expose_value=False, help="Worker processes for per-thread work, at most one per core  "
        "[default: all cores]",
    ),
    click.option(
        "--engine", type=click.Choice(ENGINES), default="local", show_default=True,
        callback=_remember, expose_value=False,
        help="Where per-thread work runs: local processes, or a Dask cluster "
        "(needs the dask extra; see docs/engine.md).",
    ),
    click.option(
        "--scheduler", metavar="ADDRESS", default=None, callback=_remember, expose_value=False,
        help="With --engine dask: a distributed scheduler, e.g. tcp://10.0.0.5:8786 "
        "(default: a local cluster).",
    ),
)


infer_option = click.option(
    "--no-infer", is_flag=True, callback=_remember, expose_value=False,
    help="Keep only the replies the source states: no inferred parents or addressees.",
)


def analysis_options() -> Options:
    """The detector settings of the running command (--no-infer)."""
    return Options(infer=not click.get_current_context().meta.get("explorer.no_infer", False))


def thread_input(command):
    """Add PATHS and the options every command shares: how to read inputs, where to work."""
    for option in reversed(_INPUT_OPTIONS):
        command = option(command)
    return command


def read_threads() -> Iterator[Thread]:
    """Read the command's inputs thread by thread, reporting bad inputs and warnings on stderr.

    Each bad input gets one error line (the run then exits 1) and the good ones are still
    read.
    """
    ctx = click.get_current_context()

    def report(err: ExplorerError) -> None:
        echo_line(f"Error: {escape_controls(str(err))}")
        ctx.meta["explorer.failed"] = True

    threads = iter_threads(
        ctx.meta["explorer.paths"], format=ctx.meta.get("explorer.input_format"),
        on_error=report, columns=ctx.meta.get("explorer.columns"),
    )
    # Dumps and mailboxes hold many threads: name the thread when its file holds others,
    # which a thread read before it or next tells (a file's threads come together, but
    # mail joined across files comes in thread order), or when the file's name does not.
    seen: set[str] = set()
    for current, following in pairwise(chain(threads, [None])):
        if current is None:
            continue
        source = current.source
        shared = source and (
            source in seen
            or (following is not None and following.source == source)
            or current.id not in PurePath(source).name
        )
        where = f"{source}: thread {current.id}" if shared else source or current.id
        for problem in current.problems:
            echo_line(escape_controls(f"Warning: {where}: {problem}"))
        if source:
            seen.add(source)
        yield current


def echo_line(message: str) -> None:
    """Print a line on stderr, over the progress line when one is drawn there."""
    click.echo(("\r\x1b[K" if sys.stderr.isatty() else "") + message, err=True)


def each_thread(work: Callable[[Thread], R]) -> Iterator[R]:
    """Yield ``work(thread)`` for each input thread, in input order, on the chosen engine.

    ``work`` must be picklable (a module-level function or a partial of one); on a terminal,
    stderr shows the progress.
    """
    ctx = click.get_current_context()
    run = partial(
        map_threads, work, jobs=ctx.meta.get("explorer.jobs"),
        engine=ctx.meta.get("explorer.engine", "local"),
        scheduler=ctx.meta.get("explorer.scheduler"), weight=_size,
    )
    if not sys.stderr.isatty():
        yield from run(read_threads())
        return
    # Results come back in input order: the n-th result is the n-th thread read.
    done: deque[tuple[int, str | None]] = deque()

    def counted(threads: Iterable[Thread]) -> Iterator[Thread]:
        for thread in threads:
            done.append((len(thread.comments), thread.source))
            yield thread

    progress = Progress(sys.stderr, _input_sizes(ctx.meta["explorer.paths"]))
    try:
        for result in run(counted(read_threads())):
            progress.add(*done.popleft())
            yield result
    finally:
        progress.close()


def analyse_then(thread: Thread, options: Options, then: Callable[[Thread], R] | None) -> R:
    """Analyse a thread and return ``then`` of it (the thread itself without ``then``)."""
    result = analyse(thread, options)
    return result if then is None else then(result)


def analysed(options: Options, then: Callable[[Thread], R] | None = None) -> Iterator[R]:
    """Yield ``then(analyse(thread))`` for each input thread (see ``each_thread``)."""
    return each_thread(partial(analyse_then, options=options, then=then))


def find_passages_then(thread: Thread, options: Options) -> tuple[dict[str, list[dict]], int]:
    """The passage records of a thread after the passage search alone (``quotes``), and
    how many common phrases made no passage."""
    search = search_passages([thread], options)
    return passage_records(search.threads[0]), search.common_grams


def search_across(threads: Iterable[Thread], options: Options) -> Search:
    """The passage search over all threads at once (--across-threads), on the chosen engine:
    forked local processes, or tasks on a Dask cluster (``dask_passages``, which reaches
    the cluster before reading the threads)."""
    meta = click.get_current_context().meta
    jobs = meta.get("explorer.jobs")
    check_engine(meta.get("explorer.engine", "local"), meta.get("explorer.scheduler"))
    if meta.get("explorer.engine") == "dask":
        from ..dask_passages import search_passages_dask

        return search_passages_dask(threads, options, meta.get("explorer.scheduler"), jobs)
    return search_passages(list(threads), options, jobs=jobs or default_jobs())


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


def _stdout() -> TextIO:
    if sys.stdout is None:  # started with >&-
        raise ExplorerError("cannot write the output: standard output is closed")
    return sys.stdout

