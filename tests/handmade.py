"""A small thread whose metrics were worked out by hand (the arithmetic is in test_metrics.py).

Reply tree (P is the post, E an excerpt of it; times on 2024-05-01)::

    P ── c1 Ann 10:00 "alpha beta gamma delta"                      4 words
    │    └── c2 Anonymous, signed Bob 12:00 (stated parent)           6 words
    │         └── c3 nobody, no time (inferred 0.9; a 0.4 edge to c1)  2 words
    E ── c4 Jim (owner) 13:00 (inferred reply to the excerpt)         8 words
         └── c5 Ann 14:00 (inferred 0.7), quotes c4 (marked)         10 words
              └── c6 Jim 17:00 (stated parent), quotes c4 (unmarked)  5 words

Also: c4 addresses c1; c3 duplicates c2; one repeat group; c5 holds an external quote
that overlaps its quotation of c4.
"""

from __future__ import annotations

from datetime import datetime

from explorer.model import Edge, Node, Occurrence, Passage, RepeatGroup, Thread

TID = "hm"
TEXTS = {
    "1": "alpha beta gamma delta",
    "2": "one two three four five six",
    "3": "yes indeed",
    "4": "eight words in this comment by the owner",
    "5": "quoted words here and some more words of my own",
    "6": "eight words was too many",
}


def at(hour: int) -> datetime:
    return datetime(2024, 5, 1, hour)


def comment(label: str, position: int, **fields) -> Node:
    return Node(id=f"{TID}/{label}", kind="comment", position=position, label=label,
                text=TEXTS[label], **fields)


def handmade_thread() -> Thread:
    """The thread drawn in the module docstring."""
    def node_id(label: str) -> str:
        return f"{TID}/{label}"

    nodes = (
        Node(id=node_id("post"), kind="post", position=0, label="post", text="the post"),
        Node(id=node_id("e1"), kind="excerpt", position=1, label="e1", text="an excerpt"),
        comment("1", 2, author="Ann", published=at(10)),
        comment("2", 3, author="Anonymous", author_inferred="Bob", published=at(12),
                parent=node_id("1")),
        comment("3", 4),
        comment("4", 5, author="Jim", author_inferred="Jim", published=at(13)),
        comment("5", 6, author="Ann", published=at(14)),
        comment("6", 7, author="Jim", published=at(17), parent=node_id("5")),
    )
    edges = (
        Edge(node_id("3"), node_id("2"), "reply", inferred=True, score=0.9),
        Edge(node_id("3"), node_id("1"), "reply", inferred=True, score=0.4),
        Edge(node_id("4"), node_id("e1"), "reply", inferred=True, score=0.6),
        Edge(node_id("5"), node_id("4"), "reply", inferred=True, score=0.7),
        Edge(node_id("4"), node_id("1"), "addressed", inferred=True, score=0.5),
        Edge(node_id("5"), node_id("4"), "quote", inferred=True, score=1.0,
             passage=Passage("quoted words here", (0, 17), (0, 17), 3, marked=True)),
        Edge(node_id("6"), node_id("4"), "quote", inferred=True, score=0.9,
             passage=Passage("eight words", (0, 11), (0, 11), 2, marked=False)),
        Edge(node_id("3"), node_id("2"), "duplicate", inferred=True, score=1.0),
    )
    return Thread(
        id=TID,
        title="Hand-made",
        nodes=nodes,
        owner="Jim",
        edges=edges,
        repeats=(RepeatGroup("some more words", 3, (Occurrence(node_id("5"), (22, 37)),
                                                     Occurrence(node_id("2"), (0, 3)))),),
        external_quotes=(Occurrence(node_id("5"), (7, 21)),),
    )


def bare_thread() -> Thread:
    """Two anonymous comments without times: most metrics are missing, not zero."""
    return Thread(
        id="bare",
        nodes=(
            Node(id="bare/post", kind="post", position=0, label="post", text="post"),
            Node(id="bare/1", kind="comment", position=1, label="1", text="a b c"),
            Node(id="bare/2", kind="comment", position=2, label="2", text="d e",
                 parent="bare/1"),
        ),
    )
