"""Telegram Desktop's JSON export (``result.json``): one chat, or every chat of an account.

"Export chat history" writes one chat (``name``, ``type``, ``id``, ``messages``); "Export
Telegram data" writes the account's chats under ``chats.list`` and ``left_chats.list``,
beside ``personal_information``. A chat is one thread, named by its id; it has no post (a
chat starts nowhere). A message names the one it answers in ``reply_to_message_id``: that
parent is kept as stated, one the export does not hold (outside its date range, deleted,
in another chat: ``reply_to_peer_id``) under a stand-in, never guessed. A message without
one is flat: the cues and the reply model may find whom it answers. ``text`` is a string
or a list of strings and entities (links, bold, mentions), joined to the text the chat
shows; a ``text_link``'s address and media (``[photo]``, ``[sticker: 👍]``, ``[poll:
question]``) become lines of their own.
Service messages (joins, pins, calls) are not comments: they are counted by action in
``problems``, and kept as a node only when a message answers one (a forum topic's first
message), so no stated parent is lost. Times are ``date_unixtime`` (UTC); ``date`` is the
exporting computer's local time, kept in ``meta`` with the sender's id, forwards and edits.
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

NAME = "telegram"
PLATFORM = "chat"
EXTENSIONS = (".json",)
META = ("id", "type", "date", "from_id", "forwarded_from", "saved_from", "via_bot", "edited",
        "reply_to_peer_id", "media_type", "file_name", "action", "actor", "title")
SERVICE = "service"

_CHAT = re.compile(r'"messages"\s*:\s*\[')
_MESSAGE = re.compile(r'"(?:date_unixtime|from_id|actor_id)"\s*:')
_KIND = re.compile(r'"type"\s*:\s*"(?:message|service)"')
_ACCOUNT = re.compile(r'"personal_information"\s*:\s*\{')


def sniff(text: str) -> bool:
    """True for a chat (``messages`` of Telegram's fields) or an account's export."""
    head = head_of(text.lstrip("\ufeff \t\r\n"))
    if not head.startswith("{"):
        return False
    return bool(_ACCOUNT.search(head) or (
        _CHAT.search(head) and _MESSAGE.search(head) and _KIND.search(head)))


def parse(text: str, source: str | None = None) -> list[Thread]:
    """Read each chat of the export as a thread."""
    document = load_json(text, source)
    if not isinstance(document, dict):
        raise ExplorerError("expected a Telegram export (a JSON object)", source)
    if "messages" in document:
        chats, single = [document], True
    else:
        chats, single = _account_chats(document, source), False
    threads = []
    for number, chat in enumerate(chats, start=1):
        where = "" if single else f"chat {number}: "
        try:
            thread = _thread(chat, where, source)
        except RECORD_ERRORS as err:
            raise record_error(f"{where}not a Telegram chat", err, source) from err
        if thread is None and single:
            raise ExplorerError("the chat holds no messages", source)
        if thread is not None:
            threads.append(thread)
    return threads


def _account_chats(document: dict[str, Any], source: str | None) -> list[Any]:
    """The chats of an account's export: those it is in, then those it left."""
    chats: list[Any] = []
    for key in ("chats", "left_chats"):
        group = document.get(key) or {}
        listed = group.get("list") if isinstance(group, dict) else None
        if isinstance(listed, list):
            chats.extend(listed)
    if not chats and not any(key in document for key in ("chats", "left_chats")):
        raise ExplorerError("expected a Telegram chat (messages) or chats (chats.list)", source)
    return chats


def _thread(chat: Any, where: str, source: str | None) -> Thread | None:
    """The chat's thread, or None when it holds no message."""
    if not isinstance(chat, dict):
        raise TypeError("a chat must be an object")
    messages = chat["messages"]
    if not isinstance(messages, list):
        raise TypeError("messages must be a list")
    chat_id = text_field(chat.get("id"), "id") or "telegram"
    answered = {_parent(message, chat_id) for message in messages if isinstance(message, dict)}
    records, services = [], {}
    for number, message in enumerate(messages, start=1):
        try:
            record = _record(message, chat_id)
        except RECORD_ERRORS as err:
            raise record_error(f"{where}message {number}", err, source) from err
        action = (record.meta or {}).get("action") if message.get("type") == SERVICE else None
        if message.get("type") == SERVICE and record.label not in answered:
            name = str(action or "other")
            services[name] = services.get(name, 0) + 1
            continue
        records.append(record)
    if not records:
        return None
    problems = []
    if services:
        counted = ", ".join(f"{name} {count}" for name, count in sorted(services.items()))
        problems.append(f"service messages left out (not comments): {sum(services.values())} "
                        f"({counted})")
    return build_thread(chat_id, records, title=text_field(chat.get("name"), "name"),
                        source=source, problems=problems)


def _parent(message: dict[str, Any], chat_id: str) -> str | None:
    """The message this one answers; one in another chat (``reply_to_peer_id``, as
    ``channel123``) is ``<peer>/<id>``, never this chat's message of that number."""
    number = text_field(message.get("reply_to_message_id"), "reply_to_message_id")
    peer = text_field(message.get("reply_to_peer_id"), "reply_to_peer_id")
    return f"{peer}/{number}" if number and peer and not peer.endswith(chat_id) else number


def _record(message: Any, chat_id: str) -> Record:
    if not isinstance(message, dict):
        raise TypeError("a message must be an object")
    label = text_field(message["id"], "id")
    if not label:
        raise ValueError("a message without an id")
    service = message.get("type") == SERVICE
    meta = scalar_meta(message, META)
    parts = [_action(message)] if service else []
    parts += [_plain(message.get("text")), *_attachments(message)]
    published = parse_time(message.get("date_unixtime")) or parse_time(message.get("date"))
    author = message.get("actor") if service else message.get("from")
    return Record(
        label=label,
        text="\n\n".join(part for part in parts if part),
        parent=_parent(message, chat_id),
        author=text_field(author, "from"),
        published=published,
        meta=meta,
    )


def _plain(text: Any) -> str:
    """The text a message shows: a string, or its pieces and entities joined; links whose
    words hide their address get the address after them."""
    if text is None or isinstance(text, str):
        return text or ""
    if not isinstance(text, list):
        raise TypeError(f"text must be a string or a list, not {text!r:.40}")
    pieces = []
    for piece in text:
        if isinstance(piece, str):
            pieces.append(piece)
            continue
        if not isinstance(piece, dict):
            raise TypeError(f"a text entity must be an object, not {piece!r:.40}")
        shown = text_field(piece.get("text"), "text") or ""
        address = text_field(piece.get("href"), "href")
        pieces.append(f"{shown} ({address})" if address and address != shown else shown)
    return "".join(pieces)


def _action(message: dict[str, Any]) -> str:
    """A service message's action in words: ``[topic_created: Rules]``."""
    action = text_field(message.get("action"), "action") or "service"
    title = text_field(message.get("title"), "title")
    return f"[{action}: {title}]" if title else f"[{action}]"


def _attachments(message: dict[str, Any]) -> list[str]:
    """Lines for the media a message carries."""
    lines = []
    if message.get("photo"):
        lines.append("[photo]")
    kind = text_field(message.get("media_type"), "media_type")
    if kind:
        shown = message.get("sticker_emoji") or message.get("file_name") or message.get("title")
        shown = text_field(shown, kind)
        lines.append(f"[{kind}: {shown}]" if shown else f"[{kind}]")
    elif message.get("file") and message.get("file_name"):
        lines.append(f"[file: {text_field(message['file_name'], 'file_name')}]")
    poll = message.get("poll")
    if isinstance(poll, dict):
        answers = [text_field(answer.get("text"), "answer") for answer in poll.get("answers") or []
                   if isinstance(answer, dict)]
        question = text_field(poll.get("question"), "question") or ""
        lines.append(f"[poll: {question}]" + "".join(f"\n- {a}" for a in answers if a))
    return lines


FORMAT = Format(NAME, EXTENSIONS, sniff, parse, platform=PLATFORM)
