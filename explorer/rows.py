"""The rows the commands print for one analysed thread, as plain values and records.

Each function takes one thread and returns what a command shows of it, so that threads can
be measured one at a time (and in worker processes) and written by ``output.write_rows``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .graph import reply_records
from .model import Node, Thread, author_of
from .output import first_words
from .text import count_words

COMMENT_HEADERS = ("id", "parent", "kind", "author", "time", "words", "first words")
REPLY_HEADERS = ("node", "author", "parent", "how", "confidence", "evidence")
PASSAGE_CSV_HEADERS = ("source", "target", "kind", "words", "marked", "score", "source_span",
                       "target_span", "text")
PASSAGE_TABLE_HEADERS = ("source", "target", "kind", "marked", "words", "score", "passage")


def comment_rows(thread: Thread) -> tuple[str, list[tuple[Any, ...]]]:
    """A heading naming the thread, and one row per node under COMMENT_HEADERS."""
    title = f" — {thread.title}" if thread.title else ""
    heading = f"{thread.id}{title} ({len(thread.comments)} comments)"
    rows = [
        (
            node.id,
            node.parent,
            node.kind,
            _shown_author(node),
            node.published.isoformat(sep=" ", timespec="minutes") if node.published else None,
            node.words,
            first_words(node.text),
        )
        for node in thread.nodes
    ]
    return heading, rows


def _shown_author(node: Node) -> str | None:
    """The author the source names, else the one a sign-off names, marked "(signed)"."""
    named = author_of(node, inferred=False)
    if named:
        return named
    signed = author_of(node)
    return f"{signed} (signed)" if signed else None


def reply_rows(thread: Thread) -> tuple[str, list[dict[str, Any]], list[tuple[Any, ...]]]:
    """A heading, the reply records (``graph.reply_records``) and their rows under
    REPLY_HEADERS."""
    owner = f", {thread.owner_role} {thread.owner}" if thread.owner else ""
    heading = f"{thread.id} ({len(thread.comments)} comments{owner})"
    records = reply_records(thread)
    rows = [
        (
            record["label"] if record["kind"] == "reply" else "",
            record["author"] if record["kind"] == "reply" else "",
            record["parent_label"],
            record["how"] if record["kind"] == "reply" else "addressed",
            None if record["confidence"] is None else f"{record['confidence']:.2f}",
            record["evidence"] or None,
        )
        for record in records
    ]
    return heading, records, rows


def passage_records(thread: Thread) -> dict[str, list[dict[str, Any]]]:
    """The thread's passages (edges with a passage), repeat groups and external quotes."""
    texts = {node.id: node.text for node in thread.nodes}
    passages = [
        {
            "source": edge.source, "target": edge.target, "kind": edge.kind,
            "words": edge.passage.words, "marked": edge.passage.marked,
            "text": edge.passage.text, "source_span": list(edge.passage.source_span),
            "target_span": list(edge.passage.target_span), "score": edge.score,
        }
        for edge in thread.edges
        if edge.passage is not None
    ]
    repeats = [
        {
            "text": group.text, "words": group.words,
            "occurrences": [{"node": o.node, "span": list(o.span)} for o in group.occurrences],
        }
        for group in thread.repeats
    ]
    external = [
        {"node": o.node, "span": list(o.span), "text": texts[o.node][o.span[0]:o.span[1]]}
        for o in thread.external_quotes
    ]
    return {"passages": passages, "repeats": repeats, "external_quotes": external}


class PassageRecords:
    """The passage records of threads as they come (``quotes``): passages streamed, repeat
    groups and external quotes kept until the end, and the common phrases left out."""

    def __init__(
        self, per_thread: Iterable[tuple[dict[str, list[dict[str, Any]]], int]],
        common_grams: int = 0,
    ) -> None:
        self.per_thread = per_thread  # each thread's passage_records and its common phrases
        self.common_grams = common_grams
        self.later: dict[str, list[dict[str, Any]]] = {"repeats": [], "external_quotes": []}

    def passages(self) -> Iterator[dict[str, Any]]:
        """Each passage record as its thread comes; the later records are kept meanwhile."""
        for found, grams in self.per_thread:
            self.common_grams += grams
            for name, records in self.later.items():
                records.extend(found[name])
            yield from found["passages"]

    def json_fields(self, common_nodes: int) -> Iterator[tuple[str, Any]]:
        """The fields of the ``quotes`` JSON document, for ``output.iter_json_object``."""
        yield "passages", self.passages()
        yield from self.later.items()
        yield "common", {"nodes": common_nodes, "grams": self.common_grams}


def passage_csv_row(record: dict[str, Any]) -> tuple[Any, ...]:
    """A passage record as a CSV row under PASSAGE_CSV_HEADERS (spans as ``start-end``)."""
    return tuple(
        "-".join(map(str, record[name])) if name.endswith("span") else record[name]
        for name in PASSAGE_CSV_HEADERS
    )


def passage_table_rows(records: dict[str, list[dict[str, Any]]]) -> list[tuple[Any, ...]]:
    """Rows under PASSAGE_TABLE_HEADERS: passages, repeats inside one node, external quotes."""
    rows = [
        (record["source"], record["target"], record["kind"], "yes" if record["marked"] else "no",
         record["words"], f"{record['score']:.2f}", first_words(record["text"], 10))
        for record in records["passages"]
    ]
    # A passage repeated inside one node is no edge; the table shows it against the node.
    rows += [
        (node, "(itself)", "repeat", "no", group["words"], None, first_words(group["text"], 10))
        for group in records["repeats"]
        for node in dict.fromkeys(o["node"] for o in group["occurrences"])
        if sum(o["node"] == node for o in group["occurrences"]) > 1
    ]
    rows += [(item["node"], None, "external", "yes", count_words(item["text"]), None,
              first_words(item["text"], 10)) for item in records["external_quotes"]]
    return rows
