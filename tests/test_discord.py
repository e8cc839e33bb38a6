"""DiscordChatExporter JSON: a channel is a thread, replies by ``reference.messageId`` kept,
notices counted, attachments and embeds as lines."""

from __future__ import annotations

import json
from datetime import datetime

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.cli import cli
from explorer.errors import ExplorerError
from explorer.formats import FORMATS, discord, parse_text, read_paths
from tests.paths import DATA

CHANNEL = DATA / "samples" / "discord" / "general.json"


def _raw() -> dict:
    return json.loads(CHANNEL.read_text(encoding="utf-8"))


def test_every_message_is_a_node_with_its_stated_parent():
    raw = _raw()
    [thread] = read_paths([str(CHANNEL)])
    written = [m for m in raw["messages"] if m["type"] in ("Default", "Reply")]
    by_label = {n.label: n for n in thread.nodes if n.kind != "missing"}
    assert (thread.id, thread.platform) == (raw["channel"]["id"], "chat")
    assert thread.title == f"#{raw['channel']['name']} ({raw['guild']['name']})"
    assert sorted(by_label) == sorted(m["id"] for m in written)
    for message in written:
        node = by_label[message["id"]]
        assert node.author == message["author"]["name"]
        assert node.published == datetime.fromisoformat(message["timestamp"])
        assert node.text.startswith(message["content"])
        stated = message.get("reference", {}).get("messageId")
        assert node.stated is (stated is not None)
        if stated is None:
            assert node.parent is None
        else:
            above = stated if stated in by_label else f"missing:{stated}"
            assert node.parent == f"{thread.id}/{above}"


def test_files_stickers_and_embeds_are_lines_and_a_link_preview_adds_none():
    [thread] = read_paths([str(CHANNEL)])
    text = {n.label[-3:]: n.text for n in thread.nodes}
    assert text["101"] == _raw()["messages"][1]["content"]
    assert text["102"].endswith("\n\n[attachment: plan.pdf]")
    assert text["104"].endswith("\n\n[sticker: tram]\n\n[embed: Line 7]\nRuns every 10 minutes")
    meta = dict(next(n for n in thread.nodes if n.label.endswith("104")).meta)
    assert (meta["is_bot"], meta["author_id"]) == (True, "333")


def test_notices_are_counted_by_type_unless_answered():
    [thread] = read_paths([str(CHANNEL)])
    assert "notices left out (not comments): 2 (ChannelPinnedMessage 1, GuildMemberJoin 1)" \
        in thread.problems
    raw = _raw()
    raw["messages"][4]["reference"]["messageId"] = raw["messages"][0]["id"]
    [answered] = parse_text(json.dumps(raw))
    join = next(n for n in answered.nodes if n.label == raw["messages"][0]["id"])
    assert (join.text, join.author) == ("Joined the server.", "kai_99")


def test_sniffing_takes_discord_exports_and_no_other_sample():
    found = next(f for f in FORMATS if f.sniff(CHANNEL.read_text(encoding="utf-8")))
    assert found.name == "discord"
    others = [path for path in (*DATA.rglob("*.json"), *DATA.rglob("*.jsonl"))
              if path != CHANNEL]
    assert not [path for path in others
                if discord.sniff(path.read_text(encoding="utf-8", errors="replace"))]


def test_bad_exports_are_one_error_line():
    text = CHANNEL.read_text(encoding="utf-8")
    raw = _raw()
    del raw["messages"][2]["id"]
    empty = dict(_raw(), messages=[])
    for broken, expected in ((text[:-40], "cut short"), (json.dumps(raw), "message 3: missing"),
                             (json.dumps(empty), "holds no messages")):
        result = CliRunner().invoke(cli, ["comments", "-", "--input-format", "discord"],
                                    input=broken)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and expected in result.stderr


