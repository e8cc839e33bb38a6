"""Each node's words, and its content-word stems with their TF-IDF weights, a thread at once.

The stems of the texts in ASCII (typographic marks aside) without a URL, most of them, are
found in numpy for the whole thread at once: runs of letters in bytes, each stem known by its
bytes as a number. The (node, stem, count) entries, each stem's IDF and each node's norm are
then worked out in numpy, in the orders the plain rule adds them in (a node's stems in
order of first use), so every float has the bits Python gives. Other texts are cut by
``stems`` alone. Each text's words are cut once, when the reply model asks for them, each
known by a number (``wordcut.word_numbers``): no string per word.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Sequence
from functools import cached_property
from itertools import count

import numpy as np

from ..model import Node
from ..text import words
from ..wordcut import WIDE, ascii_form, docs_of, halves, heads, pieces, word_numbers

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


def stems(text: str) -> list[str]:
    """The content words of a text, cut to six letters (common words left out)."""
    # Six letters are enough to join "clients" and "client", "discretion" and "discretionary".
    return [
        word[:6]
        for word in words(text, cut="letters")
        if len(word) >= 4 and word not in COMMON_WORDS
    ]


class Entries:
    """A thread's (node, stem) entries: node, stem id (in order of first use over the
    thread), and how often the node uses the stem; each node's entries together, in thread
    order, each node's stems in order of first use. ``names`` holds each stem id's stem."""

    def __init__(self, node: np.ndarray, stem: np.ndarray, count: np.ndarray,
                 names: list[str], size: int) -> None:
        self.node, self.stem, self.count, self.names = node, stem, count, names
        self.starts = np.searchsorted(node, np.arange(size + 1))  # each node's first entry

    def ends(self) -> tuple[list[int], list[int]]:
        """Where each node's entries start and end."""
        return self.starts[:-1].tolist(), self.starts[1:].tolist()


# A stem of ASCII letters is known by its bytes as a number (at most six: below 2 ** 48);
# any other stem by OTHER_STEM plus its place among the thread's other stems.
OTHER_STEM = 1 << 63
_SIX_BYTES = np.uint64((1 << 48) - 1)  # a stem's bytes in its run's first eight


_SLOT_BITS = 14  # the common words' table: 16,384 places for about 170 words


def _common_words_table(
    front: np.ndarray, back: np.ndarray
) -> tuple[np.uint64, np.ndarray, np.ndarray]:
    """A multiplier that gives each word (``wordcut.halves``) a place of its own among 2 **
    _SLOT_BITS, the top bits of its first eight bytes times it; and the words in their places
    (zeros elsewhere: no run of letters is all zeros)."""
    multiplier = 0x9E3779B97F4A7C15
    while True:  # odd multipliers one after another, the same in every process
        places = (front * np.uint64(multiplier)) >> np.uint64(64 - _SLOT_BITS)
        if len(np.unique(places)) == len(front):
            break
        multiplier = (multiplier + 0x6A09E667F3BCC90A) % (1 << 64) | 1
    fronts, backs = np.zeros(1 << _SLOT_BITS, np.uint64), np.zeros(1 << _SLOT_BITS, np.uint64)
    fronts[places], backs[places] = front, back
    return np.uint64(multiplier), fronts, backs


# The common words of four letters or more, each in a place of its own by its first eight bytes.
_MULTIPLIER, _FRONTS, _BACKS = _common_words_table(
    *halves(sorted(word.encode() for word in COMMON_WORDS if len(word) >= 4)))


def is_common(front: np.ndarray, back: np.ndarray) -> np.ndarray:
    """Whether each word given by ``wordcut.halves`` is one of COMMON_WORDS (of four letters or
    more): the word in its place in the table is it."""
    places = (front * _MULTIPLIER) >> np.uint64(64 - _SLOT_BITS)
    return (_FRONTS[places] == front) & (_BACKS[places] == back)


