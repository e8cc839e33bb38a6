"""The comment layouts of saved pages: where each site's markup puts a comment and its parts.

A layout finds the comment elements of a page (in document order), the parent each
stands under, each one's fields and the page's post. Nesting is the page's own: the
nearest enclosing comment (WordPress' ``children`` lists, Blogger's reply threads,
Disqus' ``children``), or on Hacker News the indent width of each row. Class names are
matched as whole words of the ``class`` attribute (WordPress also takes a word ending in
the name, for themes and plugins that prefix theirs), never by searching the markup.
The base they share is in ``pagemarkup``; more blog engines are in ``blog_layouts``,
forums, Q&A sites and boards in ``site_layouts`` (tried first).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import chain

from .blog_layouts import Drupal, Pixnet, Spip
from .pagemarkup import (
    Element,
    Layout,
    Page,
    apart_from_comments,
    classed,
    drop,
    ending,
    first,
    first_of,
    has_class,
    markup_text,
    read_time,
    stamped_time,
    stated_number,
    tagged,
    words,
)
from .records import Record
from .site_layouts import LAYOUTS as SITE_LAYOUTS

_SHOW_COMMENT = re.compile(r"[?&]showComment=(\d{10,14})")


class WordPress(Layout):
    """WordPress themes: ``<li id="comment-N">`` (or article/div), replies in ``children``.

    Themes and comment plugins name their parts differently (``comment-content``,
    hAtom's ``entry-content``, Epoch's ``epoch-comment-content``): a part is found by the
    class it ends with, in order of preference.
    """

    name = "WordPress (comment-N ids)"
    _ID = re.compile(r"^comment-(\d+)$")
    _BODY = ("comment-content", "comment-text", "entry-content", "comment-body")
    _AUTHOR = ("fn", "author-link", "author-name", "comment-author", "vcard")
    _META = ("comment-metadata", "comment-meta", "commentmetadata", "comment-date")
    _FURNITURE = ("reply", "comment-reply-link", "comment-reply", "comment-author",
                  "comment-meta", "comment-metadata", "commentmetadata", "says", "avatar",
                  "edit-link", "comment-likes", "comment-actions", "comment-util",
                  "report-link", "entry-title", "share", "tools")
    # The post's box by class (else a class ending so: "article-entry"), hAtom's hentry.
    _POST = ("entry-content", "post-content", "article-content", "post-body", "entry",
             "hentry")

    def find(self, document: Element) -> list[Element]:
        """Elements with a ``comment-N`` id, once each: an empty anchor with such an id
        (Drupal, PIXNET) only marks a place, and a plugin repeating the id inside the
        comment (a report button) is part of it."""
        found, seen = [], set()
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue
            match = self._ID.match(element.get("id") or "")
            if match is None or match.group(1) in seen:
                continue
            if len(element) == 0 and not (element.text or "").strip():
                continue
            seen.add(match.group(1))
            found.append(element)
        return found

    def comment(self, element: Element) -> Record:
        label = self.label(element)
        # The comment's own permalink: its words are the time where no part is classed.
        permalink = [link for link in tagged(element, "a")
                     if (link.get("href") or "").endswith(f"#comment-{label}")]
        stamps = [stamp for stamp in tagged(element, "time", "abbr")
                  if stamp.tag == "time" or stamp.get("title")]
        machine = (stamps[0].get("datetime") or stamps[0].get("title")) if stamps else None
        printed = words(first_of(element, *self._META)) or words(
            stamps[0] if stamps else permalink[0] if permalink else None)
        published = stamped_time(machine, printed)
        name = first_of(element, *self._AUTHOR)
        if name is None:  # classic themes: the author link (class "url") in a <cite>
            name = next((node for node in tagged(element, "cite", "a") if _signed(node)), None)
        if name is not None and not has_class(name, "fn"):
            # A box holding the name beside the time and the comment's permalink.
            for part in tagged(name, "time", "a"):
                if part.tag == "time" or "#comment-" in (part.get("href") or ""):
                    part.drop_tree()
        author = words(name) if name is not None else _unlinked_author(element, permalink)
        if name is not None and not has_class(name, "fn"):
            author = re.sub(r"\s*(?:\S*\s*:|[·|•–-])$", "", author)  # "Jane says:", "Jean ·"
        author = author.rstrip(" ,")
        classes = (element.get("class") or "").split()
        kind = next((name for name in ("pingback", "trackback") if name in classes), "comment")
        body = first_of(element, *self._BODY)
        if body is None:
            body = element
            _drop_header(element, name, permalink)
        drop(body, *self._FURNITURE)
        return Record(
            label=label, text=markup_text(body), author=author or None,
            published=published, stated=True, meta={"comment_type": kind},
        )

    def post(self, page: Page) -> Record | None:
        """The post's text: the first body (``entry-content``, ..., else the ``article``)
        that is neither in a comment nor holding one."""
        # Exact classes first: a plugin's "related-post-content" is no post.
        candidates = chain(
            (element for name in self._POST for element in classed(page.document, name)),
            (element for name in self._POST for element in ending(page.document, name)),
            tagged(page.document, "article"),
        )
        body = next((element for element in candidates if apart_from_comments(element)),
                    None)
        if body is None:
            return None
        stamps = [stamp.get("datetime") for stamp in classed(page.document, "entry-date",
                                                            tag="time") if stamp.get("datetime")]
        published = read_time(stamps[0] if stamps else page.meta("article:published_time"))
        bylines = [byline for byline in tagged(page.document, "span", "a")
                   if (has_class(byline, "author") if byline.tag == "span"
                       else byline.get("rel") == "author" and _in_article(byline))
                   and apart_from_comments(byline)]
        author = (words(bylines[0]) if bylines else "") or page.meta("author")
        return Record(label="post", text=markup_text(body, "sharedaddy", "jp-relatedposts"),
                      author=author or None, published=published, post=True, stated=True)

    def stated_count(self, page: Page) -> int | None:
        # Themes title the list by class or, since Twenty Ten, by id.
        headings = classed(page.document, "comments-title", "comment-title") or \
            page.document.xpath("//*[@id='comments-title']")
        return stated_number(words(headings[0])) if headings else None

    def more_pages(self, page: Page) -> bool:
        # A comment's own permalink (".../comment-page-1/#comment-17303") is no link onward.
        return bool(
            classed(page.document, "comment-navigation", "comments-pagination")
            or page.document.xpath("//a[contains(@href, '/comment-page-') and "
                                   "not(contains(@href, '#comment-'))]")
        )

    def thread_id(self, page: Page) -> str | None:
        articles = page.document.xpath("//article[starts-with(@id, 'post-')]/@id")
        return articles[0].removeprefix("post-") if articles else None


def _header(element: Element, link: Element) -> Element:
    """The line holding a comment's permalink: its largest container inside the comment
    that holds little more than the link (never the box that holds the text too)."""
    header = link
    while (header.getparent() is not None and header.getparent() is not element
           and len(words(header.getparent())) <= len(words(link)) + 80):
        header = header.getparent()
    return header


def _unlinked_author(element: Element, permalink: list[Element]) -> str:
    """A name without a link, printed in the header line before the permalink."""
    if not permalink:
        return ""
    header = _header(element, permalink[0])
    if header is permalink[0]:
        return ""
    said, link = words(header), words(permalink[0])
    name = said.removesuffix(link).strip(" |·•–-") if said.endswith(link) else ""
    return name if 0 < len(name) <= 80 else ""


def _drop_header(element: Element, name: Element | None, permalink: list[Element]) -> None:
    """Cut a comment's header (its author and permalink, and the separators between them)
    out of a comment whose theme marks no text box: the text is what stays."""
    parts = [name] if name is not None else []
    parts += [_header(element, link) for link in permalink[:1]]
    for part in parts:
        if part.getparent() is not None and len(words(part)) < 200:
            previous = part.getprevious()
            part.drop_tree()
            _trim_separator(element, previous)


def _trim_separator(element: Element, previous: Element | None) -> None:
    """After a header part is cut, the "|" or "·" that stood beside it goes too."""
    holder = previous if previous is not None else element
    attribute = "tail" if previous is not None else "text"
    value = getattr(holder, attribute) or ""
    setattr(holder, attribute, re.sub(r"^\s*[|·•–-]\s*$", " ", value))


def _signed(node: Element) -> bool:
    """An author link (class "url") or a ``cite`` outside quoted text."""
    if node.tag == "a":
        return node.get("class") == "url"
    return not any(up.tag == "blockquote" for up in node.iterancestors())


def _in_article(link: Element) -> bool:
    """A byline link inside the article, its hAtom entry or its meta line (not a badge)."""
    return any(
        up.tag == "article" or not {"hentry", "entry-meta", "byline"}.isdisjoint(
            (up.get("class") or "").split())
        for up in link.iterancestors()
    )


class BloggerThreaded(Layout):
    """Blogger since 2012: ``<li class="comment" id="cN">``, replies in ``comment-replies``."""

    name = "Blogger"
    item_class = "comment"
    id_pattern = re.compile(r"^c\d+$")

    def comment(self, element: Element) -> Record:
        author = words(first(element, "user", tag="cite"))
        stamp = first(element, "datetime")
        published = _blogger_time(stamp)
        body = first(element, "comment-content")
        deleted = body is not None and first(body, "deleted-comment") is not None
        return Record(
            label=self.label(element), text=markup_text(body), author=author or None,
            published=published, stated=True, meta={"deleted": True} if deleted else None,
        )

    def post(self, page: Page) -> Record | None:
        return _blogger_post(page)

    def stated_count(self, page: Page) -> int | None:
        return _blogger_count(page)

    def more_pages(self, page: Page) -> bool:
        return any(not has_class(more, "hidden") for more in classed(page.document, "loadmore"))

    def thread_id(self, page: Page) -> str | None:
        return page.meta("postId")


class BloggerClassic(Layout):
    """Blogger before 2012: ``<dl id="comments-block">``, a ``dt`` and ``dd``s per comment."""

    name = "Blogger"
    _SAID = re.compile(r"\s*\S*(?:\.\.\.|…)\s*$")  # "said...", "dijo...", "a dit…"

    def find(self, document: Element) -> list[Element]:
        return document.xpath("//dl[@id='comments-block']/dt")

    def parents(self, elements: list[Element]) -> list[int | None]:
        return [None] * len(elements)  # the classic layout shows no nesting

    def label(self, element: Element) -> str:
        anchors = element.xpath(".//a[@name]/@name") + [element.get("id") or ""]
        match = next((re.search(r"(\d+)$", a) for a in anchors if re.search(r"\d+$", a)), None)
        return match.group(1) if match else str(element.sourceline or "")

    def comment(self, element: Element) -> Record:
        links = [words(a) for a in element.xpath(".//a[not(@name)]") if words(a)]
        author = links[0] if links else self._SAID.sub("", words(element))
        body = footer = None
        for sibling in element.itersiblings():
            if sibling.tag == "dt":
                break
            if has_class(sibling, "comment-body") and body is None:
                body = sibling
            elif has_class(sibling, "comment-footer") and footer is None:
                footer = sibling
        return Record(
            label=self.label(element), text=markup_text(body, "comment-delete"),
            author=author or None, published=_blogger_time(footer), stated=True,
        )

    def post(self, page: Page) -> Record | None:
        return _blogger_post(page)

    def stated_count(self, page: Page) -> int | None:
        return _blogger_count(page)

    def thread_id(self, page: Page) -> str | None:
        return page.meta("postId")


def _blogger_time(holder: Element | None) -> datetime | None:
    """Blogger's comment link carries the exact time (``showComment=`` milliseconds)."""
    if holder is None:
        return None
    for link in holder.xpath(".//a/@href") + [holder.get("href") or ""]:
        match = _SHOW_COMMENT.search(link)
        if match:
            return read_time(match.group(1))
    return read_time(words(holder))


