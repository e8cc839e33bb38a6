"""Saved forum topic pages: phpBB, XenForo, vBulletin and Discourse, read from their markup.

A forum shows a topic's posts flat, in the order they were written: no post states which
one it answers, so none gets a stated parent and reply inference decides. The topic's
first post (number 1 where the page numbers its posts, else the first post of the first
page) is the thread's post. A quoted post keeps its source's attribution as a line of its
own ("Anna wrote:", "Anna said:") above the quotation, which becomes ``> `` lines, as in
mail, so the quote finder sees it; what only frames a post (signatures, rank, post count,
join date, Reply/Quote buttons, "Click to expand...") is left out of its text.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..text import parse_datetime
from .pagemarkup import (
    Element,
    Layout,
    Page,
    classed,
    cut,
    first,
    markup_text,
    read_time,
    tagged,
    words,
)
from .records import Record

_NUMBER = re.compile(r"#?\s*(\d+)")
_DELETED = "[deleted]"
# The default date formats: phpBB's ("Sun Mar 03, 2009 7:15 pm", with and without the
# weekday) and SMF's ("January 05, 2020, 10:00:00 AM"); MyBB and vBulletin print numbers
# ("01-05-2020, 10:00 AM"), month first unless the forum chose otherwise (``date_order``).
_PRINTED = ("%a %b %d, %Y %I:%M %p", "%b %d, %Y %I:%M %p", "%a %b %d, %Y %H:%M",
            "%B %d, %Y, %I:%M:%S %p")
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}\b")
_ORDER = "data-explorer-date-order"  # set on the page's root by ``mark_date_order``
# Set on each post by ``ForumLayout.find``: its place on the page (from 1), its number in
# the topic where the page shows one, and "1" on the topic's opening post.
_PLACE, _SHOWN, _OPENING = "data-explorer-place", "data-explorer-number", "data-explorer-opening"


def printed_time(text: str | None, day_first: bool = False) -> datetime | None:
    """A date as a forum prints it, in a default format, else as ``parse_datetime`` reads it;
    never the RFC 2822 reading, which drops "pm". Numeric dates are month first unless
    ``day_first``."""
    text = " ".join((text or "").split())
    numeric = "%d-%m-%Y" if day_first else "%m-%d-%Y"
    for pattern in (*_PRINTED, f"{numeric}, %I:%M %p", f"{numeric}, %H:%M"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return parse_datetime(text) if text else None


def mark_date_order(document: Element, dates: list[str]) -> None:
    """Note on the page whether its numeric dates put the day first: they do when one of
    them starts with a number over 12. Worked out from all posts before any is cut out."""
    day_first = any(int(match.group(1)) > 12 for text in dates
                    for match in _NUMERIC.finditer(text))
    document.set(_ORDER, "day" if day_first else "month")


def day_first(element: Element) -> bool:
    """What ``mark_date_order`` noted for the page of ``element``."""
    return element.getroottree().getroot().get(_ORDER) == "day"


def shown_number(element: Element) -> int | None:
    """The post's number as ``ForumLayout.find`` read it."""
    shown = element.get(_SHOWN)
    return int(shown) if shown else None


