"""Lemmy's API: a post's comments (``/api/v3/comment/list``), with or without the post.

The comment list gives ``comments``, each a view of one comment (``comment`` with ``id``,
``content`` in Markdown, ``published`` and ``path``), its ``creator``, its ``post`` and its
``counts``; ``/api/v3/post`` gives the post's ``post_view`` (and a file may hold both). A
comment's ``path`` (``0.12.34``) is the chain of ids from the post down to it: the id
before its own is the comment it answers, kept as stated even when the file does not hold
it (a page not read; a stand-in then), never guessed; a path of one id answers the post.
Each post is one thread, named by its id, with the post itself as its first node (taken
from the ``post_view`` or from a comment's ``post``). Lemmy sends a post's comments a page
at a time: every file of a run is one corpus, joined by post id, so the pages (and the
post view) of a post are one thread in any order, a comment on two pages read once.
Authors are user names, with the instance for users of other instances
(``jane@lemmy.world``), as people mention each other; the display name, scores and the
deleted and removed flags are in ``meta``.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from ..errors import ExplorerError
from ..model import Thread
from .compression import head_of
from .jsondata import RECORD_ERRORS, load_json, record_error
from .protocol import Format
from .records import Record, build_thread, parse_time, scalar_meta, text_field
from .spill import Spill

NAME = "lemmy"
PLATFORM = "lemmy"
EXTENSIONS = (".json",)
META = ("id", "ap_id", "deleted", "removed", "distinguished", "updated")
COUNTS = ("score", "upvotes", "downvotes", "child_count", "comments")

_PATH = re.compile(r'"path"\s*:\s*"0[.\d]*"')
_VIEWS = re.compile(r'"(?:comments|post_view)"\s*:')


def sniff(text: str) -> bool:
    """True for Lemmy comment views (a ``path`` from ``0``) or a post view (``post_view``)."""
    head = head_of(text.lstrip("\ufeff \t\r\n"))
    if not head.startswith("{") or not _VIEWS.search(head) or '"ap_id"' not in head:
        return False
    return bool(_PATH.search(head) or re.search(r'"post_view"\s*:\s*\{', head))


@dataclass(slots=True)
class Summary:
    """What one file says of its posts: each one's title and address."""

    titles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    warning: str | None = None  # how the file was decoded, when not as UTF-8
    source: str | None = None


def parse(text: str, source: str | None = None) -> list[Thread]:
    """The posts of one file alone."""
    with Spill() as spill:
        spill.extend(_items(text, source))
        return list(join(spill))


def read_items(text: str, source: str | None, warning: str | None = None
               ) -> Generator[tuple[str, Record], None, Summary]:
    """One file's post and comments under the post's id, for ``join``."""
    summary = yield from _items(text, source)
    summary.warning = warning
    return summary


def _items(text: str, source: str | None) -> Generator[tuple[str, Record], None, Summary]:
    document = load_json(text, source)
    if not isinstance(document, dict):
        raise ExplorerError("expected a Lemmy API response (a JSON object)", source)
    views = document.get("comments") or []
    if not isinstance(views, list):
        raise ExplorerError("comments must be a list", source)
    summary = Summary(source=source)
    if isinstance(document.get("post_view"), dict):
        try:
            yield _post(document["post_view"], summary)
        except RECORD_ERRORS as err:
            raise record_error("post_view", err, source) from err
    elif not views:
        raise ExplorerError("no Lemmy post or comments found", source)
    for number, view in enumerate(views, start=1):
        try:
            if not isinstance(view, dict):
                raise TypeError("a comment view must be an object")
            post_id, post = _post(view, summary)
            yield post_id, post
            yield post_id, _comment(view)
        except RECORD_ERRORS as err:
            raise record_error(f"comment {number}", err, source) from err
    return summary


def join(spill: Spill) -> Iterator[Thread]:
    """One thread per post from every file read (a post's pages of comments, its post
    view): each comment once, the post with its author where a post view gives it."""
    titles: dict[str, tuple[str | None, str | None]] = {}
    warnings = {summary.source: summary.warning for summary in spill.summaries
                if summary.warning}
    for summary in spill.summaries:
        for post_id, title in summary.titles.items():
            titles.setdefault(post_id, title)
    for post_id, records in spill.groups():
        post, comments = _post_and_comments(records)
        title, url = titles.get(post_id, (None, None))
        yield build_thread(post_id, [post, *comments] if post else comments, title=title, url=url,
                           published=post.published if post else None,
                           source=spill.summaries[0].source if spill.summaries else None,
                           problems=sorted(set(warnings.values())))


