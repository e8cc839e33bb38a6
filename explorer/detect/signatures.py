"""Sign-offs at the end of a text: "Jim", "Cheers,\n\nJim", "'Getafix", "David Raho"."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Thread, author_of, person_key

_VALEDICTION = re.compile(
    r"^(?:cheers|thanks|thank you|many thanks|regards|kind regards|best wishes|best|all the best"
    r"|yours|love|take care|peace|respect|ta|sincerely|yours sincerely|warm regards)[,!.]?$",
    re.IGNORECASE,
)
# A name line: one to four words, each capitalised (or an alias with a leading ' - ~ @),
# digits allowed, no sentence punctuation.
_NAME = re.compile(
    r"^(?:[-~–—]\s*)?['’@]?[A-Z\u00c0-\u024f][\w'’.\-]*(?:\s+['’]?[A-Z\u00c0-\u024f][\w'’.\-]*){0,3}$"
)
# After a dash the name may go on in lower case ("- R2D2 fan", "~ Zoë from accounts").
_MARKED_NAME = re.compile(
    r"^[-~–—]\s*['’@]?[A-Z\u00c0-\u024f0-9][\w'’.\-]*(?:\s+[\w'’.\-]+){0,3}$"
)
NOT_NAMES = {
    "thanks", "cheers", "yes", "no", "agreed", "indeed", "exactly", "absolutely", "well said",
    "sad", "shame", "disgraceful", "nope", "ok", "okay", "true", "quite", "rubbish", "wow",
    "brilliant", "spot on", "hear hear", "anonymous", "anon", "delete", "reply", "replies",
}
_INLINE_TAIL = re.compile(r"[.!?]\s+(?P<name>[^.!?\n]{2,40})$")


def find_signature(text: str, known: frozenset[str] = frozenset()) -> str | None:
    """Return the sign-off ending ``text`` (name line, optionally after a valediction line).

    A sign-off needs a body before it. ``known`` names signatures already seen elsewhere, so
    that "... in short supply. David Raho" is caught when "David Raho" signs another text.
    """
    lines = text.rstrip().split("\n")
    filled = []  # the last three lines that are not blank, last first
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            filled.append(index)
            if len(filled) == 3:
                break
    if len(filled) < 2:
        return _inline_signature(text, known)
    last = lines[filled[0]].strip()
    if not _is_name(last):
        return _inline_signature(text, known)
    start = filled[0]
    previous = lines[filled[1]].strip()
    if _VALEDICTION.match(previous) and len(filled) == 3:
        start = filled[1]
    signature = "\n".join(lines[start:]).strip()
    return signature


def _is_name(line: str) -> bool:
    bare = line.strip("-~–— ").lower()
    return (
        len(line) <= 40
        and bool(_NAME.match(line) or _MARKED_NAME.match(line))
        and bare not in NOT_NAMES
        and not _VALEDICTION.match(line)
    )


def _inline_signature(text: str, known: frozenset[str]) -> str | None:
    if not known:
        return None
    text = text.rstrip()
    # The tail holds no sentence mark: a match can only start at the text's last one.
    last = max(text.rfind("."), text.rfind("!"), text.rfind("?"))
    match = _INLINE_TAIL.match(text, last) if last >= 0 else None
    if match and match.group("name").strip() in known:
        return match.group("name").strip()
    return None


def signature_name(signature: str) -> str:
    """The name in a sign-off: its last line without marks ("Cheers,\n\nJim" -> "Jim")."""
    return signature.strip().split("\n")[-1].strip().lstrip("-~–—@'’ ").strip()


def find_signatures(thread: Thread) -> Thread:
    """Return the thread with each node's ``signature`` and anonymous nodes' inferred author.

    A signature the source marks (a mail's ``-- `` block) is kept as the reader found it.
    """
    first_pass = [node.signature or find_signature(node.text) for node in thread.nodes]
    known = frozenset(signature_name(s) for s in first_pass if s)
    # Without signatures known, a second look finds none; with them, it can find only an
    # inline one (the lines gave none the first time). A node that keeps its signature is
    # kept as it is (most nodes of a big thread).
    found = [signature or (_inline_signature(node.text, known) if known else None)
             for node, signature in zip(thread.nodes, first_pass, strict=True)]
    pairs = list(zip(thread.nodes, found, strict=True))
    if any(signature != node.signature for node, signature in pairs):
        nodes = tuple(
            node if signature == node.signature else replace(node, signature=signature)
            for node, signature in pairs
        )
        thread = replace(thread, nodes=nodes)
    return infer_authors(thread)


def infer_authors(thread: Thread) -> Thread:
    """Set ``author_inferred`` of anonymous nodes from their sign-offs (the thread itself
    when none changes).

    The same sign-off is the same person: when a named author signs a text "Jim" elsewhere,
    an anonymous text signed "Jim" gets that author's name.
    """
    signed = [node for node in thread.nodes if node.signature]
    signers: dict[str | None, str] = {}
    for node in signed:
        named = author_of(node, inferred=False)
        if named:
            signers.setdefault(person_key(signature_name(node.signature)), named)
    nodes = list(thread.nodes)
    changed = False
    for i, node in enumerate(nodes):
        if node.signature and node.author_inferred is None \
                and author_of(node, inferred=False) is None:
            name = signature_name(node.signature)
            nodes[i] = replace(node, author_inferred=signers.get(person_key(name)) or name)
            changed = True
    return replace(thread, nodes=tuple(nodes)) if changed else thread
