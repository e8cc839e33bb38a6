"""Sign-offs, inferred authors and the thread's owner."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer import read_paths
from explorer.detect.owner import find_owner
from explorer.detect.signatures import (
    _INLINE_TAIL,
    _VALEDICTION,
    _is_name,
    find_signature,
    find_signatures,
    infer_authors,
    signature_name,
)
from explorer.model import Node, Thread, is_anonymous, person_key
from tests.paths import SEEDS


def make(texts: list[str], authors: list[str | None] | None = None, post: str = "A post.",
         post_author: str | None = None) -> Thread:
    authors = authors or [None] * len(texts)
    nodes = [Node("t/post", "post", 0, "post", post, author=post_author)]
    for index, (text, author) in enumerate(zip(texts, authors, strict=True), start=1):
        nodes.append(Node(f"t/{index}", "comment", index, str(index), text, author=author))
    return Thread("t", tuple(nodes))


@pytest.mark.parametrize(
    ("text", "signature"),
    [
        ("Thanks for commenting.\n\nJim", "Jim"),
        ("Thanks for commenting.\n\nCheers,\n\nJim", "Cheers,\n\nJim"),
        ("Be careful not to land in the fire.\n\n'Getafix", "'Getafix"),
        ("Agreed with all of that.\n\n- R2D2 fan", "- R2D2 fan"),
        ("Well said.\n\nThanks", None),  # a valediction is no name
        ("Jim", None),  # a sign-off needs a body
        ("It is all going wrong.\nSad", None),  # a common word is no name
    ],
)
def test_find_signature(text, signature):
    assert find_signature(text) == signature


def test_signature_name_strips_marks_and_valediction():
    assert signature_name("Cheers,\n\nJim") == "Jim"
    assert signature_name("'Getafix") == "Getafix"
    assert signature_name("- R2D2 fan") == "R2D2 fan"


def test_person_key_ignores_case_spaces_and_marks():
    assert person_key("Thats Just Me") == person_key("thatsjustme") == person_key("'ThatsJust me")
    assert person_key("R2D2 fan") == "r2d2fan"
    # A name of marks alone stays itself (two such names do not meet), a blank one is nobody.
    assert (person_key("~~"), person_key("—"), person_key("  ")) == ("~~", "—", None)


def test_anonymous_authors():
    assert is_anonymous(None) and is_anonymous("Anonymous") and is_anonymous("  ")
    assert not is_anonymous("Jim")


@pytest.mark.parametrize("name", ["Аноним", "Anonyme", "匿名", "Anónimo", "Anonym", "anonim",
                                  "名無しさん", "익명", "ANONIMO", "[removed]", "[deleted]",
                                  "Deleted User", "Deleted Account"])
def test_anonymous_in_many_languages_and_platform_placeholders(name):
    assert is_anonymous(name)


def test_anonymous_signed_comments_get_the_signed_name():
    thread = find_signatures(make(["Hello there.\n\nJim", "Back at you.\n\n'Getafix", "Plain."]))
    assert [n.author_inferred for n in thread.comments] == ["Jim", "Getafix", None]


def test_named_authors_are_not_overridden():
    thread = find_signatures(make(["Hello there.\n\nJim"], authors=["Jim Brown"]))
    assert thread.comments[0].author_inferred is None


def test_same_signature_is_the_same_person():
    thread = find_signatures(
        make(["A named comment.\n\nJim", "An anonymous one.\n\nJim"], authors=["Jim Brown", None])
    )
    assert thread.comments[1].author_inferred == "Jim Brown"


def test_infer_authors_keeps_what_is_already_inferred():
    thread = make(["Text.\n\nJim"])
    nodes = (thread.nodes[0], replace(thread.nodes[1], signature="Jim", author_inferred="J."))
    assert infer_authors(replace(thread, nodes=nodes)).comments[0].author_inferred == "J."


def test_owner_from_byline_first():
    thread = find_signatures(make(["x\n\nJim", "y\n\nJim"], post_author="Zoë"))
    assert find_owner(thread, frozenset({"t/1", "t/2"})) == "Zoë"


def test_owner_is_who_signs_the_answers():
    thread = find_signatures(make(["Question?", "Answer.\n\nJim", "Another.\n\nJim", "Me.\n\nBob"]))
    assert find_owner(thread, frozenset({"t/2", "t/3", "t/4"})) == "Jim"
    # Signing once is not enough: anyone may sign one answer.
    assert find_owner(thread, frozenset({"t/2", "t/4"})) is None


def test_owner_thanked_for_posting_beats_the_guest_who_signs_the_post():
    thread = find_signatures(
        make(["Thanks for posting this Jim"], post="A guest post.\n\nDavid Raho")
    )
    assert find_owner(thread) == "Jim"
    assert find_owner(replace(thread, nodes=thread.nodes[:1])) == "David Raho"


def test_owner_stated_by_the_source_is_kept():
    thread = replace(make(["Thanks for posting this Jim"]), owner="Someone")
    assert find_owner(thread) == "Someone"


def test_seed_owner_and_inferred_authors():
    from explorer import analyse

    threads = {t.id[:3]: analyse(t) for t in read_paths([str(SEEDS)])}
    assert threads["000"].owner == "Jim"
    assert threads["004"].owner == "Jim"
    assert {n.label: n.author_inferred for n in threads["004"].nodes}["2"] == "Getafix"
    assert {n.label: n.author_inferred for n in threads["001"].nodes}["12"] == "Getafix"


def plain_signature(text: str, known: frozenset[str]) -> str | None:
    """``find_signature`` as first written: every line looked at, the tail sought anywhere."""
    lines = text.rstrip().split("\n")
    filled = [index for index, line in enumerate(lines) if line.strip()]
    if len(filled) < 2 or not _is_name(lines[filled[-1]].strip()):
        match = _INLINE_TAIL.search(text.rstrip())
        name = match.group("name").strip() if match else None
        return name if name in known else None
    start = filled[-1]
    if _VALEDICTION.match(lines[filled[-2]].strip()) and len(filled) >= 3:
        start = filled[-2]
    return "\n".join(lines[start:]).strip()


SIGN_NAMES = ["David Raho", "Jim", "x", " Jim", "Zoë K"]
SIGNED_TEXT = st.lists(st.sampled_from(
    ["Good point", ".", "!", "?", " ", "  ", "\n", "\n\n", "\t", "Cheers,", "Thanks", "- ",
     "~Jim", "a.b", "…", "\u2003", *SIGN_NAMES]), max_size=12).map("".join)


@given(SIGNED_TEXT, st.frozensets(st.sampled_from(SIGN_NAMES)))
def test_find_signature_is_the_plain_rule(text, known):
    # Fast paths: only the last three filled lines are looked at, no tail is sought without
    # known names, and the tail is matched at the last sentence mark alone.
    assert find_signature(text, known) == plain_signature(text, known)


def test_an_inline_signature_is_found_at_the_last_sentence_mark():
    known = frozenset({"David Raho", "Jim"})
    assert find_signature("Water is in short supply. David Raho", known) == "David Raho"
    assert find_signature("Is it? Yes!  Jim \n", known) == "Jim"
    assert find_signature("Water is in short supply. David Raho") is None
    assert find_signature("Short supply. David Raho. Or not", known) is None


@given(st.lists(SIGNED_TEXT, min_size=1, max_size=6))
def test_find_signatures_looks_again_only_for_inline_sign_offs(texts):
    # The second look, with the names signed elsewhere, gives what find_signature gives.
    thread = make(texts)
    first = [find_signature(node.text) for node in thread.nodes]
    known = frozenset(signature_name(s) for s in first if s)
    plain = [s or (find_signature(node.text, known) if known else None)
             for node, s in zip(thread.nodes, first, strict=True)]
    assert [node.signature for node in find_signatures(thread).nodes] == plain


def test_a_name_signed_on_its_line_is_found_inline_elsewhere():
    thread = find_signatures(make(["Good point\nJim", "Quite right. Jim", "Nothing. Bob"]))
    assert [node.signature for node in thread.nodes] == [None, "Jim", "Jim", None]
