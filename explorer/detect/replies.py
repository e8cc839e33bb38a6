"""Who answers whom: addressing, time, position and quote cues become reply edges with evidence.

Most blog comments sit at the top level even when they answer someone. A comment that opens
with "Getafix - ", "@Jim", "To anon 20.14" or "As for [above]" names its addressee; this
module resolves such cues to earlier nodes and draws one edge per addressee, each with the
words that triggered it and a confidence. Precision comes first: a cue that cannot be
resolved to exactly one earlier node draws nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from ..model import Edge, Node, Thread
from .signatures import find_owner, is_anonymous, name_key, person, signature_name

REPLY_KINDS = ("reply", "addressed")
WINDOW = 200  # an unnamed addressee is sought among this many previous nodes
EXPLICIT = "nested under it on the page"
DEFAULT = "top-level comment"

# How sure each kind of cue makes us; the primary parent is the most confident one.
CONFIDENCE = {
    "at": 0.95,  # "@Getafix"
    "name": 0.9,  # "Getafix - ", "To Jim,", "Dear Zoë:"
    "time": 0.9,  # "anon 20.14" matching a published time
    "quote": 0.8,  # a passage quoted from the node
    "alias": 0.75,  # "Anonymous client - " for a comment saying 'As a "client"'
    "position": 0.6,  # "[above]", "the previous comment"
    "content": 0.55,  # "Anonymous - ", resolved by the words both comments share
    "time order": 0.5,  # an unmatched time placed by the order of the other addressees
    "post": 0.5,  # "this post", "OP"
    "default": 0.2,  # a top-level comment with no cue
}

# Words that open sentences or are common enough to be a nickname only by accident: a
# commenter called "Well" or "Sad" is addressed only with "@", "To" or "Dear".
COMMON_WORDS = frozenset(
    """
    a about above actually after again agreed ah ahh all also although always am an and
    another any anyway apparently are as at aw away awful bad basically be because been
    before being best better both brilliant but by can certainly clearly come could dear
    did do does done down each either else even ever every exactly excellent fair false
    few fine first for frankly from funny gah good great had ha haha happy hard has have he
    hear hello her here hey hi him his hmm honestly how however i if in indeed interesting
    is it its just kind last later like likely look lol maybe me meanwhile more most much
    must my naturally never new next nice no none nope not nothing now of oh ok okay on once
    one only or other our out perhaps please plus precisely quite rather re really regards
    right rubbish sad same says see seriously she should since so some sorry still such
    sure surely thank thanks that the their them then there these they this those though
    thus to today too totally true truly ugh under until up us very wait was way we well
    were what whatever when where whether which while who why will wise with wow wrong yeah
    yes yet you your yours
    """.split()
)
# Openers that put the addressee right after them ("To Jim", "Dear Zoë", "Hola Juan").
_GREETING = re.compile(
    r"^(?:to|dear|hi|hello|hey|thanks|thank you|cheers|re|reply to|replying to|response to"
    r"|hola|querido|querida|bonjour|cher|chère|salut|hallo|liebe|lieber|ciao|caro|cara|olá)"
    r"\s+",
    re.IGNORECASE,
)
_HEAD = re.compile(
    r"^(?P<name>[^\n,:;.!?–—]{1,60}?)(?P<sep>\s+-+\s+|\s*[–—]+\s*|\s*:\s+|\s*,\s*)"
)
_CLOCK = r"(?P<hour>[01]?\d|2[0-3])[:.h](?P<minute>[0-5]\d)(?:\s*(?P<ampm>[ap])\.?m\b\.?)?"
_TIME_START = re.compile(
    rf"^(?:(?:to|re:?|@)\s*)?(?P<anon>anon(?:ymous)?\s*(?:@|at\s)?\s*)?{_CLOCK}(?=$|[\s,:;!?)\-–—])",
    re.IGNORECASE,
)
_TIME_ANYWHERE = re.compile(
    rf"\b(?P<anon>anon(?:ymous)?)\s*(?:@|at\s)?\s*{_CLOCK}(?=$|[\s,:;.!?)\-–—'’])", re.IGNORECASE
)
_POSITION = re.compile(
    r"\[above\]|\b(?:comment|post|message|poster|point) above\b"
    r"|\b(?:the )?above (?:comment|poster|message)\b"
    r"|\bthe (?:previous|last) (?:comment|commenter|poster|message)\b"
    r"|\b(?:that|your) last (?:comment|message)\b",
    re.IGNORECASE,
)
# Not "this post" (often the writer's own message) nor "OP" (on a post that compiles
# comments, the original poster is whoever wrote the compiled comment).
_POST = re.compile(
    r"\b(?:your|today[’']?s|the original|the blog|this blog) (?:blog )?(?:post|article|piece)\b"
    r"|\byour blog\b|\b(?:good|great|excellent|interesting) (?:post|piece|blog)\b",
    re.IGNORECASE,
)
_SELF_DESCRIPTION = re.compile(
    r"^\s*as an? (?:[\"“'‘](?P<quoted>[^\"”'’\n]{1,30})[\"”'’]|(?P<plain>\w+(?: \w+)?),)",
    re.IGNORECASE,
)
_STARTER = re.compile(
    r"\bI(?:[’']m| am) (?:the (?:person|one|poster) who (?:started|began|opened) (?:this|the)"
    r"(?: initial| original| first)? (?:thread|discussion|debate)|the OP\b)"
    r"|\bI (?:started|began) this (?:thread|discussion|debate)",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"\bquestion", re.IGNORECASE)
_LINE = re.compile(r"[^\n]+")
_TOKEN = re.compile(r"[^\W\d_]{4,}")
_QUOTE_MARKS = "\"“”'‘’«»>"


@dataclass(frozen=True, slots=True)
class Cue:
    """An addressee found in a node: the earlier node, how sure, why, and where in the text."""

    target: str
    score: float
    evidence: str
    offset: int = 0


@dataclass(frozen=True, slots=True)
class _Name:
    index: int
    key: str
    shown: str
    how: str  # "person" (author or sign-off) or "alias" (self-description)


@dataclass(frozen=True, slots=True)
class _Pending:
    """A time reference no published time resolves; placed later by the other addressees."""

    text: str
    offset: int


class _Context:
    """What every node's cues are resolved against: names, times, words, the owner."""

    def __init__(self, thread: Thread, owner: str | None) -> None:
        self.thread = thread
        self.nodes = thread.nodes
        self.index = {node.id: i for i, node in enumerate(self.nodes)}
        self.owner = owner
        self.post = next((i for i, node in enumerate(self.nodes) if node.kind == "post"), None)
        self.people = [self._person(i) for i in range(len(self.nodes))]
        # "I'm the person who started this thread": that writer wrote the thread's first node.
        self.starters: dict[int, int] = {}
        for i, node in enumerate(self.nodes):
            if _STARTER.search(node.text):
                first = self._first_of_conversation(i)
                if first is not None:
                    self.starters[i] = first
        self.names: list[_Name] = []
        for i, node in enumerate(self.nodes):
            if self.people[i]:
                shown = self.people[i] or ""
                self.names.append(_Name(i, name_key(shown), shown, "person"))
            if node.signature:
                shown = signature_name(node.signature)
                self.names.append(_Name(i, name_key(shown), shown, "person"))
            match = _SELF_DESCRIPTION.match(node.text)
            if match and node.kind != "post":
                shown = (match.group("quoted") or match.group("plain")).strip()
                self.names.append(_Name(i, name_key(shown), shown, "alias"))
        self.by_key: dict[str, list[_Name]] = {}
        for name in self.names:
            self.by_key.setdefault(name.key, []).append(name)
        # One casefolded text of the whole thread, to ask "was this used before node i?"
        texts = [node.text.casefold() for node in self.nodes]
        self.corpus = "\n".join(texts)
        self.starts = [0]
        for text in texts:
            self.starts.append(self.starts[-1] + len(text) + 1)
        self.first_use: dict[str, int] = {}
        self.at_time: dict[tuple[int, int], list[int]] = {}
        for i, node in enumerate(self.nodes):
            if node.kind == "comment" and node.published:
                moment = node.published
                self.at_time.setdefault((moment.hour, moment.minute), []).append(i)
        self.timed = any(node.published for node in self.nodes if node.kind == "comment")
        self.stems = [Counter(_stems(node.text)) for node in self.nodes]
        frequency = Counter(stem for stems in self.stems for stem in stems)
        total = len(self.nodes) + 1
        self.idf = {stem: math.log(total / count) for stem, count in frequency.items()}
        self.norms = [
            math.sqrt(sum((n * self.idf[s]) ** 2 for s, n in stems.items())) for stems in self.stems
        ]
        self.quotes: dict[str, list[tuple[int, Any]]] = {}
        for edge in thread.edges:
            if edge.kind == "quote" and edge.target in self.index:
                self.quotes.setdefault(edge.source, []).append((self.index[edge.target], edge))

    def _person(self, i: int) -> str | None:
        node = self.nodes[i]
        if node.kind == "post" and self.owner and not person(node):
            return self.owner
        return person(node)

    def _first_of_conversation(self, i: int) -> int | None:
        """The node that opened the conversation node ``i`` belongs to (not the post)."""
        node = self.nodes[i]
        if node.parent in self.index:
            root = self.index[node.parent]
            while self.nodes[root].parent in self.index:
                root = self.index[self.nodes[root].parent]
            return root
        return next(
            (j for j in range(i) if self.nodes[j].kind == node.kind and not self.nodes[j].parent),
            None,
        )

    def same_person(self, a: int, b: int) -> bool:
        """True when nodes ``a`` and ``b`` are known to share a writer."""
        if self.starters.get(a) == b or self.starters.get(b) == a:
            return True
        return bool(self.people[a]) and name_key(self.people[a] or "") == name_key(
            self.people[b] or ""
        )

    def similarity(self, query: dict[str, float], i: int) -> float:
        """TF-IDF cosine between a paragraph (weighted by ``weigh``) and node ``i``."""
        other = self.stems[i]
        dot = sum(w * other[s] * self.idf[s] for s, w in query.items() if s in other)
        return dot / (self.norms[i] or 1.0)

    def weigh(self, stems: Counter[str]) -> dict[str, float]:
        """A paragraph's stems as unit-length TF-IDF weights (unseen stems weigh 1)."""
        weights = {s: n * self.idf.get(s, 1.0) for s, n in stems.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {s: w / norm for s, w in weights.items()}

    def shared(self, query: Counter[str], i: int) -> list[str]:
        """The stems a paragraph shares with node ``i``, rarest first."""
        return sorted((s for s in query if s in self.stems[i]), key=lambda s: -self.idf[s])

    def used_before(self, phrase: str, i: int) -> bool:
        """True when some node before ``i`` contains the phrase as words (any case)."""
        if phrase not in self.first_use:
            pattern = re.compile(rf"(?<!\w){re.escape(phrase.casefold())}(?!\w)")
            match = pattern.search(self.corpus)
            self.first_use[phrase] = match.start() if match else len(self.corpus)
        return self.first_use[phrase] < self.starts[i]


def _stems(text: str) -> list[str]:
    # Six letters are enough to join "clients" and "client", "discretion" and "discretionary".
    return [word[:6] for word in (w.casefold() for w in _TOKEN.findall(text))
            if word not in COMMON_WORDS]


def infer_replies(thread: Thread, options: object | None = None) -> Thread:
    """Return the thread with reply and addressed edges inferred, and its owner found.

    Existing reply and addressed edges are replaced; quote, repeat and duplicate edges are
    kept (quotes count as evidence). Every node gets at most one primary parent: its stated
    parent, else its most confident cue; other addressees get "addressed" edges. A top-level
    comment with no cue replies to the post with low confidence.
    """
    owner = find_owner(thread)
    context = _Context(thread, owner)
    cues = [find_cues(context, i) for i in range(len(thread.nodes))]
    answering = frozenset(
        node.id
        for node, found in zip(thread.nodes, cues, strict=True)
        if any(thread.nodes[context.index[c.target]].kind != "post" for c in found)
    )
    better_owner = find_owner(thread, answering)
    if better_owner != owner:
        owner = better_owner
        context = _Context(thread, owner)
        cues = [find_cues(context, i) for i in range(len(thread.nodes))]
    edges = [edge for edge in thread.edges if edge.kind not in REPLY_KINDS]
    for i, found in enumerate(cues):
        edges.extend(_edges_for(context, i, found))
    return replace(thread, edges=tuple(edges), owner=owner)


def _edges_for(context: _Context, i: int, cues: list[Cue]) -> list[Edge]:
    node = context.nodes[i]
    edges: list[Edge] = []
    if node.parent is not None:
        edges.append(Edge(node.id, node.parent, "reply", False, EXPLICIT, 1.0))
    best: dict[str, Cue] = {}
    for cue in sorted(cues, key=lambda c: (-c.score, c.offset)):
        if cue.target != node.parent and cue.target not in best:
            best[cue.target] = cue
    for rank, cue in enumerate(best.values()):
        kind = "reply" if rank == 0 and node.parent is None else "addressed"
        edges.append(Edge(node.id, cue.target, kind, True, cue.evidence, cue.score))
    if not best and node.kind == "comment" and node.parent is None and context.post is not None:
        post = context.nodes[context.post].id
        edges.append(Edge(node.id, post, "reply", True, DEFAULT, CONFIDENCE["default"]))
    return edges


def find_cues(context: _Context, i: int) -> list[Cue]:
    """Every addressee cue in node ``i``, resolved to earlier nodes; unresolvable ones dropped."""
    node = context.nodes[i]
    if node.kind == "post":
        return []
    cues: list[Cue] = []
    pending: list[_Pending] = []
    for number, line in enumerate(_LINE.finditer(node.text)):
        text = line.group().strip()
        offset = line.start() + len(line.group()) - len(line.group().lstrip())
        if not text or text[0] in _QUOTE_MARKS:
            continue  # a quoted line names whoever the quote names, not the addressee
        found = _time_at_start(context, i, text, offset, pending)
        if not found:
            found = _addressing(context, i, text, offset, first=number == 0)
        cues.extend(found)
    for match in _TIME_ANYWHERE.finditer(node.text):
        if not any(p.offset == match.start() for p in pending):
            cues.extend(_resolve_time(context, i, match, match.start(), pending))
    cues.extend(_placed_by_order(context, i, cues, pending))
    cues.extend(_previous(context, i))
    for target, edge in context.quotes.get(node.id, []):
        if target < i and not context.same_person(i, target) and _telling(context, i, target, edge):
            quoted = edge.passage.text if edge.passage else ""
            words = " ".join(quoted.split()[:8])
            evidence = f"quotes “{words}…”" if quoted else "quotes it"
            cues.append(Cue(context.nodes[target].id, CONFIDENCE["quote"], evidence, 0))
    if not cues:
        cues.extend(_the_post(context, i))  # every comment is about the post: only as a last resort
    return [c for c in cues if context.index[c.target] < i and not _forward_in_time(context, i, c)]


def _telling(context: _Context, i: int, target: int, edge: Edge) -> bool:
    """A quote names its source unless it is a short phrase other earlier nodes also use."""
    if edge.passage is None or edge.passage.words >= 5:
        return True
    stems = set(_stems(edge.passage.text))
    if not stems:
        return False
    return not any(
        stems <= context.stems[j].keys() for j in range(i) if j != target
    )


def _forward_in_time(context: _Context, i: int, cue: Cue) -> bool:
    source, target = context.nodes[i], context.nodes[context.index[cue.target]]
    return bool(source.published and target.published and target.published > source.published)


def _time_at_start(
    context: _Context, i: int, text: str, offset: int, pending: list[_Pending]
) -> list[Cue]:
    match = _TIME_START.match(text)
    if not match:
        return []
    return _resolve_time(context, i, match, offset, pending)


def _resolve_time(
    context: _Context, i: int, match: re.Match[str], offset: int, pending: list[_Pending]
) -> list[Cue]:
    """A time reference: the earlier comment published at that clock time, if exactly one."""
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    ampm = (match.group("ampm") or "").lower()
    hours = {hour % 12 + 12} if ampm == "p" else {hour % 12} if ampm == "a" else {hour}
    if not ampm and hour < 12:
        hours.add(hour + 12)  # "8:45" may be 20:45 on a 24-hour page
    said = match.group().strip()
    if not context.timed:
        pending.append(_Pending(said, offset))
        return []
    anonymous_only = bool(match.group("anon"))
    found = [
        j
        for hour in sorted(hours)
        for j in context.at_time.get((hour, minute), ())
        if j < i and not (anonymous_only and not is_anonymous(context.people[j]))
    ]
    if len(found) != 1:
        return []  # no such comment (not a time reference after all) or ambiguous
    return [Cue(context.nodes[found[0]].id, CONFIDENCE["time"], f"“{said}” (its time)", offset)]


def _placed_by_order(
    context: _Context, i: int, cues: list[Cue], pending: list[_Pending]
) -> list[Cue]:
    """Place unmatched time references by the order addressees are usually answered in.

    A reply answers its addressees in thread order, so a time reference written before an
    addressee that was resolved can only mean a comment before that addressee; it is placed
    only when that leaves a single comment.
    """
    placed = []
    for item in pending:
        later = [c for c in cues if c.offset > item.offset and c.score >= CONFIDENCE["alias"]]
        if not later:
            continue
        anchor = context.index[min(later, key=lambda c: c.offset).target]
        candidates = [
            j for j in range(min(anchor, i))
            if context.nodes[j].kind == "comment" and not context.same_person(i, j)
        ]
        if len(candidates) == 1:
            evidence = (
                f"“{item.text}” (times unknown; the only comment before "
                f"the next addressee, {context.nodes[anchor].label})"
            )
            placed.append(Cue(context.nodes[candidates[0]].id, CONFIDENCE["time order"],
                              evidence, item.offset))
    return placed


def _addressing(context: _Context, i: int, text: str, offset: int, first: bool) -> list[Cue]:
    """A name at the start of a paragraph: "Getafix - ", "@Jim", "To Zoë,", "Anonymous - "."""
    greeting = _GREETING.match(text)
    at = text.startswith("@")
    start = greeting.end() if greeting else int(at)
    rest = text[start:]
    head = _HEAD.match(rest)
    if head and len(head.group("name").split()) <= 5:
        name, separator = head.group("name").strip(), head.group("sep").strip()
        said = text[: start + head.end()].strip()
        if separator == "," and _lists_names(context, i, rest[head.end():]):
            return []  # "Bob, Alice and I went" is a list, not an address
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


def _lists_names(context: _Context, i: int, after: str) -> bool:
    following = after.strip().split(" ", 1)[0].strip(",")
    if following.casefold() == "and":
        return True
    return any(n.index < i for n in context.by_key.get(name_key(following), ()))


def _resolve_name(
    context: _Context, i: int, name: str, said: str, offset: int, at: bool, marked: bool,
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
    matches = [n for n in context.by_key.get(key, ()) if n.index < i]
    people = [n for n in matches if n.how == "person" and not context.same_person(i, n.index)]
    if people:
        target = max(people, key=lambda n: n.index)
        node = context.nodes[target.index]
        source = "the post's owner" if node.kind == "post" else _known_as(node, target)
        return [Cue(node.id, CONFIDENCE["at" if at else "name"], f"“{said}” ({source})", offset)]
    aliases = [n for n in matches if n.how == "alias" and not context.same_person(i, n.index)]
    if len(aliases) == 1:
        return [_alias_cue(context, aliases[0], said, offset)]
    return [] if matches else None


def _resolve_anonymous(
    context: _Context, i: int, qualifier: list[str], said: str, offset: int, first: bool
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


def _alias_cue(context: _Context, name: _Name, said: str, offset: int) -> Cue:
    node = context.nodes[name.index]
    return Cue(node.id, CONFIDENCE["alias"], f"“{said}” (it says “as a {name.shown}”)", offset)


def _by_content(
    context: _Context, i: int, text: str, offset: int, said: str, anonymous: bool
) -> list[Cue]:
    """Pick the one unnamed earlier comment whose words the addressing paragraph shares.

    Used when the addressee is "Anonymous" or a name no earlier node carries (the page did
    not keep it): the candidates are the last WINDOW comments of unknown writers, narrowed to
    questions when the paragraph mentions a question; the best must clearly beat the rest.
    """
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
            return [Cue(node.id, CONFIDENCE["content"],
                        f"“{said}” (the only earlier question by an unnamed writer)", offset)]
        candidates = asking or candidates
    query = Counter(_stems(text))
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
    for word in _TOKEN.findall(text):
        written.setdefault(word.casefold()[:6], word.casefold())
    words = ", ".join(written.get(stem, stem) for stem in shared[:3])
    return [Cue(context.nodes[j].id, CONFIDENCE["content"],
                f"“{said}” (unnamed writer; shared words: {words})", offset)]


def _looks_like_unknown_name(context: _Context, i: int, name: str) -> bool:
    """A capitalised phrase that no earlier text uses as a word: a nickname, not a topic."""
    words = name.split()
    if not words[0][:1].isupper() or words[0].casefold() in COMMON_WORDS:
        return False
    return not context.used_before(name, i)


def _previous(context: _Context, i: int) -> list[Cue]:
    """ "[above]", "the previous comment", "that last message": the node just before."""
    match = _POSITION.search(context.nodes[i].text)
    if match and i > 0 and context.nodes[i - 1].kind != "post":
        previous = context.nodes[i - 1].id
        return [Cue(previous, CONFIDENCE["position"], f"“{match.group()}”", match.start())]
    return []


def _the_post(context: _Context, i: int) -> list[Cue]:
    """ "your blog", "good piece": the post, for comments (an excerpt's "post" is its own)."""
    match = _POST.search(context.nodes[i].text)
    if match and context.nodes[i].kind == "comment" and context.post is not None:
        post = context.nodes[context.post].id
        return [Cue(post, CONFIDENCE["post"], f"“{match.group()}”", match.start())]
    return []


def _known_as(node: Node, name: _Name) -> str:
    if node.signature and name_key(signature_name(node.signature)) == name.key:
        return f"signed {node.signature.splitlines()[-1].strip()}"
    return f"written by {name.shown}"
