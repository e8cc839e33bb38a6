"""The chat and fediverse readers lose nothing and invent nothing, on any conversation.

Hypothesis draws a conversation (ids huge or small, reused ids, replies to absent messages,
to themselves and in loops; texts with code, quoted lines, emoji, right-to-left script,
nothing at all) and writes it as each export writes it. Reading it back must give every
message exactly one node with its text intact, each stated parent kept (a stand-in when
absent, cut only where a loop closes), and no parent the export does not state.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.formats import parse_text

TRICKY_TEXTS = (
    "```\ndef f(x):\n    return x > 1  # not a quote\n```",
    "> you said this\n>> and they said that\n\nI disagree.",
    "👍🏽 thanks! 🇩🇪 👨‍👩‍👧",
    "שלום עולם, מה שלומך?",
    "مرحبا بالعالم",
    "R2D2 and user1987 agree: 3 > 2",
    "line one\n\n\nline four after blanks",
    "    indented code()\n\tand a tab",
)
NAMES = ("anna", "user1987", "R2D2", "Zoë", "مريم", "Bob_1987", "42")

texts = st.one_of(st.sampled_from(TRICKY_TEXTS),
                  st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1,
                          max_size=40).filter(str.strip))


@dataclass(frozen=True)
class Message:
    """One message as the export states it."""

    id: int
    text: str
    author: str
    parent: int | None


@st.composite
def conversations(draw) -> list[Message]:
    """Messages with distinct texts; some reuse an id, some answer absent or looping ids."""
    count = draw(st.integers(1, 12))
    pool = draw(st.lists(st.one_of(st.integers(1, 40), st.integers(2**53, 2**63)),
                         min_size=count, max_size=count))
    absent = [2**62 + 7, 999_999_999]
    messages = []
    for index, number in enumerate(pool):
        parent = draw(st.one_of(st.none(), st.sampled_from([*pool, *absent])))
        text = draw(texts) + f"\n#{index}"  # distinct, so a reused id is a second message
        messages.append(Message(number, text, draw(st.sampled_from(NAMES)), parent))
    return messages


def _check(messages: list[Message], threads, labelled=str) -> None:
    """Each message is one node with its text; parents as stated, stand-ins for the absent."""
    nodes = [node for thread in threads for node in thread.nodes]
    written = [node for node in nodes if node.kind != "missing"]
    assert sorted((labelled(m.id), m.text) for m in messages) == sorted(
        (node.label.split("~")[0], node.text) for node in written)
    by_id = {node.id: node for node in nodes}
    posts = {node.label for node in nodes if node.kind == "post"}
    ids = [m.id for m in messages]
    once = {m.id: m for m in messages if ids.count(m.id) == 1}
    first = {}  # a reply to a reused id answers the first message of that id
    for message in messages:
        first.setdefault(message.id, message)
    for node in written:
        message = once.get(int(node.label)) if "~" not in node.label else None
        if message is None:
            continue
        assert node.author == message.author
        if message.parent is None:
            assert node.parent is None
        elif node.parent is not None:  # None only where a loop was cut
            above = by_id[node.parent]
            expected = labelled(message.parent)
            assert above.label in (expected, f"missing:{expected}")
            assert (above.kind == "missing") is (message.parent not in ids)
        elif labelled(message.parent) in posts:  # a reply to the post is at top level
            assert node.stated
        else:
            assert message.parent in ids and _in_loop(message.id, first)


def _in_loop(start: int, first: dict[int, Message]) -> bool:
    """True when following stated parents from ``start`` comes back round (to any node)."""
    seen, current = set(), start
    while current in first and first[current].parent is not None:
        if current in seen:
            return True
        seen.add(current)
        current = first[current].parent
    return current in seen


@settings(max_examples=60, deadline=None)
@given(conversations(), st.booleans())
def test_telegram_keeps_every_message_and_its_stated_parent(messages, entities):
    def text(message: Message):
        # Exports split a text into pieces and entities where it has links or markup.
        if not entities or len(message.text) < 2:
            return message.text
        cut = len(message.text) // 2
        return [message.text[:cut], {"type": "bold", "text": message.text[cut:]}]

    chat = {"name": "chat", "type": "private_group", "id": 77, "messages": [
        {"id": m.id, "type": "message", "date": "2024-01-01T10:00:00",
         "date_unixtime": str(1704103200 + i), "from": m.author, "from_id": f"user{i}",
         "text": text(m), **({"reply_to_message_id": m.parent} if m.parent else {})}
        for i, m in enumerate(messages)]}
    _check(messages, parse_text(json.dumps(chat), format="telegram"))


@settings(max_examples=60, deadline=None)
@given(conversations())
def test_discord_keeps_every_message_and_its_stated_parent(messages):
    channel = {"guild": {"id": "1", "name": "g"}, "channel": {"id": "2", "name": "c"},
               "messages": [
        {"id": str(m.id), "type": "Reply" if m.parent else "Default",
         "timestamp": f"2024-01-01T10:{i % 60:02d}:00+00:00", "content": m.text,
         "author": {"id": str(i), "name": m.author},
         **({"reference": {"messageId": str(m.parent)}} if m.parent else {})}
        for i, m in enumerate(messages)]}
    _check(messages, parse_text(json.dumps(channel), format="discord"))


@settings(max_examples=60, deadline=None)
@given(conversations())
def test_lemmy_keeps_every_comment_and_the_parent_its_path_names(messages):
    post = {"id": 4711, "name": "A post", "body": "The post.", "ap_id": "https://l.example/post/4711",
            "published": "2024-01-01T09:00:00Z"}
    views = [{"comment": {"id": m.id, "content": m.text, "published": "2024-01-01T10:00:00Z",
                          "path": ".".join(str(step) for step in (0, m.parent, m.id)
                                          if step is not None)},
              "creator": {"name": m.author, "actor_id": f"https://l.example/u/{m.author}",
                          "local": True},
              "post": post}
             for m in messages]
    [thread] = parse_text(json.dumps({"comments": views}), format="lemmy")
    assert thread.nodes[0].kind == "post" and thread.nodes[0].label == "4711"
    _check(messages, [_without_post(thread)])


def _without_post(thread):
    return replace(thread, nodes=tuple(node for node in thread.nodes if node.kind != "post"))


@settings(max_examples=60, deadline=None)
@given(conversations())
def test_activitypub_keeps_every_post_and_the_post_it_answers(messages):
    def address(number: int) -> str:
        return f"https://m.example/users/x/statuses/{number}"

    def markup(text: str) -> str:
        return "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n"))

    messages = [replace(m, text=_as_paragraphs(m.text)) for m in messages]
    items = [{"type": "Create", "object": {
        "type": "Note", "id": address(m.id), "content": markup(m.text),
        "published": "2024-01-01T10:00:00Z", "attributedTo": f"https://m.example/users/{m.author}",
        **({"inReplyTo": address(m.parent)} if m.parent else {})}} for m in messages]
    threads = parse_text(json.dumps({"type": "OrderedCollection", "orderedItems": items}),
                         format="activitypub")
    _check([replace(m, author=f"{m.author}@m.example") for m in messages], threads)


def _as_paragraphs(text: str) -> str:
    """The text as HTML paragraphs show it: blank-line separated, spaces collapsed."""
    return "\n\n".join(" ".join(part.split()) for part in text.split("\n\n") if part.strip())


@settings(max_examples=60, deadline=None)
@given(conversations())
def test_bluesky_keeps_every_post_and_the_parent_its_record_states(messages):
    def address(number: int) -> str:
        return f"at://did:plc:abc/app.bsky.feed.post/{number}"

    # Every reply states its parent (the response's nesting is read only where none is),
    # and an address is one post (which of two is first would depend on the nesting).
    messages = [m for index, m in enumerate(messages)
                if m.id not in {earlier.id for earlier in messages[:index]}]
    messages = [replace(m, parent=messages[0].id) if index and m.parent is None else m
                for index, m in enumerate(messages)]
    views: list[dict] = []
    where: dict[int, dict] = {}  # a post's view, where its replies are nested
    for index, m in enumerate(messages):
        record = {"text": m.text, "createdAt": f"2024-01-01T10:{index:02d}:00Z"}
        if m.parent is not None:
            record["reply"] = {"parent": {"uri": address(m.parent)},
                               "root": {"uri": address(messages[0].id)}}
        view = {"post": {"uri": address(m.id), "author": {"handle": m.author},
                         "record": record}, "replies": []}
        views.append(view)
        if index:
            where.get(m.parent, views[0])["replies"].append(view)
        where.setdefault(m.id, view)
    [thread] = parse_text(json.dumps({"thread": views[0]}), format="bluesky")
    _check(messages, [thread])
