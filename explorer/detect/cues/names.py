"""Names at the start of a paragraph: "Getafix - ", "@Jim", "To Zoë,", "Anonymous client - ".

Precision first: a name that is a common word needs "@", "To" or "Dear"; a quoted line, a
list of names or a name earlier texts use as a topic ("Sodexo - ") addresses nobody; an
unknown or anonymous addressee is resolved by shared words only when one comment clearly wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Node, person_key
from ..index import COMMON_WORDS, Name, ThreadIndex
from ..signatures import signature_name
from .content import resolve_by_content
from .cue import CONFIDENCE, GREETINGS, Cue, Line, first_mark
from .times import TIME_START

_GREETING = re.compile(rf"^(?:{GREETINGS})\s+", re.IGNORECASE)
# "@Mags @Tom", and "Tom, Mags:" or "Tom and Mags -": several addressees at once.
_MENTIONS = re.compile(r"^@[\w'’.\-]+(?:[\s,]+@[\w'’.\-]+)*")
_NAME_LIST = re.compile(
    r"^[\w'’.\-]+(?: [\w'’.\-]+)?(?:\s*(?:,|&|\band\b)\s*[\w'’.\-]+(?: [\w'’.\-]+)?){1,5}"
    r"(?:\s*:|\s+[-–—]+\s)"
)
_HEAD = re.compile(r"^(?P<name>[^\n,:;.!?–—]{1,60}?)(?P<sep>\s+-+\s+|\s*[–—]+\s*|\s*:\s+|\s*,\s*)")


def find(
    index: ThreadIndex, i: int, lines: Sequence[Line], found: Sequence[Cue]
) -> list[Cue]:
    """Addressed names opening the lines of node ``i`` (lines opening with a time excepted)."""
    cues: list[Cue] = []
    for line in lines:
        if not TIME_START.match(line.text):
            cues.extend(_addressees(index, i, line))
    return cues


def _addressees(index: ThreadIndex, i: int, line: Line) -> list[Cue]:
    """A name at the start of a line: "Getafix - ", "@Jim", "To Zoë,", "Anonymous - "."""
    text, offset, first = line.text, line.offset, line.number == 0
    greeting = _GREETING.match(text)
    at = text.startswith("@")
    mentions = _MENTIONS.match(text)
    if mentions and mentions.group().count("@") > 1:
        return _several(index, i, mentions.group(), offset, at=True)
    start = greeting.end() if greeting else int(at)
    rest = text[start:]
    head = _short_head(rest)
    if head:
        name, separator = head.group("name").strip(), head.group("sep").strip()
        said = text[: start + head.end()].strip()
        listed = _NAME_LIST.match(rest)
        if separator == "," and _lists_names(index, i, rest[head.end() :]):
            # "Tom, Mags: you're both right" addresses both; "Bob, Alice and I went" nobody.
            return _several(index, i, listed.group(), offset, at=False) if listed else []
        if re.search(r"\band\b|&", name) and separator in ("-", "–", "—", ":"):
            return _several(index, i, listed.group(), offset, at=False) if listed else []
        found = _resolve_name(
            index, i, name, said, offset, at=at, marked=bool(greeting), first=first
        )
        if found is not None:
            return found
        if first and separator in ("-", "–", "—") and _looks_like_unknown_name(index, i, name):
            return resolve_by_content(index, i, text, offset, said, anonymous=False)
    if at or greeting:
        # No separator ("@Getafix you are right", "To Jim I say"): the longest known name.
        tokens = rest.split()[:5]
        for count in range(len(tokens), 0, -1):
            name = " ".join(tokens[:count]).rstrip(".!?;")
            said = (text[:start] + name).strip()
            if name.casefold() in ("anon", "anonymous"):
                continue
            found = _resolve_name(index, i, name, said, offset, at=at, marked=True, first=False)
            if found:
                return found
    return []


def _short_head(text: str) -> re.Match[str] | None:
    """``_HEAD``'s match when its name has five words at most, else None.

    Every separator holds one of ``- – — : ,`` with only spaces between it and the name, so
    when more than five words come before the first of these marks, no such head can match
    and the slow search is skipped."""
    if first_mark(text) is None:  # none up to the sixth word's first character
        return None
    head = _HEAD.match(text)
    return head if head and len(head.group("name").split()) <= 5 else None


def _several(index: ThreadIndex, i: int, said: str, offset: int, *, at: bool) -> list[Cue]:
    """Each known name of "@Mags @Tom" or "Tom, Mags:"; all must be known, or none counts."""
    if at:
        names = re.findall(r"@([\w'’.\-]+)", said)
    else:
        names = [n.strip() for n in re.split(r",|&|\band\b", said.rstrip(":-–— ")) if n.strip()]
    cues = []
    for name in names:
        found = _resolve_name(index, i, name, said.strip(), offset, at=at, marked=True, first=False)
        if not found or person_key(name) in COMMON_WORDS:
            return []
        cues.extend(found)
    return cues


def _lists_names(index: ThreadIndex, i: int, after: str) -> bool:
    following = after.strip().split(" ", 1)[0].strip(",")
    if following.casefold() == "and":
        return True
    return any(n.index < i for n in index.names_with(person_key(following)))


def _resolve_name(
    index: ThreadIndex,
    i: int,
    name: str,
    said: str,
    offset: int,
    *,
    at: bool,
    marked: bool,
    first: bool,
) -> list[Cue] | None:
    """Resolve an addressed name; None means not a name we know, [] means no edge."""
    key = person_key(name)
    if not key:
        return None
    lowered = name.casefold().split()
    if lowered[0] in ("anonymous", "anon"):
        return _resolve_anonymous(index, i, lowered[1:], said, offset, first=first)
    if key in COMMON_WORDS and not marked:
        return None  # "Well, I think": a commenter called "Well" needs "@Well" or "To Well"
    # Latest first, so the usual case (the name's latest writer) stops at once.
    matched, person, aliases = False, None, []
    for name_found in index.names_before(key, i):
        matched = True
        if index.same_person(i, name_found.index):
            continue
        if name_found.how == "person":
            person = name_found
            break
        aliases.append(name_found)
    if person is not None:
        node = index.nodes[person.index]
        if node.kind == "post":
            source = f"the {index.thread.owner_role}"
        else:
            source = _known_as(node, person)
        return [Cue(node.id, CONFIDENCE["at" if at else "name"], f"“{said}” ({source})", offset)]
    if len(aliases) == 1:
        return [_alias_cue(index, aliases[0], said, offset)]
    return [] if matched else None


def _resolve_anonymous(
    index: ThreadIndex, i: int, qualifier: list[str], said: str, offset: int, *, first: bool
) -> list[Cue]:
    """ "Anonymous client - " (an alias), "Anon - " (resolved by shared words)."""
    if qualifier:
        key = person_key(" ".join(qualifier))
        aliases = [n for n in index.names_with(key) if n.index < i and n.how == "alias"]
        if len(aliases) == 1:
            return [_alias_cue(index, aliases[0], said, offset)]
        return []
    if not first:
        return []
    text = index.nodes[i].text[offset:].split("\n", 1)[0]
    return resolve_by_content(index, i, text, offset, said, anonymous=True)


def _alias_cue(index: ThreadIndex, name: Name, said: str, offset: int) -> Cue:
    node = index.nodes[name.index]
    return Cue(node.id, CONFIDENCE["alias"], f"“{said}” (it says “as a {name.shown}”)", offset)


def _looks_like_unknown_name(index: ThreadIndex, i: int, name: str) -> bool:
    """A capitalised phrase that no earlier text uses as a word: a nickname, not a topic."""
    words = name.split()
    if not words[0][:1].isupper() or words[0].casefold() in COMMON_WORDS:
        return False
    return not index.used_before(name, i)


def _known_as(node: Node, name: Name) -> str:
    """How the addressee goes by that name: "signed 'Getafix", "written by Juan"."""
    if node.signature and person_key(signature_name(node.signature)) == name.key:
        return f"signed {node.signature.splitlines()[-1].strip()}"
    return f"written by {name.shown}"
