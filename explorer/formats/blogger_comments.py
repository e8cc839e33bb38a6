"""The comment sections of Blogger page text: numbered and flat layouts.

A numbered line starts a comment only at a boundary (after the count line or a run of
marker lines) and with the number expected there; a marker line ends a comment only when a
comment start or the end of the page follows it. Everything else is comment text.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..errors import ExplorerError
from ..model import is_anonymous
from ..text import parse_datetime, split_trailing_datetime
from .pagetext import SEPARATOR, Draft, Layout, Line, Piece, furnish, text_block

# The words of Blogger's comment widget, as it prints them in the languages met most.
REPLY_DELETE = (
    "ReplyDelete",
    "RépondreSupprimer",
    "AntwortenLöschen",
    "ResponderEliminar",
    "RispondiElimina",
    "ResponderExcluir",
    "BeantwoordenVerwijderen",
)
REPLY = ("Reply", "Répondre", "Antworten", "Responder", "Rispondi", "Beantwoorden")
DELETE = ("Delete", "Supprimer", "Löschen", "Eliminar", "Elimina", "Excluir", "Verwijderen")
REPLIES = ("Replies", "Réponses", "Antworten", "Respuestas", "Risposte", "Respostas", "Reacties")
_COMMENT_WORDS = (
    r"comments?|commentaires?|kommentare?|comentarios?|commenti|commento"
    r"|comentários?|reacties|reactie|kommentarer|komentarzy|komentarze"
)
COUNT_LINE = re.compile(rf"^[ \t]*(\d+)[ \t]+(?:{_COMMENT_WORDS})[ \t]*:[ \t]*$", re.IGNORECASE)
_NUMBERED = re.compile(r"^([ \t]*)(\d+)\.(?:[ \t]+|$)")
_MARKER_WORD = re.compile(
    "^(" + "|".join(map(re.escape, sorted(REPLY_DELETE + DELETE, key=len, reverse=True))) + ")"
)
# "Deleted", "Deletes", "Deletion" and "Deleting" start a comment's own words, not a marker.
_WORD_GOES_ON = re.compile(r"(?:d|s|ion|ing)\b")


def glued_marker(content: str) -> str | None:
    """The marker word a line starts with, glued to what follows or alone; else None.

    A marker followed by "d", "s", "ion" or "ing" is a word of the text, unless the rest of
    the line reads as a comment header: a glued lower-case name ("ReplyDeletes-e-x-y29
    August 2017 at 01:26") is still the next comment's author.
    """
    match = _MARKER_WORD.match(content)
    if match is None:
        return None
    rest = content[match.end() :]
    if _WORD_GOES_ON.match(rest) and not _header(rest):
        return None
    return match.group(1)


# ---- numbered layout ---------------------------------------------------------------------


# The page around the comments, as Blogger prints it (English templates).
FOOTER = frozenset(
    {
        "Load more...", "Load more…", "Add comment", "Post a Comment", "Newer Post",
        "Older Post", "Home", "Newer Post Older Post Home", "Newer Post Home",
        "Older Post Home", "Subscribe to: Post Comments (Atom)", "Subscribe to: Post Comments",
    }
)  # fmt: skip


def _kind(line: Line) -> str:
    stripped = line.stripped
    if not stripped:
        return "blank"
    if stripped in FOOTER:
        return "footer"
    if stripped in REPLY_DELETE:
        return "reply-delete"
    if stripped in REPLIES:
        return "replies"
    if stripped in DELETE:
        return "delete"
    if stripped in REPLY:
        return "reply"
    if _NUMBERED.match(line.content):
        return "number"
    return "text"


_MARKERS = ("reply-delete", "replies", "delete", "reply")


def find_numbered_section(lines: list[Line]) -> tuple[int, int | None] | None:
    """Return (first comment line, count line or None) for a numbered page, else None."""
    for index, line in enumerate(lines):
        if COUNT_LINE.match(line.content):
            following = _next_filled(lines, index + 1)
            if following is None:
                return len(lines), index
            if _kind(lines[following]) == "number":
                return following, index
    first_marker = next((i for i, line in enumerate(lines) if _kind(line) == "reply-delete"), None)
    if first_marker is None:
        return None
    starts = [
        i
        for i in range(first_marker)
        if _kind(lines[i]) == "number" and _NUMBERED.match(lines[i].content).group(2) == "1"
    ]
    return (starts[-1], None) if starts else None


def _next_filled(lines: list[Line], index: int) -> int | None:
    while index < len(lines):
        if lines[index].stripped:
            return index
        index += 1
    return None


def _number(line: Line) -> int:
    return int(_NUMBERED.match(line.content).group(2))


def read_numbered(lines: list[Line], start: int, layout: Layout, source: str | None) -> None:
    kinds = [_kind(line) for line in lines]
    has_markers = any(kind in _MARKERS for kind in kinds[start:])
    top_indent = lines[start].indent if start < len(lines) else 0
    top, reply, index = 0, 0, start
    # Labels count comments, so they stay unique when the page's numbers repeat or skip.
    tops, replies = 0, 0
    in_replies = opened = False
    while index < len(lines):
        line = lines[index]
        if kinds[index] != "number":
            raise ExplorerError(
                f"line {index + 1}: expected a numbered comment, found {line.stripped[:40]!r}",
                source,
            )
        number = _number(line)
        # A "Replies" line right above an indented number opens replies whatever the number.
        is_reply = in_replies and (
            _accepts_reply(line, number, reply, top, top_indent)
            or (opened and line.indent > top_indent)
        )
        if is_reply:
            reply, replies = number, replies + 1
        else:
            top, reply, in_replies = number, 0, False
            tops, replies = tops + 1, 0
        end, run_end, opens_replies = _comment_end(
            lines, kinds, index, top, reply if is_reply else None, top_indent, has_markers
        )
        label = f"{tops}.{replies}" if is_reply else str(tops)
        _add_numbered_comment(lines, index, end, label, str(tops) if is_reply else None, layout)
        if number != (replies if is_reply else tops):
            layout.problems.append(f"comment {label} is numbered {number} on the page")
        if end == len(lines) and any(kind in _MARKERS for kind in kinds[index + 1 : end]):
            layout.problems.append(
                f"comment {label}: text after its last marker kept as comment text (page footer?)"
            )
        for marker in range(end, run_end):
            if kinds[marker] in _MARKERS:
                furnish(layout, lines[marker], "marker")
            elif kinds[marker] == "footer":
                furnish(layout, lines[marker], "footer")
        in_replies, opened = in_replies or opens_replies, opens_replies
        index = run_end


def _accepts_reply(line: Line, number: int, reply: int, top: int, top_indent: int) -> bool:
    if number == reply + 1 and number == top + 1:
        return line.indent > top_indent
    return number == reply + 1


def _comment_end(
    lines: list[Line],
    kinds: list[str],
    start: int,
    top: int,
    reply: int | None,
    top_indent: int,
    has_markers: bool,
) -> tuple[int, int, bool]:
    """Find where a comment's text ends, where the next comment starts, and if replies follow."""
    index = start + 1
    while index < len(lines):
        if has_markers and kinds[index] not in _MARKERS:
            index += 1
            continue
        run_end, opens = index, False
        while run_end < len(lines) and kinds[run_end] in (*_MARKERS, "footer", "blank"):
            opens = opens or kinds[run_end] == "replies"
            run_end += 1
        if not has_markers and (run_end == index or kinds[index] != "blank"):
            index += 1
            continue
        if run_end == len(lines):
            return index, run_end, opens
        if kinds[run_end] == "number" and _expected_next(
            lines[run_end], top, reply, opens, top_indent
        ):
            return index, run_end, opens
        index = run_end if run_end > index else index + 1
    return len(lines), len(lines), False


def _expected_next(line: Line, top: int, reply: int | None, opens: bool, top_indent: int) -> bool:
    number = _number(line)
    if opens:
        return number == 1 and line.indent > top_indent
    if reply is not None and number == reply + 1 and line.indent > top_indent:
        return True
    return number == top + 1 and line.indent <= top_indent


def _add_numbered_comment(
    lines: list[Line], start: int, end: int, label: str, parent: str | None, layout: Layout
) -> None:
    first = lines[start]
    number = _NUMBERED.match(first.content)
    layout.furniture.append(
        Piece(
            (first.start + first.indent, first.start + len(number.group(0).rstrip())), "numbering"
        )
    )
    body = lines[start:end]
    text_offset = first.start + number.end()
    readings = _header(first.content[number.end() :])
    if readings:
        layout.furniture.append(Piece((text_offset, first.end), "header"))
        body = body[1:]
        text_offset = None
    span, text = text_block(body, dedent=first.indent + 2, first_offset=text_offset)
    layout.drafts.append(
        Draft("comment", label, span or (first.end, first.end), text, parent, readings=readings)
    )


_NOT_AN_AUTHOR_END = re.compile(
    r"\b(?:on|at|by|until|till|from|since|before|after|of|is|was|in|for)$", re.IGNORECASE
)


def _header(line: str) -> list[tuple[str, datetime]]:
    """Read a comment's first line as "author + date and time": its readings, maybe none."""
    return [
        (author, moment)
        for author, moment in split_trailing_datetime(line)
        if len(author) <= 80 and not _NOT_AN_AUTHOR_END.search(author)
    ]


def settle_headers(drafts: list[Draft]) -> None:
    """Choose between the readings of ambiguous headers ("Jim11 January" is Jim on the 11th
    or Jim1 on the 1st).

    Blogger lists top-level comments in time order, and each comment's replies after it in
    time order; a reading that breaks that order against its neighbours is dropped.
    Of the rest, one naming an author already seen in the thread wins, else the first
    (shortest author, the common case).
    """
    known = {d.readings[0][0] for d in drafts if len(d.readings) == 1}
    sequences: dict[str | None, list[Draft]] = {}
    for draft in drafts:
        if draft.kind == "comment":
            sequences.setdefault(draft.parent_label, []).append(draft)
            if draft.parent_label is None:
                sequences[draft.label] = [draft]
    # Each ambiguous draft's nearest neighbours with readings, in the sequence it belongs to.
    neighbours: dict[int, tuple[Draft | None, Draft | None]] = {}
    for parent_label, sequence in sequences.items():
        timed = [d for d in sequence if d.readings]
        for k, draft in enumerate(timed):
            if len(draft.readings) > 1 and draft.parent_label == parent_label:
                before = timed[k - 1] if k else None
                after = timed[k + 1] if k + 1 < len(timed) else None
                neighbours[id(draft)] = (before, after)
    for draft in drafts:
        if len(draft.readings) > 1:
            before, after = neighbours[id(draft)]
            # The loosest bounds the neighbours allow, settled or not.
            low = min(r[1] for r in before.readings) if before else None
            high = max(r[1] for r in after.readings) if after else None
            in_order = [
                r
                for r in draft.readings
                if (low is None or r[1] >= low) and (high is None or r[1] <= high)
            ] or draft.readings
            draft.readings = [([r for r in in_order if r[0] in known] or in_order)[0]]
        if draft.readings:
            author, draft.published = draft.readings[0]
            draft.author = None if is_anonymous(author) else author


# ---- flat layout -------------------------------------------------------------------------


def flat_start(lines: list[Line], start: int, first_marker: int, count_line: int | None) -> int:
    """Return the first comment line of a flat page.

    Right after the count line when there is one; else the paragraph before the first
    marker (a block of lines when the page separates paragraphs by blank lines, else a line).
    """
    if count_line is not None or first_marker == start:
        return start
    index = first_marker - 1
    while index > start and not lines[index].stripped:
        index -= 1
    while (
        index > start
        and lines[index - 1].stripped
        and not SEPARATOR.match(lines[index - 1].content)
        and _blank_separated(lines, start, first_marker)
    ):
        index -= 1
    return index


def _blank_separated(lines: list[Line], start: int, end: int) -> bool:
    """True when the page separates paragraphs with blank lines (so a block is one comment)."""
    return any(not line.stripped for line in lines[start:end])


def _flat_markers(lines: list[Line], start: int) -> dict[int, str]:
    """Map each line that starts with a marker to the marker's word.

    On a page whose markers are glued to the next comment's text, a marker word standing
    alone as a paragraph with more text after it is a comment's own word, not a marker.
    """
    found = {}
    for index in range(start, len(lines)):
        word = glued_marker(lines[index].content)
        if word:
            found[index] = word
    glued = any(lines[i].content[len(word) :].strip() for i, word in found.items())
    if not glued:
        return found
    return {
        index: word
        for index, word in found.items()
        if lines[index].stripped != word
        or not (_own_paragraph(lines, index) or _runs_on(lines, index, found))
    }


def _own_paragraph(lines: list[Line], index: int) -> bool:
    """True when a line stands between blank lines and text follows further down."""
    if index == 0 or lines[index - 1].stripped or index + 1 >= len(lines):
        return False
    if lines[index + 1].stripped:
        return False
    following = _next_filled(lines, index + 1)
    return following is not None and lines[following].stripped not in FOOTER


def _runs_on(lines: list[Line], index: int, markers: dict[int, str]) -> bool:
    """True when the next line is text of the same comment: neither blank, nor a marker, nor
    the page's footer, nor the next comment's header (a comment quoting a page can hold a
    line reading "Delete")."""
    following = index + 1
    return (
        following < len(lines)
        and bool(lines[following].stripped)
        and following not in markers
        and lines[following].stripped not in FOOTER
        and not _header(lines[following].content)
    )


def read_flat(lines: list[Line], start: int, layout: Layout) -> None:
    top, reply = 0, 0
    chunk: list[Line] = []
    first_offset: int | None = None
    markers = _flat_markers(lines, start)
    for index in range(start, len(lines)):
        line = lines[index]
        word = markers.get(index)
        if word is None:
            chunk.append(line)
            continue
        # A marker ends the comment before it; before the first marker there may be none.
        if first_offset is not None or any(line.stripped for line in chunk):
            is_reply = word in DELETE and top > 0
            if is_reply:
                reply += 1
            else:
                top, reply = top + 1, 0
            _add_flat_comment(chunk, first_offset, top, reply if is_reply else 0, layout)
        layout.furniture.append(Piece((line.start, line.start + len(word)), "marker"))
        chunk, first_offset = [line], line.start + len(word)
    while (
        chunk
        and (not chunk[-1].stripped or chunk[-1].stripped in FOOTER)
        and (len(chunk) > 1 or first_offset is None)
    ):
        furnish(layout, chunk.pop(), "footer")
    if any(line.stripped for line in chunk[1:]) or (
        chunk and chunk[0].content[(first_offset or chunk[0].start) - chunk[0].start :].strip()
    ):
        _add_flat_comment(chunk, first_offset, top + 1, 0, layout)


def _add_flat_comment(
    chunk: list[Line], first_offset: int | None, top: int, reply: int, layout: Layout
) -> None:
    label = f"{top}.{reply}" if reply else str(top)
    readings: list[tuple[str, datetime]] = []
    lines = list(chunk)
    first_line_index = next(
        (
            i
            for i, line in enumerate(lines)
            if (
                line.content[first_offset - line.start :]
                if i == 0 and first_offset
                else line.content
            ).strip()
        ),
        None,
    )
    if first_line_index is not None:
        line = lines[first_line_index]
        offset = first_offset if first_line_index == 0 and first_offset else line.start
        readings = _header(line.content[offset - line.start :])
        if readings:
            layout.furniture.append(Piece((offset, line.end), "header"))
            lines = lines[first_line_index + 1 :]
            first_offset = None
    span, text = text_block(lines, dedent=0, first_offset=first_offset)
    if span is None:
        layout.problems.append(f"comment {label} is empty")
        span = (chunk[0].end, chunk[0].end) if chunk else (0, 0)
    layout.drafts.append(
        Draft("comment", label, span, text, str(top) if reply else None, readings=readings)
    )


# ---- classic layout ----------------------------------------------------------------------

SAID = re.compile(
    r"^[ \t]*(?P<author>\S.{0,80}?)[ \t]+(?:said|says|wrote|dijo|escribió|a dit|a écrit"
    r"|hat gesagt|schrieb|ha detto|ha scritto|disse|zei|schreef)[ \t]*(?:\.\.\.|…|:)[ \t]*$",
    re.IGNORECASE,
)
"""The header of a comment in Blogger's classic templates: "Jim said..."."""


def find_said_section(lines: list[Line], count_line: int | None) -> int | None:
    """Return the first "X said..." line after the count line (if any), else None."""
    start = count_line + 1 if count_line is not None else 0
    return next((i for i in range(start, len(lines)) if SAID.match(lines[i].content)), None)


def read_said(lines: list[Line], start: int, layout: Layout) -> None:
    """Read comments that each open with "X said..." and close with their time."""
    starts = [i for i in range(start, len(lines)) if SAID.match(lines[i].content)]
    for number, (head, end) in enumerate(
        zip(starts, [*starts[1:], len(lines)], strict=True), start=1
    ):
        furnish(layout, lines[head], "header")
        author = SAID.match(lines[head].content).group("author").strip()
        body = lines[head + 1 : end]
        published = None
        while body and (not body[-1].stripped or _kind(body[-1]) not in ("text", "number")):
            line = body.pop()
            furnish(layout, line, "footer" if line.stripped in FOOTER else "marker")
        if body and (published := parse_datetime(body[-1].stripped)) is not None:
            furnish(layout, body.pop(), "header")
        span, text = text_block(
            body, dedent=min((ln.indent for ln in body if ln.stripped), default=0)
        )
        layout.drafts.append(
            Draft(
                "comment",
                str(number),
                span or (lines[head].end, lines[head].end),
                text,
                author=None if is_anonymous(author) else author,
                published=published,
            )
        )
