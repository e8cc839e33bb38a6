"""Where a comment lives online: only http(s) addresses, built from the source's own ids."""

from __future__ import annotations

import pytest

from explorer.model import Node, Thread
from explorer.render.links import comment_urls, web_address


def node(**meta) -> Node:
    return Node(id="t/7", kind="comment", position=1, label="7", text="x",
                meta=tuple(sorted(meta.items())))


@pytest.mark.parametrize(("url", "meta", "expected"), [
    (None, {"permalink": "/r/a/comments/x/y/c1/"}, "https://www.reddit.com/r/a/comments/x/y/c1/"),
    ("https://news.ycombinator.com/item?id=1", {"id": 42},
     "https://news.ycombinator.com/item?id=42"),
    ("https://forum.example/t/topic/5", {"id": 9, "post_type": 1},
     "https://forum.example/t/topic/5/7"),
    (None, {"message_id": "<a+b@example.org>"},
     "https://www.mail-archive.com/search?l=mid&q=a%2Bb%40example.org"),
    (None, {"message_id": "<message 3>"}, None),  # a made-up id names no message
    ("javascript:alert(1)", {"id": 42}, None),
    (None, {"permalink": "javascript:alert(1)"}, None),
    (None, {}, None),
])
def test_comment_url_from_the_sources_ids(url, meta, expected):
    assert comment_urls(Thread(id="t", nodes=(), url=url))(node(**meta)) == expected


def test_web_address_takes_http_and_https_only():
    assert web_address(" https://a.example/x ") == "https://a.example/x"
    assert [web_address(v) for v in ("ftp://a.example/", "data:text/html,x", "https://",
                                     "javascript:alert(1)", None, 3)] == [None] * 6
