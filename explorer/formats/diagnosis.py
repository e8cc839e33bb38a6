"""What to say when no reader takes an input: what it looks like, the closest reader, and
the ``--columns`` line that reads its records as a table.

An input is described by what a person would check first: an XML document's root
element, a JSON document's top-level keys (and the keys of the records it holds), or a
text's first line. The closest reader is the one whose telltale fields the records share
most; the reason it refused is the fields they lack. Records that name an id, a text and
a parent, thread or author, under any of the names sites use, get a ready
``--input-format table --columns`` line, with dotted paths into nested objects
(``author=account.username``).
"""

from __future__ import annotations

import re
from typing import Any

from .jsondata import first_value
from .webpage import MARKERS

# What each reader looks for in a record (or a document), as the fields a person can check.
_TELLTALES: dict[str, tuple[str, ...]] = {
    "reddit": ("link_id", "parent_id", "body"),
    "hackernews": ("id", "type", "time", "by"),
    "discourse": ("post_number", "cooked", "reply_to_post_number"),
    "mastodon": ("in_reply_to_id", "account", "content"),
    "imageboard": ("no", "resto", "com"),
}
_ROOTS = {
    "rss": ("wordpress", "an RSS feed without WordPress export (wordpress.org/export/) "
                         "elements"),
    "feed": ("blogger-atom", "an Atom feed that does not mention Blogger"),
    "posts": ("stackexchange", "no <row> elements"),
    "comments": ("stackexchange", "no <row> elements"),
}
# The names sites give each column, most telling first; nested objects are looked into.
# Parents and threads come before ids, whose names they contain ("parent_id").
_ROLES: dict[str, tuple[str, ...]] = {
    "parent_id": ("parent_id", "in_reply_to_id", "reply_to_post_number", "parent",
                  "in_reply_to", "reply_to", "resto", "parent_comment_id"),
    "thread_id": ("thread_id", "topic_id", "link_id", "story_id", "conversation_id",
                  "thread", "post"),
    "id": ("id", "comment_id", "post_id", "message_id", "uuid", "no", "num", "key"),
    "author": ("author", "username", "user", "by", "from", "name", "account", "owner"),
    "time": ("created_at", "time", "timestamp", "date", "created_utc", "published",
             "creation_date"),
    "text": ("text", "body", "content", "message", "comment", "com", "cooked", "html"),
}
# Failing an exact name, a column whose name holds one of these words ("reply" in reply_uid).
_STEMS: dict[str, tuple[str, ...]] = {
    "parent_id": ("parent", "reply"), "thread_id": ("thread", "topic", "conversation"),
    "id": ("id",), "author": ("author", "user", "name", "who", "sender"),
    "time": ("time", "date", "created"), "text": ("text", "body", "content", "message"),
}
_PERSON = ("username", "acct", "name", "login", "screen_name", "display_name", "id")
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def explain(text: str, formats: list[str]) -> str:
    """One line: not a thread in any format, what the input looks like, and what to try."""
    stripped = text.lstrip("\ufeff \t\r\n")
    parts = [f"not a thread in any supported format ({', '.join(formats)})"]
    if stripped.startswith("<"):
        parts.extend(_xml(stripped))
    elif stripped.startswith(("{", "[")):
        parts.extend(_json(stripped))
    else:
        parts.extend(_lines(stripped))
    return "; ".join(part for part in parts if part)


def _xml(text: str) -> list[str]:
    body = re.sub(r"^(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)+", "", text[:65536], flags=re.S)
    match = _XML_ROOT.match(body)
    if not match:
        return ["it looks like markup with no root element"]
    root = match.group(1)
    name = root.split(":")[-1].lower()
    found = [f"it looks like an XML document whose root is <{root}>"]
    if name in _ROOTS:
        reader, why = _ROOTS[name]
        found.append(f"closest reader: {reader} (refused: {why})")
    return found


def _json(text: str) -> list[str]:
    value = first_value(text)
    if value is None:
        return ["it looks like JSON but does not parse"]
    where, records = _records(value)
    if isinstance(value, dict):
        keys = ", ".join(list(value)[:8]) + (", …" if len(value) > 8 else "")
        look = f"it looks like a JSON object with keys {keys}"
    else:
        look = f"it looks like a JSON array of {len(value)} values"
    found = [look]
    if records:
        fields = list(records[0])
        found.append(f"records{f' under {where!r}' if where else ''} have fields "
                     + ", ".join(fields[:10]) + (", …" if len(fields) > 10 else ""))
        found.append(_closest(set().union(*(set(record) for record in records[:20]))))
        found.append(_columns_hint(records, nested_under=where))
    return found


