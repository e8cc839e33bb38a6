"""URS (Universal Reddit Scraper) scrapes of one submission's comments, in each layout URS
has written:

- 3.1 (2020-21): an object keyed by top-level comment id, comments with capitalised keys
  (``Comment ID``, ``Parent ID``, ``Author``, ``Date Created``, ``Upvotes``, ``Text``).
  Raw scrapes give each id a one-comment list; structured ones nest each reply in an
  object keyed by its id, inside its parent's list.
- 3.2.0 (February 2021): ``{"scrape_settings": {"submission_title", "submission_url", ...},
  "data": [{id: comment, ...}]}``, keys in snake case (``comment_id``, ``parent_id``,
  ``date_created``, ``upvotes``, ``text``); structured scrapes nest ``{id: comment}``
  objects under ``replies``.
- 3.2.1 and later: ``{"scrape_settings": {"url", "style", ...}, "data":
  {"submission_metadata": {...}, "comments": [...]}}`` with PRAW's names (``id``,
  ``parent_id``, ``author`` as ``u/name``, ``body``, ``created_utc``, ``score``); structured
  scrapes nest comments under ``replies``, raw ones list them level by level.
- 4 (the Rust rewrite): ``{"submission": {...}, "comments": [...]}``, the same comments with
  plain author names and Unix times.

Every comment states its parent (``t3_`` the submission, ``t1_`` a comment), so that,
not where the comment is nested, places it; a parent not in the file stays stated and
gets a stand-in. URS writes times as the scraping machine's local time without a zone
(``02-21-2021 22:37:59``, from 3.4 ``2021-02-21 22:37:59``): they are kept without one;
URS 4's Unix times are UTC. From 3.2.1 the file holds the submission itself, which becomes
the post node. Each node
keeps Reddit's full name (``t1_…``) and score as ``meta``, as the Reddit reader's do;
authors ``[deleted]`` become None and texts stay as URS wrote them.

URS's scrapes of a subreddit or a redditor share the scrape settings but hold submissions
or one person's comments, not a thread: they are refused in words. Its livestreams of
comments (``livestream_settings``) are Reddit records that ``wrapped`` reads.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from ..errors import ExplorerError
from ..model import Thread
from .compression import head_of
from .jsondata import RECORD_ERRORS, first_object, load_json, record_error
from .protocol import Format
from .records import Record, build_thread, parse_time, scalar_meta, text_field
from .reddit import SITE, bare_name

NAME = "urs"
PLATFORM = "reddit"
EXTENSIONS = (".json",)

# Each field under the names URS has given it, newest first.
_PARENT = ("parent_id", "Parent ID")
_ID = ("id", "comment_id", "Comment ID")
_AUTHOR = ("author", "Author")
_TEXT = ("body", "text", "Text")
_TIME = ("created_utc", "date_created", "Date Created")
_SCORE = ("score", "upvotes", "Upvotes")
_NOT_COMMENTS = ("scrape_settings", "submission_metadata", "submission")
_NOT_THREADS = ("subreddit", "redditor")  # what other URS scrapes name in their settings

_SETTINGS = re.compile(r'^\s*\{\s*"scrape_settings"\s*:\s*(?=\{)')
# URS 4 writes the submission's fields in a fixed order: these come before its text.
_SUBMISSION = re.compile(
    r'^\s*\{\s*"submission"\s*:\s*\{\s*"author"\s*:.*?"is_original_content"\s*:'
    r'.*?"permalink"\s*:\s*"/r/[^"]*/comments/', re.S)
_KEYED_BY_ID = re.compile(r'^\s*\{\s*"\w+"\s*:\s*\[\s*\[?\s*\{\s*"Parent ID"\s*:')
_POST_ID = re.compile(r"/comments/(\w+)")
_MONTH_FIRST = re.compile(r"^(\d\d)-(\d\d)-(\d{4}) (\d\d):(\d\d):(\d\d)$")


def sniff(text: str) -> bool:
    """True for a URS scrape: scrape settings naming a submission's address (or a subreddit
    or redditor, which ``parse`` refuses in words), (4) a submission with Reddit's fields,
    or (3.1) an object of comment ids whose first comment has URS's ``Parent ID``."""
    head = head_of(text.lstrip("\ufeff"))
    if _KEYED_BY_ID.match(head) or _SUBMISSION.match(head):
        return True
    settings = _SETTINGS.match(head)
    if not settings:
        return False
    found = first_object(head[settings.end():]) or {}
    return _scraped(found) is not None or any(kind in found for kind in _NOT_THREADS)


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read one URS scrape of a submission's comments: one thread."""
    document = load_json(text.lstrip("\ufeff"), source)
    if not isinstance(document, dict):
        raise ExplorerError("a URS scrape is a JSON object", source)
    try:
        return [_thread(document, source)]
    except RECORD_ERRORS as err:
        raise record_error("malformed URS scrape", err, source) from err


def _scraped(settings: dict[str, Any]) -> str | None:
    """The address of the submission whose comments were scraped, if the settings name one."""
    url = _settings_url(settings)
    return url if isinstance(url, str) and _POST_ID.search(url) else None


def _settings_url(settings: dict[str, Any]) -> Any:
    """The address the scrape settings give (3.2.1 and later: ``url``; 3.2.0:
    ``submission_url``), whatever its type."""
    return settings.get("url") or settings.get("submission_url")


