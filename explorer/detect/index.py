"""A frozen index of one thread: what reply cues and the reply model are resolved against.

``index_thread`` derives what every thread needs (positions, the stated tree, times, quotes);
the rest (names, casefolded texts, first uses of words, stems) is worked out once, when
first read. ``with_owner`` returns a new index for another owner, sharing the parts that
do not depend on who owns the thread. Nothing here changes after it is built.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from ..model import Edge, Node, Thread, author_of, person_key
from ..text import QUOTE_MARKS, words
from ..tree import ReplyTree, ancestry, primary_parents, reply_tree
from .signatures import signature_name
from .stem_vectors import COMMON_WORDS as COMMON_WORDS  # the cues read them here
from .stem_vectors import NodeStems, StemVectors
from .stem_vectors import stems as stems

_SELF_DESCRIPTION = re.compile(
    rf"^\s*as an? (?:[{QUOTE_MARKS}](?P<quoted>[^{QUOTE_MARKS}\n]{{1,30}})[{QUOTE_MARKS}]"
    r"|(?P<plain>\w+(?: \w+)?),)",
    re.IGNORECASE,
)
_STARTER = re.compile(
    r"\bI(?:[’']m| am) (?:the (?:person|one|poster) who (?:started|began|opened) (?:this|the)"
    r"(?: initial| original| first)? (?:thread|discussion|debate)|the OP\b)"
    r"|\bI (?:started|began) this (?:thread|discussion|debate)",
    re.IGNORECASE,
)
_STARTER_WORDS = ("started", "began", "opened", "the op")
"""Every match of _STARTER holds one of these in its casefolded text (a cheap test first)."""


@dataclass(frozen=True, slots=True)
class Name:
    """A name node ``index`` goes by, folded to ``key`` for matching."""

    index: int
    key: str
    shown: str
    how: str  # "person" (author or sign-off) or "alias" (self-description)


class Owned:
    """The part of an index that depends on the owner: who wrote each node, and all names.

    Worked out when first read: a thread whose source states every parent and whose
    comments name nobody never asks for the names."""

    def __init__(self, nodes: tuple[Node, ...], owner: str | None) -> None:
        self.nodes = nodes
        self.owner = owner

    @cached_property
    def people(self) -> tuple[str | None, ...]:
        """Each node's writer as known: author, inferred author, the owner for the post."""
        return tuple(author_of(node, self.owner) for node in self.nodes)

    @cached_property
    def person_keys(self) -> tuple[str, ...]:
        """Each writer folded by ``person_key`` ("" for nobody)."""
        return tuple(person_key(writer) or "" for writer in self.people)

    @cached_property
    def names(self) -> dict[str, tuple[Name, ...]]:
        """Name key -> every name with that key, in node order."""
        return _names(self.nodes, self.owner, self.people)