def _records(value: Any) -> tuple[str | None, list[dict[str, Any]]]:
    """The largest list of objects at the top or one level down, and the key it is under."""
    candidates: list[tuple[str | None, list[Any]]] = []
    if isinstance(value, list):
        candidates.append((None, value))
    elif isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, list):
                candidates.append((key, inner))
            elif isinstance(inner, dict):
                candidates.extend((f"{key}.{k}", v) for k, v in inner.items()
                                  if isinstance(v, list))
    best: tuple[str | None, list[dict[str, Any]]] = (None, [])
    for key, items in candidates:
        objects = [item for item in items if isinstance(item, dict)]
        if len(objects) > len(best[1]):
            best = (key, objects)
    if not best[1] and isinstance(value, dict):
        return None, [value]  # no list of records: the document is the one record
    return best


def _closest(fields: set[str]) -> str:
    """The reader whose telltale fields these share most, and what they lack for it."""
    lowered = {field.lower() for field in fields}
    roles = _roles({field: "" for field in fields})
    # The table reader wants a text column and a parent or thread column, by known names.
    table_needs = ["text", "parent_id or thread_id"]
    table_has = [("text" in roles and roles["text"] in _ROLES["text"]),
                 any(roles.get(r) in _ROLES[r] for r in ("parent_id", "thread_id"))]
    scored = [(sum(table_has) / 2, "table", [n for n, ok in zip(table_needs, table_has,
                                                                strict=True) if not ok])]
    scored.extend(
        (len(lowered & set(needs)) / len(needs), reader,
         [need for need in needs if need not in lowered])
        for reader, needs in _TELLTALES.items()
    )
    share, reader, lacking = max(scored, key=lambda item: item[0])
    if share == 0:
        return "no reader comes close"
    what = "columns under the names it knows" if reader == "table" else "fields"
    return f"closest reader: {reader} (refused: no {what} {', '.join(lacking)})"


def _columns_hint(records: list[dict[str, Any]], nested_under: str | None) -> str:
    """The --columns line that maps these records' fields, when they hold a text."""
    chosen = _roles(records[0])
    if "text" not in chosen or len(chosen) < 2:
        return ""
    spec = ",".join(f"{role}={column}" for role, column in chosen.items())
    before = (f"save the list under {nested_under!r} as a JSON array, then " if nested_under
              else "")
    return f"to read the records as a table, {before}try: --input-format table --columns {spec}"


def _roles(record: dict[str, Any]) -> dict[str, str]:
    """The column (a dotted path into an object) this record gives each role, in role order."""
    lowered = {str(key).lower(): key for key in record}
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for role in _ROLES:
        exact = [lowered[name] for name in _ROLES[role] if name in lowered]
        fuzzy = [key for name, key in lowered.items() if any(s in name for s in _STEMS[role])]
        for key in [*exact, *fuzzy]:
            column = _column(key, record[key])
            if key not in used and column is not None:
                chosen[role] = column
                used.add(key)
                break
    return {role: chosen[role] for role in ("id", "parent_id", "thread_id", "author", "time",
                                            "text") if role in chosen}


def _column(key: str, value: Any) -> str | None:
    """How --columns names a field: itself, or a person's name inside an object."""
    if isinstance(value, dict):
        inner = next((f for f in _PERSON if isinstance(value.get(f), str | int)), None)
        return f"{key}.{inner}" if inner else None
    return None if isinstance(value, list) else key


def _lines(text: str) -> list[str]:
    first = text.split("\n", 1)[0].strip()
    shown = first if len(first) <= 80 else first[:77] + "…"
    found = [f"its first line is {shown!r}" if first else "it is empty"]
    cells = [cell.strip() for cell in re.split(r"[,\t;]", first)] if first else []
    if any(marker in text[:65536].lower() for marker in MARKERS):
        found.append("closest reader: webpage (refused: it holds comment markup but does not "
                     "start as a page does; try --input-format webpage)")
    elif len(cells) > 1:
        record = {cell: "" for cell in cells if cell}
        found.append(_closest(set(record)))
        found.append(_columns_hint([record], nested_under=None))
    else:
        found.append("closest reader: blogger (refused: no 'N comments:' line and no "
                     "Reply/Delete markers)")
    return found
