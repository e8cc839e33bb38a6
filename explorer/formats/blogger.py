"""Text copied from a Blogger post page: the post, its compiled excerpts and its comments.

Three layouts of the comment section are read, detected by content:

- numbered: "N comments:", then "  1. text ... ReplyDelete", replies under "Replies"
  numbered again from 1 and each ended by "Delete";
- flat: no numbers; "ReplyDelete" glued to the start of a line ends the top-level comment
  before it, "Delete" ends a reply to the latest top-level comment, and the text after the
  last marker is a final comment;
- classic: each comment opens with "Jim said..." and closes with its date and time.

The post splits at separator lines ("--oo00oo--", rows of asterisks) into the post and the
excerpts it compiles. A named commenter's "Name7 July 2015 at 22:26" header gives author
and time. How comment boundaries are found is in ``blogger_comments``.

``parse_layout`` returns every node's span and every piece of page furniture, so tests can
check that each character of the page is accounted for. Spans index the text with line
endings normalised to "\n".
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePath

from ..errors import ExplorerError
from ..model import Node, Thread
from ..text import parse_datetime
from .blogger_comments import (
    COUNT_LINE,
    REPLY_DELETE,
    SAID,
    find_numbered_section,
    find_said_section,
    flat_start,
    glued_marker,
    read_flat,
    read_numbered,
    read_said,
    settle_headers,
)
from .pagetext import SEPARATOR, Draft, Layout, Line, Piece, furnish, split_lines, text_block
from .protocol import Format

NAME = "blogger"
PLATFORM = "blog"
EXTENSIONS = (".txt", ".text")
_GLUED_SEPARATOR = re.compile(r"(?<=[.!?\"”’')\]])(\*{3,})[ \t]*$")


def sniff(text: str) -> bool:
    """True when the text looks like a copied Blogger page with comments."""
    said = 0
    for raw in text.splitlines():
        if raw.strip() in REPLY_DELETE or COUNT_LINE.match(raw) or glued_marker(raw):
            return True
        said += bool(SAID.match(raw))
        if said == 2:
            return True
    return False


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read one thread from Blogger page text."""
    layout = parse_layout(text, source)
    return [thread_from_layout(layout, _thread_id(source), source)]


def _thread_id(source: str | None) -> str:
    if not source or source.startswith("<"):
        return "thread"
    return PurePath(source).stem


def thread_from_layout(layout: Layout, thread_id: str, source: str | None = None) -> Thread:
    """Turn a parsed layout into a Thread with ids ``<thread id>/<label>``."""
    nodes = tuple(
        Node(
            id=f"{thread_id}/{draft.label}",
            kind=draft.kind,
            position=position,
            label=draft.label,
            text=draft.text,
            parent=f"{thread_id}/{draft.parent_label}" if draft.parent_label else None,
            stated=bool(draft.parent_label),  # nested replies; the top level is flat
            author=draft.author,
            published=draft.published,
            span=draft.span,
        )
        for position, draft in enumerate(layout.drafts)
    )
    return Thread(
        id=thread_id,
        nodes=nodes,
        title=layout.title,
        published=layout.published,
        source=source,
        problems=tuple(layout.problems),
    )


