"""The lossless check of page-text layouts and a seeded generator of mutated pages."""

from __future__ import annotations

import random
from textwrap import dedent

from explorer.formats.pagetext import Layout

# A page in Blogger's classic template: comments open with "X said..." and end with a time.
CLASSIC = dedent(
    """\
    Sunday, 3 May 2009

    Old Template

    A post from the days of the classic template.

    3 comments:

    Anonymous said...

        Is this still the case?
        Jim said... last week that it was.

        3 May 2009 at 21:15
    Jim said...

        Anonymous - yes.

        Cheers,

        Jim

        4 May 2009 at 08:02
        Delete
    R2D2 fan said...

        No date on this one.

    Post a Comment
    """
)

FURNITURE = {
    "date", "title", "count", "separator", "numbering", "header", "marker", "footer", "skipped",
}  # fmt: skip


def assert_lossless(layout: Layout) -> None:
    """Each character is in one node's text, in recognised furniture, or skipped with a warning.

    Between pieces only whitespace may remain, and a node's text differs from its span of
    the page only by the layout's indentation. A skipped piece is named by a problem.
    """
    text = layout.text
    pieces = sorted(
        [(draft.span, "node", draft) for draft in layout.drafts]
        + [(piece.span, piece.kind, None) for piece in layout.furniture],
        key=lambda item: item[0],
    )
    position = 0
    for (start, end), kind, draft in pieces:
        assert start >= position, f"{kind} at {start} overlaps what ends at {position}"
        assert not text[position:start].strip(), f"unaccounted text {text[position:start]!r}"
        if draft is not None:
            source_lines = text[start:end].split("\n")
            node_lines = draft.text.split("\n")
            assert len(source_lines) == len(node_lines), f"{draft.label} changes line count"
            for source_line, node_line in zip(source_lines, node_lines, strict=True):
                assert source_line.endswith(node_line), f"{draft.label} changes {node_line!r}"
                assert not source_line[: len(source_line) - len(node_line)].strip()
        elif kind == "skipped":
            shown = text[start:end].split("\n")[0].strip()[:40]
            assert any(shown in problem for problem in layout.problems), f"{shown!r} unreported"
        position = max(position, end)
    assert not text[position:].strip(), f"unaccounted text {text[position:]!r}"
    assert {piece.kind for piece in layout.furniture} <= FURNITURE
    labels = [draft.label for draft in layout.drafts]
    assert len(labels) == len(set(labels)), f"labels repeat: {labels}"


# Lines that look like layout, to insert or glue: markers, counts, headers, numbers, dates.
_INSERTS = (
    "ReplyDelete", "Delete", "Replies", "Reply", "3 comments:", "1 comment:", "12 Comments:",
    "Anonymous said...", "Jim said...", "jane_doe said...", "7 July 2015 at 22:26",
    "Wednesday 2 March 2011", "1. ", "2. A numbered line", "    1. Indented", "*****",
    "    Replies", "Réponses", "RépondreSupprimer", "DeleteA reply", "Thursday, 4 February 2021",
    "--oo00oo--", "Load more...", "Post a Comment", "", "The", "Cheers,",
)  # fmt: skip
_GLUES = ("ReplyDelete", "Delete", "RépondreSupprimer", "Reply")
_NAMES = ("Jim", "jane_doe", "Anonymous", "netnanny", "R2D2 fan", "'Getafix", "bob99")


def _delete(lines: list[str], rng: random.Random) -> None:
    del lines[rng.randrange(len(lines))]


def _duplicate(lines: list[str], rng: random.Random) -> None:
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])


def _swap(lines: list[str], rng: random.Random) -> None:
    index = rng.randrange(len(lines) - 1)
    lines[index], lines[index + 1] = lines[index + 1], lines[index]


def _insert(lines: list[str], rng: random.Random) -> None:
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(_INSERTS))


def _glue_marker(lines: list[str], rng: random.Random) -> None:
    index = rng.randrange(len(lines))
    lines[index] = rng.choice(_GLUES) + lines[index].lstrip()


def _glue_header(lines: list[str], rng: random.Random) -> None:
    index = rng.randrange(len(lines))
    marker = rng.choice(("", *_GLUES))
    lines.insert(index, f"{marker}{rng.choice(_NAMES)}{rng.randint(1, 28)} July 2015 at 22:26")


def _dedent(lines: list[str], rng: random.Random) -> None:
    lines[:] = [line.lstrip() for line in lines]


def _change_case(lines: list[str], rng: random.Random) -> None:
    index = rng.randrange(len(lines))
    lines[index] = rng.choice((str.lower, str.upper, str.title))(lines[index])


def _join(lines: list[str], rng: random.Random) -> None:
    index = rng.randrange(len(lines) - 1)
    lines[index : index + 2] = [lines[index] + lines[index + 1]]


def _split(lines: list[str], rng: random.Random) -> None:
    index = rng.randrange(len(lines))
    cut = rng.randrange(len(lines[index]) + 1)
    lines[index : index + 1] = [lines[index][:cut], lines[index][cut:]]


def _truncate(lines: list[str], rng: random.Random) -> None:
    cut = rng.randrange(1, len(lines))
    if rng.random() < 0.5:
        del lines[cut:]
    else:
        del lines[:cut]


MUTATIONS = (
    _delete, _duplicate, _swap, _insert, _glue_marker, _glue_header, _change_case, _join,
    _split, _truncate, _dedent,
)  # fmt: skip


def mutate(text: str, rng: random.Random, steps: int) -> str:
    """The text with ``steps`` random line mutations applied."""
    lines = text.split("\n")
    for _ in range(steps):
        if len(lines) < 2:
            lines.append(rng.choice(_INSERTS))
        rng.choice(MUTATIONS)(lines, rng)
    return "\n".join(lines)


def window(text: str, rng: random.Random, size: int) -> str:
    """A random run of ``size`` lines of the text (all of it when shorter)."""
    lines = text.split("\n")
    if len(lines) <= size:
        return text
    start = rng.randrange(len(lines) - size)
    return "\n".join(lines[start : start + size])
