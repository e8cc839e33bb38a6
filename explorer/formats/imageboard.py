"""Imageboard thread JSON: 4chan's API (``/board/thread/N.json``), vichan/lynxchan boards
that copy it, and 2ch (``/board/res/N.json``).

4chan and vichan list the thread's posts in ``posts`` (``no``, ``resto`` 0 for the opening
post, ``time``, ``name``, ``com`` as HTML); 2ch nests them in ``threads[0].posts``
(``num``, ``parent``, ``timestamp``, ``comment``). A reply says whom it answers with
``>>N`` links in its text: these are stated, so the first link to a post of the thread (or
one absent from the file, kept as stated) is the post's parent; the others are read by the
``links`` cue as addressed edges. A post with no link answers the opening post. Posters are
mostly "Anonymous" (in the board's language): such names are kept as written and never
taken for one person; the per-thread poster id, where the board shows one, is in ``meta``.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Thread
from .htmltext import html_text
from .jsondata import RECORD_ERRORS, load_json, record_error
from .protocol import Format
from .records import Record, build_thread, parse_time, scalar_meta, text_field

NAME = "imageboard"
PLATFORM = "imageboard"
EXTENSIONS = (".json",)
LINK = re.compile(r"(?<![>\w])>>(\d+)\b")
"""A link to a post of the thread, as the text shows it (``>>>/board/`` links are not)."""
META_4CHAN = ("no", "id", "trip", "capcode", "country_name", "filename", "ext", "replies")
META_2CH = ("num", "email", "op", "trip", "subject")


def sniff(text: str) -> bool:
    """True for a JSON object whose ``posts`` (or ``threads[].posts``) are imageboard posts."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if not head.startswith("{") or '"explorer-thread/' in head:
        return False
    four = re.search(r'"posts"\s*:\s*\[\s*\{', head) and re.search(r'"resto"\s*:', head) \
        and re.search(r'"no"\s*:', head)
    two = re.search(r'"threads"\s*:\s*\[', head) and re.search(r'"posts"\s*:\s*\[', head) \
        and re.search(r'"num"\s*:', head) and re.search(r'"comment"\s*:', head)
    return bool(four or two)


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read the thread of a 4chan, vichan or 2ch thread JSON."""
    document = load_json(text, source)
    try:
        posts, fields = _posts(document)
        return [_thread(posts, fields, source)]
    except RECORD_ERRORS as err:
        raise record_error("not an imageboard thread", err, source) from err


def _posts(document: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The thread's posts and the names this board gives their fields."""
    if isinstance(document.get("posts"), list):
        return document["posts"], {"id": "no", "time": "time", "text": "com", "subject": "sub",
                                   "meta": "4chan"}
    threads = document["threads"]
    return threads[0]["posts"], {"id": "num", "time": "timestamp", "text": "comment",
                                 "subject": "subject", "meta": "2ch"}


def _thread(posts: list[dict[str, Any]], fields: dict[str, str], source: str | None) -> Thread:
    if not posts:
        raise ValueError("the thread has no posts")
    labels = [text_field(post[fields["id"]], fields["id"]) for post in posts]
    if None in labels:
        raise ValueError(f"post {labels.index(None) + 1} has no number ({fields['id']!r})")
    opening = labels[0]
    records = []
    for label, post in zip(labels, posts, strict=True):
        if not isinstance(post, dict):
            raise TypeError(f"post {label} is not an object")
        text = _text(post, fields)
        links = [number for number in LINK.findall(text) if number != label]
        records.append(Record(
            label=label,
            text=text,
            parent=links[0] if links and label != opening else None,
            author=_author(post),
            published=parse_time(post.get(fields["time"])),
            post=label == opening,
            stated=True,
            meta=scalar_meta(post, META_4CHAN if fields["meta"] == "4chan" else META_2CH),
        ))
    first = posts[0]
    title = text_field(first.get(fields["subject"]), "subject")
    return build_thread(
        opening, records, title=html_text(title) or None,
        published=records[0].published, source=source,
    )


def _text(post: dict[str, Any], fields: dict[str, str]) -> str:
    """The post's words, with the files it shows as ``[image: name]`` lines."""
    parts = []
    if post.get("filename"):  # 4chan and vichan: one file per post
        name = f"{text_field(post['filename'], 'filename')}{post.get('ext') or ''}"
        parts.append(f"[image: {name}]")
    for attached in post.get("files") or []:  # 2ch: a list of files, in the post's order
        if isinstance(attached, dict) and (attached.get("fullname") or attached.get("name")):
            parts.append(f"[image: {attached.get('fullname') or attached.get('name')}]")
    parts.append(html_text(text_field(post.get(fields["text"]), fields["text"])))
    return "\n".join(part for part in parts if part)


def _author(post: dict[str, Any]) -> str | None:
    name = html_text(text_field(post.get("name"), "name")) or None
    trip = text_field(post.get("trip"), "trip")
    return f"{name or ''} {trip}".strip() if trip else name


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
