"""Each node's words, and its content-word stems with their TF-IDF weights, a thread at once.

The plain texts of a thread (ASCII without a URL) are cut into words in one pass and each
distinct word into its stems once; the (node, stem, count) entries, each stem's IDF and each
node's norm are then worked out in numpy, in the orders the plain rule adds them in (a
node's stems in order of first use), so every float has the bits Python gives. A text
holding other characters or a URL is cut by ``stems`` alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from itertools import chain, count, repeat
from threading import Lock

import numpy as np

from ..model import Node
from ..text import TEXT_END, as_ascii, has_url, plain_words, words

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
_LETTERS = re.compile(r"[a-z]+")  # the runs of letters of a lower-case ASCII word


def stems(text: str) -> list[str]:
    """The content words of a text, cut to six letters (common words left out)."""
    # Six letters are enough to join "clients" and "client", "discretion" and "discretionary".
    return [
        word[:6]
        for word in words(text, cut="letters")
        if len(word) >= 4 and word not in COMMON_WORDS
    ]


def word_stems(word: str) -> tuple[str, ...]:
    """``stems`` of one word of a plain text (lower-case ASCII): its runs of letters lie
    within it, so a plain text's stems are its words' stems one after another."""
    if len(word) < 4:
        return ()  # nor has it a run of four letters
    if word.isalpha():
        return () if word in COMMON_WORDS else (word[:6],)
    return tuple(run[:6] for run in _LETTERS.findall(word)
                 if len(run) >= 4 and run not in COMMON_WORDS)


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


class WordTable:
    """The words of the plain texts seen in this process, each cut into stems once: an id
    per word, its one string, and its stems as ids (threads share most of their words).
    Forgotten all at once past REMEMBERED words, between threads; ``lock`` is held while a
    thread is cut."""

    def __init__(self) -> None:
        self.lock = Lock()
        self.clear()

    def clear(self) -> None:
        """Forget every word and stem."""
        self.ids = _Ids(self)  # word -> id
        self.words: list[str] = []  # id -> word
        self.stem_ids: dict[str, int] = {}  # stem -> id
        self.stems: list[str] = []  # id -> stem
        self.sizes = np.zeros(1024, np.int64)  # id -> how many stems the word gives
        self.firsts = np.zeros(1024, np.int64)  # id -> where its stems start in ``cut``
        self.cut = np.zeros(1024, np.int64)  # the stems (ids) of every word, word after word
        self.used = 0  # places of ``cut`` used

    def add(self, word: str) -> int:
        """A new word's id, its stems cut."""
        k = len(self.words)
        self.words.append(word)
        found = [self.stem_id(stem) for stem in word_stems(word)]
        if k == len(self.sizes):
            self.sizes, self.firsts = _grown(self.sizes), _grown(self.firsts)
        while self.used + len(found) > len(self.cut):
            self.cut = _grown(self.cut)
        self.sizes[k], self.firsts[k] = len(found), self.used
        self.cut[self.used : self.used + len(found)] = found
        self.used += len(found)
        return k

    def stem_id(self, stem: str) -> int:
        """A stem's id."""
        k = self.stem_ids.get(stem)
        if k is None:
            k = self.stem_ids[stem] = len(self.stems)
            self.stems.append(stem)
        return k


class _Ids(dict[str, int]):
    """Word -> id; a word not seen before is added to its table."""

    def __init__(self, table: WordTable) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, word: str) -> int:
        k = self[word] = self.table.add(word)
        return k


def _grown(array: np.ndarray) -> np.ndarray:
    """The array at twice its length, the new half zeros."""
    return np.concatenate([array, np.zeros_like(array)])


REMEMBERED = 1 << 17
"""Words kept in the table (about 200 bytes each)."""
_TABLE = WordTable()


def cut_thread(nodes: Sequence[Node], plain: Sequence[bool]) -> tuple[tuple[list[str], ...],
                                                                      Entries]:
    """Each node's words (``text.words``, one string per distinct word), and the thread's
    stem entries.

    The words of the texts in ASCII (typographic marks aside) without a URL are cut in one
    pass; their stems come from the word table, every use of a word giving its word's
    stems, in numpy. Other texts are cut by ``words`` and ``stems`` one by one."""
    ascii_texts = [node.text if flag else _ascii_without_url(node.text)
                   for node, flag in zip(nodes, plain, strict=True)]
    fast = np.array([text is not None for text in ascii_texts], bool)
    cut = plain_words([text for text in ascii_texts if text is not None])
    table = _TABLE
    with table.lock:
        if len(table.words) > REMEMBERED:
            table.clear()
        word = np.fromiter(map(table.ids.__getitem__, cut), np.int64, len(cut))
        flat = list(map(table.words.__getitem__, word.tolist()))  # one string per word
        ended = word == table.ids[TEXT_END]
        uses = table.sizes[word]  # each use of a word gives its word's stems, in order
        at = np.repeat(table.firsts[word] - (np.cumsum(uses) - uses), uses)
        at += np.arange(len(at))
        stem = table.cut[at]
        shown: list[list[str]] = []
        others: list[list[int]] = []
        ends = np.flatnonzero(ended).tolist()
        bounds = iter(zip([0, *(end + 1 for end in ends)], ends, strict=False))
        same: dict[str, str] = {}
        for node, flag in zip(nodes, fast.tolist(), strict=True):
            if flag:
                start, end = next(bounds)
                shown.append(flat[start:end])
            else:
                found = words(node.text)
                shown.append(list(map(same.setdefault, found, found)))
                others.append(list(map(table.stem_id, stems(node.text))))
        node = np.flatnonzero(fast)[np.repeat(np.cumsum(ended) - ended, uses)]
        if others:
            lengths = np.fromiter(map(len, others), np.int64, len(others))
            node = np.concatenate([node, np.repeat(np.flatnonzero(~fast), lengths)])
            stem = np.concatenate([stem, np.fromiter(chain.from_iterable(others), np.int64,
                                                     int(lengths.sum()))])
            order = np.argsort(node, kind="stable")  # each text's stems stay in their order
            node, stem = node[order], stem[order]
        return tuple(shown), _entries(node, stem, table.stems, len(nodes))