@dataclass(frozen=True)
class ThreadIndex:
    """A thread's nodes with their names, times and words, for resolving reply cues.

    What only some cues read (casefolded texts, first uses of words, ancestry spans, who
    says they started the thread) is worked out on first use: a thread whose source states
    every parent and whose comments name nobody reads little of it.
    """

    thread: Thread
    nodes: tuple[Node, ...]  # the thread's nodes, in thread order
    positions: dict[str, int]  # node id -> index in nodes
    post: int | None
    parents: Mapping[str, str | None]  # ``tree.parent``, worked out without the rest of it
    at_time: dict[tuple[int, int], tuple[int, ...]]  # (hour, minute) -> comments published then
    timed: bool  # some comment has a time
    vectors: StemVectors
    quotes: dict[str, tuple[tuple[int, Edge], ...]]  # node id -> (quoted node, quote edge)
    owned: Owned

    @cached_property
    def texts(self) -> tuple[str, ...]:
        """Every node's text, casefolded."""
        return tuple(node.text.casefold() for node in self.nodes)

    @cached_property
    def corpus(self) -> str:
        """Every node's casefolded text, one after another, each followed by a newline."""
        return "\n".join(self.texts) + "\n"

    @cached_property
    def starts(self) -> tuple[int, ...]:
        """Where each node's text starts in the corpus (and, last, the corpus's end)."""
        starts = [0]
        for text in self.texts:
            starts.append(starts[-1] + len(text) + 1)
        return tuple(starts)

    @cached_property
    def first_word(self) -> dict[str, int]:
        """Casefolded word -> the first node using it."""
        first: dict[str, int] = {}
        for i, text in enumerate(self.texts):
            for run in words(text, cut="runs"):
                first.setdefault(run, i)
        return first

    @cached_property
    def tree(self) -> ReplyTree:
        """What the source states (every flat node answers the post)."""
        return reply_tree(self.thread, inferred=False)

    @cached_property
    def spans(self) -> Mapping[str, tuple[int, int]]:
        """``tree.ancestry`` spans, for ``above``."""
        return ancestry(self.tree)

    @cached_property
    def starters(self) -> dict[int, int]:
        """"I started this thread": node -> the node it says it wrote."""
        return _starters(self.nodes, self.texts, self.positions, lambda: self.tree)

    @property
    def stems(self) -> NodeStems:
        """Each node's content-word stems, counted (``StemVectors``)."""
        return self.vectors.stems

    @property
    def idf(self) -> dict[str, float]:
        """Each stem's inverse document frequency over the thread."""
        return self.vectors.idf

    @property
    def norms(self) -> tuple[float, ...]:
        """Each node's TF-IDF vector length."""
        return self.vectors.norms

    @property
    def owner(self) -> str | None:
        """Who owns the thread, as this index was built for."""
        return self.owned.owner

    @property
    def people(self) -> tuple[str | None, ...]:
        """Each node's writer as known: author, inferred author, the owner for the post."""
        return self.owned.people

    def folded(self, i: int) -> str:
        """Node ``i``'s text, casefolded."""
        return self.texts[i]

    def above(self, a: int, b: int) -> bool:
        """True when node ``a`` is an ancestor of node ``b`` by stated parents."""
        outer, inner = self.spans[self.nodes[a].id], self.spans[self.nodes[b].id]
        return outer[0] < inner[0] < outer[1]

    def same_person(self, a: int, b: int) -> bool:
        """True when nodes ``a`` and ``b`` are known to share a writer."""
        if self.starters.get(a) == b or self.starters.get(b) == a:
            return True
        keys = self.owned.person_keys
        return bool(keys[a]) and keys[a] == keys[b]

    def names_with(self, key: str) -> tuple[Name, ...]:
        """Every name with this key, in node order."""
        return self.owned.names.get(key, ())

    def names_before(self, key: str, i: int) -> Iterator[Name]:
        """The names with this key in nodes before node ``i``, latest first."""
        names = self.names_with(key)
        end = bisect_left(names, i, key=lambda name: name.index)
        return (names[j] for j in range(end - 1, -1, -1))

    def weigh(self, stems: Counter[str]) -> dict[str, float]:
        """A paragraph's stems as unit-length TF-IDF weights (unseen stems weigh 1)."""
        idf = self.idf
        weights = {s: n * idf.get(s, 1.0) for s, n in stems.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {s: w / norm for s, w in weights.items()}

    def similarity(self, query: dict[str, float], i: int) -> float:
        """TF-IDF cosine between a paragraph (weighted by ``weigh``) and node ``i``."""
        other, idf = self.stems[i], self.idf
        dot = sum(w * other[s] * idf[s] for s, w in query.items() if s in other)
        return dot / (self.norms[i] or 1.0)

    def shared(self, query: Counter[str], i: int) -> list[str]:
        """The stems a paragraph shares with node ``i``, rarest first."""
        other = self.stems[i]
        # Sorting in reverse keeps equal ones in their order, as the key -idf did.
        return sorted([s for s in query if s in other], key=self.idf.__getitem__, reverse=True)

    def used_before(self, phrase: str, i: int) -> bool:
        """True when some node before ``i`` contains the phrase as words (any case)."""
        folded = phrase.casefold()
        # Runs, not tokens: the pattern below finds "Jim" in "Jim's", as \\b would.
        runs = words(folded, cut="runs")
        if not runs or any(self.first_word.get(run, i) >= i for run in runs):
            return False  # the index of first uses answers most phrases at once
        if len(runs) == 1 and runs[0] == folded:
            return True
        # No node before the one that first uses every word can hold the phrase.
        start = self.starts[max(self.first_word[run] for run in runs)]
        pattern = re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")
        return pattern.search(self.corpus, start, self.starts[i]) is not None


def index_thread(thread: Thread, owner: str | None) -> ThreadIndex:
    """Build the index of a thread whose owner is ``owner``."""
    nodes = thread.nodes
    positions = {node.id: i for i, node in enumerate(nodes)}
    at_time: dict[tuple[int, int], list[int]] = {}
    for i, node in enumerate(nodes):
        if node.kind == "comment" and node.published:
            at_time.setdefault((node.published.hour, node.published.minute), []).append(i)
    quotes: dict[str, list[tuple[int, Edge]]] = {}
    for edge in thread.edges:
        if edge.kind == "quote" and edge.target in positions:
            quotes.setdefault(edge.source, []).append((positions[edge.target], edge))
    return ThreadIndex(
        thread=thread,
        nodes=nodes,
        positions=positions,
        post=next((i for i, node in enumerate(nodes) if node.kind == "post"), None),
        parents=stated_parents(thread, positions),
        at_time={moment: tuple(found) for moment, found in at_time.items()},
        timed=any(node.published for node in nodes if node.kind == "comment"),
        vectors=StemVectors(nodes),
        quotes={source: tuple(found) for source, found in quotes.items()},
        owned=Owned(nodes, owner),
    )


def stated_parents(thread: Thread, positions: Mapping[str, int]) -> dict[str, str | None]:
    """Each node's parent in ``reply_tree(thread, inferred=False)``, without its children and
    depths: every stated node needs its parent, few threads need the rest of the tree.
    ``positions`` holds every node id."""
    return primary_parents(thread, {}, positions)[0]


def with_owner(index: ThreadIndex, owner: str | None) -> ThreadIndex:
    """The same index for another owner: only the names that depend on the owner are redone.

    What the index has worked out so far (casefolded texts, first uses, the stated tree,
    its spans, the thread's starters) depends on no owner and is kept."""
    moved = replace(index, owned=Owned(index.nodes, owner))
    # ``replace`` builds the index again, without the cached properties of the old one.
    moved.__dict__.update(
        (name, value) for name, value in index.__dict__.items() if name not in moved.__dict__
    )
    return moved


def _names(
    nodes: tuple[Node, ...], owner: str | None, people: tuple[str | None, ...]
) -> dict[str, tuple[Name, ...]]:
    """Every name a node goes by (writer, sign-off, the owner for the post, self-description)."""
    names: dict[str, list[Name]] = {}

    def add(i: int, shown: str, how: str) -> None:
        key = person_key(shown)
        if key:
            names.setdefault(key, []).append(Name(i, key, shown, how))

    for i, node in enumerate(nodes):
        if people[i]:
            add(i, people[i] or "", "person")
        if node.signature:
            add(i, signature_name(node.signature), "person")
        if node.kind == "post" and owner:
            # A guest post is signed by the guest; the owner is a name for it too.
            add(i, owner, "person")
        match = _SELF_DESCRIPTION.match(node.text)
        if match and node.kind != "post":
            add(i, (match.group("quoted") or match.group("plain")).strip(), "alias")
    return {key: tuple(found) for key, found in names.items()}


def _starters(
    nodes: tuple[Node, ...], texts: tuple[str, ...], positions: dict[str, int],
    stated_tree: Callable[[], ReplyTree],
) -> dict[int, int]:
    """Nodes saying "I started this thread", each with the first node of its conversation.

    A reply's conversation opens at its topmost comment in the stated tree (``stated_tree()``,
    made only when some node says so); a top-level node's at the first top-level node of
    its kind. Each node is walked over once.
    """
    saying = [i for i, text in enumerate(texts)
              if any(word in text for word in _STARTER_WORDS) and _STARTER.search(nodes[i].text)]
    if not saying:  # most threads: the stated tree is not needed
        return {}
    tree = stated_tree()
    starters: dict[int, int] = {}
    opener: dict[str, str] = {}
    first_top: dict[str, int] = {}
    said = set(saying)
    for i, node in enumerate(nodes[: saying[-1] + 1]):
        if not tree.is_reply(node.id):
            first_top.setdefault(node.kind, i)
        if i not in said:
            continue
        if tree.is_reply(node.id):
            starters[i] = positions[_opener(tree, node.id, opener)]
        elif first_top[node.kind] < i:
            starters[i] = first_top[node.kind]
    return starters


def _opener(tree: ReplyTree, node: str, known: dict[str, str]) -> str:
    """The topmost comment above a reply; ``known`` remembers each answer on the way."""
    path = []
    while tree.is_reply(node) and node not in known:
        path.append(node)
        node = tree.parent[node]
    top = known.get(node, node)
    known.update(dict.fromkeys(path, top))
    return top
