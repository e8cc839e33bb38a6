"""The one HTML-to-text converter: what a reader saw stays, markup goes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.formats import parse_text
from explorer.formats.htmltext import html_text, html_to_text


def test_html_to_text_keeps_content_and_paragraphs():
    assert html_to_text("a<p>b &amp; c<br>d</p><script>x</script>") == "a\n\nb & c\nd"
    assert html_to_text('see <a href="https://x.org">the &quot;guide&quot;</a>') == (
        'see the "guide"'
    )
    assert html_to_text("<pre><code>  indented\n    more\n</code></pre>") == (
        "indented\n    more"
    )
    assert html_to_text('<img src="a.png" alt="footfall chart"><img src="b.png">') == (
        "[image: footfall chart][image: b.png]"
    )
    # Quoted blocks read as quoted mail does, so quotations count as marked.
    assert html_to_text(
        "<p>Hi</p><blockquote><p>one</p><p>two<br>three<blockquote>deeper</blockquote>"
        "</p></blockquote><p>after</p>"
    ) == "Hi\n\n> one\n\n> two\n> three\n\n> > deeper\n\nafter"


def test_players_and_frames_become_their_address():
    # WordPress posts of 2008 embed YouTube as <object><param><embed>: one address, once.
    flash = (
        '<p>Watch:</p><object width="425" height="344"><param name="movie" '
        'value="http://www.youtube.com/v/abc&hl=en"></param><param name="wmode" '
        'value="transparent"></param><embed src="http://www.youtube.com/v/abc&hl=en" '
        'type="application/x-shockwave-flash" width="425" height="344"></embed></object>'
        "<p>after</p>"
    )
    assert html_to_text(flash) == "Watch:\n\n[embed: http://www.youtube.com/v/abc&hl=en]\n\nafter"
    assert html_to_text(
        '<iframe src="https://www.youtube.com/embed/xyz" title="A talk"></iframe>'
    ) == "[embed: A talk https://www.youtube.com/embed/xyz]"
    assert html_to_text(
        '<video controls><source src="clip.mp4">Your browser cannot play it</video>'
    ) == "[video: clip.mp4]"
    assert html_to_text('<embed src="a.swf"> x') == "[embed: a.swf] x"
    # An inline image is its bytes, not an address worth keeping.
    assert html_to_text('<img src="data:image/png;base64,AAAA">') == "[image]"
    # alt="" is how pages mark decoration (avatars in Discourse quotes): not content.
    assert html_to_text('<img alt="" src="/avatar.png" class="avatar"> Tomás:') == "Tomás:"


def test_never_closed_player_still_gives_its_address():
    assert html_to_text('a <object data="m.swf"><param name="x" value="y">') == "a [embed: m.swf]"


def test_inline_quotes_keep_their_marks():
    assert html_to_text("he said <q>no</q>.") == "he said “no”."


def test_line_breaks_mode_reads_blank_lines_as_paragraphs():
    text = "First line\nsecond line\n\nNew paragraph with <b>bold</b>"
    assert html_text(text, line_breaks=True) == (
        "First line\nsecond line\n\nNew paragraph with bold"
    )
    assert html_text(text) == "First line second line New paragraph with bold"
    assert html_text(None) == ""


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><item><title>Video</title><wp:post_id>7</wp:post_id>
<content:encoded><![CDATA[Look at this
<object><param name="movie" value="http://x.org/v.swf"></param><embed src="http://x.org/v.swf"></embed></object>

Second paragraph]]></content:encoded>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content><![CDATA[Plain reply
on two lines]]></wp:comment_content></wp:comment>
</item></channel></rss>
"""


def test_wxr_text_never_keeps_embed_markup():
    [thread] = parse_text(WXR)
    post, comment = thread.nodes
    assert post.text == "Look at this\n[embed: http://x.org/v.swf]\n\nSecond paragraph"
    assert comment.text == "Plain reply\non two lines"
    assert all("<" not in node.text for node in thread.nodes)


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abpqiframeobjectembedbr&;#x\n")),
               max_size=200))
def test_any_markup_converts_without_error(markup):
    text = html_to_text(markup)
    assert isinstance(text, str)
    assert text == text.strip()


@pytest.mark.parametrize("tag", ["iframe", "object", "embed", "video", "audio"])
def test_no_player_markup_survives(tag):
    assert "<" not in html_to_text(f'<{tag} src="u"><param name="movie" value="u"></{tag}>')


def test_highlighted_code_keeps_its_lines_and_indentation():
    # Syntax highlighters (WP-Syntax, Prism, Pygments) split a <pre> into many spans; the
    # line breaks between them are the code's own.
    markup = (
        '<p>Look:</p><pre class="javascript"><span class="k">if</span> (x) {\n'
        '  <span class="c">// y</span>\n  y();\n}\n</pre><p>done</p>'
    )
    assert html_to_text(markup) == "Look:\n\nif (x) {\n  // y\n  y();\n}\n\ndone"
