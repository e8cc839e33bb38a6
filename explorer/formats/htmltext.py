"""HTML to text: the one converter for every source that marks text as HTML.

WordPress and Disqus exports, Discourse's ``cooked``, Stack Exchange bodies, imageboard
and Mastodon posts, Hacker News texts, mail's HTML parts and the comments of saved pages
all come through ``html_to_text``. What a reader saw stays: paragraphs, line breaks,
quote blocks as ``> `` lines (so quotations count as marked), list items, and for what
is not text (images, embedded players, iframes) its alt text or address. Scripts and
styles go. It runs on the standard library's tolerant parser, so broken markup is read
as a browser would read it, never refused.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCKS = {
    "p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "tr", "section", "article", "header", "footer", "dl", "dt", "dd", "hr", "aside",
    "figure", "figcaption", "details", "summary", "main", "nav",
}
_SKIP = {"script", "style", "head", "title", "template", "noscript"}
# Elements that hold a player or another page: what stands for them is their address.
_EMBEDS = {"iframe", "embed", "video", "audio", "object"}
_EMBED_PARAMS = {"movie", "src", "url", "filename"}
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:p|br|div|a|i|b|em|strong|blockquote|pre|code|ul|ol|li|span|hr|h[1-6]|img|iframe"
    r"|object|embed)\b[^>]*>"
    r"|&(?:[a-zA-Z]{2,8}|#\d{1,7}|#x[0-9a-fA-F]{1,6});",
    re.IGNORECASE,
)


class _TextParser(HTMLParser):
    """Collect text, turning block elements into paragraph breaks and <br> into newlines."""

    def __init__(self, line_breaks: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, bool, int]] = []  # (text, inside <pre>, quote depth)
        self.line_breaks = line_breaks
        self.skipping = 0
        self.pre = 0
        self.quote = 0
        # Open players, outermost first: [address found so far (None until seen), title].
        self.embeds: list[list[str | None]] = []

    def add(self, text: str, verbatim: bool = False) -> None:
        self.parts.append((text, verbatim, self.quote))

    def handle_starttag(self, tag: str, attrs) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in _SKIP:
            self.skipping += 1
        elif self.embeds:
            # Inside a player, nested <param>, <source> and <embed> only say where it is.
            if tag == "param" and values.get("name", "").lower() in _EMBED_PARAMS:
                self._locate(values.get("value"))
            elif tag in ("source", "embed", "iframe"):
                self._locate(values.get("src"))
            if tag in _EMBEDS and tag not in _VOID:
                self.embeds.append([None, None])
        elif tag in _EMBEDS:
            self.embeds.append([None, values.get("title") or values.get("alt")])
            self._locate(values.get("src") or values.get("data"))
            if tag in _VOID:
                self._close_embed(tag)
        elif tag == "br":
            self.add("\n", bool(self.pre))
        elif tag == "img":
            self.add(_image(values))
        elif tag == "q":
            self.add("“")
        elif tag in _BLOCKS:
            self.add("\n\n")
            if tag == "li":
                self.add("- ")
            elif tag == "pre":
                self.pre += 1
            elif tag == "blockquote":
                self.quote += 1

    def _locate(self, address: str | None) -> None:
        if self.embeds and self.embeds[-1][0] is None and address and address.strip():
            self.embeds[-1][0] = address.strip()

    def _close_embed(self, tag: str) -> None:
        address, title = self.embeds.pop()
        if self.embeds:  # a player inside a player: the outer one speaks for both
            self._locate(address)
            return
        title = (title or "").strip()
        label = tag if tag in ("video", "audio") else "embed"
        shown = " ".join(part for part in (title, _address(address)) if part)
        said = f"[{label}: {shown}]" if shown else f"[{label}]"
        before = self.parts[-1][0] if self.parts else ""
        self.add(said if not before or before[-1].isspace() else f" {said}")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _EMBEDS and tag not in _VOID and self.embeds:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _EMBEDS and tag not in _VOID:
            if self.embeds:
                self._close_embed(tag)
        elif self.embeds:
            return
        elif tag == "q":
            self.add("”")
        elif tag in _BLOCKS:
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            elif tag == "blockquote":
                self.quote = max(0, self.quote - 1)
            self.add("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skipping or self.embeds:
            return  # a player's fallback text ("Your browser cannot play this") is not said
        if self.pre:
            self.add(data, True)
        elif self.line_breaks:
            # Blank lines are paragraphs, single newlines line breaks (WordPress' wpautop).
            data = re.sub(r"[ \t]*\r?\n[ \t]*", "\n", data)
            self.add(re.sub(r"[ \t\r]+", " ", data))
        else:
            # Outside <pre>, source line breaks are layout, not text.
            self.add(re.sub(r"[ \t\r\n]+", " ", data))


_VOID = {"embed"}


def _image(values: dict[str, str]) -> str:
    alt = values.get("alt", "").strip()
    if alt:  # an image's words are part of what was written
        return f"[image: {alt}]"
    if "alt" in values:  # alt="" marks a decoration (an avatar, a spacer), not content
        return ""
    address = _address(values.get("src"))
    return f"[image: {address}]" if address else "[image]"


def _address(address: str | None) -> str:
    """An address worth showing: inline ``data:`` images are bytes, not an address."""
    if not address or address.lower().startswith("data:"):
        return ""
    return address


def html_to_text(markup: str, *, line_breaks: bool = False) -> str:
    """Turn HTML into text: entities unescaped, blocks as paragraphs, <br> as newlines.

    Link text is kept (not the address); images, players and iframes become
    ``[image: alt or address]``, ``[embed: address]``; scripts and styles go. Lines inside
    ``<blockquote>`` start with ``> `` (once per level), as quoted mail does, so the
    passage detector sees them as marked quotations; ``<q>`` keeps its quotation marks.
    ``line_breaks`` reads source newlines as breaks, for text written with blank lines
    between paragraphs (WordPress).
    """
    parser = _TextParser(line_breaks)
    parser.feed(markup)
    parser.close()
    while parser.embeds:  # a player the markup never closed
        parser._close_embed("object")
    runs: list[tuple[int, list[tuple[str, bool]]]] = []
    for part, verbatim, depth in parser.parts:
        if not runs or runs[-1][0] != depth:
            runs.append((depth, []))
        runs[-1][1].append((part, verbatim))
    blocks = []
    for depth, parts in runs:
        text = _joined(parts)
        if depth and text:
            text = "\n".join(f"{'> ' * depth}{line}" if line else line
                              for line in text.split("\n"))
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)


def _joined(parts: list[tuple[str, bool]]) -> str:
    """Flowing text tidied, ``<pre>`` text kept as written, paragraphs at most one blank apart."""
    chunks: list[str] = []
    flowing: list[str] = []
    kept: list[str] = []  # one <pre> block, in the many pieces its highlighting splits it into
    for part, verbatim in parts:
        if verbatim:
            if flowing:
                chunks.append(_tidy("".join(flowing)))
                flowing = []
            kept.append(part)
        else:
            if kept:
                chunks.append("".join(kept).strip("\n"))
                kept = []
            flowing.append(part)
    if kept:
        chunks.append("".join(kept).strip("\n"))
    chunks.append(_tidy("".join(flowing)))
    return re.sub(r"\n{3,}", "\n\n", "".join(chunks)).strip()


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)


def looks_like_html(text: str) -> bool:
    """True when text carries HTML tags or entities worth converting."""
    # Every tag starts with "<" and every entity with "&": a text with neither needs no search.
    return ("<" in text or "&" in text) and _LOOKS_LIKE_HTML.search(text) is not None


def clean_text(text: str | None) -> str:
    """Text from a field that may or may not hold HTML (a table's text column): converted
    when it looks like HTML, else kept. Fields a source marks as HTML use ``html_text``."""
    if not text:
        return ""
    return html_to_text(text) if looks_like_html(text) else text.strip()


def html_text(text: str | None, *, line_breaks: bool = False) -> str:
    """Text of a field the source marks as HTML, whatever tags it holds (None reads as "")."""
    return html_to_text(text, line_breaks=line_breaks) if text else ""


def unescape(text: str | None) -> str:
    """Unescape HTML entities only (Reddit's Markdown bodies escape &, < and >)."""
    return html.unescape(text).strip() if text else ""