def _blogger_post(page: Page) -> Record | None:
    body = first(page.document, "post-body")
    if body is None:
        return None
    stamps = [stamp.get("datetime") if stamp.tag == "time" else stamp.get("title")
              for stamp in tagged(page.document, "abbr", "time")
              if (stamp.tag == "time" and stamp.get("datetime")
                  or has_class(stamp, "published") and stamp.get("title"))]
    author = words(first(page.document, "fn", tag="span")) or words(
        first(page.document, "post-author")
    ).removeprefix("Posted by").strip()
    return Record(label="post", text=markup_text(body), author=author or None,
                  published=read_time(stamps[0]) if stamps else None, post=True, stated=True)


def _blogger_count(page: Page) -> int | None:
    headings = page.document.xpath("//*[@id='comments']/h4")
    return stated_number(words(headings[0])) if headings else None


class HackerNews(Layout):
    """Hacker News item pages: a flat table of ``comtr`` rows, nesting by indent width."""

    name = "Hacker News"
    platform = "hackernews"
    _INDENT = 40  # pixels per level of the spacer image before each comment

    def find(self, document: Element) -> list[Element]:
        return classed(document, "comtr", tag="tr")

    def parents(self, elements: list[Element]) -> list[int | None]:
        parents: list[int | None] = []
        open_rows: list[tuple[int, int]] = []  # (depth, index) of the rows still open
        for index, element in enumerate(elements):
            depth = self._depth(element)
            while open_rows and open_rows[-1][0] >= depth:
                open_rows.pop()
            parents.append(open_rows[-1][1] if open_rows else None)
            open_rows.append((depth, index))
        return parents

    def _depth(self, row: Element) -> int:
        cell = first(row, "ind", tag="td")
        if cell is None:
            return 0
        if (cell.get("indent") or "").isdecimal():
            return int(cell.get("indent"))
        widths = cell.xpath(".//img/@width")
        return int(widths[0]) // self._INDENT if widths and widths[0].isdecimal() else 0

    def comment(self, element: Element) -> Record:
        author = words(first(element, "hnuser"))
        body = first(element, "commtext")
        text = markup_text(body, "reply")
        meta = {"id": element.get("id")}
        if body is None:  # "[deleted]", "[flagged]": the comment box says which
            text = words(first(element, "comment")) or "[deleted]"
        if text in ("[deleted]", "[flagged]", "[dead]"):
            meta["deleted"] = True
        return Record(label=self.label(element) or element.get("id"), text=text,
                      author=author or None, published=_hn_time(element), stated=True,
                      meta=meta)

    def post(self, page: Page) -> Record | None:
        rows = _story_rows(page)
        if not rows:
            return None
        story = rows[0]
        subtext = first(page.document, "subtext")
        text = markup_text(first(page.document, "toptext"))
        return Record(label="post", text=text, author=words(first(subtext, "hnuser")) or None
                      if subtext is not None else None,
                      published=_hn_time(subtext) if subtext is not None else None,
                      post=True, stated=True, meta={"id": story.get("id")})

    def stated_count(self, page: Page) -> int | None:
        subtext = first(page.document, "subtext")
        for link in subtext.xpath(".//a") if subtext is not None else []:
            said = words(link)
            if re.fullmatch(r"\d+\s+comments?", said):
                return stated_number(said)
        return None

    def more_pages(self, page: Page) -> bool:
        return bool(classed(page.document, "morelink"))

    def thread_id(self, page: Page) -> str | None:
        rows = _story_rows(page)
        return rows[0].get("id") if rows else None

    def title(self, page: Page) -> str | None:
        return words(first(page.document, "titleline")) or page.title()