def parse_layout(text: str, source: str | None = None) -> Layout:
    """Find the title, post, excerpts, comments and furniture of a page."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = split_lines(text)
    if not any(line.stripped for line in lines):
        raise ExplorerError("empty file", source)
    layout = Layout(text=text, kind="numbered")
    section = find_numbered_section(lines)
    body_start = _read_heading(lines[: section[0] if section else len(lines)], layout)
    if section is not None:
        count_line = section[1]
    else:
        count_line = next(
            (i for i in range(body_start, len(lines)) if COUNT_LINE.match(lines[i].content)), None
        )
    if count_line is not None:
        furnish(layout, lines[count_line], "count")
        layout.stated_count = int(COUNT_LINE.match(lines[count_line].content).group(1))
    said = None if section else find_said_section(lines, count_line)
    if section is not None:
        comments_start = section[0]
        _read_post(
            lines[body_start : count_line if count_line is not None else comments_start], layout
        )
        read_numbered(lines, comments_start, layout, source)
    elif said is not None:
        layout.kind = "classic"
        _read_post(lines[body_start : count_line if count_line is not None else said], layout)
        if count_line is not None:
            _skip(lines[count_line + 1 : said], layout, "before the first 'X said...'")
        read_said(lines, said, layout)
    else:
        layout.kind = "flat"
        # With a count line the comments follow it: a marker-like line above it is post text.
        start = count_line + 1 if count_line is not None else body_start
        first_marker = next(
            (i for i in range(body_start, len(lines)) if glued_marker(lines[i].content)),
            None,
        )
        if first_marker is None:
            raise ExplorerError(
                "no comments found: expected 'N comments:' with numbered or 'X said...' "
                "comments, or ReplyDelete/Delete markers",
                source,
            )
        comments_start = flat_start(lines, start, first_marker, count_line)
        _read_post(lines[body_start:comments_start if count_line is None else count_line], layout)
        if count_line is None:
            layout.problems.append(
                "no 'N comments:' line: took the paragraph before the first marker "
                "as the first comment"
            )
        read_flat(lines, comments_start, layout)
    settle_headers(layout.drafts)
    found = sum(1 for draft in layout.drafts if draft.kind == "comment")
    if layout.stated_count is not None and layout.stated_count != found:
        layout.problems.append(f"page says {layout.stated_count} comments, found {found}")
    return layout


def _skip(lines: list[Line], layout: Layout, where: str) -> None:
    """Record lines that no layout rule places as one skipped piece, named in a problem."""
    filled = [line for line in lines if line.stripped]
    if filled:
        start = filled[0].start + filled[0].indent
        end = filled[-1].start + len(filled[-1].content.rstrip())
        layout.furniture.append(Piece((start, end), "skipped"))
        lines_word = "line" if len(filled) == 1 else f"{len(filled)} lines"
        layout.problems.append(
            f"skipped {lines_word} {where}, starting: {filled[0].stripped[:40]}"
        )


def _read_heading(lines: list[Line], layout: Layout) -> int:
    """Read a leading date line and title; return the index where the post body starts.

    ``lines`` end where the comments start, so a first comment is never read as the title.
    """
    filled = [i for i, line in enumerate(lines[:12]) if line.stripped][:3]
    if len(filled) < 2:
        return 0
    first, second = filled[0], filled[1]
    date = parse_datetime(lines[first].stripped)
    if date is not None and _is_title(lines, second):
        layout.published, layout.title = date, lines[second].stripped
        furnish(layout, lines[first], "date")
        furnish(layout, lines[second], "title")
        return second + 1
    if _is_title(lines, first) and parse_datetime(lines[second].stripped) is not None:
        layout.title, layout.published = (
            lines[first].stripped,
            parse_datetime(lines[second].stripped),
        )
        furnish(layout, lines[first], "title")
        furnish(layout, lines[second], "date")
        return second + 1
    return 0


def _is_title(lines: list[Line], index: int) -> bool:
    line = lines[index]
    followed_by_blank = index + 1 < len(lines) and not lines[index + 1].stripped
    return (
        0 < len(line.stripped) <= 150
        and followed_by_blank
        and not glued_marker(line.content)
        and not any(p.match(line.content) for p in (COUNT_LINE, SAID))
    )


# ---- the post and its excerpts ----------------------------------------------------------


def _read_post(lines: list[Line], layout: Layout) -> None:
    """Split the post body at separator lines: the post first, then excerpts."""
    segments: list[list[Line]] = [[]]
    for line in lines:
        if SEPARATOR.match(line.content):
            furnish(layout, line, "separator")
            segments.append([])
            continue
        glued = _GLUED_SEPARATOR.search(line.content)
        if glued and glued.start(1) > 0:
            segments[-1].append(
                Line(line.start, line.start + glued.start(1), line.content[: glued.start(1)])
            )
            layout.furniture.append(
                Piece((line.start + glued.start(1), line.start + glued.end(1)), "separator")
            )
            segments.append([])
            continue
        segments[-1].append(line)
    for index, segment in enumerate(segments):
        span, text = text_block(segment, dedent=0)
        if index == 0:
            layout.drafts.append(Draft("post", "post", span or (0, 0), text))
        elif span is not None:
            layout.drafts.append(Draft("excerpt", f"e{len(layout.drafts)}", span, text))


# ---- writer ------------------------------------------------------------------------------

_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


def _page_date(moment: datetime) -> str:
    return f"{moment:%A} {moment.day} {_MONTH_NAMES[moment.month - 1]} {moment.year}"


def _comment_header(author: str, moment: datetime) -> str:
    return f"{author}{moment.day} {_MONTH_NAMES[moment.month - 1]} {moment.year} at {moment:%H:%M}"


def write(thread: Thread) -> str:
    """Render a thread as numbered Blogger page text, the layout ``parse`` reads back.

    Nodes must come in page order: post, excerpts, then each top-level comment followed
    by its replies. A comment's author is written only with its time, as Blogger shows it.
    """
    out: list[str] = []
    if thread.title and thread.published:
        out += [_page_date(thread.published), "", thread.title, ""]
    comments = []
    for node in thread.nodes:
        if node.kind == "post":
            out += [node.text, ""]
        elif node.kind == "excerpt":
            out += ["--oo00oo--", "", node.text, ""]
        else:
            comments.append(node)
    out += [f"{len(comments)} comments:", ""]
    replies_open = False
    top = reply = 0
    for node in comments:
        if node.parent is None:
            top, reply, replies_open = top + 1, 0, False
            out += _numbered(node, top, indent=2, marker="ReplyDelete")
        else:
            reply += 1
            if not replies_open:
                out.append("    Replies")
                replies_open = True
            out += _numbered(node, reply, indent=6, marker="Delete")
    return "\n".join(out) + "\n"


def _numbered(node: Node, number: int, indent: int, marker: str) -> list[str]:
    pad, body_pad = " " * indent, " " * (indent + 2)
    lines = node.text.split("\n")
    if node.author and node.published:
        head = [f"{pad}{number}. {_comment_header(node.author, node.published)}", ""]
        body = lines
    else:
        head = [f"{pad}{number}. {lines[0]}"]
        body = lines[1:]
    return [*head, *(body_pad + line if line else "" for line in body), "", body_pad + marker]


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
