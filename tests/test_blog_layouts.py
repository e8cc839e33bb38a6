"""Drupal and PIXNET comment sections read from their markup (hand-made pages; the real
saved pages are in tests/test_saved_pages.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from explorer.formats import parse_text


def _drupal_comment(number: int, name: str, text: str, stamp: int) -> str:
    return (
        f'<a id="comment-{number}"></a><article class="comment js-comment">'
        f'<mark class="hidden" data-comment-timestamp="{stamp}"></mark>'
        f'<footer class="comment__meta"><p class="comment__author"><span>{name}</span></p>'
        '<p class="comment__time">Wed, 03/04/2020 - 10:15</p></footer>'
        '<div class="content"><div class="field field--name-comment-body">'
        f"<p>{text}</p></div>"
        '<ul class="links inline"><li class="comment-reply"><a>Reply</a></li></ul>'
        "</div></article>"
    )


def test_drupal_nests_by_indented_blocks():
    comments = (
        _drupal_comment(1, "Ana1", "Hola.", 1583316900)
        + '<div class="indented">' + _drupal_comment(2, "Ben", "Re: hola.", 1583317000)
        + '<div class="indented">' + _drupal_comment(3, "Ana1", "Deeper.", 1583317100)
        + "</div>" + _drupal_comment(4, "Cy", "Also to Ana1.", 1583317200) + "</div>"
        + _drupal_comment(5, "Dee", "Top level.", 1583317300)
    )
    page = (
        '<!DOCTYPE html><html><body><article class="node"><div class="field '
        'field--name-body"><p>The node.</p></div></article><section id="comments">'
        f"{comments}</section></body></html>"
    )
    [thread] = parse_text(page, "node.html")
    assert [(n.label, n.author, n.parent and n.parent.split("/")[1], n.text)
            for n in thread.nodes] == [
        ("post", None, None, "The node."),
        ("1", "Ana1", None, "Hola."),
        ("2", "Ben", "1", "Re: hola."),
        ("3", "Ana1", "2", "Deeper."),
        ("4", "Cy", "1", "Also to Ana1."),
        ("5", "Dee", None, "Top level."),
    ]
    # The stamp in seconds, not the printed "03/04/2020" that reads either way round.
    assert thread.nodes[1].published == datetime(2020, 3, 4, 10, 15, tzinfo=UTC)


def test_pixnet_answers_and_private_comments():
    page = (
        '<!DOCTYPE html><html><body><div class="article-content-inner"><p>遊記</p></div>'
        '<div id="comment-text"><ul class="single-post"><li class="post-info">'
        '<a name="comment-11"> </a><span class="floor">#1</span>'
        '<span class="user-name"><a>小鳳2</a></span><span class="post-time">於 2013/12/28 10:28'
        '</span></li><li class="post-text"><p id="comment-11"></p>好棒</li>'
        '<li class="reply-text">謝謝！<p><a>藍天</a> 於 2014/01/01 20:31 回覆 </p></li></ul>'
        '<ul class="single-post secret"><li class="post-text">悄悄話</li></ul>'
        '<ul class="single-post secret"><li class="post-text">悄悄話</li></ul>'
        "</div></body></html>"
    )
    [thread] = parse_text(page, "pixnet.html")
    assert [(n.label, n.author, n.parent and n.parent.split("/")[1], n.text, n.published)
            for n in thread.nodes] == [
        ("post", None, None, "遊記", None),
        ("11", "小鳳2", None, "好棒", datetime(2013, 12, 28, 10, 28)),
        ("11-reply", "藍天", "11", "謝謝！", datetime(2014, 1, 1, 20, 31)),
        ("private-2", None, None, "悄悄話", None),
        ("private-3", None, None, "悄悄話", None),
    ]
    assert not thread.problems  # two private comments, neither merged into the other


def test_spip_names_after_the_localised_by():
    item = (
        '<li class="comment-li comment-item"><a id="comment{n}"></a><a id="forum{n}"></a>'
        '<div class="comment hreview"><p class="comment-meta"><time datetime="{t}">x</time>'
        '<span class="reviewer vcard"><span class="sep">, </span>{by}  {name}</span></p>'
        '<div class="comment-content description"><p>{text}</p></div></div>'
        '<div class="comment-reply"><a class="repondre">Répondre à ce message</a></div>{inner}'
        "</li>"
    )
    reply = item.format(n=2, t="2019-07-02T18:35:12Z", by="von", name="Phile 2",
                        text="Antwort.", inner="")
    page = (
        '<!DOCTYPE html><html><body><ul class="comments-ul">'
        + item.format(n=1, t="2019-07-02T06:19:20Z", by="par", name="Gérard", text="Salut.",
                      inner=f'<ul class="comments-ul">{reply}</ul>')
        + "</ul></body></html>"
    )
    [thread] = parse_text(page, "spip.html")
    assert [(n.label, n.author, n.parent and n.parent.split("/")[1], n.text)
            for n in thread.nodes] == [
        ("1", "Gérard", None, "Salut."), ("2", "Phile 2", "1", "Antwort.")]
    assert thread.nodes[1].published == datetime(2019, 7, 2, 18, 35, 12, tzinfo=UTC)


def test_drupal_post_is_never_a_box_holding_the_comments():
    """A theme's ``node-content`` wrapping the node and its comments is no post's text: the
    comments would be read twice, once inside the post."""
    page = ('<!DOCTYPE html><html><body><div class="node-content"><p>The node.</p>'
            '<section id="comments">' + _drupal_comment(1, "Ana1", "Hola.", 1583316900)
            + "</section></div></body></html>")
    [thread] = parse_text(page, "node.html")
    assert [(n.kind, n.text) for n in thread.nodes] == [("comment", "Hola.")]
