"""The files a page is made of, and the rules that keep untrusted text from running in it.

Comment text reaches a page only as JSON data (``<``, ``>`` and ``&`` escaped so it cannot
close the script block, or compressed and in base64) or HTML-escaped text, and a
Content-Security-Policy with a nonce blocks any script we did not write. The nonce is a hash
of the page, so the same input gives the same bytes. Scripts are either inlined or shipped
once beside a folder of pages (``ASSETS``), each loaded by a script element that carries the
page's nonce.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
import zlib
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ..files import write_file
from .columns import Column

_TEMPLATES = resources.files("explorer") / "templates"
_VIS = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
# What JSON leaves raw but a <script> block must not hold: "<", ">" and "&" (which could end
# it), line separators, DEL and C1 controls (JSON escapes the C0 ones). A regular expression,
# because str.translate with a table is ten times slower on large pages.
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029\x7f-\x9f]")
# C0 and C1 controls but tab and newlines, and non-characters: never written raw into HTML.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

PAGE_MODULES = ("dom", "unpack", "figures", "tip", "thread", "header", "network", "treelines",
                "look", "raster", "overlay", "tooltip", "panel", "filters", "legend", "layouts",
                "colors", "growth", "downloads", "reader", "search", "address", "small", "main")
"""The thread page's script modules (templates/js), in load order; main.js starts the page."""
PEOPLE_MODULES = ("dom", "figures", "tip", "people")
"""The people page's script modules (the first three shared with the thread page)."""
INDEX_MODULES = ("dom", "unpack", "index")
"""The dashboard's script modules, inlined in it."""
LOADER = "loader"
"""The module that loads a light page's shared scripts (inlined in the page)."""
VIS_ASSET = "vis-network.min.js"
PAGE_ASSET = "explorer-page.js"
PEOPLE_ASSET = "explorer-people.js"


# Templates are package files that do not change while a run writes its pages: each is read
# once (a self-contained page inlines half a megabyte of script, a corpus hundreds of pages).
@functools.cache
def template(name: str) -> str:
    """The text of a file under templates/."""
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def _inline_safe(script: str) -> str:
    # Inlined code must not contain a closing tag; vis 9.1.2 has none, a future one might.
    return script.replace("</script", "<\\/script").replace("<!--", "<\\!--")


@functools.cache
def vis_script() -> str:
    """The vis-network library pyvis ships."""
    return _inline_safe(_VIS.read_text(encoding="utf-8"))


@functools.cache
def _modules(names: tuple[str, ...]) -> str:
    return _inline_safe("\n".join(template(f"js/{name}.js") for name in names))


def page_script() -> str:
    """The thread page's script: its modules joined into one."""
    return _modules(PAGE_MODULES)


def people_script() -> str:
    """The people page's script."""
    return _modules(PEOPLE_MODULES)


def index_script() -> str:
    """The dashboard's script."""
    return _modules(INDEX_MODULES)


ASSETS = {VIS_ASSET: vis_script, PAGE_ASSET: page_script, PEOPLE_ASSET: people_script}
"""Scripts that a folder of light pages shares, by file name."""


def write_assets(directory: Path, names: tuple[str, ...] = tuple(ASSETS)) -> list[Path]:
    """Write the shared scripts into ``directory`` and return their paths."""
    return [write_file(directory / name, ASSETS[name]()) for name in names]