def _story_rows(page: Page) -> list[Element]:
    """The rows with an id in HN's ``fatitem`` table: the story's first."""
    return [row for table in classed(page.document, "fatitem", tag="table")
            for row in table.xpath(".//tr[@id]")]


def _hn_time(holder: Element) -> datetime | None:
    """HN's ``age`` title: "2025-03-07T22:54:58 1741388098" (UTC, then Unix seconds)."""
    age = first(holder, "age")
    value = (age.get("title") or "").split() if age is not None else []
    if not value:
        return None
    moment = read_time(value[-1])
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


class Disqus(Layout):
    """Disqus' embedded thread as a browser saves it: ``<li class="post" id="post-N">``."""

    name = "Disqus"
    item_class = "post"
    id_pattern = re.compile(r"^post-\d+$")

    def comment(self, element: Element) -> Record:
        stamp = first(element, "time-ago")
        published = read_time(stamp.get("title")) if stamp is not None else None
        body = first(element, "post-message")
        content = first(element, "post-content")
        deleted = body is None or (content is not None and has_class(content, "deleted"))
        meta = {"deleted": True} if deleted else None
        return Record(
            label=self.label(element), text=markup_text(body) or "[deleted]",
            author=words(first(element, "author")) or None, published=published,
            stated=True, meta=meta,
        )

    def more_pages(self, page: Page) -> bool:
        return any(not has_class(more, "hidden") for more in classed(page.document,
                                                                        "load-more"))


LAYOUTS: tuple[Layout, ...] = (*SITE_LAYOUTS, WordPress(), BloggerThreaded(), BloggerClassic(),
                               HackerNews(), Disqus(), Drupal(), Spip(), Pixnet())
"""Tried in order; the first that finds comments reads the page."""
