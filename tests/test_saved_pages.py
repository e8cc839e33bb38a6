"""Real saved blog pages (tests/data/real/pages/): every comment, author, time, parent and
text checked against the page's own markup, read here with small independent lxml queries."""

from __future__ import annotations

import re
from datetime import datetime

import lxml.html
import pytest

from explorer.formats import read_paths
from tests.paths import REAL

PAGES = REAL / "pages"


def _read(name: str):
    path = PAGES / name
    [thread] = read_paths([str(path)])
    return thread, lxml.html.parse(str(path)).getroot()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _bare(text: str) -> str:
    """Text without white space or the converter's quote marks ("> " before each quoted
    line): what the page shows, however its blocks are spaced."""
    return re.sub(r"\s+", "", re.sub(r"(?m)^(?:> ?)+", "", text))


def _comments(thread) -> dict[str, object]:
    return {node.label: node for node in thread.nodes if node.kind != "post"}


def _parent(node) -> str | None:
    return node.parent.split("/")[-1] if node.parent else None


def _own_text(box, *, without: str = "") -> str:
    """A box's words, less those of the descendants the xpath ``without`` names."""
    skipped = box.xpath(without) if without else []  # kept alive: lxml reuses live proxies
    skip = {id(part) for part in skipped}
    pieces: list[str] = []

    def walk(element):
        if id(element) in skip:
            return
        pieces.append(element.text or "")
        for child in element:
            walk(child)
            pieces.append(child.tail or "")

    walk(box)
    return _flat("".join(pieces))


def test_wordpress_epoch_plugin_page():
    """WP Tavern with the Epoch plugin: ``div#comment-N`` holding a report button that
    repeats the id, times printed in a ``time`` whose attribute says "comment_date"."""
    thread, page = _read("readability-wordpress.html")
    boxes = page.xpath("//div[@data-comment-id][starts-with(@id, 'comment-')]")
    comments = _comments(thread)
    assert len(comments) == len(boxes) == 13
    assert not thread.problems
    for box in boxes:
        node = comments[box.get("data-comment-id")]
        above = box.xpath("ancestor::div[@data-comment-id][1]/@data-comment-id")
        assert _parent(node) == (above[0] if above else None)
        printed = box.xpath(".//time")[0].text.strip()
        assert node.published.replace(tzinfo=None) == datetime.strptime(
            printed, "%B %d, %Y at %I:%M %p")
        own_replies = box.xpath("./article//li[contains(@class, 'epoch-reply')]//a/@aria-label")
        if own_replies:
            assert own_replies[0] == f"Reply to {node.author}"
        body = box.xpath("./article/div[contains(@class, 'epoch-comment-content')]")[0]
        assert _bare(node.text) == _bare(_own_text(
            body, without=".//span[contains(@class, 'report-link')]"))
    # Names with digits and brackets stay whole; the id-less one is read from its box.
    authors = {node.author for node in comments.values()}
    assert {"Sallie Goetsch (rhymes with sketch)", "Ammon", "djsteveb"} <= authors
    assert not any(node.text.endswith("Report") for node in comments.values())


@pytest.mark.parametrize("name", ["readability-002.html",
                                  "readability-firefox-nightly-blog.html"])
def test_wordpress_hatom_theme(name):
    """Mozilla's blogs: ``blockquote.entry-content`` per comment, a date-only stamp and the
    time printed beside it, permalinks through ``/comment-page-1/``."""
    thread, page = _read(name)
    items = [item for item in page.xpath("//li[starts-with(@id, 'comment-')]")
             if re.fullmatch(r"comment-\d+", item.get("id"))]
    comments = _comments(thread)
    assert len(comments) == len(items) > 0
    assert not thread.problems  # the permalinks are not "more pages"
    for item in items:
        node = comments[item.get("id").removeprefix("comment-")]
        above = item.xpath("ancestor::li[starts-with(@id, 'comment-')][1]/@id")
        assert _parent(node) == (above[0].removeprefix("comment-") if above else None)
        assert node.author == _flat(item.xpath(".//cite[contains(@class, 'fn')]")[0].text)
        meta = _flat("".join(item.xpath(".//*[contains(@class, 'comment-meta')]")[0]
                             .itertext()))
        day, year, clock = re.search(r"(\w+ \d+)\w*, (\d{4}) at (\d+:\d\d(?: [ap]m)?)",
                                     meta).groups()
        shape = "%B %d %Y %I:%M %p" if clock.endswith("m") else "%B %d %Y %H:%M"
        assert node.published == datetime.strptime(f"{day} {year} {clock}", shape)
        quote = item.xpath(".//blockquote[contains(@class, 'entry-content')]")[0]
        assert _bare(node.text) == _bare("".join(quote.itertext()))
        assert not node.text.startswith(">")  # the box is no quotation
    post = thread.nodes[0]
    assert post.kind == "post"
    assert not any(_flat(node.text) in _flat(post.text) for node in comments.values())


