"""Sign-offs, inferred authors and the thread's owner."""

from __future__ import annotations

from dataclasses import replace

import pytest

from explorer import read_paths
from explorer.detect.owner import find_owner
from explorer.detect.signatures import (
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
                                  "名無しさん", "익명", "ANONIMO", "[removed]", "[deleted]"])
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
