"""Bluesky (AT Protocol) threads: the JSON of ``app.bsky.feed.getPostThread``.

The response (saved as the API sends it, or as the JavaScript client returns it, under
``data``) nests the thread around the post asked for: its ``parent`` chain above, its
``replies`` below, each a ``threadViewPost`` holding a ``post`` (``uri``, ``author``,
``record`` with ``text``, ``createdAt`` and ``reply``, ``indexedAt``). Each post states the
one it answers in ``record.reply.parent``; that parent is kept as stated. A post the server
could not give (``notFoundPost``, deleted; ``blockedPost``) and one above the fetched
``parentHeight`` become stand-ins for the replies that name them, counted in ``problems``,
never guessed. The thread is named by the root post's record key (the end of its
``at://`` address), as are the posts; a key two authors share falls back to the whole
address. Authors are handles (``jane.bsky.social``), as people mention each other; the
display name, the address and the counts are in ``meta``. Times are ``createdAt``, what
the app shows (``indexedAt``, when the server saw the post, when it is missing). Images
become ``[image: alt text]`` lines, link cards and links the text shortens ``[link: …]``,
a quoted post ``[quote: handle]`` over its text, quoted.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ExplorerError
from ..model import Thread
from .compression import head_of
from .jsondata import RECORD_ERRORS, load_json, record_error
from .protocol import Format
from .records import Record, build_thread, parse_time, scalar_meta, text_field

NAME = "bluesky"
PLATFORM = "bluesky"
EXTENSIONS = (".json",)
META = ("uri", "cid", "replyCount", "repostCount", "likeCount", "quoteCount", "indexedAt")
GONE = {"notFound": "not found (deleted)", "blocked": "blocked"}

_THREAD = re.compile(r'"thread"\s*:\s*\{')
_ATPROTO = re.compile(r'#threadViewPost"|"uri"\s*:\s*"at://')


def sniff(text: str) -> bool:
    """True for a JSON object whose ``thread`` holds AT Protocol posts."""
    head = head_of(text.lstrip("\ufeff \t\r\n"))
    return head.startswith("{") and bool(_THREAD.search(head) and _ATPROTO.search(head))


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read the thread of a ``getPostThread`` response."""
    document = load_json(text, source)
    if isinstance(document, dict) and isinstance(document.get("data"), dict) \
            and "thread" not in document:
        document = document["data"]  # the response as the JavaScript client gives it
    if not isinstance(document, dict) or not isinstance(document.get("thread"), dict):
        raise ExplorerError("expected a Bluesky thread (an object with thread)", source)
    try:
        views, gone = _views(document["thread"])
        if not views:
            raise ExplorerError("the thread holds no post (" + ", ".join(
                f"{what}: {count}" for what, count in gone.items()) + ")")
        return [_thread(views, gone, source)]
    except RECORD_ERRORS as err:
        raise record_error("not a Bluesky thread", err, source) from err
    except ExplorerError as err:
        raise ExplorerError(err.message, source) from err


def _views(top: dict[str, Any]) -> tuple[list[tuple[dict[str, Any], str | None]], dict]:
    """The posts of the thread with the address of the view they hang under, ancestors
    first then the replies depth-first, and the posts the server left out, by reason."""
    chain = []
    view: Any = top
    while isinstance(view, dict):  # the parent chain, read upwards
        chain.append(view)
        view = view.get("parent")
    views: list[tuple[dict[str, Any], str | None]] = []
    gone: dict[str, int] = {}
    stack: list[tuple[Any, str | None]] = []
    above = None
    for ancestor in reversed(chain):
        if ancestor is top:
            stack.append((top, above))
        elif _post(ancestor, gone) is not None:
            views.append((ancestor, above))
        above = _uri(ancestor)
    while stack:
        view, above = stack.pop()
        if _post(view, gone) is None:
            continue
        views.append((view, above))
        replies = view.get("replies") or []
        if not isinstance(replies, list):
            raise TypeError("replies must be a list")
        stack.extend((reply, _uri(view)) for reply in reversed(replies))
    return views, gone


def _post(view: Any, gone: dict[str, int]) -> dict[str, Any] | None:
    """The post of a view, or None (counted) for one the server left out."""
    if not isinstance(view, dict):
        raise TypeError("a thread item must be an object")
    post = view.get("post")
    if isinstance(post, dict):
        return post
    reason = next((said for key, said in GONE.items() if view.get(key)), "left out")
    gone[reason] = gone.get(reason, 0) + 1
    return None


def _uri(view: dict[str, Any]) -> str | None:
    post = view.get("post")
    return text_field((post if isinstance(post, dict) else view).get("uri"), "uri")