def test_a_loop_of_replies_is_cut_once_and_said():
    messages = [{"id": str(n), "type": "Reply", "timestamp": f"2024-01-01T00:0{n}:00Z",
                 "content": f"m{n}", "author": {"name": "a"},
                 "reference": {"messageId": str(n % 3 + 1)}} for n in (1, 2, 3)]
    [thread] = parse_text(json.dumps({"guild": {}, "channel": {"id": "c"}, "messages": messages}))
    assert sorted(n.label for n in thread.nodes) == ["1", "2", "3"]
    assert any(problem.startswith("reply loops cut: 1") for problem in thread.problems)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "id": st.one_of(st.integers(0, 5), st.text(max_size=2), st.none(), st.lists(st.integers())),
    "type": st.sampled_from(["Default", "Reply", "ThreadCreated", None]),
    "author": st.one_of(st.none(), st.text(max_size=2),
                        st.fixed_dictionaries({"name": st.one_of(st.text(max_size=3),
                                                                 st.none())})),
    "reference": st.one_of(st.none(), st.fixed_dictionaries(
        {"messageId": st.one_of(st.integers(0, 5), st.text(max_size=2), st.none())})),
    "timestamp": st.one_of(st.none(), st.text(max_size=6), st.integers()),
    "content": st.one_of(st.text(max_size=8), st.none(), st.integers()),
}), max_size=6))
def test_any_messages_read_or_fail_in_one_line(messages):
    try:
        parse_text(json.dumps({"guild": {}, "channel": {}, "messages": messages}),
                   format="discord")
    except ExplorerError as err:
        assert "\n" not in str(err)


def test_an_older_export_s_default_reply_keeps_its_parent_and_a_pin_states_none():
    raw = _raw()
    raw["messages"][2]["type"] = "Default"  # how older DiscordChatExporter versions wrote it
    [thread] = parse_text(json.dumps(raw))
    reply = next(n for n in thread.nodes if n.label == raw["messages"][2]["id"])
    assert (reply.parent, reply.stated) == (f"{thread.id}/{raw['messages'][1]['id']}", True)
    # The pin notice references the message it pinned: not answered, so still left out.
    assert raw["messages"][3]["id"] not in {n.label for n in thread.nodes}


def test_deleted_accounts_are_nobody_in_particular_not_one_person():
    raw = _raw()
    raw["messages"][1]["author"].update(name="Deleted User", id="456226577798135808")
    raw["messages"][5]["author"].update(name="deleted_user_5f3a1b2c9d0e", id="999")
    raw["messages"][2]["author"]["name"] = "Deleted User Fan 2"  # a name, not the placeholder
    [thread] = parse_text(json.dumps(raw))
    authors = {n.label: (n.author, dict(n.meta).get("author_id")) for n in thread.nodes}
    assert authors[raw["messages"][1]["id"]] == (None, "456226577798135808")
    assert authors[raw["messages"][5]["id"]] == (None, "999")
    assert authors[raw["messages"][2]["id"]][0] == "Deleted User Fan 2"


def test_a_forwarded_message_answers_nothing_and_shows_its_copy():
    # Newer exports type a forward's reference "Forward": it was read as a reply to the
    # message forwarded, and the forwarded text, which the channel shows, was lost.
    raw = {"guild": {}, "channel": {"id": "9"}, "messages": [
        {"id": "1", "type": "Default", "content": "The timetable changes Monday.",
         "author": {"name": "ann"}},
        {"id": "2", "type": "Default", "content": "", "author": {"name": "bob"},
         "reference": {"type": "Forward", "messageId": "1", "channelId": "9"},
         "forwardedMessage": {"content": "The timetable changes Monday.\nLine 7 too.",
                              "attachments": [{"fileName": "plan.pdf"}]}},
        {"id": "3", "type": "Reply", "content": "Thanks!", "author": {"name": "cy"},
         "reference": {"type": "Default", "messageId": "2", "channelId": "9"}}]}
    [thread] = parse_text(json.dumps(raw), format="discord")
    assert [(n.label, n.parent, n.stated) for n in thread.nodes] == [
        ("1", None, False), ("2", None, False), ("3", "9/2", True)]
    assert thread.nodes[1].text == ("[forwarded]\n\n> The timetable changes Monday.\n"
                                    "> Line 7 too.\n\n[attachment: plan.pdf]")