def _thread(document: dict[str, Any], source: str | None) -> Thread:
    settings = document.get("scrape_settings")
    settings = settings if isinstance(settings, dict) else {}
    kind = next((kind for kind in _NOT_THREADS if kind in settings), None)
    if kind and _scraped(settings) is None:
        raise ExplorerError(f"a URS scrape of a {kind}, not of a submission's comments (a "
                            "thread is what URS's -c writes)", source)
    body = document.get("data")
    submission = (body.get("submission_metadata") if isinstance(body, dict)
                  else document.get("submission"))
    submission = submission if isinstance(submission, dict) else None
    found = _comment_dicts(document)
    url = _post_url(settings, submission)
    path = _reddit_path(url)
    records = [_post_record(submission, source)] if submission is not None else []
    records += [_comment_record(item, number, path, source)
                for number, item in enumerate(found, start=1)]
    if not records:
        raise ExplorerError("no comments found in the URS scrape", source)
    title = (submission or {}).get("title") or settings.get("submission_title")
    stated = (submission or {}).get("num_comments")
    problems = []
    if type(stated) is int and stated != len(found):
        problems.append(f"post says {stated} comments, found {len(found)}")
    return build_thread(
        _thread_id(url, found, source), records, title=text_field(title, "title"), url=url,
        published=records[0].published if submission else None, source=source,
        problems=problems,
    )


def _comment_dicts(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The comments anywhere in a scrape, in document order: every object stating a parent,
    and the comments in its ``replies``; other objects (but the scrape settings and the
    submission) and lists are looked into."""
    found = []
    stack: list[Any] = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if any(key in value for key in _PARENT):
                found.append(value)
                inner = [value["replies"]] if "replies" in value else []
            else:
                inner = [item for key, item in value.items() if key not in _NOT_COMMENTS]
        elif isinstance(value, list):
            inner = value
        else:
            continue
        stack.extend(reversed(inner))
    return found


def _field(item: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The value of the first of ``names`` the comment has."""
    for name in names:
        if name in item:
            return item[name]
    return None


def _comment_record(item: dict[str, Any], number: int, post_path: str | None,
                    source: str | None) -> Record:
    """A comment's record; ``post_path`` is its submission's path on Reddit, if known."""
    label = _field(item, _ID)
    where = f"comment {number}" + (f" ({label})" if isinstance(label, str) and label else "")
    try:
        label = text_field(label, "id")
        if not label:
            raise ValueError(f"no id ({', '.join(repr(name) for name in _ID)})")
        parent = text_field(_field(item, _PARENT), "parent_id")
        meta = scalar_meta({"score": _field(item, _SCORE)}, ("score",))
        meta["name"] = f"t1_{label}"
        if post_path:
            meta["permalink"] = f"{post_path.rstrip('/')}/{label}/"
        return Record(
            label=label,
            text=text_field(_field(item, _TEXT), "body") or "",
            parent=None if not parent or parent.startswith("t3_") else bare_name(parent),
            author=_author(_field(item, _AUTHOR)),
            published=_time(_field(item, _TIME)),
            meta=meta,
            stated=True,  # Reddit states every comment's place, top level included
        )
    except RECORD_ERRORS as err:
        raise record_error(where, err, source) from err


def _post_record(item: dict[str, Any], source: str | None) -> Record:
    try:
        text = text_field(item.get("selftext"), "selftext") or ""
        if not text and item.get("is_self") is False:
            text = text_field(item.get("url"), "url") or ""  # a link post: the link
        meta = scalar_meta(item, ("score", "subreddit", "permalink", "num_comments"))
        name = item.get("name") or (f"t3_{item['id']}" if item.get("id") else None)
        if isinstance(name, str):
            meta["name"] = name
        return Record(label="post", text=text, author=_author(item.get("author")),
                      published=_time(item.get("created_utc")), post=True, meta=meta)
    except RECORD_ERRORS as err:
        raise record_error("submission_metadata", err, source) from err


def _post_url(settings: dict[str, Any], submission: dict[str, Any] | None) -> str | None:
    permalink = (submission or {}).get("permalink")
    if isinstance(permalink, str) and permalink.startswith("/"):
        return SITE + permalink
    url = _settings_url(settings)
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def _reddit_path(url: str | None) -> str | None:
    """The path of a submission's address on Reddit, which its comments' paths extend."""
    parts = urlsplit(url or "")
    host = parts.netloc.lower()
    return parts.path if host == "reddit.com" or host.endswith(".reddit.com") else None


def _thread_id(url: str | None, comments: list[dict[str, Any]], source: str | None) -> str:
    """The submission's id: from its address, else the ``t3_`` parent of a comment."""
    match = _POST_ID.search(url or "")
    if match:
        return match.group(1)
    for item in comments:
        parent = _field(item, _PARENT)
        if isinstance(parent, str) and parent.startswith("t3_") and len(parent) > 3:
            return parent[3:]
    raise ExplorerError("the URS scrape names no submission (no t3_ parent, no address)",
                        source)


def _author(name: Any) -> str | None:
    """The author's name without URS's ``u/``; ``[deleted]`` (or none) is None."""
    name = text_field(name, "author")
    if not name or name == "[deleted]":
        return None
    return name.removeprefix("u/") or None


def _time(value: Any) -> datetime | None:
    """URS's times: ``MM-DD-YYYY HH:MM:SS`` (to 3.3), else ISO or Unix seconds."""
    found = _MONTH_FIRST.match(value) if isinstance(value, str) else None
    if found:  # what strptime("%m-%d-%Y %H:%M:%S") gives, in a fifth of its time
        month, day, year, hour, minute, second = map(int, found.groups())
        return datetime(year, month, day, hour, minute, second)
    return parse_time(value)


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