def test_drupal_page_with_indented_replies_and_a_pager():
    """ACLU (Drupal 7): an empty ``a#comment-N`` before each comment, replies in
    ``div.indented``, date and time printed apart, more comments on pages 2 and 3."""
    thread, page = _read("readability-aclu.html")
    anchors = page.xpath("//a[starts-with(@id, 'comment-')][not(node())]")
    comments = _comments(thread)
    assert len(comments) == len(anchors) == 10
    for anchor in anchors:
        box = anchor.getnext()
        node = comments[anchor.get("id").removeprefix("comment-")]
        assert node.author == _flat(box.xpath(".//span[@class='username']")[0].text)
        date = _flat(box.xpath(".//li[contains(@class, 'date')]")[0].text_content())
        clock = _flat(box.xpath(".//li[contains(@class, 'time')]")[0].text_content())
        assert node.published == datetime.strptime(f"{date} {clock}", "%B %d, %Y %I:%M %p")
        body = box.xpath(".//div[contains(@class, 'field-comment-body')]")[0]
        assert _bare(node.text) == _bare(body.text_content())
        indented = box.xpath("ancestor::div[@class='indented'][1]")
        if indented:
            answered = indented[0].getprevious().getprevious()  # its anchor
            assert _parent(node) == answered.get("id").removeprefix("comment-")
        else:
            assert node.parent is None
    assert sum(node.parent is not None for node in comments.values()) == 2
    assert thread.problems == ("the page links to more comments; only the 10 it shows are read",)


def test_pixnet_page_in_traditional_chinese():
    """PIXNET: ``ul.single-post`` per comment, "於 2017/01/18 14:41", the blogger's answer
    in ``li.reply-text`` signed "name 於 date 回覆", private comments shown as 悄悄話."""
    thread, page = _read("readability-pixnet.html")
    posts = page.xpath("//ul[contains(concat(' ', @class, ' '), ' single-post ')]")
    answers = page.xpath("//li[contains(@class, 'reply-text')]")
    comments = _comments(thread)
    assert len(comments) == len(posts) + len(answers) == 42 + 38
    for post in posts:
        names = post.xpath(".//a[starts-with(@name, 'comment-')]/@name")
        if not names:
            assert "secret" in post.get("class")
            continue
        node = comments[names[0].removeprefix("comment-")]
        assert node.author == _flat(post.xpath(".//span[@class='user-name']")[0].text_content())
        stamp = _flat(post.xpath(".//span[@class='post-time']")[0].text)
        assert node.published == datetime.strptime(stamp, "於 %Y/%m/%d %H:%M")
        text = _flat(post.xpath(".//li[@class='post-text']")[0].text_content())
        assert _bare(node.text) == _bare(text)
        for answer in post.xpath(".//li[contains(@class, 'reply-text')]"):
            reply = comments[f"{node.label}-reply"]
            assert _parent(reply) == node.label
            signature = answer.xpath("./p")[-1]
            assert reply.author == _flat(signature.xpath(".//a")[0].text)
            when = re.search(r"\d{4}/\d\d/\d\d \d\d:\d\d", signature.text_content()).group(0)
            assert reply.published == datetime.strptime(when, "%Y/%m/%d %H:%M")
            assert _bare(reply.text) == _bare(_own_text(answer, without="./p[last()]"))
    private = [node for node in comments.values() if dict(node.meta or ()).get("private")]
    assert len(private) == len(page.xpath("//ul[contains(@class, 'secret')]")) == 3
    assert {node.text for node in private} == {"悄悄話"}


@pytest.mark.parametrize(("name", "count"), [
    ("postlight-blisterreview.html", 22),  # English, schema.org markup, "22 comments on"
    ("htmldate-netzpolitik.org.abmahnungen.html", 74),  # German, "sagt:", "um 18:47 Uhr"
])
def test_wordpress_default_comment_markup(name, count):
    """WordPress' own comment markup: ``li#comment-N.depth-D`` in ``children`` lists, the
    name in ``.fn``, ``time datetime`` with its offset, the text in ``comment-content``."""
    thread, page = _read(name)
    items = page.xpath("//li[contains(@class, 'comment')][starts-with(@id, 'comment-')]")
    comments = _comments(thread)
    assert len(comments) == len(items) == count
    assert not thread.problems
    by_id = {node.id: node for node in thread.nodes}
    for item in items:
        node = comments[item.get("id").removeprefix("comment-")]
        depth = int(re.search(r"\bdepth-(\d+)\b", item.get("class")).group(1))
        hops, above = 1, node
        while above.parent:
            hops, above = hops + 1, by_id[above.parent]
        assert hops == depth
        article = item.xpath("./article")[0]
        assert node.author == _flat(article.xpath(".//*[contains(@class, 'fn')]")[0].text_content())
        stamp = article.xpath(".//time/@datetime")[0]
        assert node.published == datetime.fromisoformat(stamp)
        content = article.xpath(".//div[contains(@class, 'comment-content')]")[0]
        assert _bare(node.text) == _bare(content.text_content())
    assert thread.nodes[0].kind == "post"


