"""The command-line interface: parse options, call the library, print results.

Data goes to stdout; warnings, errors and progress go to stderr. An ExplorerError becomes
one ``Error: ...`` line and exit status 1; with several inputs the good ones still run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from .detect import Options, analyse
from .errors import ExplorerError
from .formats import format_names, interchange, read_paths
from .model import Thread

FORMAT_CHOICE = click.Choice(format_names())


class ExplorerGroup(click.Group):
    """Turns ExplorerError into a one-line error and remembers failed inputs for the exit code."""

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
        except ExplorerError as err:
            raise click.ClickException(str(err)) from err
        if ctx.meta.get("explorer.failed"):
            ctx.exit(1)
        return result


@click.group(cls=ExplorerGroup)
@click.version_option(package_name="explorer")
def cli() -> None:
    """See the structure of online discussions: replies, quotes and repeated passages.

    Each PATH is a thread file, a directory of them, or - for standard input.
    """


def read_threads(paths: Sequence[str], input_format: str | None) -> list[Thread]:
    """Read threads, reporting each bad input on stderr and continuing with the rest."""
    ctx = click.get_current_context()

    def report(err: ExplorerError) -> None:
        click.echo(f"Error: {err}", err=True)
        ctx.meta["explorer.failed"] = True

    threads = read_paths(paths, format=input_format, on_error=report)
    for thread in threads:
        for problem in thread.problems:
            click.echo(f"Warning: {thread.source or thread.id}: {problem}", err=True)
    return threads


def analyse_all(threads: Sequence[Thread], options: Options) -> list[Thread]:
    """Analyse each thread, with a progress bar on stderr for long runs."""
    if len(threads) < 20:
        return [analyse(thread, options) for thread in threads]
    with click.progressbar(threads, label="Analysing", file=sys.stderr) as bar:
        return [analyse(thread, options) for thread in bar]


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Align rows under headers as a plain-text table (missing values shown as '-')."""
    cells = [[("-" if value is None else str(value)) for value in row] for row in rows]
    widths = [
        max([len(header), *(len(row[i]) for row in cells)]) for i, header in enumerate(headers)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def first_words(text: str, count: int = 8) -> str:
    """The first words of a text on one line, with an ellipsis when cut."""
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


input_format_option = click.option(
    "--input-format", "input_format", type=FORMAT_CHOICE, default=None,
    help="Read inputs as this format instead of detecting it.",
)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table",
    show_default=True, help="Aligned table, or explorer-thread JSON (the interchange format).",
)
@input_format_option
def comments(paths: tuple[str, ...], output_format: str, input_format: str | None) -> None:
    """List every node of each thread: post, excerpts and comments.

    The table has one row per node: id, parent, kind, author, time, words and first words.
    The JSON is the interchange format, which explorer also reads back.

    \b
    Examples:
      explorer comments seeds/
      explorer comments seeds/003_19cf724be89e78d7.txt --format json > 003.json
      cat thread.txt | explorer comments -
    """
    threads = analyse_all(read_threads(paths, input_format), Options())
    if output_format == "json":
        click.echo(interchange.write(threads))
        return
    for index, thread in enumerate(threads):
        if index:
            click.echo()
        title = f" — {thread.title}" if thread.title else ""
        click.echo(f"{thread.id}{title} ({len(thread.comments)} comments)")
        rows = [
            (
                node.id,
                node.parent,
                node.kind,
                node.author or node.author_inferred,
                node.published.isoformat(sep=" ", timespec="minutes") if node.published else None,
                len(node.text.split()),
                first_words(node.text),
            )
            for node in thread.nodes
        ]
        headers = ("id", "parent", "kind", "author", "time", "words", "first words")
        click.echo(format_table(headers, rows))
