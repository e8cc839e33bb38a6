"""Names at the start of a paragraph: "Getafix - ", "@Jim", "To Zoë,", "Anonymous client - ".

Precision first: a name that is a common word needs "@", "To" or "Dear"; a quoted line, a
list of names or a name earlier texts use as a topic ("Sodexo - ") addresses nobody; an
unknown or anonymous addressee is resolved by shared words only when one comment clearly wins.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Node, is_anonymous
from .context import COMMON_WORDS, CONFIDENCE, TOKEN, WINDOW, Context, Cue, Name, stems
from .signatures import name_key, signature_name

# Openers that put the addressee right after them ("To Jim", "Dear Zoë", "Hola Juan").
_GREETING = re.compile(
    r"^(?:to|dear|hi|hello|hey|thanks|thank you|cheers|re|reply to|replying to|response to"
    r"|hola|querido|querida|bonjour|cher|chère|salut|hallo|liebe|lieber|ciao|caro|cara|olá)"
    r"\s+",
    re.IGNORECASE,
)
# "@Mags @Tom", and "Tom, Mags:" or "Tom and Mags -": several addressees at once.
_MENTIONS = re.compile(r"^@[\w'’.\-]+(?:[\s,]+@[\w'’.\-]+)*")
_NAME_LIST = re.compile(
    r"^[\w'’.\-]+(?: [\w'’.\-]+)?(?:\s*(?:,|&|\band\b)\s*[\w'’.\-]+(?: [\w'’.\-]+)?){1,5}"
    r"(?:\s*:|\s+[-–—]+\s)"
)
# Talking to someone says "you": "Tories - they never cared" is about a party, not to a reader.
_SECOND_PERSON = re.compile(
    r"\b(?:you|your|yours|yourself|you[’']re|you[’']ve|u|ur|tu|vous|votre|toi|du|dich|dir"
    r"|dein|deine|usted|ustedes|vosotros|tú|te|ti|você|voi|tuo|tua)\b",
    re.IGNORECASE,
)
_HEAD = re.compile(r"^(?P<name>[^\n,:;.!?–—]{1,60}?)(?P<sep>\s+-+\s+|\s*[–—]+\s*|\s*:\s+|\s*,\s*)")
# Words that say the addressee asked something ("a good question", "you ask").
_QUESTION = re.compile(
    r"\b(?:good|great|fair|excellent|interesting|valid|pertinent) question|\byour question"
    r"|\byou ask(?:ed)?\b|\bto answer (?:you|your)\b",
    re.IGNORECASE,
)


def find_addressees(context: Context, i: int, text: str, offset: int, first: bool) -> list[Cue]:
    """A name at the start of a paragraph: "Getafix - ", "@Jim", "To Zoë,", "Anonymous - "."""
    greeting = _GREETING.match(text)
    at = text.startswith("@")
    mentions = _MENTIONS.match(text)
    if mentions and mentions.group().count("@") > 1:
        return _several(context, i, mentions.group(), offset, at=True)
    start = greeting.end() if greeting else int(at)
    rest = text[start:]
    head = _HEAD.match(rest)
    if head and len(head.group("name").split()) <= 5:
        name, separator = head.group("name").strip(), head.group("sep").strip()
        said = text[: start + head.end()].strip()
        if separator == "," and _lists_names(context, i, rest[head.end() :]):
            # "Tom, Mags: you're both right" addresses both; "Bob, Alice and I went" nobody.
            listed = _NAME_LIST.match(rest)
            return _several(context, i, listed.group(), offset, at=False) if listed else []
        if re.search(r"\band\b|&", name) and separator in ("-", "–", "—", ":"):
            listed = _NAME_LIST.match(rest)
            return _several(context, i, listed.group(), offset, at=False) if listed else []
        found = _resolve_name(context, i, name, said, offset, at, bool(greeting), first)
        if found is not None:
            return found
        if first and separator in ("-", "–", "—") and _looks_like_unknown_name(context, i, name):
            return _by_content(context, i, text, offset, said, anonymous=False)
    if at or greeting:
        # No separator ("@Getafix you are right", "To Jim I say"): the longest known name.
        tokens = rest.split()[:5]
        for count in range(len(tokens), 0, -1):
            name = " ".join(tokens[:count]).rstrip(".!?;")
            said = (text[:start] + name).strip()
            if name.casefold() in ("anon", "anonymous"):
                continue
            found = _resolve_name(context, i, name, said, offset, at, True, False)
            if found:
                return found
    return []


def _several(context: Context, i: int, said: str, offset: int, at: bool) -> list[Cue]:
    """Each known name of "@Mags @Tom" or "Tom, Mags:"; all must be known, or none counts."""
    if at:
        names = re.findall(r"@([\w'’.\-]+)", said)
    else:
        names = [n.strip() for n in re.split(r",|&|\band\b", said.rstrip(":-–— ")) if n.strip()]
    cues = []
    for name in names:
        found = _resolve_name(context, i, name, said.strip(), offset, at, True, False)
        if not found or name_key(name) in COMMON_WORDS:
            return []
        cues.extend(found)
    return cues


def _lists_names(context: Context, i: int, after: str) -> bool:
    following = after.strip().split(" ", 1)[0].strip(",")
    if following.casefold() == "and":
        return True
    return any(n.index < i for n in context.by_key.get(name_key(following), ()))


def _resolve_name(
    context: Context,
    i: int,
    name: str,
    said: str,
    offset: int,
    at: bool,
    marked: bool,
    first: bool,
) -> list[Cue] | None:
    """Resolve an addressed name; None means not a name we know, [] means no edge."""
    key = name_key(name)
    if not key:
        return None
    lowered = name.casefold().split()
    if lowered[0] in ("anonymous", "anon"):
        return _resolve_anonymous(context, i, lowered[1:], said, offset, first)
    if key in COMMON_WORDS and not marked:
        return None  # "Well, I think": a commenter called "Well" needs "@Well" or "To Well"
    # Latest first, so the usual case (the name's latest writer) stops at once.
    matched, person, aliases = False, None, []
    for name_found in context.names_before(key, i):
        matched = True
        if context.same_person(i, name_found.index):
            continue
        if name_found.how == "person":
            person = name_found
            break
        aliases.append(name_found)
    if person is not None:
        target = person
        node = context.nodes[target.index]
        source = "the post's owner" if node.kind == "post" else _known_as(node, target)
        return [Cue(node.id, CONFIDENCE["at" if at else "name"], f"“{said}” ({source})", offset)]
    if len(aliases) == 1:
        return [_alias_cue(context, aliases[0], said, offset)]
    return [] if matched else None


def _resolve_anonymous(
    context: Context, i: int, qualifier: list[str], said: str, offset: int, first: bool
) -> list[Cue]:
    """ "Anonymous client - " (an alias), "Anon - " (resolved by shared words)."""
    if qualifier:
        key = name_key(" ".join(qualifier))
        aliases = [n for n in context.by_key.get(key, ()) if n.index < i and n.how == "alias"]
        if len(aliases) == 1:
            return [_alias_cue(context, aliases[0], said, offset)]
        return []
    if not first:
        return []
    text = context.nodes[i].text[offset:].split("\n", 1)[0]
    return _by_content(context, i, text, offset, said, anonymous=True)


def _alias_cue(context: Context, name: Name, said: str, offset: int) -> Cue:
    node = context.nodes[name.index]
    return Cue(node.id, CONFIDENCE["alias"], f"“{said}” (it says “as a {name.shown}”)", offset)


def _by_content(
    context: Context, i: int, text: str, offset: int, said: str, anonymous: bool
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
        if context.nodes[j].kind == "comment"
        and not context.people[j]
        and (not anonymous or is_anonymous(context.nodes[j].author))
    ]
    if _QUESTION.search(text):
        asking = [j for j in candidates if "?" in context.nodes[j].text]
        if len(asking) == 1:
            node = context.nodes[asking[0]]
            return [
                Cue(
                    node.id,
                    CONFIDENCE["content"],
                    f"“{said}” (the only earlier question by an unnamed writer)",
                    offset,
                )
            ]
        candidates = asking or candidates
    query = Counter(stems(text))
    weights = context.weigh(query)
    scored = sorted(((context.similarity(weights, j), j) for j in candidates), reverse=True)
    if not scored:
        return []
    (best, j), shared = scored[0], context.shared(query, scored[0][1])
    # Two shared words at least, and twice the next best: a chance overlap draws nothing.
    if len(shared) < 2 or best < 0.02 or (len(scored) > 1 and best < 2 * scored[1][0]):
        return []
    # Show the words as the addressing paragraph writes them, not their stems.
    written = {}
    for word in TOKEN.findall(text):
        written.setdefault(word.casefold()[:6], word.casefold())
    words = ", ".join(written.get(stem, stem) for stem in shared[:3])
    return [
        Cue(
            context.nodes[j].id,
            CONFIDENCE["content"],
            f"“{said}” (unnamed writer; shared words: {words})",
            offset,
        )
    ]


def _looks_like_unknown_name(context: Context, i: int, name: str) -> bool:
    """A capitalised phrase that no earlier text uses as a word: a nickname, not a topic."""
    words = name.split()
    if not words[0][:1].isupper() or words[0].casefold() in COMMON_WORDS:
        return False
    return not context.used_before(name, i)


def _known_as(node: Node, name: Name) -> str:
    """How the addressee goes by that name: "signed 'Getafix", "written by Juan"."""
    if node.signature and name_key(signature_name(node.signature)) == name.key:
        return f"signed {node.signature.splitlines()[-1].strip()}"
    return f"written by {name.shown}"
