"""Content: an addressee the page does not name ("Anonymous - ") found by the words shared.

Not a finder of its own: the names finder calls it when the addressed name is anonymous or
carried by no earlier node, and it answers only when one earlier comment clearly wins.
"""

from __future__ import annotations

import re
from collections import Counter

from ...model import is_anonymous
from ...text import words as split_words
from ..index import ThreadIndex, stems
from .cue import CONFIDENCE, Cue

WINDOW = 200  # an unnamed addressee is sought among this many previous nodes

# Talking to someone says "you": "Tories - they never cared" is about a party, not to a reader.
_SECOND_PERSON = re.compile(
    r"\b(?:you|your|yours|yourself|you[’']re|you[’']ve|u|ur|tu|vous|votre|toi|du|dich|dir"
    r"|dein|deine|usted|ustedes|vosotros|tú|te|ti|você|voi|tuo|tua)\b",
    re.IGNORECASE,
)
# Words that say the addressee asked something ("a good question", "you ask").
_QUESTION = re.compile(
    r"\b(?:good|great|fair|excellent|interesting|valid|pertinent) question|\byour question"
    r"|\byou ask(?:ed)?\b|\bto answer (?:you|your)\b",
    re.IGNORECASE,
)


def resolve_by_content(
    index: ThreadIndex, i: int, text: str, offset: int, said: str, *, anonymous: bool
) -> list[Cue]:
    """Pick the one unnamed earlier comment whose words the addressing paragraph shares.

    Used when the addressee is "Anonymous" or a name no earlier node carries (the page did
    not keep it) and then talks to someone ("you", "a good question"): the candidates
    are the last WINDOW comments of unknown writers, narrowed to questions when the paragraph
    mentions a question; the best must clearly beat the rest.
    """
    if not anonymous and not (_SECOND_PERSON.search(text) or _QUESTION.search(text)):
        return []  # "Anonymous" always means a reader; an unknown name may be a topic
    candidates = [
        j
        for j in range(max(0, i - WINDOW), i)
        if index.nodes[j].kind == "comment"
        and not index.people[j]
        and (not anonymous or is_anonymous(index.nodes[j].author))
    ]
    if _QUESTION.search(text):
        asking = [j for j in candidates if "?" in index.nodes[j].text]
        if len(asking) == 1:
            evidence = f"“{said}” (the only earlier question by an unnamed writer)"
            return [Cue(index.nodes[asking[0]].id, CONFIDENCE["content"], evidence, offset)]
        candidates = asking or candidates
    query = Counter(stems(text))
    weights = index.weigh(query)
    scored = sorted(((index.similarity(weights, j), j) for j in candidates), reverse=True)
    if not scored:
        return []
    (best, j), shared = scored[0], index.shared(query, scored[0][1])
    # Two shared words at least, and twice the next best: a chance overlap draws nothing.
    if len(shared) < 2 or best < 0.02 or (len(scored) > 1 and best < 2 * scored[1][0]):
        return []
    # Show the words as the addressing paragraph writes them, not their stems.
    written: dict[str, str] = {}
    for word in split_words(text, cut="letters"):
        written.setdefault(word[:6], word)
    words = ", ".join(written.get(stem, stem) for stem in shared[:3])
    evidence = f"“{said}” (unnamed writer; shared words: {words})"
    return [Cue(index.nodes[j].id, CONFIDENCE["content"], evidence, offset)]