def _post_and_comments(records: Iterable[Record]) -> tuple[Record | None, list[Record]]:
    """A post's one record and its comments' records, as ``build_thread`` should have them.

    The post is given with each comment: a comment view's copy names no author, a post
    view's does. A comment given twice (pages overlap) is read once, but both are kept
    when its text changed between pages (``build_thread`` names the second). Lemmy numbers posts
    and comments apart, so a comment may share its post's id: the post is then ``post:<id>``.
    """
    post: Record | None = None
    comments: dict[tuple, Record] = {}
    for record in records:
        if not record.post:
            comments.setdefault((record.label, record.text, record.author, record.parent), record)
        elif post is None or (post.author is None and record.author):
            post = record
    if post is not None and any(comment.label == post.label for comment in comments.values()):
        post = replace(post, label=f"post:{post.label}")
    return post, list(comments.values())


def _post(view: dict[str, Any], summary: Summary) -> tuple[str, Record]:
    """The post a view names (a post view, or a comment view's copy of it), and its id."""
    post = view["post"]
    if not isinstance(post, dict):
        raise TypeError("post must be an object")
    post_id = text_field(post["id"], "post.id")
    if not post_id:
        raise ValueError("a post without an id")
    of_post = "comment" not in view  # a comment view's creator and counts are the comment's
    meta = scalar_meta(post, (*META, "url", "nsfw", "locked"))
    if of_post:
        meta.update(_counts(view))
    community = view.get("community")
    if isinstance(community, dict):
        meta.update({f"community_{k}": v
                     for k, v in scalar_meta(community, ("name", "title")).items()})
    body = text_field(post.get("body"), "post.body")
    link = text_field(post.get("url"), "post.url")
    summary.titles.setdefault(post_id, (text_field(post.get("name"), "post.name"),
                                        text_field(post.get("ap_id"), "post.ap_id")))
    return post_id, Record(
        label=post_id,
        text="\n\n".join(part for part in (body, link and f"[link: {link}]") if part),
        author=_author(view.get("creator")) if of_post else None,
        published=parse_time(post.get("published")),
        post=True,
        stated=True,
        meta=meta,
    )


def _comment(view: dict[str, Any]) -> Record:
    comment = view["comment"]
    if not isinstance(comment, dict):
        raise TypeError("comment must be an object")
    label = text_field(comment["id"], "comment.id")
    if not label:
        raise ValueError("a comment without an id")
    path = text_field(comment.get("path"), "path") or ""
    chain = [step for step in path.split(".") if step]
    if chain and chain[-1] != label:
        raise ValueError(f"path {path!r} does not end at comment {label}")
    meta = scalar_meta(comment, (*META, "path", "language_id"))
    meta.update(_counts(view))
    creator = view.get("creator")
    if isinstance(creator, dict) and creator.get("display_name"):
        meta["display_name"] = text_field(creator["display_name"], "display_name")
    return Record(
        label=label,
        text=text_field(comment.get("content"), "content") or "",
        # The id before its own is its parent; 0 (or none, a path missing) is the post.
        parent=chain[-2] if len(chain) >= 2 and chain[-2] != "0" else None,
        author=_author(view.get("creator")),
        published=parse_time(comment.get("published")),
        stated=True,
        meta=meta,
    )


def _author(creator: Any) -> str | None:
    """A user's name, with the instance when the user is from another one."""
    if not isinstance(creator, dict):
        return None
    name = text_field(creator.get("name"), "creator.name")
    actor = text_field(creator.get("actor_id"), "creator.actor_id")
    if name and actor and creator.get("local") is False:
        host = urlsplit(actor).hostname
        return f"{name}@{host}" if host else name
    return name


def _counts(view: dict[str, Any]) -> dict[str, Any]:
    counts = view.get("counts")
    return scalar_meta(counts, COUNTS) if isinstance(counts, dict) else {}


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM, items=read_items, join=join)