_GERMAN_MONTHS = ("Januar Februar März April Mai Juni Juli August September Oktober "
                  "November Dezember").split()


def _german(printed: str) -> datetime:
    day, month, year, clock = re.fullmatch(r"(\d+)\. (\w+) (\d{4}) at (\d+:\d+)",
                                           _flat(printed)).groups()
    hour, minute = map(int, clock.split(":"))
    return datetime(int(year), _GERMAN_MONTHS.index(month) + 1, int(day), hour, minute)


def test_wordpress_german_theme_printing_its_dates():
    """hobby-werkstatt-blog.de: no time element, "16. Dezember 2015 at 21:50" printed in
    the permalink, names in ``span.authorname``, the text loose in the comment's box."""
    thread, page = _read("htmldate-hobby-werkstatt-blog.de.roomba.html")
    items = page.xpath("//li[starts-with(@id, 'comment-')]")
    comments = _comments(thread)
    assert len(comments) == len(items) == 9
    for item in items:
        node = comments[item.get("id").removeprefix("comment-")]
        box = item.xpath("./div[contains(@class, 'comment-container')]")[0]
        assert node.author == _flat(box.xpath(".//span[@class='authorname']")[0].text_content())
        assert node.published == _german(box.xpath(".//div[contains(@class, 'commentmetadata')]"
                                                   "/a")[0].text)
        assert _bare(node.text.replace("[image: ;-)]", "")) == _bare(_own_text(
            box, without="./div[contains(@class, 'comment-author') or "
                         "contains(@class, 'comment-meta')]"))
        above = item.xpath("ancestor::li[starts-with(@id, 'comment-')][1]/@id")
        assert _parent(node) == (above[0].removeprefix("comment-") if above else None)


def test_wordpress_classic_themes_without_classes():
    """Two themes that class nothing in a comment but its box: the name in a ``cite`` or
    an ``a.url`` link or printed bare, the time as the permalink's words (German
    "12.05.2012 18:47", or "1 year" that is no time), the text after that header."""
    thread, page = _read("htmldate-jovelstefan.de.parken.html")
    items = page.xpath("//li[starts-with(@id, 'comment-')]")
    assert len(_comments(thread)) == len(items) == 4
    for item in items:
        node = _comments(thread)[item.get("id").removeprefix("comment-")]
        assert node.author == _flat(item.xpath("./cite")[0].text_content())
        stamp = _flat(item.xpath("./small/a")[0].text)
        assert node.published == datetime.strptime(stamp, "%d.%m.%Y %H:%M")
        assert _bare(node.text) == _bare(" ".join(p.text_content() for p in item.xpath("./p")))

    thread, page = _read("htmldate-blog.wikimedia.interactivemaps.html")
    boxes = page.xpath("//div[contains(@class, 'entry')][starts-with(@id, 'comment-')]")
    comments = _comments(thread)
    assert len(comments) == len(boxes) == 6
    for box in boxes:
        node = comments[box.get("id").removeprefix("comment-")]
        header, *paragraphs = box.xpath("./p")
        assert node.author == _own_text(header, without=".//a[@class='comment-link']")
        assert node.published is None  # "1 year" ago of an unknown day
        assert _bare(node.text) == _bare(" ".join(p.text_content() for p in paragraphs))
        assert "Share" not in node.text


def test_wordpress_german_blog_with_article_comments():
    """verfassungsblog.de: ``article#comment-N``, ``cite.fn`` "Citizen, " (the comma is
    the theme's), ``time datetime`` and "Do  1 Aug 2019 / 01:15" printed."""
    thread, page = _read("htmldate-verfassungsblog.de.decade.html")
    articles = page.xpath("//article[starts-with(@id, 'comment-')]")
    comments = _comments(thread)
    assert len(comments) == len(articles) == 5
    for article in articles:
        node = comments[article.get("id").removeprefix("comment-")]
        assert node.author == _flat(article.xpath(".//cite")[0].text).rstrip(",")
        assert node.published == datetime.fromisoformat(article.xpath(".//time/@datetime")[0])
        content = article.xpath(".//div[@class='comment-content']")[0]
        assert _bare(node.text) == _bare(content.text_content())


