"""Telegram Desktop's JSON export: a chat is a thread, stated replies kept, service messages
counted, text entities joined to the text the chat shows."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.cli import cli
from explorer.errors import ExplorerError
from explorer.formats import FORMATS, parse_text, read_paths, telegram
from tests.paths import DATA
from tests.paths import FORMATS as FORMAT_SAMPLES

CHAT = DATA / "samples" / "telegram" / "result.json"


def _raw() -> dict:
    return json.loads(CHAT.read_text(encoding="utf-8"))


def test_every_message_is_a_node_with_its_stated_parent():
    raw = _raw()
    [thread] = read_paths([str(CHAT)])
    messages = [m for m in raw["messages"] if m["type"] == "message"]
    by_label = {n.label: n for n in thread.nodes}
    assert (thread.id, thread.title, thread.platform) == (str(raw["id"]), raw["name"], "chat")
    assert sorted(by_label) == sorted([str(m["id"]) for m in messages] + ["missing:3"])
    for message in messages:
        node = by_label[str(message["id"])]
        stated = message.get("reply_to_message_id")
        assert node.author == message["from"]
        assert node.published == datetime.fromtimestamp(int(message["date_unixtime"]), UTC)
        assert node.stated is (stated is not None)
        if stated is not None:
            # The parent the export names, or the stand-in of one it does not hold.
            above = str(stated) if str(stated) in by_label else f"missing:{stated}"
            assert node.parent == f"{thread.id}/{above}"
        else:
            assert node.parent is None
    assert [n.kind for n in thread.nodes].count("post") == 0


def test_entities_are_joined_to_the_shown_text_and_media_become_lines():
    [thread] = read_paths([str(CHAT)])
    text = {n.label: n.text for n in thread.nodes}
    assert text["12"] == ("С понедельника, см. приказ (https://example.org/order/7) и график\n"
                          "@anna_tram")
    assert text["15"].endswith("\n\n[photo]")
    assert text["16"] == "[sticker: 👍]"
    assert text["17"] == "[poll: Поедете в субботу?]\n- Да\n- Нет"
    meta = dict(next(n for n in thread.nodes if n.label == "17").meta)
    assert (meta["forwarded_from"], meta["from_id"]) == ("Гортранс", "user100")


def test_service_messages_are_counted_by_action():
    [thread] = read_paths([str(CHAT)])
    assert "service messages left out (not comments): 2 (create_group 1, pin_message 1)" in \
        thread.problems


def test_a_service_message_answered_is_kept_so_its_replies_keep_their_parent():
    chat = {"name": "forum", "id": 5, "type": "private_supergroup", "messages": [
        {"id": 1, "type": "service", "actor": "Ann", "action": "topic_created",
         "title": "Rules", "date_unixtime": "1700000000", "text": ""},
        {"id": 2, "type": "message", "from": "Bo", "from_id": "user2",
         "reply_to_message_id": 1, "date_unixtime": "1700000060", "text": "Read them"},
    ]}
    [thread] = parse_text(json.dumps(chat))
    assert [(n.label, n.text, n.parent, n.author) for n in thread.nodes] == [
        ("1", "[topic_created: Rules]", None, "Ann"), ("2", "Read them", "5/1", "Bo")]
    assert not any("service" in problem for problem in thread.problems)


def test_an_account_export_gives_each_chat_with_messages():
    chat = _raw()
    account = {"about": "Here is the data you requested.",
               "personal_information": {"user_id": 100, "first_name": "Anna"},
               "chats": {"about": "", "list": [chat, {"name": "empty", "id": 9, "messages": []}]},
               "left_chats": {"about": "", "list": [dict(chat, id=77, name="old")]}}
    threads = parse_text(json.dumps(account))
    assert [(t.id, t.title) for t in threads] == [(str(chat["id"]), chat["name"]), ("77", "old")]
    assert len(threads[0].nodes) == len(threads[1].nodes)


def test_sniffing_takes_telegram_exports_and_no_other_sample():
    found = next(f for f in FORMATS if f.sniff(CHAT.read_text(encoding="utf-8")))
    assert found.name == "telegram"
    others = [path for path in (*FORMAT_SAMPLES.rglob("*.json"), *DATA.glob("samples/*/*.json"),
                                *DATA.glob("real/*/*.json"))
              if path != CHAT]
    assert others
    assert not [path for path in others
                if telegram.sniff(path.read_text(encoding="utf-8", errors="replace"))]


def test_a_truncated_export_is_one_error_line():
    text = CHAT.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["comments", "-", "--input-format", "telegram"],
                                input=text[: len(text) // 2])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ") and "cut short" in result.stderr


def test_a_message_without_an_id_is_named():
    chat = _raw()
    del chat["messages"][2]["id"]
    try:
        parse_text(json.dumps(chat))
    except ExplorerError as err:
        assert str(err) == "<text>: message 3: missing field 'id'"
    else:
        raise AssertionError("a message without an id was read")


def test_a_loop_of_replies_is_cut_once_and_said():
    chat = {"name": "loop", "id": 1, "messages": [
        {"id": n, "type": "message", "from": "a", "date_unixtime": str(1700000000 + n),
         "reply_to_message_id": 3 if n == 1 else n - 1, "text": f"m{n}"} for n in (1, 2, 3)]}
    [thread] = parse_text(json.dumps(chat))
    assert sorted(n.label for n in thread.nodes) == ["1", "2", "3"]
    assert sum(n.parent is None for n in thread.nodes) == 1
    assert any(problem.startswith("reply loops cut: 1") for problem in thread.problems)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "id": st.one_of(st.integers(0, 5), st.text(max_size=2), st.none(), st.lists(st.integers())),
    "type": st.sampled_from(["message", "service", "other"]),
    "from": st.one_of(st.none(), st.text(max_size=4), st.integers()),
    "reply_to_message_id": st.one_of(st.none(), st.integers(0, 5), st.booleans()),
    "date_unixtime": st.one_of(st.none(), st.text(max_size=6), st.integers()),
    "text": st.one_of(st.text(max_size=8), st.none(), st.lists(st.one_of(
        st.text(max_size=3), st.fixed_dictionaries({"type": st.just("bold"),
                                                    "text": st.text(max_size=3)}),
        st.integers()), max_size=3)),
}), max_size=6))
def test_any_messages_read_or_fail_in_one_line(messages):
    try:
        threads = parse_text(json.dumps({"id": 1, "name": "x", "messages": messages}),
                             format="telegram")
    except ExplorerError as err:
        assert "\n" not in str(err)
    else:
        kept = {n.label.split("~")[0] for t in threads for n in t.nodes if n.kind != "missing"}
        ids = {str(m["id"]) for m in messages if m["type"] != "service"}
        assert ids <= kept


def test_a_reply_to_a_message_of_another_chat_hangs_under_a_stand_in_for_it():
    # reply_to_peer_id names the other chat: its message 1 is not this chat's message 1.
    chat = {"id": 1790123456, "name": "x", "type": "public_supergroup", "messages": [
        {"id": 1, "type": "message", "date_unixtime": "1700000000", "from": "ann", "text": "hi"},
        {"id": 2, "type": "message", "date_unixtime": "1700000060", "from": "bob",
         "text": "quoting the news channel", "reply_to_message_id": 1,
         "reply_to_peer_id": "channel1234567"},
        {"id": 3, "type": "message", "date_unixtime": "1700000120", "from": "cy",
         "text": "and you, ann", "reply_to_message_id": 1,
         "reply_to_peer_id": "channel1790123456"}]}
    [thread] = parse_text(json.dumps(chat), format="telegram")
    assert [(n.label, n.parent) for n in thread.nodes] == [
        ("1", None), ("3", "1790123456/1"),
        ("missing:channel1234567/1", None), ("2", "1790123456/missing:channel1234567/1")]
