"""The columns of a comment table: the names explorer reads (``id``, ``parent_id``, ...), the
aliases it recognises, ``--columns`` mappings with dotted paths into nested fields, and the
notes that say which column was read for which name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ExplorerError

COLUMNS = ("id", "parent_id", "thread_id", "author", "time", "text", "title")
ALIASES = {
    "id": ("comment_id", "message_id", "post_id", "objectid"),
    "parent_id": ("parent", "reply_to", "in_reply_to", "parent_comment_id"),
    "thread_id": ("thread", "link_id", "story_id", "conversation_id"),
    "author": ("user", "username", "user_name", "by", "from_name", "sender", "from", "name"),
    "time": ("timestamp", "created_at", "created", "date", "created_utc", "published"),
    "text": ("body", "content", "message", "comment", "comment_text"),
    "title": ("subject",),
}
# A parent column's partner id column: ids and parents come in pairs.
ID_OF_PARENT = {
    "in_reply_to": "message_id",
    "parent_comment_id": "comment_id",
    "parent_post_id": "post_id",
}

def parse_columns(spec: str) -> dict[str, str]:
    """Read ``id=comment_id,parent_id=reply_to`` into a mapping, checking the names."""
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, sep, column = item.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not sep or not column:
            raise ExplorerError(f"--columns: expected NAME=COLUMN, got {item!r}")
        if name not in COLUMNS:
            raise ExplorerError(f"--columns: unknown name {name!r}; known: {', '.join(COLUMNS)}")
        mapping[name] = column
    return mapping


def resolve(keys: list[str], columns: Mapping[str, str]) -> dict[str, str]:
    """Map each known name to the key that holds it in rows with these keys.

    Ids go with their parents: a table with ``message_id`` and ``in_reply_to`` takes
    ``message_id`` as the id even when it also has an ``id`` column.
    """
    by_lower = {str(key).strip().lower(): key for key in keys}
    resolved: dict[str, str] = {}
    for name, column in columns.items():
        if column.lower() in by_lower:
            resolved[name] = by_lower[column.lower()]
    taken = set(resolved.values())
    for name in ("parent_id", *COLUMNS):
        if name in resolved:
            continue
        candidates = (name, *ALIASES[name])
        if name == "id" and "parent_id" in resolved:
            partner = ID_OF_PARENT.get(str(resolved["parent_id"]).strip().lower())
            candidates = (partner, *candidates) if partner else candidates
        for candidate in candidates:
            key = by_lower.get(candidate)
            if key is not None and key not in taken:
                resolved[name] = key
                taken.add(key)
                break
    return resolved


def with_paths(row: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """The row with a key for each dotted path (``account.username``) it holds a value at."""
    found = {}
    for path in paths:
        if path in row:
            continue
        value: Any = row
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            found[path] = value
    return {**row, **found} if found else row


def nested_hint(where: str, column: str, name: str, value: dict[str, Any]) -> str:
    """Say that a column holds an object and which of its fields to name instead."""
    fields = ", ".join(map(str, list(value)[:6]))
    scalars = [key for key in value if isinstance(value[key], str | int)]
    # A person is best named by a name ("username", "acct"), else by any plain field.
    scalar = next((key for key in scalars if "name" in str(key) or key == "acct"),
                  scalars[0] if scalars else None)
    example = f"; name a field inside it: --columns {name}={column}.{scalar}" if scalar else ""
    return f"{where}: column {column!r} (for {name}) holds an object ({fields}){example}"


def chosen_columns(mappings: list[dict[str, str]]) -> dict[str, str]:
    """The column read for each name (the first met, when rows differ)."""
    chosen: dict[str, str] = {}
    for resolved in mappings:
        for name, column in resolved.items():
            chosen.setdefault(name, str(column))
    return chosen


def column_notes(chosen: dict[str, str], columns: Mapping[str, str]) -> list[str]:
    """Say which columns were chosen when a name was guessed."""
    guessed = [name for name, column in chosen.items()
               if name not in columns and column.strip().lower() != name]
    if not guessed:
        return []
    listed = ", ".join(f"{name}={chosen[name]}" for name in COLUMNS if name in chosen)
    return [f"table columns read as {listed} (--columns changes them)"]
