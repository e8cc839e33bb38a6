"""A ConvoKit corpus folder: ``utterances.jsonl`` written utterance by utterance, then
``speakers.json``, ``conversations.json``, ``corpus.json`` and ``index.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from ..model import Thread, author_of, timestamp
from ..tree import reply_tree
from .records import refuse_repeats


def convokit_files(threads: Sequence[Thread]) -> Iterator[tuple[str, Iterator[str]]]:
    """The files of a ConvoKit corpus folder, each as its name and its text in pieces, to be
    taken in order (the later files are known once the utterances are written).

    Each thread is one conversation whose id is its root utterance's: the post, or, where
    the source has none (a mailing list, a table, a comments feed), a stand-in root with
    the thread's title as text and ``stand_in`` true in its meta, so that every
    conversation passes ConvoKit's ``check_integrity`` (one root, every ``reply_to`` an
    utterance of the conversation). Comments follow the reply tree (excerpts reply to the
    post). The post's speaker is the thread's owner when
    the page names no author; comments without a known author each get their own speaker,
    ``anonymous:<comment id>``, so ConvoKit does not take them for one person. The source's
    own fields (``Node.meta``) join each utterance's meta under their names, as in
    ConvoKit's own Reddit corpora (lists and objects as JSON, NaN as ``NaN``). Timestamps
    are POSIX seconds or null.
    """
    refuse_repeats(threads)
    speakers: dict[str, dict[str, Any]] = {}
    conversations: dict[str, dict[str, Any]] = {}
    types: dict[str, list[str]] = {}
    yield "utterances.jsonl", (
        json.dumps(utterance, ensure_ascii=False) + "\n"
        for utterance in _utterances(threads, speakers, conversations, types)
    )
    corpus = {"name": "explorer", "threads": len(conversations)}
    yield "speakers.json", iter([json.dumps(speakers, ensure_ascii=False, indent=1)])
    yield "conversations.json", iter([json.dumps(conversations, ensure_ascii=False, indent=1)])
    yield "corpus.json", iter([json.dumps(corpus, indent=1)])
    index = {
        "utterances-index": types,
        "speakers-index": _index(s["meta"] for s in speakers.values()),
        "conversations-index": _index(c["meta"] for c in conversations.values()),
        "overall-index": _index([corpus]),
        "version": 1,
        "vectors": [],
    }
    yield "index.json", iter([json.dumps(index, indent=1)])


def convokit_corpus(threads: Sequence[Thread]) -> dict[str, str]:
    """The files of a ConvoKit corpus folder (``convokit_files``), by name, as text."""
    return {name: "".join(pieces) for name, pieces in convokit_files(threads)}


def _utterances(threads: Sequence[Thread], speakers: dict[str, dict[str, Any]],
                conversations: dict[str, dict[str, Any]], types: dict[str, list[str]]
                ) -> Iterator[dict[str, Any]]:
    """Each thread's utterances, noting its speakers, conversation and meta types."""
    for thread in threads:
        if not thread.nodes:
            continue
        tree = reply_tree(thread)
        post = thread.post.id if thread.post else None
        root = post or _stand_in_id(thread)
        if post is None:
            _add_speaker(speakers, thread.owner, root)
            stand_in = _stand_in(thread, root, thread.owner or f"anonymous:{root}")
            _note_types(types, stand_in["meta"])
            yield stand_in
        for node in thread.nodes:
            # The post is the blog owner's unless the page names someone else.
            name = author_of(node, thread.owner)
            meta = {
                "kind": node.kind,
                "label": node.label,
                "position": node.position,
                "published": node.published.isoformat() if node.published else None,
                "author": node.author,
                "author_inferred": node.author_inferred,
                "depth": tree.depth[node.id],
                "stand_in": False,
            }
            for field, value in node.meta:
                meta[field if field not in meta else f"source_{field}"] = value
            _note_types(types, meta)
            yield {
                "id": node.id,
                "speaker": _add_speaker(speakers, name, node.id),
                "conversation_id": root,
                # The reply tree has no loops; its roots answer the post or the stand-in.
                "reply_to": None if node.id == root else tree.parent[node.id] or root,
                "timestamp": _posix(node.published),
                "text": node.text,
                "meta": meta,
                "vectors": [],
            }
        conversations[root] = {
            "meta": {"thread": thread.id, "title": thread.title, "url": thread.url,
                     "source": thread.source, "owner": thread.owner},
            "vectors": [],
        }


def _add_speaker(speakers: dict[str, dict[str, Any]], name: str | None, utterance: str) -> str:
    """The speaker id of a named author, or of one unnamed utterance; recorded once."""
    speaker = name or f"anonymous:{utterance}"
    speakers.setdefault(
        speaker, {"meta": {"name": name, "anonymous": name is None}, "vectors": []}
    )
    return speaker


def _stand_in_id(thread: Thread) -> str:
    """An utterance id for the stand-in root that no node of the thread has."""
    ids = {node.id for node in thread.nodes}
    candidate = f"{thread.id}/(thread)"
    while candidate in ids:
        candidate += "'"
    return candidate


def _stand_in(thread: Thread, root: str, speaker: str) -> dict[str, Any]:
    """The root utterance of a thread whose source has no post: the thread's title."""
    return {
        "id": root,
        "speaker": speaker,
        "conversation_id": root,
        "reply_to": None,
        "timestamp": _posix(thread.published),
        "text": thread.title or "",
        "meta": {"kind": "post", "label": None, "position": None, "published": None,
                 "author": thread.owner, "author_inferred": None, "depth": 0,
                 "stand_in": True},
        "vectors": [],
    }


def _posix(moment: datetime | None) -> float | None:
    """POSIX seconds; times without a zone are taken as UTC, as in the stats tables."""
    return None if moment is None else timestamp(moment)


def _index(metas: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """ConvoKit's meta index: each field's Python types, as ConvoKit spells them."""
    types: dict[str, list[str]] = {}
    for meta in metas:
        _note_types(types, meta)
    return types


def _note_types(types: dict[str, list[str]], meta: dict[str, Any]) -> None:
    for name, value in meta.items():
        spelled = str(type(value))
        if spelled not in types.setdefault(name, []):
            types[name].append(spelled)
