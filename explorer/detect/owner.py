"""Who owns a thread: the blog owner, or the one who started the thread elsewhere."""

from __future__ import annotations

import re
from collections import Counter

from ..model import Thread, author_of, person_key
from .signatures import NOT_NAMES, signature_name

# "Thanks for posting this Jim": whoever is thanked for the post owns it (on a blog, a guest
# post is thanked to the blog owner who put it up).
_THANKS_FOR_POSTING = re.compile(
    r"\b(?i:(?:thanks|thank you|cheers) (?:again )?for (?:posting|sharing|publishing|putting up"
    r"|the post|this post)(?: this| it| that)?),?\s+(?P<name>[A-Z\u00c0-\u024f][\w'’\-]*)(?!\w)"
)


def find_owner(thread: Thread, answering: frozenset[str] = frozenset()) -> str | None:
    """Return the thread's owner: as stated, the post's byline, a frequent replier, a sign-off.

    ``answering`` holds the ids of comments found answering other comments; the owner is the
    one who signs at least two of them (bloggers answer their commenters; a guest whose post
    is signed usually does not). Then the name commenters thank for posting ("Thanks for
    posting this Jim"); the post's sign-off comes last because reposted guest posts end with
    the guest's name.
    """
    return _stated_owner(thread) or _answering_owner(thread, answering) or _named_owner(thread)


def owner_by_answers(thread: Thread, owner: str | None, answering: frozenset[str]) -> str | None:
    """``find_owner(thread, answering)`` where ``owner`` is ``find_owner(thread)``: only the
    answers are read again."""
    if not answering or _stated_owner(thread):
        return owner
    return _answering_owner(thread, answering) or owner


def _stated_owner(thread: Thread) -> str | None:
    """The owner the source states, or the post's byline."""
    if thread.owner:
        return thread.owner
    post = thread.post
    return author_of(post, inferred=False) if post is not None else None


def _answering_owner(thread: Thread, answering: frozenset[str]) -> str | None:
    """The one who signs at least two of the answering comments, more than anyone else."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for node in thread.nodes if answering else ():
        name = author_of(node)
        key = person_key(name)
        if node.id in answering and key:
            counts[key] = counts.get(key, 0) + 1
            names.setdefault(key, name)
    frequent = sorted(counts.items(), key=lambda item: -item[1])
    if frequent and frequent[0][1] >= 2 and (len(frequent) == 1 or frequent[1][1] < frequent[0][1]):
        return names[frequent[0][0]]
    return None


def _named_owner(thread: Thread) -> str | None:
    """The name commenters thank for posting, else the post's sign-off."""
    thanked = Counter(
        match.group("name")
        for node in thread.nodes
        # Every match holds "for " in some case; only f, o and r fold to f, o and r.
        if node.kind == "comment" and "for " in node.text.casefold()
        for match in _THANKS_FOR_POSTING.finditer(node.text)
        if person_key(match.group("name")) not in NOT_NAMES
    )
    if thanked:
        return thanked.most_common(1)[0][0]
    post = thread.post
    if post is not None and post.signature:
        return signature_name(post.signature)
    return None
