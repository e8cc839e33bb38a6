"""The data model every reader produces and every analysis consumes.

All classes are frozen: analyses return new objects with ``dataclasses.replace`` instead of
mutating, so the same input always gives the same output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from .errors import ExplorerError
from .text import count_words, quoted_line_words

Span = tuple[int, int]
"""Half-open character range ``(start, end)``."""

NODE_KINDS = ("post", "excerpt", "comment", "missing")
"""A ``missing`` node stands in for a parent the source names but the input lacks."""
DEFAULT_REPLY = "top-level comment"
"""Evidence of the default reply edge: a top-level comment with no cue answers the post."""
STATED_REPLY = "nested under it in the source"
"""Evidence of a reply edge whose parent the source states."""
ANONYMOUS_NAMES = frozenset(
    {
        "anonymous", "anon", "anonymous user", "unknown", "guest", "[deleted]", "deleted",
        "[removed]", "[dead]", "[flagged]", "deleted user", "deleted account", "anonyme",
        "anonym", "anónimo", "anonimo",
        "anoniem", "anônimo", "invité", "inconnu", "unbekannt", "invitado", "desconocido",
        "anonimowy", "anonim", "gość", "anonymní", "anonyymi", "nimetön", "névtelen",
        "isimsiz", "misafir", "ẩn danh", "аноним", "анонимно", "анонимный", "гость",
        "неизвестный", "анонім", "анонімний", "гість", "ανώνυμος", "επισκέπτης", "אנונימי",
        "مجهول", "زائر", "ناشناس", "अनाम", "गुमनाम", "ไม่ระบุชื่อ", "匿名", "匿名用户",
        "匿名使用者", "匿名ユーザー", "无名氏", "無名氏", "游客", "遊客", "名無し", "名無しさん",
        "名無しさん@お腹いっぱい。", "익명", "ㅇㅇ",
    }
)  # fmt: skip
"""Author names that stand for nobody in particular, as sites print them, in the languages
of the sites met most (Blogger's "Anónimo", 2ch's "Аноним", 4chan's "Anonymous", 5ch's
"名無しさん"), and the placeholders platforms put for a removed author (Reddit's "[deleted]",
Discord's "Deleted User", Telegram's "Deleted Account")."""


def timestamp(moment: datetime) -> float:
    """POSIX seconds of a time; a time without a zone is taken as UTC, so all compare."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def is_anonymous(author: str | None) -> bool:
    """True when an author field names nobody in particular (missing, empty, "Anonymous")."""
    return author is None or not author.strip() or author.strip().casefold() in ANONYMOUS_NAMES


REMOVED_TEXTS = frozenset({"[deleted]", "[removed]", "[dead]", "[flagged]"})
"""Texts platforms show in place of a comment taken down (Reddit, Hacker News)."""
_DELETED_FLAGS = ("is_deleted", "deleted", "dead")
"""Meta keys of the readers' deleted flags (Disqus ``isDeleted``, Hacker News, saved pages)."""


def removal(node: Node) -> str | None:
    """Why a source no longer shows a comment as written: "spam" (the source marks it spam),
    "deleted" (a deleted or dead flag, or only a placeholder text such as "[removed]"), or
    None for a comment standing as written."""
    if node.meta:
        meta = dict(node.meta)
        if meta.get("is_spam") is True:
            return "spam"
        if any(meta.get(flag) is True for flag in _DELETED_FLAGS):
            return "deleted"
    # Every placeholder holds "[", and no other character folds to it: most texts are
    # spared a stripped, folded copy.
    text = node.text
    return "deleted" if "[" in text and text.strip().casefold() in REMOVED_TEXTS else None


def author_of(node: Node, owner: str | None = None, inferred: bool = True) -> str | None:
    """Who wrote a node: the author the source names (unless a stand-in such as "Anonymous"),
    else the one a sign-off names; for the post, else the thread's ``owner`` when given.

    With ``inferred=False``, only the author the source names, or None.
    """
    author = node.author
    if author is None:
        found = None
    else:  # the same few names come back on every node: short ones are looked at once
        found = _stripped_name(author) if len(author) <= 256 else _stripped_name.__wrapped__(author)
    if found is None and inferred:
        found = (node.author_inferred or "").strip() or None
        if found is None and node.kind == "post" and owner and owner.strip():
            return owner.strip()
    return found


@lru_cache(maxsize=8192)
def _stripped_name(author: str) -> str | None:
    """The author field stripped, or None when it names nobody in particular."""
    return None if is_anonymous(author) else author.strip()


def person_key(name: str | None) -> str | None:
    """A name folded so spellings of one person meet: case, spaces and marks ignored
    ("'Getafix" -> "getafix"); a name of marks alone is kept as it stands, None is nobody."""
    # A thread names few people many times: short names are folded once and remembered.
    return _folded(name) if name is not None and len(name) <= 256 else _folded.__wrapped__(name)