def thread_stems(nodes: Sequence[Node], ascii_texts: Sequence[str | None]) -> Entries:
    """The thread's stem entries. The stems of a text in ASCII are its runs of letters,
    lower-cased, of four letters or more but for COMMON_WORDS, cut to six: found in numpy,
    ``wordcut.TEXTS_AT_ONCE`` characters of texts at a time (a stem used weighs about 100
    bytes while it is counted). Other texts are cut by ``stems``.

    Each piece's stems are found and each stem's first use in it; then each stem's id (in
    order of first use over the thread), and each piece's entries."""
    wide: dict[str, int] = {}  # other stems' keys
    stemmed = [_piece_stems(nodes, ascii_texts, low, high, wide)
               for low, high in pieces([len(node.text) + 1 for node in nodes])]
    # Each stem's first use: the first in the earliest piece using it.
    found = [_first_uses(key) for _, key in stemmed]
    at = np.cumsum([0, *(len(key) for _, key in stemmed)])
    kinds, inverse = np.unique(np.concatenate([np.zeros(0, np.uint64),
                                               *(kind for kind, _, _ in found)]),
                               return_inverse=True)
    inverse = inverse.reshape(-1)  # each piece's stem -> the thread's
    first = np.full(len(kinds), at[-1], np.int64)
    np.minimum.at(first, inverse,
                  np.concatenate([np.zeros(0, np.int64),
                                  *(where + start for (_, where, _), start in zip(found, at,
                                                                                 strict=False))]))
    by_use = np.argsort(first)
    ids = np.empty(len(kinds), np.int64)
    ids[by_use] = np.arange(len(kinds))  # each stem's id: its order of first use
    width = max(len(kinds), 1)
    kinds_at = np.cumsum([0, *(len(kind) for kind, _, _ in found)]).tolist()
    entries = [_piece_entries(node, ids[inverse[start + used]], width)
               for (node, _), (_, _, used), start in zip(stemmed, found, kinds_at, strict=False)]
    keys = np.concatenate([np.zeros(0, np.int64), *(key for key, _ in entries)])
    counts = np.concatenate([np.zeros(0, np.int64), *(count for _, count in entries)])
    kinds = kinds[by_use]
    if wide:
        back = {k: stem for stem, k in wide.items()}
        names = [back[k] if k >= OTHER_STEM else k.to_bytes(8, "little").rstrip(b"\0").decode()
                 for k in kinds.tolist()]
    else:  # each stem's bytes (at most six, no zero) and a newline, cut into strings at once
        held = kinds.view(np.uint8).reshape(-1, 8).copy()
        held[:, 7] = ord("\n")
        names = held[held != 0].tobytes().decode().split("\n")[:-1]
    return Entries(keys // width, keys % width, counts, names, len(nodes))


def _piece_stems(nodes: Sequence[Node], ascii_texts: Sequence[str | None], low: int, high: int,
                 wide: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The node and key of each stem used in nodes ``low`` to ``high``, in thread order."""
    fast = np.array([text is not None for text in ascii_texts[low:high]], bool)
    node, key = _ascii_stems([text for text in ascii_texts[low:high] if text is not None],
                             np.flatnonzero(fast) + low)
    others = {k: stems(nodes[k].text) for k in range(low, high) if ascii_texts[k] is None}
    if others:
        keys = [_key(stem, wide) for found in others.values() for stem in found]
        lengths = np.fromiter(map(len, others.values()), np.int64, len(others))
        node = np.concatenate([node, np.repeat(np.fromiter(others, np.int64, len(others)),
                                               lengths)])
        key = np.concatenate([key, np.array(keys, np.uint64)])
        order = np.argsort(node, kind="stable")  # each text's stems stay in their order
        node, key = node[order], key[order]
    return node, key


def _first_uses(key: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct keys, where each is first used, and which of them each key is."""
    kinds, inverse = np.unique(key, return_inverse=True)
    inverse = inverse.reshape(-1)
    return kinds, _firsts(inverse, len(kinds)), inverse


def _piece_entries(node: np.ndarray, stem: np.ndarray, width: int) -> tuple[np.ndarray,
                                                                               np.ndarray]:
    """The (node, stem) entries of a piece as keys ``node * width + stem``, by node and each
    node's first use, and how often each is used."""
    keys, inverse = np.unique(node * width + stem, return_inverse=True)
    inverse = inverse.reshape(-1)
    order = np.argsort(_firsts(inverse, len(keys)))
    return keys[order], np.bincount(inverse, minlength=len(keys))[order]


def _ascii_stems(texts: list[str], nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The node and key of each stem of these ASCII texts (of ``nodes``), in order."""
    data = np.frombuffer(("\n".join(texts) + "\n").lower().encode("ascii"), np.uint8)
    letter = np.zeros(len(data) + 2, bool)
    letter[1:-1] = (data >= 0x61) & (data <= 0x7A)
    edges = np.flatnonzero(letter[1:] != letter[:-1])
    del letter
    starts, lengths = edges[::2], edges[1::2] - edges[::2]
    long = lengths >= 4
    starts, lengths = starts[long], lengths[long]
    front, back = heads(data, starts, lengths)  # as ``_key`` reads bytes
    content = ~is_common(front, back) | (lengths >= WIDE)
    text_starts = np.cumsum([0, *(len(text) + 1 for text in texts)])
    return nodes[docs_of(starts[content], text_starts)], front[content] & _SIX_BYTES


def _key(stem: str, wide: dict[str, int]) -> int:
    """A stem's key (see OTHER_STEM)."""
    if stem.isascii():
        return int.from_bytes(stem.encode(), "little")
    return wide.setdefault(stem, OTHER_STEM + len(wide))


def _firsts(groups: np.ndarray, size: int) -> np.ndarray:
    """Where each of ``size`` groups is first found in ``groups``."""
    first = np.full(size, len(groups), np.int64)
    np.minimum.at(first, groups, np.arange(len(groups)))
    return first


class NodeStems(Sequence[dict[str, int]]):
    """Each node's stems, counted, in order of first use (as ``Counter(stems(text))``): a
    node's made from the entries when first read."""

    def __init__(self, entries: Entries) -> None:
        self.names = np.array(entries.names, object)
        self.stems, self.counts = entries.stem, entries.count
        self.starts = entries.starts.tolist()
        self.made: dict[int, dict[str, int]] = {}

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i: int) -> dict[str, int]:  # type: ignore[override]  # no slices
        found = self.made.get(i)
        if found is None:
            start, end = self.starts[i], self.starts[i + 1]
            found = self.made[i] = dict(zip(self.names[self.stems[start:end]].tolist(),
                                            self.counts[start:end].tolist(), strict=True))
        return found

    def __iter__(self) -> Iterator[dict[str, int]]:
        return map(self.__getitem__, range(len(self)))


class StemVectors:
    """Each node's words, and its content-word stems with their TF-IDF weights, worked out when
    first asked for: only the reply model and the quote cue read them, and a thread whose
    source states every parent seldom needs either. The stems are found in numpy
    (``thread_stems``) and each text is cut into words once, when the reply model asks
    (``numbered_words``); the runs it takes (the shingles) come from those words."""

    def __init__(self, nodes: tuple[Node, ...]) -> None:
        self.nodes = nodes

    @cached_property
    def ascii_texts(self) -> tuple[str | None, ...]:
        """Each text's ``wordcut.ascii_form``: in ASCII where its words are those of that ASCII
        text (it holds no URL), else None."""
        return tuple(ascii_form(node.text) for node in self.nodes)

    def numbered_words(self, runs: Collection[str] = ()) -> tuple[np.ndarray, ...]:
        """Each node's words (``text.words``) as numbers (``wordcut.number_words``), one node
        after another; how many words each node has; and whether each text cut in numpy has a
        run of word characters in ``runs`` (``wordcut.word_numbers``):
        ``wordcut.TEXTS_AT_ONCE`` characters of texts at a time."""
        texts = [node.text for node in self.nodes]
        found = [word_numbers(texts[low:high], self.ascii_texts[low:high], runs)
                 for low, high in pieces([len(text) + 1 for text in texts])]
        found = found or [word_numbers([], [], runs)]
        return tuple(np.concatenate(part) for part in zip(*found, strict=True))

    @cached_property
    def entries(self) -> Entries:
        """The thread's stem entries (``thread_stems``)."""
        return thread_stems(self.nodes, self.ascii_texts)

    @cached_property
    def stems(self) -> NodeStems:
        """Each node's stems, counted, in order of first use (as ``Counter(stems(text))``)."""
        return NodeStems(self.entries)

    @cached_property
    def _frequencies(self) -> tuple[list[float], np.ndarray]:
        """Each document frequency's IDF, and each stem's frequency (its place in them)."""
        frequency, which = np.unique(np.bincount(self.entries.stem), return_inverse=True)
        total = len(self.nodes) + 1
        # Few stems share a count: each count's logarithm is taken once.
        return [math.log(total / n) for n in frequency.tolist()], which.reshape(-1)

    @cached_property
    def idf_values(self) -> np.ndarray:
        """Each stem's inverse document frequency over the thread, by stem id."""
        logs, which = self._frequencies
        return np.array(logs, float)[which] if logs else np.zeros(0)

    @cached_property
    def idf(self) -> dict[str, float]:
        """Each stem's inverse document frequency over the thread, in order of first use."""
        return dict(zip(self.entries.names, self.idf_values.tolist(), strict=True))

    @cached_property
    def ids(self) -> dict[str, int]:
        """Each stem's place in ``idf`` (its order of first use)."""
        return dict(zip(self.entries.names, count()))

    @cached_property
    def weights(self) -> np.ndarray:
        """Each entry's TF-IDF weight, ``count * idf`` as Python multiplies them."""
        return self.entries.count * self.idf_values[self.entries.stem]

    @cached_property
    def _holding(self) -> tuple[np.ndarray, np.ndarray]:
        """The nodes holding each stem, one stem after another (thread order within a stem),
        and where each stem's nodes start (for ``holders``)."""
        node, stem = self.entries.node, self.entries.stem
        order = np.argsort(stem, kind="stable")
        starts = np.concatenate(([0], np.cumsum(np.bincount(stem, minlength=len(self.ids)))))
        return node[order], starts

    def holders(self, stem: str) -> np.ndarray:
        """The nodes holding a stem, in thread order (for the quote cue)."""
        nodes, starts = self._holding
        k = self.ids.get(stem)
        return nodes[:0] if k is None else nodes[starts[k] : starts[k + 1]]

    @cached_property
    def norms(self) -> tuple[float, ...]:
        """Each node's TF-IDF vector length: the root of the sum of ``(count * idf) ** 2``
        over its stems, summed in order as Python sums (each square by ``pow``, as Python
        takes it: numpy's squares differ in the last bit now and then). An entry's weight
        depends on its count and its stem's frequency alone: each such pair is squared once."""
        logs, which = self._frequencies
        count, frequency = self.entries.count, which[self.entries.stem]
        counts = np.flatnonzero(np.bincount(count))  # the counts used, ascending
        row = np.zeros(counts[-1] + 1 if len(counts) else 1, np.int64)
        row[counts] = np.arange(len(counts))
        squares = np.array([[pow(n * idf, 2) for idf in logs] for n in counts.tolist()], float)
        squared = squares.reshape(-1)[row[count] * len(logs) + frequency].tolist()
        slices = map(slice, *self.entries.ends())
        return tuple(map(math.sqrt, map(sum, map(squared.__getitem__, slices))))