class ForumLayout(Layout):
    """A forum's topic page: flat posts, the first of the topic its post."""

    platform = "forum"
    furniture: tuple[str, ...] = ()

    def parents(self, elements: list[Element]) -> list[int | None]:
        return [None] * len(elements)

    def find(self, document: Element) -> list[Element]:
        """The posts in page order, each marked with its place on the page, its number
        where the page shows one (read once) and whether it opens the topic: number 1,
        else the first post of the topic's first page."""
        posts = self.posts(document)
        first_page = bool(posts) and self.first_page(document)  # asked of forum pages only
        for place, post in enumerate(posts, start=1):
            number = self.number(post)
            post.set(_PLACE, str(place))
            if number is not None:
                post.set(_SHOWN, str(number))
            opening = number == 1 if number is not None else place == 1 and first_page
            post.set(_OPENING, "1" if opening else "")
        return posts

    def posts(self, document: Element) -> list[Element]:
        """The page's post elements, in document order."""
        raise NotImplementedError

    def number(self, element: Element) -> int | None:
        """The post's number in the topic, where the page shows one (#1, #2...)."""
        return None

    def first_page(self, document: Element) -> bool:
        """False when the page says it is a later page of the topic."""
        return True

    def body(self, element: Element) -> Element | None:
        raise NotImplementedError

    def author(self, element: Element) -> str:
        raise NotImplementedError

    def published(self, element: Element) -> datetime | None:
        raise NotImplementedError

    def comment(self, element: Element) -> Record:
        body = self.body(element)
        text = ""
        if body is not None:
            self.tidy(body)
            text = markup_text(body, *self.furniture)
        number = shown_number(element)
        meta: dict = {"number": number} if number is not None else {}
        if not text.strip():
            text = _DELETED
            meta["deleted"] = True
        return Record(
            label=self.label(element), text=text, author=self.author(element) or None,
            published=self.published(element), post=bool(element.get(_OPENING)),
            stated=False, meta=meta or None,
        )

    def tidy(self, body: Element) -> None:
        """Put each quote's attribution on a line above it, its quotation in a blockquote;
        drop the labels a code box carries ("Code: Select all")."""

    def more_pages(self, page: Page) -> bool:
        """A link to the next or the previous page: the last page has only the latter."""
        return bool(page.document.xpath(
            "descendant::link[@rel='next' or @rel='prev']"
            " | descendant::a[@rel='next' or @rel='prev']"))

    def paging(self, page: Page, found: int) -> list[str]:
        if not self.more_pages(page):
            return []
        return [f"the topic spans more pages than this one; only the {found} posts of this "
                "page are read: save each page to read them all"]


def attribute_quote(quote: Element, said: str) -> None:
    """Set ``said`` ("Anna wrote:") as a paragraph just before ``quote``."""
    import lxml.html

    if not said:
        return
    line = lxml.html.Element("p")
    line.text = said
    quote.addprevious(line)


class PhpBB(ForumLayout):
    """phpBB 3 (prosilver and its descendants): ``<div class="post" id="pN">``."""

    name = "phpBB"
    _ID = re.compile(r"^p(\d+)$")
    furniture = ("post-buttons", "signature", "notice")

    def posts(self, document: Element) -> list[Element]:
        return [post for post in classed(document, "post", tag="div")
                if self._ID.match(post.get("id") or "") and first(post, "postbody") is not None]

    def label(self, element: Element) -> str:
        return self._ID.match(element.get("id")).group(1)

    def first_page(self, document: Element) -> bool:
        """phpBB 3.1+ marks the current page ``li.active``; 3.0 prints "Page <strong>N</strong>"."""
        paginations = classed(document, "pagination")
        if not paginations:
            return True
        current = classed(paginations[0], "active", tag="li") or tagged(paginations[0], "strong")
        return not current or words(current[0]) in ("", "1")

    def body(self, element: Element) -> Element | None:
        return first(element, "content", tag="div")

    def author(self, element: Element) -> str:
        line = first(element, "author", tag="p")
        names = classed(line, "username", "username-coloured") if line is not None else []
        if not names:
            names = classed(element, "username", "username-coloured")
        if names:
            return words(names[0])
        strong = line.xpath(".//strong") if line is not None else []
        return words(strong[0]) if strong else ""

    def published(self, element: Element) -> datetime | None:
        line = first(element, "author", tag="p")
        if line is None:
            return None
        stamps = line.xpath(".//time/@datetime")
        if stamps:
            return read_time(stamps[0])
        # phpBB 3.0: "by Anna » Tue Jan 01, 2019 12:00 pm"
        return printed_time(words(line).rpartition("»")[2])

    def tidy(self, body: Element) -> None:
        for box in classed(body, "codebox", tag="div"):
            for label in box.xpath("./p"):
                cut(label)  # "Code: Select all", a bare <p> above the <pre>
        for quote in list(body.iter("blockquote")):  # the loop edits the tree
            cites = quote.xpath("./cite | ./div/cite")
            if not cites:
                continue
            cite = cites[0]
            for part in cite.xpath(".//a[@data-post-id] | .//span"):
                cut(part)  # the jump link and the quoted post's date
            said = words(cite)
            cut(cite)
            attribute_quote(quote, said)


