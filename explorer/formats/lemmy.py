"""Lemmy's API: a post's comments (``/api/v3/comment/list``), with or without the post.

The comment list gives ``comments``, each a view of one comment (``comment`` with ``id``,
``content`` in Markdown, ``published`` and ``path``), its ``creator``, its ``post`` and its
``counts``; ``/api/v3/post`` gives the post's ``post_view`` (and a file may hold both). A
comment's ``path`` (``0.12.34``) is the chain of ids from the post down to it: the id
before its own is the comment it answers, kept as stated even when the file does not hold
it (a later page; a stand-in then), never guessed; a path of one id answers the post.
Each post is one thread, named by its id, with the post itself as its first node (taken
from the ``post_view`` or from a comment's ``post``). Authors are user names, with the
instance for users of other instances (``jane@lemmy.world``), as people mention each other;
the display name, scores and the deleted and removed flags are in ``meta``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..errors import ExplorerError
from ..model import Thread
from .compression import head_of
from .jsondata import RECORD_ERRORS, load_json, record_error
from .protocol import Format
from .records import Record, build_thread, parse_time, scalar_meta, text_field

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


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read each post of a Lemmy comment list (or post view) as one thread."""
    document = load_json(text, source)
    if not isinstance(document, dict):
        raise ExplorerError("expected a Lemmy API response (a JSON object)", source)
    views = document.get("comments") or []
    if not isinstance(views, list):
        raise ExplorerError("comments must be a list", source)
    posts: dict[str, Record] = {}
    comments: dict[str, list[Record]] = {}
    titles: dict[str, tuple[str | None, str | None]] = {}
    try:
        if isinstance(document.get("post_view"), dict):
            _add_post(document["post_view"], posts, titles)
    except RECORD_ERRORS as err:
        raise record_error("post_view", err, source) from err
    for number, view in enumerate(views, start=1):
        try:
            if not isinstance(view, dict):
                raise TypeError("a comment view must be an object")
            thread_id = _add_post(view, posts, titles)
            comments.setdefault(thread_id, []).append(_comment(view))
        except RECORD_ERRORS as err:
            raise record_error(f"comment {number}", err, source) from err
    if not posts:
        raise ExplorerError("no Lemmy post or comments found", source)
    return [build_thread(thread_id, [post, *comments.get(thread_id, [])],
                         title=titles[thread_id][0], url=titles[thread_id][1],
                         published=post.published, source=source)
            for thread_id, post in posts.items()]


def _add_post(view: dict[str, Any], posts: dict[str, Record],
              titles: dict[str, tuple[str | None, str | None]]) -> str:
    """Note the post a view names (once) and return its id."""
    post = view["post"]
    if not isinstance(post, dict):
        raise TypeError("post must be an object")
    post_id = text_field(post["id"], "post.id")
    if not post_id:
        raise ValueError("a post without an id")
    if post_id not in posts:
        meta = scalar_meta(post, (*META, "url", "nsfw", "locked"))
        meta.update(_counts(view))
        community = view.get("community")
        if isinstance(community, dict):
            meta.update({f"community_{k}": v
                         for k, v in scalar_meta(community, ("name", "title")).items()})
        body = text_field(post.get("body"), "post.body")
        link = text_field(post.get("url"), "post.url")
        posts[post_id] = Record(
            label=post_id,
            text="\n\n".join(part for part in (body, link and f"[link: {link}]") if part),
            author=_author(view.get("creator") if "comment" not in view else None),
            published=parse_time(post.get("published")),
            post=True,
            stated=True,
            meta=meta,
        )
        titles[post_id] = (text_field(post.get("name"), "post.name"),
                           text_field(post.get("ap_id"), "post.ap_id"))
    return post_id


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
        # A path 0.<id> answers the post, as does a comment whose path is missing.
        parent=chain[-2] if len(chain) > 2 else None,
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


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
