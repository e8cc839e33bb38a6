"""DiscordChatExporter's JSON: one Discord channel (or direct-message chat) as one thread.

The export names the ``guild`` and ``channel`` and lists the channel's ``messages``, each
with ``id``, ``type``, ``timestamp``, ``content``, ``author`` and, for a reply, the message
it answers in ``reference.messageId`` (typed ``Reply``, or ``Default`` by older exports;
a notice's reference, a pin's, names no parent). That parent is kept as stated, one the
export does not hold (outside its date range, in another channel) under a stand-in, never
guessed; a message that replies to none is flat, for the cues and the reply model. A
channel has no post. Authors are usernames (``name``), as people mention each other, none
for a deleted account (Discord names them all ``Deleted User``); the nickname, the
author's id and whether it is a bot are in ``meta``. Attachments, stickers and embeds
become lines (``[attachment: plan.pdf]``); a forwarded message (``reference.type``
``Forward``) answers nothing, its copy (``forwardedMessage``) is quoted under
``[forwarded]``. Notices Discord writes itself (joins, pins, calls: any type but
``Default`` and ``Reply``) are counted by type in ``problems`` and kept as a node only
when a message answers one.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ExplorerError
from ..model import Thread
from .compression import head_of
from .jsondata import RECORD_ERRORS, load_json, record_error
from .protocol import Format
from .records import Record, build_thread, parse_time, scalar_meta, text_field

NAME = "discord"
PLATFORM = "chat"
EXTENSIONS = (".json",)
META = ("id", "type", "timestampEdited", "isPinned")
AUTHOR_META = {"id": "author_id", "nickname": "nickname", "isBot": "is_bot"}
MESSAGES = ("Default", "Reply")
"""Message types people write; the others are notices."""
FORWARD = "Forward"
"""The reference type of a forwarded message (newer exports), which answers nothing."""

_DELETED = re.compile(r"Deleted User(?: [0-9a-f]+)?$|deleted_user_[0-9a-f]+$")
_SNIFFED = tuple(re.compile(pattern) for pattern in (
    r'"guild"\s*:\s*\{', r'"channel"\s*:\s*\{', r'"messages"\s*:\s*\['))


def sniff(text: str) -> bool:
    """True for an export naming a ``guild`` and a ``channel`` and listing ``messages``."""
    head = head_of(text.lstrip("\ufeff \t\r\n"))
    return head.startswith("{") and all(pattern.search(head) for pattern in _SNIFFED)


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read the channel of a DiscordChatExporter JSON export as one thread."""
    document = load_json(text, source)
    if not isinstance(document, dict) or not isinstance(document.get("messages"), list):
        raise ExplorerError("expected a DiscordChatExporter export (an object with messages)",
                            source)
    messages = document["messages"]
    try:
        answered = {_reference(message) for message in messages}
    except RECORD_ERRORS as err:
        raise record_error("not a Discord message", err, source) from err
    records, notices = [], {}
    for number, message in enumerate(messages, start=1):
        try:
            record = _record(message)
        except RECORD_ERRORS as err:
            raise record_error(f"message {number}", err, source) from err
        kind = message.get("type") or "Default"
        if kind not in MESSAGES and record.label not in answered:
            notices[str(kind)] = notices.get(str(kind), 0) + 1
            continue
        records.append(record)
    if not records:
        raise ExplorerError("the channel holds no messages", source)
    problems = []
    if notices:
        counted = ", ".join(f"{kind} {count}" for kind, count in sorted(notices.items()))
        problems.append(f"notices left out (not comments): {sum(notices.values())} ({counted})")
    try:
        channel_id, title = _channel(document)
    except RECORD_ERRORS as err:
        raise record_error("not a Discord channel", err, source) from err
    return [build_thread(channel_id, records, title=title, source=source, problems=problems)]


def _channel(document: dict[str, Any]) -> tuple[str, str | None]:
    """The channel's id and its title: ``#name (guild)``."""
    channel = document.get("channel") or {}
    guild = document.get("guild") or {}
    name = text_field(channel.get("name"), "channel name")
    guild_name = text_field(guild.get("name"), "guild name")
    title = f"#{name}" if name else None
    if title and guild_name:
        title = f"{title} ({guild_name})"
    return text_field(channel.get("id"), "channel id") or "discord", title


def _reference(message: Any) -> str | None:
    """The id of the message this one answers: the reference of a message people wrote
    (older exports give a reply the type ``Default``), not of a notice (a pin's names the
    message pinned)."""
    if not isinstance(message, dict) or (message.get("type") or "Default") not in MESSAGES:
        return None
    reference = message.get("reference") or {}
    if reference.get("type") == FORWARD:  # a copy of a message, sent on: no reply
        return None
    return text_field(reference.get("messageId"), "reference.messageId")


def _record(message: Any) -> Record:
    if not isinstance(message, dict):
        raise TypeError("a message must be an object")
    label = text_field(message["id"], "id")
    if not label:
        raise ValueError("a message without an id")
    author = message.get("author") or {}
    if not isinstance(author, dict):
        raise TypeError("author must be an object")
    meta = scalar_meta(message, META)
    found = scalar_meta(author, AUTHOR_META)
    meta.update((AUTHOR_META[name], value) for name, value in found.items())
    parts = [text_field(message.get("content"), "content"), *_attachments(message),
             _forwarded(message.get("forwardedMessage"))]
    return Record(
        label=label,
        text="\n\n".join(part for part in parts if part),
        parent=_reference(message),
        author=_person(text_field(author.get("name"), "author.name")),
        published=parse_time(message.get("timestamp")),
        meta=meta,
    )


def _person(name: str | None) -> str | None:
    """An author's name, or None for the placeholder Discord gives every deleted account
    (``Deleted User``, ``deleted_user_5f3a…``), which names nobody in particular."""
    return None if name is None or _DELETED.match(name) else name


def _forwarded(copy: Any) -> str:
    """A forwarded message as the channel shows it: its text, quoted, under ``[forwarded]``,
    then its files as lines."""
    if not isinstance(copy, dict):
        return ""
    content = text_field(copy.get("content"), "forwardedMessage.content") or ""
    quoted = "\n".join(f"> {line}" if line else ">" for line in content.split("\n")) \
        if content else ""
    return "\n\n".join(part for part in ("[forwarded]", quoted, *_attachments(copy)) if part)


def _attachments(message: dict[str, Any]) -> list[str]:
    """Lines for the files, stickers and embeds a message carries; a link's preview, whose
    address the content already holds, adds none."""
    lines = []
    for key, kind in (("attachments", "attachment"), ("stickers", "sticker")):
        for item in message.get(key) or []:
            if isinstance(item, dict):
                shown = text_field(item.get("fileName") or item.get("name") or "", key)
                lines.append(f"[{kind}: {shown}]" if shown else f"[{kind}]")
    content = message.get("content") or ""
    for embed in message.get("embeds") or []:
        if not isinstance(embed, dict):
            continue
        url = text_field(embed.get("url"), "embed url")
        if url and url in content:
            continue
        title = text_field(embed.get("title") or url or "", "embed title")
        description = text_field(embed.get("description"), "embed description")
        lines.append("\n".join(part for part in (f"[embed: {title}]" if title else "[embed]",
                                                 description) if part))
    return lines


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