@lru_cache(maxsize=8192)
def _folded(name: str | None) -> str | None:
    if name is None or not name.strip():
        return None
    return _NOT_ALNUM.sub("", name.casefold()) or name.strip().casefold()


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() and "_"


OWNER_ROLES = {"blog": "blog owner", "reddit": "OP", "hackernews": "OP"}
"""What the owner of a thread is called on each platform; elsewhere "thread starter"."""

EDGE_KINDS = ("reply", "addressed", "quote", "repeat", "duplicate")


@dataclass(frozen=True, slots=True)
class Node:
    """One piece of a thread: the post, an excerpt compiled into the post, a comment, or a
    stand-in (kind ``missing``, no text) for a parent the source names that is not in the input.

    ``parent`` is the parent the source states (``None`` for top level); inferred parents
    are edges. ``stated`` is True when the source states where the node hangs: its parent
    (a stand-in when absent), or, for a top-level node, that it answers the post (threaded
    platforms) or a parent that closed a loop and was cut; only a node with none of these
    (a flat source) may get an inferred primary parent. ``meta`` holds the
    source's own fields (its id, score, subject...) as sorted ``(name, value)`` pairs of
    JSON values (a table's lists and objects too; floats may be NaN or infinite). ``span``
    points into the text the node was read from, when there is one.
    """

    id: str
    kind: str
    position: int
    label: str
    text: str
    parent: str | None = None
    author: str | None = None
    published: datetime | None = None
    signature: str | None = None
    author_inferred: str | None = None
    span: Span | None = None
    stated: bool = False
    meta: tuple[tuple[str, Any], ...] = ()

    @property
    def flat(self) -> bool:
        """True when the source says nothing of where this node hangs (inference may).

        A stand-in is never flat: nothing is known of it but that others answer it.
        """
        return self.parent is None and not self.stated and self.kind != "missing"

    @property
    def words(self) -> int:
        """Words in the text, as ``text.words`` finds them."""
        return count_words(self.text)

    @property
    def quoted_words(self) -> int:
        """Words on quoted lines (starting with ">", as mail and forums quote), marks aside."""
        return quoted_line_words(self.text)[0]

    @property
    def own_words(self) -> int:
        """Words the writer wrote: outside quoted lines and outside ``signature``."""
        return quoted_line_words(self.body)[1]

    @property
    def body(self) -> str:
        """The text without its sign-off. A sign-off needs a body before it, so a text that is
        all ``signature`` is all body."""
        end = self.text.rfind(self.signature) if self.signature else -1
        return self.text[:end] if end > 0 else self.text

    def __post_init__(self) -> None:
        if self.kind not in NODE_KINDS:
            raise ExplorerError(f"node {self.id}: unknown kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of text shared by two nodes, with where it sits in each."""

    text: str
    source_span: Span
    target_span: Span
    words: int
    marked: bool = False


@dataclass(frozen=True, slots=True)
class Edge:
    """A directed link from a later node (``source``) to the earlier one it refers to.

    ``kind`` is one of EDGE_KINDS; ``evidence`` says why the edge exists and ``score`` how
    sure we are (confidence for replies, similarity for passages).
    """

    source: str
    target: str
    kind: str
    inferred: bool = False
    evidence: str = ""
    score: float = 1.0
    passage: Passage | None = None

    def __post_init__(self) -> None:
        if self.kind not in EDGE_KINDS:
            raise ExplorerError(f"edge {self.source} -> {self.target}: unknown kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a passage stands: a node and a span of that node's text."""

    node: str
    span: Span


@dataclass(frozen=True, slots=True)
class RepeatGroup:
    """The same passage found in several places (several nodes, or twice in one node)."""

    text: str
    words: int
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True, slots=True)
class Thread:
    """A post and its comments, with what the analyses found.

    ``platform`` names the kind of site the reader knows the thread comes from ("blog",
    "reddit", "hackernews", "mail"; None when unknown, as for tables); it decides what the
    owner is called. ``problems`` holds non-fatal findings ("page says 9 comments, found
    8"); the library never prints them, the CLI does.
    """

    id: str
    nodes: tuple[Node, ...]
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    source: str | None = None
    owner: str | None = None
    edges: tuple[Edge, ...] = ()
    repeats: tuple[RepeatGroup, ...] = ()
    external_quotes: tuple[Occurrence, ...] = ()
    problems: tuple[str, ...] = ()
    platform: str | None = None

    @property
    def owner_role(self) -> str:
        """What the thread's owner is called: "blog owner" on blogs, "OP" or "thread starter"."""
        return OWNER_ROLES.get(self.platform or "", "thread starter")

    @property
    def post(self) -> Node | None:
        """The post node, or None when the source has none (dumps, tables)."""
        return next((node for node in self.nodes if node.kind == "post"), None)

    @property
    def comments(self) -> tuple[Node, ...]:
        """The nodes that are comments, in thread order."""
        return tuple(node for node in self.nodes if node.kind == "comment")