class XenForo(ForumLayout):
    """XenForo 2 (``article.message--post``) and 1 (``li.message`` with ``id="post-N"``)."""

    name = "XenForo"
    _ID = re.compile(r"^post-(\d+)$")
    furniture = ("message-signature", "signature", "bbCodeBlock-expandLink", "quoteExpand",
                 "js-selectToQuoteEnd", "messageTextEndMarker")

    def posts(self, document: Element) -> list[Element]:
        return [post for post in classed(document, "message--post", "message")
                if self.is_post(post)]

    def is_post(self, element: Element) -> bool:
        if not isinstance(element.tag, str):
            return False
        classes = (element.get("class") or "").split()
        return ("message--post" in classes and element.tag == "article" and bool(self._ID.match(
            element.get("data-content") or ""))) or (
            "message" in classes and element.tag == "li"
            and bool(self._ID.match(element.get("id") or "")))

    def label(self, element: Element) -> str:
        match = self._ID.match(element.get("data-content") or element.get("id") or "")
        return match.group(1) if match else element.get(_PLACE)

    def number(self, element: Element) -> int | None:
        links = [link for holder in classed(element, "message-attribution-opposite")
                 for link in tagged(holder, "a")] + classed(element, "postNumber", tag="a")
        for link in links:
            match = re.fullmatch(r"#\s*(\d+)", words(link))
            if match:
                return int(match.group(1))
        return None

    def body(self, element: Element) -> Element | None:
        wrapper = [found for holder in classed(element, "message-body")
                   for found in classed(holder, "bbWrapper", tag="div") if found is not holder]
        if wrapper:
            return wrapper[0]
        return first(element, "messageText", tag="blockquote")  # XenForo 1

    def author(self, element: Element) -> str:
        name = first(element, "message-name", "username")
        return words(name) or (element.get("data-author") or "")

    def published(self, element: Element) -> datetime | None:
        """The post's own time (its header, XenForo 1's ``messageMeta``), not an edit's."""
        for holder in ("message-attribution", "messageMeta"):
            for stamp in ("*/@data-time", "time/@datetime"):  # Unix seconds first: exact
                stamps = [found for box in classed(element, holder)
                          for found in box.xpath(f".//{stamp}")]
                if stamps:
                    return read_time(stamps[0])
        return None

    def tidy(self, body: Element) -> None:
        for code in classed(body, "bbCodeBlock--code", "bbCodeCode", tag="div"):
            cut(first(code, "bbCodeBlock-title", "type"))  # "Code:" above the <pre>
        for quote in classed(body, "bbCodeBlock--quote", tag="blockquote"):
            title = first(quote, "bbCodeBlock-title")
            said = words(title) or (f"{quote.get('data-quote')} said:"
                                     if quote.get("data-quote") else "")
            cut(title)
            attribute_quote(quote, said)
        for holder in classed(body, "bbCodeQuote"):  # XenForo 1
            attribution = first(holder, "attribution")
            said = words(attribution).rstrip("↑ ").strip()
            cut(attribution)
            quotes = holder.xpath(".//blockquote")
            if quotes:
                attribute_quote(quotes[0], said)


