"""The command-line interface: parse options, call the library, print results.

Data goes to stdout; warnings, errors and progress go to stderr. An ExplorerError becomes
one ``Error: ...`` line and exit status 1; with several inputs the good ones still run.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Sequence

import click

from .detect import Options, analyse
from .errors import ExplorerError
from .formats import format_names, interchange, read_paths
from .formats.table import parse_columns
from .model import Thread, is_anonymous
from .text import escape_controls

FORMAT_CHOICE = click.Choice(format_names())


class ExplorerGroup(click.Group):
    """Turns ExplorerError into a one-line error and remembers failed inputs for the exit code."""

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
        except ExplorerError as err:
            raise click.ClickException(escape_controls(str(err))) from err
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
        click.echo(f"Error: {escape_controls(str(err))}", err=True)
        ctx.meta["explorer.failed"] = True

    columns = ctx.meta.get("explorer.columns")
    threads = read_paths(paths, format=input_format, on_error=report, columns=columns)
    # Dumps and mailboxes hold many threads: name the thread when its file is shared.
    per_source = Counter(thread.source for thread in threads)
    for thread in threads:
        where = thread.source or thread.id
        if thread.source and per_source[thread.source] > 1:
            where = f"{thread.source}: thread {thread.id}"
        for problem in thread.problems:
            click.echo(escape_controls(f"Warning: {where}: {problem}"), err=True)
    return threads


def analyse_all(threads: Sequence[Thread], options: Options) -> list[Thread]:
    """Analyse each thread, with a progress bar on stderr for long runs."""
    if len(threads) < 20:
        return [analyse(thread, options) for thread in threads]
    with click.progressbar(threads, label="Analysing", file=sys.stderr) as bar:
        return [analyse(thread, options) for thread in bar]


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Align rows under headers as a plain-text table (missing values shown as '-').

    Cells come from the data, so control characters are shown escaped, never sent raw.
    """
    headers = [escape_controls(header) for header in headers]
    cells = [["-" if v is None else escape_controls(str(v)) for v in row] for row in rows]
    widths = [
        max([len(header), *(len(row[i]) for row in cells)]) for i, header in enumerate(headers)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines)


def first_words(text: str, count: int = 8) -> str:
    """The first words of a text on one line, with an ellipsis when cut."""
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


_format_option = click.option(
    "--input-format", "input_format", type=FORMAT_CHOICE, default=None,
    help="Read inputs as this format instead of detecting it.",
)


