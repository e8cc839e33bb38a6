"""The click group and its commands: thin layers over the library (see ``explorer.cli``)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from functools import partial
from itertools import chain

import click

from ..detect import Options
from ..errors import ExplorerError
from ..formats import interchange
from ..metrics import TABLES, metric_rows, metrics_of
from ..output import (
    EXPORT_FORMATS,
    ROW_FORMATS,
    iter_json_list,
    iter_json_object,
    standard_output,
    write_rows,
)
from ..rows import (
    COMMENT_HEADERS,
    PASSAGE_CSV_HEADERS,
    PASSAGE_TABLE_HEADERS,
    REPLY_HEADERS,
    PassageRecords,
    comment_rows,
    passage_csv_row,
    passage_records,
    passage_table_rows,
    reply_rows,
)
from ..text import escape_controls
from .inputs import (
    FAILED,
    Inputs,
    analysed,
    each_batch,
    find_passages_batch,
    infer_option,
    pass_inputs,
    read_threads,
    search_across,
    thread_input,
)
from .stops import as_stop, drop_output, stopping_cleanly

COLLECTOR_THRESHOLDS = (20_000, 10, 10)
"""The garbage collector's thresholds for a run (Python's default: 700, 10, 10)."""


def format_option(choices: Sequence[str], help: str):
    """The ``--format`` option of a command that prints an aligned table by default."""
    return click.option("--format", "output_format", type=click.Choice(choices),
                        default="table", show_default=True, help=help)


FORMULA_CELLS = ("a text cell starting with =, +, -, @, a tab or a carriage return gets a ' "
                 "before it, so that a spreadsheet shows it as text instead of running it as a "
                 "formula")


def csv_cells_option(safe_by_default: bool):
    """``--raw-csv`` where CSV cells are made safe by default (files written), ``--safe-csv``
    where they are exact by default (standard output)."""
    if safe_by_default:
        return click.option("--raw-csv", is_flag=True,
                            help=f"Keep CSV cells exact: by default {FORMULA_CELLS}.")
    return click.option("--safe-csv", is_flag=True,
                        help=f"With --format csv, {FORMULA_CELLS} (CSV on standard output is "
                        "exact by default).")


class ExplorerGroup(click.Group):
    """Turns ExplorerError into a one-line error and remembers failed inputs for the exit code;
    a closed pipe, Ctrl-C and stop signals end the run quietly (see ``stops``)."""

    def __call__(self, *args, **kwargs):
        # A thread is many small objects that live as long as it does, so the collector's
        # default (a pass every 700 new objects, full passes as the heap grows) spent about a
        # fifth of `stats` on 80,000 comments walking them: pass less often.
        gc.set_threshold(*COLLECTOR_THRESHOLDS)
        with stopping_cleanly():
            return super().__call__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            if sys.stdout is not None:
                sys.stdout.flush()  # a write error shows here, not as the interpreter exits
        except ExplorerError as err:
            raise click.ClickException(escape_controls(str(err))) from err
        except BaseException as err:
            stop = as_stop(err)
            if stop is not None:
                raise stop from None
            if not isinstance(err, OSError) or err.filename is not None:
                raise
            # Files are named in their errors: an OSError naming none is the output's.
            drop_output()
            reason = (err.strerror or str(err)).lower()
            raise click.ClickException(f"cannot write the output: {reason}") from err
        if ctx.meta.get(FAILED):
            ctx.exit(1)
        return result


@click.group(cls=ExplorerGroup)
@click.version_option(package_name="explorer")
def cli() -> None:
    """See the structure of online discussions: replies, quotes and repeated passages.

    Each PATH is a thread file, a directory of them, or - for standard input.
    """


@cli.command()
@format_option(["table", "json"],
               "Aligned table, or explorer-thread JSON (the interchange format).")
@thread_input
@infer_option
@pass_inputs
def comments(inputs: Inputs, output_format: str) -> None:
    """List every node of each thread: post, excerpts and comments.

    The table has one row per node: id, parent, kind, author ("(signed)" when only a
    sign-off names the writer), time, words and first words.
    The JSON is the interchange format, which explorer also reads back.

    \b
    Examples:
      explorer comments seeds/
      explorer comments seeds/003_19cf724be89e78d7.txt --format json > 003.json
      cat thread.txt | explorer comments -
    """
    out = standard_output()
    if output_format == "json":
        out.writelines(interchange.iter_write(analysed(inputs)))
        out.write("\n")
        return
    for index, (heading, rows) in enumerate(analysed(inputs, comment_rows)):
        out.write(("\n" if index else "") + escape_controls(heading) + "\n")
        write_rows(rows, COMMENT_HEADERS, "table", out)


@cli.command()
@format_option(["table", "json"], "Aligned table, or a JSON list with one record per row.")
@thread_input
@infer_option
@pass_inputs
def replies(inputs: Inputs, output_format: str) -> None:
    """Show whom each comment answers, how that was found and why.

    One row per node: its primary parent, "explicit" when the source states it (nesting
    on the page, a parent id, mail threading headers, or a threaded platform's top level
    answering the post) or "inferred" from a cue (an addressed name, a time, "[above]", a
    quote), the confidence and the evidence. Only comments the source leaves flat get an
    inferred parent; a flat comment with no cue answers the post with low confidence
    ("top-level comment"). Further addressees follow as "addressed" rows. --no-infer
    shows only what the source states.

    \b
    Examples:
      explorer replies seeds/
      explorer replies seeds/000_c4fce12fea77598a.txt --format json
      explorer replies comments.jsonl --no-infer
    """
    out = standard_output()
    results = analysed(inputs, reply_rows)
    if output_format == "json":
        out.writelines(iter_json_list(r for _, records, _ in results for r in records))
        out.write("\n")
        return
    for index, (heading, _, rows) in enumerate(results):
        out.write(("\n" if index else "") + escape_controls(heading) + "\n")
        write_rows(rows, REPLY_HEADERS, "table", out)


@cli.command()
@click.option(
    "--by", type=click.Choice(list(TABLES)), default="thread",
    show_default=True, help="One row per thread, per author (in each thread) or per comment.",
)
@format_option(ROW_FORMATS, "Aligned table, CSV, JSON records or Markdown.")
@click.option(
    "--fields", metavar="NAME,...", default=None,
    help="Show only these columns, in this order (default: all; names in docs/metrics.md).",
)
@csv_cells_option(safe_by_default=False)
@thread_input
@infer_option
@pass_inputs
def stats(inputs: Inputs, by: str, output_format: str, fields: str | None,
          safe_csv: bool) -> None:
    """Print thread metrics: replies, depth, authors, quotes, times, inequality.

    Missing data stays missing: '-' in the table, an empty CSV or Markdown cell, null in
    JSON. Every column is defined in docs/metrics.md. Threads are measured one at a time,
    so memory follows the largest thread, not the corpus.

    \b
    Examples:
      explorer stats seeds/
      explorer stats seeds/ --by author --format markdown
      explorer stats seeds/ --by comment --format csv > comments.csv
      explorer stats seeds/ --fields thread,comments,max_depth,gini
    """
    columns = [metric.name for metric in metrics_of(by)]
    names = columns
    if fields:
        names = [name.strip() for name in fields.split(",") if name.strip()]
        unknown = [name for name in names if name not in columns]
        if unknown:
            raise click.BadParameter(
                f"no column {', '.join(unknown)}; columns: {', '.join(columns)}",
                param_hint="--fields",
            )
    chosen = [columns.index(name) for name in names]
    per_thread = analysed(inputs, partial(metric_rows, by=by))
    first = next(per_thread, None)
    if first is None:
        return
    rows = (
        tuple(row[i] for i in chosen) for rows in chain([first], per_thread) for row in rows
    )
    write_rows(rows, names, output_format, standard_output(), safe_csv=safe_csv)


@cli.command()
@click.option(
    "--format", "output_format", required=True,
    type=click.Choice(EXPORT_FORMATS),
    help="graphml, gexf (Gephi), json (node-link, d3), csv (nodes.csv and edges.csv) or "
    "convokit (a ConvoKit corpus folder).",
)
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(),
    help="File to write (- for standard output), or folder for csv and convokit.",
)
@csv_cells_option(safe_by_default=True)
@thread_input
@infer_option
@pass_inputs
def export(inputs: Inputs, output_format: str, output: str, raw_csv: bool) -> None:
    """Write the threads' graph for other tools: Gephi, networkx, d3, pandas, ConvoKit.

    All threads go into one graph (or one corpus); each node and edge carries its thread id.
    Files are written node by node and edge by edge. Attributes without a value are left
    out of GraphML and GEXF; characters XML cannot hold are written as private-use ones
    (U+0001 as U+E001, as the README says). CSV files are safe to open in a spreadsheet
    unless --raw-csv. people-gexf and people-graphml write the people graph instead:
    authors, and who replies to and quotes whom (edge weights count them).

    \b
    Examples:
      explorer export seeds/ --format gexf -o seeds.gexf
      explorer export seeds/ --format csv -o out/csv
      explorer export seeds/ --format convokit -o out/corpus
      explorer export seeds/000_c4fce12fea77598a.txt --format json -o - | jq .links
      explorer export RC_2005-12.zst --format people-gexf -o people.gexf
    """
    from .. import export as exports

    if output == "-" and output_format not in exports.FILE_FORMATS:
        raise click.BadParameter(f"--format {output_format} writes a folder", param_hint="'-o'")
    threads = list(analysed(inputs))
    if not threads:
        return
    if output == "-":
        exports.write_export(threads, output_format, standard_output().buffer)
        sys.stdout.buffer.flush()
        return
    for path in exports.export(threads, output_format, output, raw_csv=raw_csv):
        click.echo(escape_controls(f"Wrote {path}"), err=True)


@cli.command()
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(file_okay=False),
    help="Folder to write the pages into (created if missing).",
)
@click.option(
    "--layout", type=click.Choice(["tree", "radial", "timeline", "force"]), default="tree",
    show_default=True,
    help="Reply tree with the post on top, radial tree, time along x, or force layout (small "
         "threads only). Pages switch layouts in their menu too.",
)
@click.option(
    "--size", type=click.Choice(["words", "replies"]), default="words", show_default=True,
    help="Size comment nodes by their length or by the replies they received.",
)
@click.option(
    "--self-contained", is_flag=True,
    help="Inline the scripts in every page (one file to send) instead of sharing one copy.",
)
@click.option(
    "--min-comments", type=click.IntRange(min=0), default=0, show_default=True,
    help="Leave out threads with fewer comments (for big corpora).",
)
@click.option(
    "--largest", type=click.IntRange(min=1), default=None,
    help="Keep only this many threads, those with the most comments.",
)
@click.option(
    "--across-threads", is_flag=True,
    help="Also find passages shared between threads; the index lists the threads they link.",
)
@thread_input
@infer_option
@pass_inputs
def graph(inputs: Inputs, output: str, layout: str, size: str, self_contained: bool,
          min_comments: int, largest: int | None, across_threads: bool) -> None:
    """Write an interactive graph of each thread: one HTML page per thread.

    Pages work offline and show replies, inferred replies (fainter as they get less sure),
    quotes and repeated passages; click a comment to read it. The pages of a folder share
    one copy of the scripts beside them (--self-contained inlines them instead). With
    several threads, index.html is a dashboard of the run (charts, and a table of every
    thread to sort and filter) and people.html shows who answers and quotes whom. Prints
    the paths of the pages written, index first.

    \b
    Examples:
      explorer graph seeds/ -o out/
      explorer graph seeds/003_19cf724be89e78d7.txt -o out/ --layout radial --size replies
      explorer graph RC_2005-12.zst -o month/ --min-comments 3 --across-threads
    """
    from .. import render
    from ..render import charts

    threads = list(analysed(inputs))
    kept = [thread for thread in threads if len(thread.comments) >= min_comments]
    if largest is not None:
        ranked = sorted(range(len(kept)), key=lambda i: -len(kept[i].comments))[:largest]
        kept = [kept[i] for i in sorted(ranked)]
    if len(kept) < len(threads):
        click.echo(f"Leaving out {len(threads) - len(kept)} of {len(threads)} threads "
                   "(--min-comments, --largest)", err=True)
    threads = kept
    if not threads:
        return
    if across_threads:
        threads = list(search_across(inputs, threads, inputs.options).threads)
    for thread in threads:
        if layout == "force" and len(thread.nodes) > render.FORCE_LIMIT:
            where = escape_controls(thread.source or thread.id)
            click.echo(
                f"Warning: {where}: {len(thread.nodes)} nodes is too many "
                f"for --layout force (up to {render.FORCE_LIMIT}); using the tree layout",
                err=True,
            )
    with_charts = charts.available()
    if len(threads) > 1 and not with_charts:
        click.echo(f"Warning: the index has no charts without matplotlib: {charts.EXTRA}",
                   err=True)
    for path in render.write_pages(threads, output, layout=layout, size=size,
                                   self_contained=self_contained, with_charts=with_charts):
        click.echo(escape_controls(str(path)))


@cli.command()
@format_option(["table", "json", "csv"], 'Aligned table, JSON {"passages": [...]} or CSV.')
@click.option(
    "--min-words", type=click.IntRange(min=2), default=Options().min_words, show_default=True,
    help="Fewest words for a passage shared without quotation marks.",
)
@click.option(
    "--across-threads", is_flag=True,
    help="Find passages between threads too, from one index over all inputs.",
)
@csv_cells_option(safe_by_default=False)
@thread_input
@pass_inputs
def quotes(inputs: Inputs, output_format: str, min_words: int, across_threads: bool,
           safe_csv: bool) -> None:
    """List quoted and repeated passages: who quotes or repeats whom, and what.

    Each row points from the later node to the earliest one holding the passage: "quote"
    (marked=yes when in quotation marks), "repeat" (pasted again) or "duplicate" (a whole
    comment copied). A passage repeated inside one node is listed with "(itself)" as
    target; it is no edge. Marked quotations found in no node are listed as external
    quotes. The JSON also holds every repeat group with each occurrence's span.

    Phrases standing in more than 20 nodes (boilerplate, stock phrases) or in 3 or more
    nodes all by one author (sign-offs) make no passage, nor does a node's signature; how
    many were left out is reported (JSON "common", else a note on stderr). With
    --across-threads the index is built on all cores (--jobs), or on a Dask cluster with
    --engine dask (the same passages; see docs/engine.md).

    \b
    Examples:
      explorer quotes seeds/
      explorer quotes seeds/002_8cff1e03192c2cd0.txt --format json
      explorer quotes archive/ --across-threads --min-words 12 --format csv > passages.csv
      explorer quotes archive/ --across-threads --engine dask --scheduler tcp://10.0.0.5:8786
    """
    options = Options(min_words=min_words)
    if across_threads:
        search = search_across(inputs, read_threads(inputs), options)
        records = PassageRecords([(passage_records(thread), 0) for thread in search.threads],
                                 search.common_grams)
    else:
        records = PassageRecords(each_batch(inputs, partial(find_passages_batch, options=options)))
    out = standard_output()
    if output_format == "json":
        out.writelines(iter_json_object(records.json_fields(options.common_nodes)))
        out.write("\n")
    elif output_format == "csv":
        write_rows(map(passage_csv_row, records.passages()), PASSAGE_CSV_HEADERS, "csv", out,
                   safe_csv=safe_csv)
    else:
        table = {"passages": list(records.passages()), **records.later}
        write_rows(passage_table_rows(table), PASSAGE_TABLE_HEADERS, "table", out)
    if records.common_grams and output_format != "json":
        click.echo(
            f"Note: {records.common_grams} phrases (word 4-grams) in more than "
            f"{options.common_nodes} nodes, or in 3 or more nodes all by one author, made no "
            "passage", err=True,
        )