def _thread(views: list[tuple[dict[str, Any], str | None]], gone: dict[str, int],
            source: str | None) -> Thread:
    posts = [(view["post"], above) for view, above in views]
    stated = [(post, _stated(post, above)) for post, above in posts]
    addresses = [text_field(post["uri"], "uri") for post, _ in stated]
    roots = [root for post, _ in stated if (root := _reply_ref(post, "root"))]
    labels = _labels([*addresses, *(parent for _, parent in stated if parent), *roots])
    records = [_record(post, labels, parent) for post, parent in stated]
    top = next((record for record in records if record.parent is None), None)
    if top is not None:
        top.post = True
    root = roots[0] if roots else addresses[0]
    problems = [f"posts the server left out: {sum(gone.values())} ("
                + ", ".join(f"{what} {count}" for what, count in sorted(gone.items())) + ")"
                ] if gone else []
    return build_thread(labels[root], records, url=_web_address(root),
                        published=top.published if top else None, source=source,
                        problems=problems)


def _stated(post: dict[str, Any], above: str | None) -> str | None:
    """The address of the post this one answers: as its record states, else where the
    response nests it."""
    if not isinstance(post.get("record"), dict):
        raise TypeError("record must be an object")
    return _reply_ref(post, "parent") or above


def _reply_ref(post: dict[str, Any], which: str) -> str | None:
    reply = post["record"].get("reply") or {}
    ref = reply.get(which) if isinstance(reply, dict) else None
    return text_field(ref.get("uri"), f"reply.{which}.uri") if isinstance(ref, dict) else None


def _labels(addresses: list[str]) -> dict[str, str]:
    """Each address's label: its record key, or the whole address when keys collide."""
    keys: dict[str, set[str]] = {}
    for address in addresses:
        keys.setdefault(address.rstrip("/").rsplit("/", 1)[-1], set()).add(address)
    return {address: key if len(same) == 1 else address
            for key, same in keys.items() for address in same}


def _web_address(uri: str) -> str | None:
    """The bsky.app address of a post's ``at://`` address."""
    found = re.fullmatch(r"at://([^/]+)/app\.bsky\.feed\.post/([^/]+)", uri)
    return f"https://bsky.app/profile/{found[1]}/post/{found[2]}" if found else None


def _record(post: dict[str, Any], labels: dict[str, str], parent: str | None) -> Record:
    record = post["record"]
    author = post.get("author") or {}
    if not isinstance(author, dict):
        raise TypeError("author must be an object")
    meta = scalar_meta(post, META)
    meta.update({f"author_{key}": value
                 for key, value in scalar_meta(author, ("did", "displayName")).items()})
    text = text_field(record.get("text"), "text") or ""
    embedded = _embedded(post.get("embed"))
    parts = [text, *_links(record, text + "".join(embedded)), *embedded]
    return Record(
        label=labels[text_field(post["uri"], "uri")],
        text="\n\n".join(part for part in parts if part),
        parent=labels[parent] if parent else None,
        author=text_field(author.get("handle"), "handle"),
        published=parse_time(record.get("createdAt")) or parse_time(post.get("indexedAt")),
        stated=True,
        meta=meta,
    )


def _links(record: dict[str, Any], shown: str) -> list[str]:
    """The links of the text's facets whose address the text (or a link card) does not
    show whole."""
    lines = []
    for facet in record.get("facets") or []:
        for feature in (facet.get("features") or []) if isinstance(facet, dict) else []:
            uri = feature.get("uri") if isinstance(feature, dict) else None
            if isinstance(uri, str) and uri not in shown:
                lines.append(f"[link: {uri}]")
    return lines


def _embedded(embed: Any) -> list[str]:
    """Lines for the images, link cards and media of a post's embed view."""
    if not isinstance(embed, dict):
        return []
    lines = [f"[image: {image.get('alt') or image.get('fullsize') or ''}]".replace(": ]", "]")
             for image in embed.get("images") or [] if isinstance(image, dict)]
    card = embed.get("external")
    if isinstance(card, dict) and card.get("uri"):
        title = text_field(card.get("title"), "title")
        lines.append(f"[link: {title} ({card['uri']})]" if title else f"[link: {card['uri']}]")
    return lines + _embedded(embed.get("media")) + _quoted(embed.get("record"))


def _quoted(view: Any) -> list[str]:
    """A quoted post as the app shows it: ``[quote: handle]`` over its text, quoted.

    ``record`` is the quoted post's view, or (beside media) holds it under ``record``.
    """
    if isinstance(view, dict) and "value" not in view:
        view = view.get("record")
    if not isinstance(view, dict) or not isinstance(view.get("value"), dict):
        return []  # not found, blocked, or a feed or list rather than a post
    text = text_field(view["value"].get("text"), "quoted text") or ""
    author = view.get("author")
    handle = text_field(author.get("handle"), "quoted handle") if isinstance(author, dict) \
        else None
    quoted = "\n".join(f"> {line}" if line else ">" for line in text.split("\n")) if text else ""
    return ["\n".join(part for part in (f"[quote: {handle}]" if handle else "[quote]", quoted)
                      if part)]


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
