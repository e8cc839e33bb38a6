"""Hypothesis strategies: threads whose text holds the words and lines that look like layout."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from hypothesis import strategies as st

from explorer.model import Node, Thread

PLAIN_WORDS = (
    "probation officer the a of and caseload service said really I you we it's don't "
    'Delete Replies Reply 1. 2) ReplyDelete « » “quoted” ‘single’ "double" café naïve Zoë '
    "日本語 Ελλάδα — … *** -- 60+ 2/3rds @Jim e-mail http://example.org/a?b=1 20.14 8:45"
).split()
AWKWARD_LINES = (
    "1. Compromise is what allowed this",
    "2. 'Vision' was also an enabler",
    "3) Understanding is the key",
    "Delete",
    "Replies",
    "ReplyDelete",
    "*****",
    "--oo00oo--",
    "> a quoted line",
    "    indented code()",
    "Cheers,",
    "Jim",
)
MARKER_LINES = {"Delete", "Replies", "ReplyDelete", "Reply"}
AUTHORS = ("Jim", "Completely Ridiculous Chaos", "Zoë Ånström", "R2D2 fan", "'Getafix", "netnanny")

words = st.lists(st.sampled_from(PLAIN_WORDS), min_size=1, max_size=10).map(" ".join)
# Text that tokenising may split wrongly: apostrophes at word edges and doubled, URLs, case
# that folds to more letters (ß), and any characters at all.
text_pieces = st.lists(
    st.one_of(
        st.sampled_from(PLAIN_WORDS + ["don’t", "l‘a", "WWW.X.ORG/A", "http://a.b/c.", "'x'", "ß",
                                       "a''b", "x'", "'", "_", "O'Neil's", "NAÏVE", "x" * 70,
                                       "我们的", "吾輩は", "สวัสดี", "नमस्ते", "cafe\u0301"]),
        st.text(max_size=4),
    ),
    max_size=30,
).map(" ".join)
plain_line = st.lists(
    st.sampled_from([w for w in PLAIN_WORDS if w.isalpha() and w not in MARKER_LINES]),
    min_size=2,
    max_size=10,
).map(" ".join)


def _is_numbered(line: str) -> bool:
    head = line.lstrip().split(" ", 1)[0]
    return head[:-1].isdigit() and head.endswith(".")


@st.composite
def comment_text(draw) -> str:
    """Comment text: paragraphs of words and awkward lines, never a layout boundary.

    A marker-only line right before a numbered line, or at the very end, would be a real
    comment boundary on the page too, so those two arrangements are left out.
    """
    first = draw(words)
    lines = [first.strip() or "x"]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["words", "awkward", "blank"]))
        if kind == "blank":
            if lines[-1]:
                lines.append("")
            continue
        line = draw(words if kind == "words" else st.sampled_from(AWKWARD_LINES))
        previous = next((x for x in reversed(lines) if x), "")
        if previous.strip() in MARKER_LINES and _is_numbered(line):
            continue
        lines.append(line.rstrip())
    while lines and (not lines[-1].strip() or lines[-1].strip() in MARKER_LINES):
        lines.pop()
    return "\n".join(lines) or "x"


@st.composite
def post_text(draw) -> str:
    """Post or excerpt text: plain paragraphs (separators would split it)."""
    paragraphs = draw(st.lists(plain_line, min_size=1, max_size=4))
    return "\n\n".join(paragraphs)


moments = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


def _in_time_order(nodes: list[Node]) -> list[Node]:
    """Give the dated comments their times in page order, as Blogger lists them."""
    times = iter(sorted(node.published for node in nodes if node.published))
    return [replace(node, published=next(times)) if node.published else node for node in nodes]


@st.composite
def threads(draw, thread_id: str = "generated") -> Thread:
    """A thread in page order: post, excerpts, top-level comments each followed by replies."""
    nodes: list[Node] = []

    def add(kind: str, label: str, text: str, parent: str | None = None, signed=None) -> None:
        author, published = signed or (None, None)
        nodes.append(
            Node(
                id=f"{thread_id}/{label}",
                kind=kind,
                position=len(nodes),
                label=label,
                text=text,
                parent=f"{thread_id}/{parent}" if parent else None,
                author=author,
                published=published,
            )
        )

    signed = st.one_of(st.none(), st.tuples(st.sampled_from(AUTHORS), moments))
    add("post", "post", draw(post_text()))
    for index in range(draw(st.integers(0, 3))):
        add("excerpt", f"e{index + 1}", draw(post_text()))
    for top in range(1, draw(st.integers(1, 6)) + 1):
        add("comment", str(top), draw(comment_text()), signed=draw(signed))
        for reply in range(1, draw(st.integers(0, 3)) + 1):
            add("comment", f"{top}.{reply}", draw(comment_text()), str(top), draw(signed))
    nodes = _in_time_order(nodes)
    with_heading = draw(st.booleans())
    return Thread(
        id=thread_id,
        nodes=tuple(nodes),
        title=draw(plain_line) if with_heading else None,
        published=draw(moments).replace(hour=0, minute=0) if with_heading else None,
    )


LOOSE_TEXTS = (
    "I started this thread, and I still think so.",
    "Bob - you are wrong about cars.",
    "@Cy the comment above says it all.",
    "> Should cities ban cars?\n\nNo, they should not ban cars from the centre at all.",
    "As the previous comment said, cities should ban cars from the centre at all.",
    "",
)


@st.composite
def loose_interchange(draw) -> str:
    """An explorer-thread/1 document whose stated parents are anything at all.

    Each node's parent is none, any node (itself and later nodes included, so loops of
    any length), or an id no node has; texts carry cues and quotes, so the detectors run.
    """
    count = draw(st.integers(1, 12))
    ids = [f"t/{k}" for k in range(count)]
    nodes = []
    for k, node_id in enumerate(ids):
        parent = draw(st.one_of(st.none(), st.sampled_from(ids), st.sampled_from(["t/x", "y"])))
        nodes.append({
            "id": node_id,
            "kind": "post" if k == 0 and draw(st.booleans()) else "comment",
            "parent": parent,
            "stated": draw(st.booleans()),
            "author": draw(st.sampled_from([None, "Bob", "Cy", "Ann"])),
            "text": draw(st.sampled_from(LOOSE_TEXTS)),
            "published": draw(st.one_of(st.none(), moments.map(datetime.isoformat))),
        })
    return json.dumps({"schema": "explorer-thread/1", "threads": [{"id": "t", "nodes": nodes}]})


# Characters that break files: XML-illegal controls, U+FFFE, the private-use ones exports
# write them as, the CSV and spreadsheet specials, and any others.
HOSTILE_CHARS = "\x00\x01\x02\x0b\x0c\r\n\t\x1f\ufffe\uffff\ue000\ue001\ue0fd\ue0fe,\"'=+-@<>&"
hostile_text = st.text(st.one_of(st.sampled_from(HOSTILE_CHARS), st.characters(codec="utf-8")),
                       max_size=12)  # no lone surrogates: readers replace them
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(), hostile_text),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(hostile_text, inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def hostile_threads(draw) -> Thread:
    """A flat thread whose ids, labels, authors, texts, meta keys and values are hostile."""
    thread_id = "T" + draw(hostile_text)
    labels = draw(st.lists(hostile_text, min_size=1, max_size=6, unique=True))
    nodes = []
    for position, label in enumerate(labels):
        meta = draw(st.dictionaries(hostile_text, json_values.filter(lambda v: v is not None),
                                    max_size=3))
        parent = draw(st.sampled_from([None, *(node.id for node in nodes)]))
        nodes.append(Node(
            id=f"{thread_id}/{label}", kind="comment", position=position, label=label,
            text=draw(hostile_text), parent=parent, author=draw(st.none() | hostile_text),
            meta=tuple(sorted(meta.items())),
        ))
    return Thread(id=thread_id, nodes=tuple(nodes), title=draw(st.none() | hostile_text))