def test_spip_forum_in_french():
    """Là-bas si j'y suis (SPIP 3.2): ``li.comment-li`` with ``a#commentN``, replies nested
    in the item they answer, "par Horus" in ``span.reviewer``, ``time datetime`` in UTC."""
    thread, page = _read("htmldate-la-bas.org.porte.html")
    items = page.xpath("//li[contains(concat(' ', @class, ' '), ' comment-li ')]")
    comments = _comments(thread)
    assert len(comments) == len(items) == 15
    for item in items:
        label = item.xpath("./a[starts-with(@id, 'comment')]/@id")[0].removeprefix("comment")
        node = comments[label]
        reviewer = _flat(item.xpath(".//span[contains(@class, 'reviewer')]")[0].text_content())
        assert reviewer == f", par {node.author}"
        stamp = item.xpath(".//time/@datetime")[0].replace("Z", "+00:00")
        assert node.published == datetime.fromisoformat(stamp)
        content = item.xpath(".//div[contains(@class, 'comment-content')]")[0]
        assert _bare(node.text) == _bare(content.text_content())
        above = item.xpath("ancestor::li[contains(@class, 'comment-li')][1]/a[1]/@id")
        assert _parent(node) == (above[0].removeprefix("comment") if above else None)
    assert sum(node.parent is not None for node in comments.values()) == 4


def test_code_blocks_in_a_post_keep_their_lines():
    """Mozilla Hacks' post holds 17 WP-Syntax blocks: ``<pre>`` split into coloured spans.
    Each block's lines and indentation stand in the post's text as the page shows them."""
    thread, page = _read("readability-002.html")
    blocks = page.xpath("//div[@class='wp_syntax']//pre")
    assert len(blocks) == 17
    for block in blocks:
        assert block.text_content().strip("\n") in thread.nodes[0].text


@pytest.mark.parametrize("name", sorted(path.name for path in PAGES.glob("*.html")))
def test_every_real_page_reads_whole(name):
    """Every comment has its text, the post (where one is found) is the article and holds
    no comment, and no comment text is furniture ("Reply", "says:") alone."""
    thread, _ = _read(name)
    comments = _comments(thread).values()
    assert comments and all(node.text.strip() for node in comments)
    posts = [node for node in thread.nodes if node.kind == "post"]
    for post in posts:
        assert len(post.text) > 200
        assert not any(len(node.text) > 40 and _bare(node.text) in _bare(post.text)
                       for node in comments)
    furniture = re.compile(r"(?i)(reply|antworten|répondre|responder|says:|sagt:|report)\W*$")
    assert not any(furniture.search(node.text) for node in comments)


@pytest.mark.parametrize("path", sorted([*PAGES.glob("*.html"),
                                         *(REAL / "forum_pages").glob("*.html")]),
                         ids=lambda path: path.name)
def test_no_real_page_reads_a_comment_twice(path):
    """Labels are unique anyway (a repeat is kept once or renamed ``~2``), but the thread's
    problems say so: a layout finding one box twice, or two boxes under one id, shows there."""
    [thread] = read_paths([str(path)])
    assert not [problem for problem in thread.problems
                if "read twice" in problem or "reusing an id" in problem]


def test_posts_found_by_the_class_their_theme_ends_with():
    """The Wikimedia blog's post is ``div.article-entry`` and its comments ``div.entry``;
    hobby-werkstatt's is the hAtom ``hentry`` box."""
    thread, page = _read("htmldate-blog.wikimedia.interactivemaps.html")
    body = page.xpath("//div[@class='article-entry']")[0]
    assert thread.nodes[0].kind == "post"
    assert _bare(thread.nodes[0].text).startswith(_bare(body.xpath(".//p")[0].text_content()))
    thread, page = _read("htmldate-hobby-werkstatt-blog.de.roomba.html")
    assert thread.nodes[0].kind == "post"
    first = page.xpath("//div[contains(@class, 'post-bodycopy')]/p")[0].text_content()
    assert _bare(first) in _bare(thread.nodes[0].text)


_BYLINED = sorted(path.name for path in PAGES.glob("*.html")
                  if lxml.html.parse(str(path)).getroot().xpath("//article//a[@rel='author']"))


@pytest.mark.parametrize("name", _BYLINED)
def test_post_author_is_the_articles_author_link(name):
    thread, page = _read(name)
    link = page.xpath("//article//a[@rel='author']")[0]
    assert thread.nodes[0].kind == "post"
    assert thread.nodes[0].author == _flat(link.text_content())