def _store_columns(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    # Kept in ctx.meta so that every command taking --input-format gets --columns unchanged.
    if value:
        try:
            ctx.meta["explorer.columns"] = parse_columns(value)
        except ExplorerError as err:
            raise click.BadParameter(str(err), ctx=ctx, param=param) from err


_columns_option = click.option(
    "--columns", callback=_store_columns, expose_value=False, metavar="NAME=COLUMN,...",
    help="Column names of a table input, e.g. id=comment_id,parent_id=reply_to "
    "(names: id, parent_id, thread_id, author, time, text, title).",
)


def input_format_option(command):
    """Add --input-format and --columns, the options that say how to read inputs."""
    return _format_option(_columns_option(command))


def _store_infer(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    # Kept in ctx.meta, like --columns, so that analysis_options() reads it in any command.
    ctx.meta["explorer.no_infer"] = value


infer_option = click.option(
    "--no-infer", is_flag=True, callback=_store_infer, expose_value=False,
    help="Keep only the replies the source states: no inferred parents or addressees.",
)


def analysis_options() -> Options:
    """The detector settings of the running command (--no-infer)."""
    return Options(infer=not click.get_current_context().meta.get("explorer.no_infer", False))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table",
    show_default=True, help="Aligned table, or explorer-thread JSON (the interchange format).",
)
@input_format_option
@infer_option
def comments(paths: tuple[str, ...], output_format: str, input_format: str | None) -> None:
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
    threads = analyse_all(read_threads(paths, input_format), analysis_options())
    if output_format == "json":
        click.echo(interchange.write(threads))
        return
    for index, thread in enumerate(threads):
        if index:
            click.echo()
        title = f" — {thread.title}" if thread.title else ""
        click.echo(escape_controls(f"{thread.id}{title} ({len(thread.comments)} comments)"))
        rows = [
            (
                node.id,
                node.parent,
                node.kind,
                (None if is_anonymous(node.author) else node.author)
                or (node.author_inferred and f"{node.author_inferred} (signed)"),
                node.published.isoformat(sep=" ", timespec="minutes") if node.published else None,
                node.words,
                first_words(node.text),
            )
            for node in thread.nodes
        ]
        headers = ("id", "parent", "kind", "author", "time", "words", "first words")
        click.echo(format_table(headers, rows))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table",
    show_default=True, help="Aligned table, or a JSON list with one record per row.",
)
@input_format_option
@infer_option
def replies(paths: tuple[str, ...], output_format: str, input_format: str | None) -> None:
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
    import json

    from .graph import reply_records

    threads = analyse_all(read_threads(paths, input_format), analysis_options())
    per_thread = [reply_records(thread) for thread in threads]
    records = [record for thread_records in per_thread for record in thread_records]
    if output_format == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for index, (thread, thread_records) in enumerate(zip(threads, per_thread, strict=True)):
        if index:
            click.echo()
        owner = f", {thread.owner_role} {thread.owner}" if thread.owner else ""
        click.echo(escape_controls(f"{thread.id} ({len(thread.comments)} comments{owner})"))
        rows = [
            (
                record["label"] if record["kind"] == "reply" else "",
                record["author"] if record["kind"] == "reply" else "",
                record["parent_label"],
                record["how"] if record["kind"] == "reply" else "addressed",
                None if record["confidence"] is None else f"{record['confidence']:.2f}",
                record["evidence"] or None,
            )
            for record in thread_records
        ]
        headers = ("node", "author", "parent", "how", "confidence", "evidence")
        click.echo(format_table(headers, rows))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--by", type=click.Choice(["thread", "author", "comment"]), default="thread",
    show_default=True, help="One row per thread, per author (in each thread) or per comment.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "csv", "json", "markdown"]),
    default="table", show_default=True, help="Aligned table, CSV, JSON records or Markdown.",
)
@click.option(
    "--fields", metavar="NAME,...", default=None,
    help="Show only these columns, in this order (default: all; names in docs/metrics.md).",
)
@input_format_option
@infer_option
def stats(
    paths: tuple[str, ...], by: str, output_format: str, fields: str | None,
    input_format: str | None,
) -> None:
    """Print thread metrics: replies, depth, authors, quotes, times, inequality.

    Missing data stays missing: '-' in the table, an empty CSV or Markdown cell, null in
    JSON. Every column is defined in docs/metrics.md.

    \b
    Examples:
      explorer stats seeds/
      explorer stats seeds/ --by author --format markdown
      explorer stats seeds/ --by comment --format csv > comments.csv
      explorer stats seeds/ --fields thread,comments,max_depth,gini
    """
    from . import stats as tables

    threads = analyse_all(read_threads(paths, input_format), analysis_options())
    if not threads:
        return
    frame = tables.stats_table(threads, by)
    if fields:
        names = [name.strip() for name in fields.split(",") if name.strip()]
        unknown = [name for name in names if name not in frame.columns]
        if unknown:
            raise click.BadParameter(
                f"no column {', '.join(unknown)}; columns: {', '.join(frame.columns)}",
                param_hint="--fields",
            )
        frame = frame[names]
    if output_format == "table":
        click.echo(format_table(list(frame.columns), tables.to_rows(frame)))
    elif output_format == "csv":
        click.echo(tables.to_csv(frame), nl=False)
    elif output_format == "json":
        click.echo(tables.to_json(frame))
    else:
        click.echo(tables.to_markdown(frame))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "output_format", required=True,
    type=click.Choice(["graphml", "gexf", "json", "csv", "convokit", "people-graphml",
                       "people-gexf"]),
    help="graphml, gexf (Gephi), json (node-link, d3), csv (nodes.csv and edges.csv) or "
    "convokit (a ConvoKit corpus folder).",
)
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(),
    help="File to write (- for standard output), or folder for csv and convokit.",
)
@input_format_option
@infer_option
def export(paths: tuple[str, ...], output_format: str, output: str,
           input_format: str | None) -> None:
    """Write the threads' graph for other tools: Gephi, networkx, d3, pandas, ConvoKit.

    All threads go into one graph (or one corpus); each node and edge carries its thread id.
    Attributes without a value are left out of GraphML and GEXF. people-gexf and
    people-graphml write the people graph instead: authors, and who replies to and quotes
    whom (edge weights count them).

    \b
    Examples:
      explorer export seeds/ --format gexf -o seeds.gexf
      explorer export seeds/ --format csv -o out/csv
      explorer export seeds/ --format convokit -o out/corpus
      explorer export seeds/000_c4fce12fea77598a.txt --format json -o - | jq .links
      explorer export RC_2005-12.zst --format people-gexf -o people.gexf
    """
    from . import export as exports

    if output == "-" and output_format not in exports.FILE_FORMATS:
        raise click.BadParameter(f"--format {output_format} writes a folder", param_hint="'-o'")
    threads = analyse_all(read_threads(paths, input_format), analysis_options())
    if not threads:
        return
    if output == "-":
        sys.stdout.buffer.write(exports.export_bytes(threads, output_format))
        sys.stdout.buffer.flush()
        return
    for path in exports.export(threads, output_format, output):
        click.echo(escape_controls(f"Wrote {path}"), err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(file_okay=False),
    help="Folder to write the pages into (created if missing).",
)
@click.option(
    "--layout", type=click.Choice(["tree", "radial", "force"]), default="tree", show_default=True,
    help="Reply tree with the post on top, radial tree, or force layout (small threads only).",
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
@input_format_option
@infer_option
def graph(paths: tuple[str, ...], output: str, layout: str, size: str, self_contained: bool,
          min_comments: int, largest: int | None, across_threads: bool,
          input_format: str | None) -> None:
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
    from . import render
    from .detect.passages import find_passages_across
    from .render import charts

    threads = read_threads(paths, input_format)
    kept = [thread for thread in threads if len(thread.comments) >= min_comments]
    if largest is not None:
        ranked = sorted(range(len(kept)), key=lambda i: -len(kept[i].comments))[:largest]
        kept = [kept[i] for i in sorted(ranked)]
    if len(kept) < len(threads):
        click.echo(f"Leaving out {len(threads) - len(kept)} of {len(threads)} threads "
                   "(--min-comments, --largest)", err=True)
    threads = analyse_all(kept, analysis_options())
    if not threads:
        return
    if across_threads:
        threads = find_passages_across(threads, analysis_options())
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
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json", "csv"]), default="table",
    show_default=True, help="Aligned table, JSON {\"passages\": [...]} or CSV.",
)
@click.option(
    "--min-words", type=click.IntRange(min=2), default=Options().min_words, show_default=True,
    help="Fewest words for a passage shared without quotation marks.",
)
@click.option(
    "--across-threads", is_flag=True,
    help="Find passages between threads too, from one index over all inputs.",
)
@input_format_option
def quotes(paths: tuple[str, ...], output_format: str, min_words: int, across_threads: bool,
           input_format: str | None) -> None:
    """List quoted and repeated passages: who quotes or repeats whom, and what.

    Each row points from the later node to the earliest one holding the passage: "quote"
    (marked=yes when in quotation marks), "repeat" (pasted again) or "duplicate" (a whole
    comment copied). A passage repeated inside one node is listed with "(itself)" as
    target; it is no edge. Marked quotations found in no node are listed as external
    quotes. The JSON also holds every repeat group with each occurrence's span.

    Phrases standing in more than 20 nodes (boilerplate, stock phrases) or in 3 or more
    nodes all by one author (sign-offs) make no passage, nor does a node's signature; how
    many were left out is reported (JSON "common", else a note on stderr). With
    --across-threads the index is built on all cores.

    \b
    Examples:
      explorer quotes seeds/
      explorer quotes seeds/002_8cff1e03192c2cd0.txt --format json
      explorer quotes archive/ --across-threads --min-words 12 --format csv > passages.csv
    """
    import csv
    import io
    import json

    from .detect.passages import search_passages

    options = Options(min_words=min_words)
    threads = read_threads(paths, input_format)
    if across_threads:
        searches = [search_passages(threads, options, jobs=os.cpu_count() or 1)]
    else:
        searches = [search_passages([thread], options) for thread in threads]
    threads = [thread for search in searches for thread in search.threads]
    common = {"nodes": options.common_nodes,
              "grams": sum(search.common_grams for search in searches)}
    records, repeats, external = [], [], []
    for thread in threads:
        texts = {node.id: node.text for node in thread.nodes}
        for edge in thread.edges:
            if edge.passage is not None:
                records.append({
                    "source": edge.source, "target": edge.target, "kind": edge.kind,
                    "words": edge.passage.words, "marked": edge.passage.marked,
                    "text": edge.passage.text, "source_span": list(edge.passage.source_span),
                    "target_span": list(edge.passage.target_span), "score": edge.score,
                })
        for group in thread.repeats:
            repeats.append({
                "text": group.text, "words": group.words,
                "occurrences": [{"node": o.node, "span": list(o.span)} for o in group.occurrences],
            })
        for occurrence in thread.external_quotes:
            start, end = occurrence.span
            external.append({"node": occurrence.node, "span": [start, end],
                             "text": texts[occurrence.node][start:end]})
    if output_format == "json":
        document = {"passages": records, "repeats": repeats, "external_quotes": external,
                    "common": common}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if common["grams"]:
        click.echo(
            f"Note: {common['grams']} phrases (word 4-grams) in more than {common['nodes']} "
            "nodes, or in 3 or more nodes all by one author, made no passage", err=True,
        )
    if output_format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        columns = ["source", "target", "kind", "words", "marked", "score", "source_span",
                   "target_span", "text"]
        writer.writerow(columns)
        for record in records:
            writer.writerow([
                "-".join(map(str, record[c])) if c.endswith("span") else record[c]
                for c in columns
            ])
        click.echo(out.getvalue(), nl=False)
        return
    rows = [
        (record["source"], record["target"], record["kind"], "yes" if record["marked"] else "no",
         record["words"], f"{record['score']:.2f}", first_words(record["text"], 10))
        for record in records
    ]
    # A passage repeated inside one node is no edge; the table shows it against the node.
    rows += [
        (node, "(itself)", "repeat", "no", group["words"], None, first_words(group["text"], 10))
        for group in repeats
        for node in dict.fromkeys(o["node"] for o in group["occurrences"])
        if sum(o["node"] == node for o in group["occurrences"]) > 1
    ]
    rows += [(item["node"], None, "external", "yes", len(item["text"].split()), None,
              first_words(item["text"], 10)) for item in external]
    headers = ("source", "target", "kind", "marked", "words", "score", "passage")
    click.echo(format_table(headers, rows))