class VBulletin(ForumLayout):
    """vBulletin 4 (``li.postcontainer`` with ``id="post_N"``) and 3 (``table id="postN"``)."""

    name = "vBulletin"
    _ID = re.compile(r"^post_?(\d+)$")
    furniture = ("signature", "signaturecontainer", "postfoot", "after_content",
                 "bbcode_description")  # "Code:", "PHP Code:"

    def posts(self, document: Element) -> list[Element]:
        posts = [post for post in document.xpath("descendant::li[starts-with(@id, 'post_')]"
                                                 " | descendant::table[starts-with(@id, 'post')]")
                 if self.is_post(post)]
        if posts:
            mark_date_order(document, [words(first(post, "date", "postdate"))
                                       for post in posts])
        return posts

    def is_post(self, element: Element) -> bool:
        match = self._ID.match(element.get("id") or "") if isinstance(element.tag, str) else None
        return bool(match) and bool(
            element.xpath(f".//*[@id='post_message_{match.group(1)}']"))

    def label(self, element: Element) -> str:
        return self._ID.match(element.get("id")).group(1)

    def number(self, element: Element) -> int | None:
        counters = classed(element, "postcounter", tag="a") + element.xpath(
            ".//a[starts-with(@id, 'postcount')]")
        for counter in counters:
            shown = counter.get("name") if counter.get("id") else words(counter)
            match = _NUMBER.fullmatch(shown or "")
            if match:
                return int(match.group(1))
        return None

    def body(self, element: Element) -> Element | None:
        holder = element.xpath(f".//*[@id='post_message_{self.label(element)}']")
        if not holder:
            return None
        for content in classed(holder[0], "postcontent", tag="blockquote"):
            content.tag = "div"  # vBulletin 4 holds the whole post in a blockquote
        return holder[0]

    def author(self, element: Element) -> str:
        name = first(element, "username", "bigusername")
        if name is None:
            menus = element.xpath(".//*[starts-with(@id, 'postmenu_')]")
            name = menus[0] if menus else None
        return words(name)

    def published(self, element: Element) -> datetime | None:
        return printed_time(words(first(element, "date", "postdate")), day_first(element))

    def tidy(self, body: Element) -> None:
        for quote in classed(body, "bbcode_quote", tag="div"):
            posted_by = first(quote, "bbcode_postedby")
            for link in posted_by.xpath(".//a[img]") if posted_by is not None else []:
                cut(link)  # the "View Post" arrow
            said = words(posted_by)
            cut(posted_by)
            message = first(quote, "message", tag="div")
            if message is not None:
                message.tag = "blockquote"
                attribute_quote(message, said)


class Discourse(ForumLayout):
    """Discourse topics: the crawler view (``div.crawler-post``) and the app as saved
    (``article[data-post-id]`` in ``div.topic-post``)."""

    name = "Discourse"
    furniture = ("quote-controls", "post-likes", "crawler-linkback-list", "cooked-selection",
                 "meta")  # an image's file name and size under it

    def posts(self, document: Element) -> list[Element]:
        crawled = [post for post in classed(document, "crawler-post", tag="div")
                   if post.xpath(".//*[@itemprop='articleBody' or @itemprop='text']")]
        # A blog theme may mark its article data-post-id too: a Discourse post has its
        # rendered body, div.cooked.
        return crawled or [post for post in document.xpath("descendant::article[@data-post-id]")
                           if first(post, "cooked") is not None]

    def number(self, element: Element) -> int | None:
        shown = element.xpath(".//*[@itemprop='position']")
        holder = element.getparent()
        value = (shown[0].get("content") or words(shown[0])) if shown else (
            holder.get("data-post-number") if holder is not None else None)
        if not value and re.fullmatch(r"post_\d+", element.get("id") or ""):
            value = element.get("id").removeprefix("post_")
        return int(value) if value and value.isdecimal() else None

    def label(self, element: Element) -> str:
        number = shown_number(element)
        return str(number) if number is not None else element.get(_PLACE)

    def body(self, element: Element) -> Element | None:
        found = element.xpath(".//*[@itemprop='articleBody' or @itemprop='text']")
        return found[0] if found else first(element, "cooked")

    def author(self, element: Element) -> str:
        names = element.xpath(".//*[@itemprop='author']//*[@itemprop='name']")
        if names:
            return words(names[0])
        user = element.xpath(".//*[@data-user-card]/@data-user-card")
        return user[0] if user else ""

    def published(self, element: Element) -> datetime | None:
        stamps = element.xpath(".//*[@itemprop='datePublished']/@content"
                               " | .//*[@itemprop='datePublished']/@datetime") + [
            shown.get("data-time") for shown in classed(element, "relative-date")
            if shown.get("data-time")]
        return read_time(stamps[0]) if stamps else None

    def tidy(self, body: Element) -> None:
        for aside in classed(body, "quote", tag="aside"):
            title = first(aside, "title", tag="div")
            for image in title.xpath(".//img") if title is not None else []:
                cut(image)  # the quoted poster's avatar

    def thread_id(self, page: Page) -> str | None:
        match = re.search(r"/t/[^/]+/(\d+)", page.canonical() or "")
        return match.group(1) if match else None

    def title(self, page: Page) -> str | None:
        heading = first(page.document, "crawler-topic-title")
        return words(heading) or page.title()


LAYOUTS: tuple[ForumLayout, ...] = (Discourse(), XenForo(), VBulletin(), PhpBB())
"""The forum layouts, each found by markup no blog layout has."""
