"""Where a comment lives online, from the ids its source gave (``Node.meta``).

Only http(s) addresses come out: a page links them, and a ``javascript:`` address from a
hostile file must never become a link.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlsplit

from ..model import Node, Thread

REDDIT = "https://www.reddit.com"
HACKER_NEWS = "https://news.ycombinator.com/"
MAIL_ARCHIVE = "https://www.mail-archive.com/search?l=mid&q="
"""An archive that finds a message by its Message-ID, whichever list carried it."""


def web_address(value: object) -> str | None:
    """``value`` when it is an http(s) address with a host, else None."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def comment_urls(thread: Thread) -> Callable[[Node], str | None]:
    """Each node's own page (Reddit permalink, HN item, Discourse post, archived message),
    the thread's address checked once."""
    home = web_address(thread.url)
    hacker_news = bool(home) and home.startswith(HACKER_NEWS)

    def url(node: Node) -> str | None:
        if not node.meta:
            return None
        meta = dict(node.meta)
        permalink = meta.get("permalink")
        if isinstance(permalink, str) and permalink.startswith("/"):
            return REDDIT + permalink
        if isinstance(permalink, str):
            return web_address(permalink)
        if hacker_news and meta.get("id") is not None:
            return f"{HACKER_NEWS}item?id={quote(str(meta['id']))}"
        if home and "post_type" in meta:  # a Discourse post: the topic's address and number
            return f"{home.rstrip('/')}/{quote(node.label)}"
        message_id = meta.get("message_id")
        if isinstance(message_id, str) and "@" in message_id:
            return MAIL_ARCHIVE + quote(message_id.strip("<> "), safe="")
        return None

    return url
