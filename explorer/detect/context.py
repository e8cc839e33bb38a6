"""What reply cues are resolved against: the names, times and words of a thread's nodes."""

from __future__ import annotations

import copy
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Edge, Thread
from .signatures import name_key, person, signature_name

WINDOW = 200  # an unnamed addressee is sought among this many previous nodes

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
    "post": 0.5,  # "your blog", "good piece"
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
TOKEN = re.compile(r"[^\W\d_]{4,}")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Cue:
    """An addressee found in a node: the earlier node, how sure, why, and where in the text."""

    target: str
    score: float
    evidence: str
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Name:
    """A name node ``index`` goes by, folded to ``key`` for matching."""

    index: int
    key: str
    shown: str
    how: str  # "person" (author or sign-off) or "alias" (self-description)


class Context:
    """What every node's cues are resolved against: names, times, words, the owner."""

    def __init__(self, thread: Thread, owner: str | None) -> None:
        self.nodes = thread.nodes
        self.index = {node.id: i for i, node in enumerate(self.nodes)}
        self.post = next((i for i, node in enumerate(self.nodes) if node.kind == "post"), None)
        # "I'm the person who started this thread": that writer wrote the thread's first node.
        self.starters: dict[int, int] = {}
        for i, node in enumerate(self.nodes):
            if _STARTER.search(node.text):
                first = self._first_of_conversation(i)
                if first is not None:
                    self.starters[i] = first
        # One casefolded text of the whole thread, to ask "was this used before node i?"
        texts = [node.text.casefold() for node in self.nodes]
        self.folded = texts
        self.corpus = "\n".join(texts)
        self.starts = [0]
        for text in texts:
            self.starts.append(self.starts[-1] + len(text) + 1)
        self.first_use: dict[str, int] = {}
        self.first_word: dict[str, int] = {}
        for i, text in enumerate(texts):
            for word in _WORD.findall(text):
                self.first_word.setdefault(word, i)
        self.at_time: dict[tuple[int, int], list[int]] = {}
        for i, node in enumerate(self.nodes):
            if node.kind == "comment" and node.published:
                moment = node.published
                self.at_time.setdefault((moment.hour, moment.minute), []).append(i)
        self.timed = any(node.published for node in self.nodes if node.kind == "comment")
        self.stems = [Counter(stems(node.text)) for node in self.nodes]
        frequency = Counter(stem for stems in self.stems for stem in stems)
        total = len(self.nodes) + 1
        self.idf = {stem: math.log(total / count) for stem, count in frequency.items()}
        self.norms = [
            math.sqrt(sum((n * self.idf[s]) ** 2 for s, n in stems.items())) for stems in self.stems
        ]
        self.quotes: dict[str, list[tuple[int, Edge]]] = {}
        for edge in thread.edges:
            if edge.kind == "quote" and edge.target in self.index:
                self.quotes.setdefault(edge.source, []).append((self.index[edge.target], edge))

        self._set_owner(owner)

    def _set_owner(self, owner: str | None) -> None:
        """Everything that depends on who owns the blog: who wrote the post, and names."""
        self.owner = owner
        self.people = [self._person(i) for i in range(len(self.nodes))]
        self.person_keys = [name_key(person) if person else "" for person in self.people]
        self.names: list[Name] = []
        for i, node in enumerate(self.nodes):
            if self.people[i]:
                shown = self.people[i] or ""
                self.names.append(Name(i, name_key(shown), shown, "person"))
            if node.signature:
                shown = signature_name(node.signature)
                self.names.append(Name(i, name_key(shown), shown, "person"))
            if node.kind == "post" and owner:
                # A guest post is signed by the guest; the blog owner is a name for it too.
                self.names.append(Name(i, name_key(owner), owner, "person"))
            match = _SELF_DESCRIPTION.match(node.text)
            if match and node.kind != "post":
                shown = (match.group("quoted") or match.group("plain")).strip()
                self.names.append(Name(i, name_key(shown), shown, "alias"))
        self.by_key: dict[str, list[Name]] = {}
        for name in self.names:
            self.by_key.setdefault(name.key, []).append(name)

    def with_owner(self, owner: str | None) -> Context:
        """This context for another blog owner; only the owner's names are redone."""
        other = copy.copy(self)
        other._set_owner(owner)
        return other

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
        return bool(self.person_keys[a]) and self.person_keys[a] == self.person_keys[b]

    def names_before(self, key: str, i: int) -> Iterator[Name]:
        """The names with this key in nodes before node ``i``, latest first."""
        names = self.by_key.get(key, ())
        end = bisect_left(names, i, key=lambda name: name.index)
        return (names[j] for j in range(end - 1, -1, -1))

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
        words = _WORD.findall(phrase.casefold())
        if not words or any(self.first_word.get(word, i) >= i for word in words):
            return False  # the index of first uses answers most phrases at once
        if len(words) == 1 and words[0] == phrase.casefold():
            return True
        if phrase not in self.first_use:
            pattern = re.compile(rf"(?<!\w){re.escape(phrase.casefold())}(?!\w)")
            match = pattern.search(self.corpus)
            self.first_use[phrase] = match.start() if match else len(self.corpus)
        return self.first_use[phrase] < self.starts[i]


def stems(text: str) -> list[str]:
    """The content words of a text, cut to six letters (common words left out)."""
    # Six letters are enough to join "clients" and "client", "discretion" and "discretionary".
    return [
        word[:6] for word in (w.casefold() for w in TOKEN.findall(text)) if word not in COMMON_WORDS
    ]