def _ascii_without_url(text: str) -> str | None:
    """``text.as_ascii`` of a text without a URL: its words, as ``text.words`` cuts them, are
    that ASCII text's. None for a text with a URL or other characters."""
    return None if has_url(text) else as_ascii(text)


def _entries(node: np.ndarray, stem: np.ndarray, names: list[str], size: int) -> Entries:
    """The entries of every use of a stem (node, stem id in the table), in thread order."""
    kinds, firsts, inverse = np.unique(stem, return_index=True, return_inverse=True)
    by_first = np.argsort(firsts)  # ids in order of first use
    ids = np.empty_like(by_first)
    ids[by_first] = np.arange(len(by_first))
    stem = ids[inverse.reshape(-1)]
    width = max(len(kinds), 1)
    keys, firsts, counts = np.unique(node * width + stem, return_index=True, return_counts=True)
    order = np.argsort(firsts)  # by node (they are in thread order), then first use
    keys = keys[order]
    return Entries(keys // width, keys % width, counts[order],
                   [names[k] for k in kinds[by_first].tolist()], size)


class NodeStems(Sequence[dict[str, int]]):
    """Each node's stems, counted, in order of first use (as ``Counter(stems(text))``): a
    node's made from the entries when first read."""

    def __init__(self, entries: Entries) -> None:
        self.entries = entries
        self.made: dict[int, dict[str, int]] = {}

    def __len__(self) -> int:
        return len(self.entries.starts) - 1

    def __getitem__(self, i: int) -> dict[str, int]:  # type: ignore[override]
        found = self.made.get(i)
        if found is None:
            entries = self.entries
            start, end = entries.starts[i], entries.starts[i + 1]
            names = entries.names
            found = self.made[i] = dict(zip([names[k] for k in entries.stem[start:end].tolist()],
                                            entries.count[start:end].tolist(), strict=True))
        return found

    def __iter__(self) -> Iterator[dict[str, int]]:
        return map(self.__getitem__, range(len(self)))


class StemVectors:
    """Each node's words, and its content-word stems with their TF-IDF weights, worked out when
    first asked for: only the reply model and the quote cue read them, and a thread whose
    source states every parent seldom needs either. The thread's texts are cut into words
    once (``cut_thread``); its stems, counts and shingles come from those words."""

    def __init__(self, nodes: tuple[Node, ...]) -> None:
        self.nodes = nodes
        # The reply model reads the words again where some comment is flat; elsewhere (the
        # quote cue of a stated thread) the stems are kept, not the words.
        self.keep_words = any(node.flat and node.kind != "post" for node in nodes)

    @cached_property
    def plain(self) -> tuple[bool, ...]:
        """Whether each node's words are its runs of word characters joined by apostrophes,
        lower-cased: its text is ASCII without a URL."""
        return tuple(node.text.isascii() and not has_url(node.text) for node in self.nodes)

    @cached_property
    def words(self) -> tuple[list[str], ...]:
        """Each node's words, as ``text.words`` gives them: one string per distinct word of
        the thread (the words of a long flat thread weighed 5 KB a comment, one string each
        time a word was used)."""
        found, entries = cut_thread(self.nodes, self.plain)
        self.__dict__.setdefault("entries", entries)
        return found

    def take_words(self) -> tuple[list[str], ...]:
        """``words``, no longer kept: the reply model reads them last, and they weigh more
        than the stems."""
        found = self.words
        del self.__dict__["words"]
        return found

    @cached_property
    def entries(self) -> Entries:
        """The thread's stem entries (``cut_thread``)."""
        found, entries = cut_thread(self.nodes, self.plain)
        if self.keep_words:
            self.__dict__.setdefault("words", found)
        return entries

    @cached_property
    def stems(self) -> NodeStems:
        """Each node's stems, counted, in order of first use (as ``Counter(stems(text))``)."""
        return NodeStems(self.entries)

    @cached_property
    def idf_values(self) -> np.ndarray:
        """Each stem's inverse document frequency over the thread, by stem id."""
        frequency, which = np.unique(np.bincount(self.entries.stem), return_inverse=True)
        total = len(self.nodes) + 1
        # Few stems share a count: each count's logarithm is taken once.
        logs = [math.log(total / n) for n in frequency.tolist()]
        return np.array(logs, float).reshape(-1)[which.reshape(-1)] if logs else np.zeros(0)

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
        takes it: numpy's squares differ in the last bit now and then)."""
        squares = list(map(pow, self.weights.tolist(), repeat(2)))
        slices = map(slice, *self.entries.ends())
        return tuple(map(math.sqrt, map(sum, map(squares.__getitem__, slices))))