def scripts(names: tuple[str, ...], nonce: str, inline: bool) -> str:
    """Script elements for the named assets: inlined, or loaded in order by ``LOADER``."""
    if inline:
        return "\n".join(f'<script nonce="{nonce}">{ASSETS[name]()}</script>' for name in names)
    return (f'<script nonce="{nonce}" data-load="{" ".join(names)}">'
            f'{_modules((LOADER,))}</script>')


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> block: no '<', '>' or '&' can end it early."""
    return "".join(script_json_parts(value))


def script_json_parts(value: Any) -> Iterator[str]:
    """``script_json(value)`` in pieces (see ``json_parts``)."""
    for part in json_parts(value):
        yield _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", part)


def json_parts(value: Any, items: int = 2_000) -> Iterator[str]:
    """Compact JSON of ``value`` in pieces that join to ``json.dumps``' text of it whole.

    Objects (with string keys) that hold a list longer than ``items`` are opened member by
    member and such lists cut into runs of ``items``, so a page's columns are encoded a run
    at a time: the text of a 200,000-comment page is never held whole, nor beside an escaped
    or compressed copy of itself. A ``Column`` is always cut so: its cells are made a run at
    a time. Anything smaller is encoded in one piece.
    """
    if not _long(value, items):
        yield _dumps(value)
    elif isinstance(value, dict) and all(isinstance(key, str) for key in value):
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield f"{',' if i else ''}{_dumps(key)}:"
            yield from json_parts(item, items)
        yield "}"
    elif isinstance(value, list | tuple | Column):
        yield "["
        for start in range(0, len(value), items):
            yield ("," if start else "") + _dumps(value[start:start + items])[1:-1]
        yield "]"
    else:
        yield _dumps(value)


def _long(value: Any, items: int) -> bool:
    """True when ``value`` holds, in it or in its objects, a list longer than ``items`` or
    a ``Column``."""
    if isinstance(value, dict):
        return any(_long(item, items) for item in value.values())
    return isinstance(value, Column) or isinstance(value, list | tuple) and len(value) > items


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def packed_json(value: Any) -> str:
    """JSON compressed with zlib and written in base64: the browser reads a third of the bytes.

    Base64 holds no character that could end a <script> block, so the text needs no escaping.
    Level 1 because a 100,000-comment page's 50 MB take a second at it and seven at the default,
    for a quarter fewer bytes.
    """
    return "".join(packed_json_parts(value))


def packed_json_parts(value: Any) -> Iterator[str]:
    """``packed_json(value)`` in pieces: the JSON is compressed as it is made (zlib's stream
    gives the bytes it gives the text whole) and written in base64 three bytes at a time."""
    packer = zlib.compressobj(1)
    held = b""
    for part in json_parts(value):
        held += packer.compress(part.encode("utf-8"))
        if len(held) >= _PACKED_RUN:
            cut = len(held) - len(held) % 3
            yield base64.b64encode(held[:cut]).decode("ascii")
            held = held[cut:]
    held += packer.flush()
    yield base64.b64encode(held).decode("ascii")


_PACKED_RUN = 3 << 18
"""Compressed bytes gathered before they are written in base64 (768 KB)."""


def text(value: str) -> str:
    """Untrusted text as HTML: escaped, with control characters shown as U+FFFD."""
    return html.escape(_CONTROL.sub("\ufffd", value))


def nonce(*parts: str | Sequence[str]) -> str:
    """A nonce derived from the page's parts, so the same page gives the same bytes.

    A part may come in pieces (a sequence of strings): it counts as the pieces joined.
    """
    digest = hashlib.sha256()
    for part in parts:
        for piece in [part] if isinstance(part, str) else part:
            digest.update(piece.encode("utf-8"))
        digest.update(b"\0")
    return base64.b64encode(digest.digest()[:18]).decode("ascii")


def csp(value: str, scripts: bool = True) -> str:
    """The Content-Security-Policy: nothing but our nonce-tagged scripts and styles, no network."""
    script = f"script-src 'nonce-{value}'; " if scripts else ""
    return (f"default-src 'none'; {script}style-src 'nonce-{value}'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def document(body: str, replacements: dict[str, str]) -> str:
    """A page: templates/frame.html (head, CSP, style) around the body template ``body``.

    A body's ``{{stage}}`` is the graph pages' shared legend and stage (canvas, panel,
    tooltip); then every ``{{name}}`` is filled from ``replacements``.
    """
    return "".join(document_parts(body, replacements))


def document_parts(body: str, replacements: dict[str, str | Sequence[str]]) -> Iterator[str]:
    """``document(body, replacements)`` in pieces; a value may be a sequence of pieces."""
    page = template("frame.html").replace("{{body}}", template(body).rstrip("\n"))
    return fill_parts(page.replace("{{stage}}", template("stage.html").rstrip("\n")),
                      replacements)


def fill_parts(page: str, replacements: dict[str, str | Sequence[str]]) -> Iterator[str]:
    """Put each ``{{name}}`` of a template in one pass (a value never gets filled again), in
    pieces: the template's text between the names, and each name's value."""
    done = 0
    for name in _NAME.finditer(page):
        yield page[done:name.start()]
        value = replacements[name.group(0)]
        if isinstance(value, str):
            yield value
        else:
            yield from value
        done = name.end()
    yield page[done:]


_NAME = re.compile(r"\{\{\w+\}\}")
