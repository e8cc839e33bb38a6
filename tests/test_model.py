"""The data model's own answers: word counts, the body before a sign-off, who wrote a node."""

from __future__ import annotations

from explorer.model import Node, author_of
from explorer.text import words


def comment(text: str, **fields) -> Node:
    return Node("t/1", "comment", 1, "1", text, **fields)


def test_word_counts_use_the_one_splitter():
    node = comment("> quoted — words\nMy reply: yes!!\n-- \nJim")
    assert node.words == len(words(node.text)) == 6
    assert (node.quoted_words, node.own_words) == (2, 4)
    signed = comment("> quoted — words\nMy reply: yes!!\n-- \nJim", signature="-- \nJim")
    assert (signed.quoted_words, signed.own_words) == (2, 3)


def test_a_sign_off_needs_a_body_before_it():
    assert comment("Thanks.\n\nJim", signature="Jim").body == "Thanks.\n\n"
    # A text that is its signature alone is all body (the rule cue finders use too).
    alone = comment("Jim", signature="Jim")
    assert (alone.body, alone.own_words) == ("Jim", 1)


def test_author_of_prefers_the_named_author_then_the_sign_off_then_the_owner():
    named = comment("Hi", author=" Jim ", author_inferred="Bob")
    signed = comment("Hi", author="Anonymous", author_inferred=" Bob ")
    nobody = comment("Hi", author="  ", author_inferred="")
    post = Node("t/post", "post", 0, "post", "A post.")
    assert [author_of(n) for n in (named, signed, nobody, post)] == ["Jim", "Bob", None, None]
    assert [author_of(n, inferred=False) for n in (named, signed)] == ["Jim", None]
    assert (author_of(post, "Ann"), author_of(post, "Ann", inferred=False)) == ("Ann", None)
    assert author_of(signed, "Ann") == "Bob"  # the owner stands in for the post alone
