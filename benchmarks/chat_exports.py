"""Write one conversation of N messages as each chat and fediverse export, to time the readers.

    python benchmarks/chat_exports.py 20000 /tmp/chat20k
    python benchmarks/read_cost.py /tmp/chat20k/telegram.json   # and each other file

Writes ``telegram.json``, ``discord.json``, ``bluesky.json``, ``lemmy.json`` and
``activitypub.json``: the same messages (seeded, so the same every run), six in ten replying
to an earlier one, one in fifty to a message the export does not hold. Reading each should
cost time linear in N: twice the messages, about twice the CPU.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from pathlib import Path

WORDS = ("tram line seven runs again every ten minutes from Monday what do you think "
         "finally missed it code x>1 👍 שלום user1987").split()


def conversation(count: int, seed: int = 7) -> list[dict]:
    """Messages: id, author, text, time and the id they answer (or None)."""
    chance = random.Random(seed)
    messages = []
    for index in range(count):
        roll = chance.random()
        parent = (None if index == 0 or roll < 0.4 else
                  10**9 + index if roll < 0.42 else chance.randrange(index) + 1)
        messages.append({"id": index + 1, "author": f"user{chance.randrange(count // 10 + 1)}",
                         "text": " ".join(chance.choices(WORDS, k=chance.randint(3, 40))),
                         "time": 1_700_000_000 + 60 * index, "parent": parent})
    return messages


def telegram(messages: list[dict]) -> dict:
    return {"name": "bench", "type": "private_supergroup", "id": 1, "messages": [
        {"id": m["id"], "type": "message", "date_unixtime": str(m["time"]), "from": m["author"],
         "text": m["text"], **({"reply_to_message_id": m["parent"]} if m["parent"] else {})}
        for m in messages]}


def discord(messages: list[dict]) -> dict:
    return {"guild": {"id": "1", "name": "bench"}, "channel": {"id": "2", "name": "general"},
            "messages": [
        {"id": str(m["id"]), "type": "Reply" if m["parent"] else "Default",
         "timestamp": f"{m['time']}", "content": m["text"], "author": {"name": m["author"]},
         **({"reference": {"messageId": str(m["parent"])}} if m["parent"] else {})}
        for m in messages]}


def bluesky(messages: list[dict]) -> dict:
    def uri(number: int) -> str:
        return f"at://did:plc:bench/app.bsky.feed.post/{number}"

    views = {}
    for m in messages:
        record = {"text": m["text"], "createdAt": m["time"]}
        if m["parent"]:
            record["reply"] = {"parent": {"uri": uri(m["parent"])}, "root": {"uri": uri(1)}}
        views[m["id"]] = {"post": {"uri": uri(m["id"]), "author": {"handle": m["author"]},
                                   "record": record}, "replies": []}
    # Nested under the parent the response holds; a parent it does not hold, under the root.
    for m in messages[1:]:
        views.get(m["parent"], views[1])["replies"].append(views[m["id"]])
    return {"thread": views[1]}


def lemmy(messages: list[dict]) -> dict:
    post = {"id": 1, "name": "bench", "ap_id": "https://l.example/post/1"}
    paths: dict[int, str] = {}
    views = []
    for m in messages:
        above = paths.get(m["parent"], f"0.{m['parent']}" if m["parent"] else "0")
        paths[m["id"]] = f"{above}.{m['id']}"
        views.append({"comment": {"id": m["id"], "content": m["text"], "path": paths[m["id"]],
                                  "published": m["time"]},
                      "creator": {"name": m["author"]}, "post": post})
    return {"comments": views}


def activitypub(messages: list[dict]) -> dict:
    def address(number: int) -> str:
        return f"https://m.example/users/bench/statuses/{number}"

    return {"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection",
            "orderedItems": [
        {"type": "Create", "object": {
            "type": "Note", "id": address(m["id"]), "content": f"<p>{m['text']}</p>",
            "published": m["time"], "attributedTo": f"https://m.example/users/{m['author']}",
            **({"inReplyTo": address(m["parent"])} if m["parent"] else {})}}
        for m in messages]}


EXPORTS: dict[str, Callable[[list[dict]], dict]] = {
    "telegram": telegram, "discord": discord, "bluesky": bluesky, "lemmy": lemmy,
    "activitypub": activitypub}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    messages = conversation(args.count)
    for name, export in EXPORTS.items():
        (args.folder / f"{name}.json").write_text(json.dumps(export(messages)), encoding="utf-8")


if __name__ == "__main__":
    main()
