"""Saved web pages: WordPress, Blogger, Hacker News and Disqus comments from the markup."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.errors import ExplorerError
from explorer.formats import parse_text, read_paths, webpage
from explorer.formats.webpage_layouts import LAYOUTS
from tests.paths import DATA

REAL = DATA / "real"
SAMPLES = DATA / "samples"

PAGES = SAMPLES / "pages"
LEMIRE = REAL / "pages" / "lemire-2010-03-15-comment-external-memory-shuffling.md"


class _CommentItems(HTMLParser):
    """An independent count: WordPress ``<li id="comment-N" class="... depth-D">`` tags."""

    def __init__(self) -> None:
        super().__init__()
        self.depths: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        found = re.fullmatch(r"comment-(\d+)", values.get("id") or "")
        depth = re.search(r"\bdepth-(\d+)\b", values.get("class") or "")
        if tag == "li" and found and depth:
            self.depths[found.group(1)] = int(depth.group(1))


def _depths(thread):
    by_id = {node.id: node for node in thread.nodes}
    depths = {}
    for node in thread.nodes:
        depth, parent = 1, node.parent
        while parent is not None:
            depth, parent = depth + 1, by_id[parent].parent
        depths[node.label] = depth
    return depths


def test_wordpress_page_keeps_every_comment_and_the_nesting_it_shows():
    [thread] = read_paths([str(LEMIRE)])
    counter = _CommentItems()
    counter.feed(LEMIRE.read_text(encoding="utf-8"))
    # Every comment, and each at the depth WordPress printed in its depth-N class.
    assert len(thread.nodes) == len(counter.depths) == 21
    assert _depths(thread) == counter.depths
    assert all(node.stated and node.published for node in thread.nodes)
    first = thread.nodes[0]
    assert (first.label, first.author, first.published) == (
        "52348", "Daniel Lemire", datetime(2010, 3, 15, 14, 56, 44, tzinfo=UTC)
    )
    assert first.text.startswith("@Bannister\n\nI’d be fine with quasi-shuffling")
    replies = {n.label: n.parent for n in thread.nodes}
    assert replies["294544"] == f"{thread.id}/52350"
    assert not thread.problems  # "21 thoughts" and 21 shown


def test_blogger_threaded_page_in_spanish():
    [thread] = read_paths([str(PAGES / "blogger-threaded.html")])
    assert (thread.id, thread.title, thread.platform) == (
        "4883578343044831620", "Sobre los tranvías", "blog"
    )
    assert [(n.label, n.kind, n.parent and n.parent.split("/")[1], n.author) for n in
            thread.nodes] == [
        ("post", "post", None, "Marta"),
        ("111", "comment", None, "Anónimo"),
        ("222", "comment", "111", "Marta"),
        ("333", "comment", "222", "Anónimo"),
        ("444", "comment", None, "Jordi"),
    ]
    post, first, reply, deleted, last = thread.nodes
    assert post.text == "¿Vuelven los tranvías?\nOpinad abajo."
    # Blogger's permalink carries the exact time in milliseconds.
    assert first.published == datetime(2015, 7, 13, 7, 39, 49, 444000, tzinfo=UTC)
    assert reply.text == "¿En cuál? Cuéntanos."
    assert dict(deleted.meta) == {"deleted": True}
    assert last.text == "En Barcelona, desde 2004.\nFuncionan bien."
    assert not thread.problems  # "4 comentarios" and 4 shown; the load-more box is hidden


def test_blogger_classic_comments_block_and_a_short_page():
    [thread] = read_paths([str(PAGES / "blogger-classic.html")])
    assert [(n.label, n.author, n.text) for n in thread.nodes] == [
        ("post", "Ann", "School is closed."),
        ("1001", "Bob", "Lucky kids!"),
        ("1002", "Anonymous", "Not so lucky for parents."),
    ]
    assert thread.nodes[1].published == datetime(2009, 1, 15, 6, 13, 20, tzinfo=UTC)
    # A printed time (no stamp in its link) is read too, as UTC beside the stamped ones.
    assert thread.nodes[2].published == datetime(2009, 1, 15, 7, 0, tzinfo=UTC)
    assert thread.problems == (
        "the page says 3 comments and shows 2 (2 of 3 shown): the rest are on other pages "
        "or folded; save each page to read them all",
    )


def test_hacker_news_nesting_follows_indent_widths():
    [thread] = read_paths([str(PAGES / "hackernews-item.html")])
    assert (thread.id, thread.title, thread.platform) == (
        "40000001", "Show HN: A tiny thread reader", "hackernews"
    )
    parents = {n.label: n.parent and n.parent.split("/")[1] for n in thread.nodes}
    assert parents == {"post": None, "40000010": None, "40000011": "40000010",
                       "40000012": "40000011", "40000013": "40000010", "40000014": None}
    by_label = {n.label: n for n in thread.nodes}
    assert by_label["40000010"].text == "Nice! Does it read mbox?"  # no "reply" link text
    assert by_label["40000013"].text == "[deleted]"
    assert dict(by_label["40000013"].meta)["deleted"] is True
    assert by_label["40000011"].published == datetime(2024, 4, 9, 10, 45, tzinfo=UTC)
    assert by_label["post"].text == "I wrote this over a weekend.\n\nFeedback welcome."
    assert not thread.problems  # "5 comments" and 5 shown


def test_disqus_embed_with_children_deleted_posts_and_more_to_load():
    [thread] = read_paths([str(PAGES / "disqus-embed.html")])
    assert [(n.label, n.author, n.parent and n.parent.split("/")[1]) for n in
            thread.nodes] == [("5001", "Lena", None), ("5002", "Omar", "5001"),
                              ("5003", None, None)]
    assert thread.nodes[0].text == "First!\n\n> quoted words here\n\nmy answer"
    assert thread.nodes[2].text == "[deleted]"
    assert thread.problems == (
        "the page links to more comments; only the 3 it shows are read",
    )


def test_page_in_no_layout_is_read_from_its_visible_text():
    page = (
        "<!DOCTYPE html><html><body><h3>Trams</h3><p>Are they back?</p>"
        "<h4>2 comments:</h4><p>Jim said...</p><p>Yes they are.</p>"
        "<p>1 March 2024 at 10:00</p><p>Delete</p>"
        "<p>Ann said...</p><p>Not here.</p><p>1 March 2024 at 11:00</p><p>Delete</p>"
        "</body></html>"
    )
    [thread] = parse_text(page, "trams.html")
    assert [(n.kind, n.author, n.text) for n in thread.nodes] == [
        ("post", None, "Trams\n\nAre they back?"),
        ("comment", "Jim", "Yes they are."),
        ("comment", "Ann", "Not here."),
    ]


def test_page_without_comments_says_what_was_looked_for():
    """The error names every layout tried, each once (Reddit's two layouts are one name)."""
    with pytest.raises(ExplorerError, match="no comments found in this page") as error:
        parse_text("<!DOCTYPE html><html><body><p>Just an article.</p></body></html>")
    listed = str(error.value).partition("none in the markup of ")[2].partition(", and")[0]
    assert all(layout.name and listed.count(layout.name) == 1 for layout in LAYOUTS)


def test_missing_lxml_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "lxml.html", None)
    with pytest.raises(ExplorerError, match=r"pip install 'explorer\[html\]'"):
        parse_text("<!DOCTYPE html><html><body></body></html>")


def test_sniffing_takes_pages_and_fragments_but_not_copied_text():
    assert webpage.sniff("\ufeff<!DOCTYPE html><html>")
    assert webpage.sniff('---\ntitle: x\n---\n<ol><li id="comment-4" class="comment">')
    assert not webpage.sniff("Jim said...\nYes they are.\n1 March 2024 at 10:00\nDelete")
    # A table or JSON whose texts quote comment markup is not a page.
    assert not webpage.sniff('[{"id": 1, "text": "<li id=\\"comment-4\\" class=\\"comment\\">"}]')
    assert not webpage.sniff('id,text\n1,"<li id=""comment-4"">"\n')


@pytest.mark.parametrize("fragment", [
    '<div class="postContainer replyContainer" id="pc123">',  # 4chan
    '<div class="answer" data-answerid="51328293">',  # Stack Exchange
    '<div class="thing comment" data-fullname="t1_abc">',  # old Reddit
    '<shreddit-comment thingid="t1_abc" depth="0">',  # new Reddit
    '<div class="crawler-post" itemprop="comment">',  # Discourse
    '<article class="message message--post js-post">',  # XenForo 2
    '<div id="post_message_42">',  # vBulletin
    '<article id="elComment_42">',  # Invision
])
def test_a_fragment_of_forum_or_board_markup_is_a_page(fragment):
    assert webpage.sniff(fragment + "<p>text</p></div>")
    assert not webpage.sniff("Saved: " + fragment)  # markup inside text is not a page


def test_stats_on_a_saved_page(run):
    result = run("stats", PAGES / "hackernews-item.html", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header, row = result.stdout.splitlines()[:2]
    assert dict(zip(header.split(","), row.split(","), strict=True))["comments"] == "5"


_TAGS = st.sampled_from([
    '<li id="comment-1" class="comment">', "</li>", '<ol class="children">', "</ol>",
    '<tr class="athing comtr" id="9">', '<td class="ind" indent="x">', '<td class="ind">',
    '<img width="-40">', '<div class="commtext">', "</div>", '<span class="age" title="x">',
    '<li class="comment" id="c1">', '<li class="post" id="post-2">', "<time datetime='?'>",
    '<a href="?showComment=99999999999999">', "<p>", "text", "&amp;", "<!--", "<",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_TAGS, max_size=30))
def test_any_markup_reads_or_fails_in_one_line(parts):
    try:
        threads = parse_text("<!DOCTYPE html><html><body>" + "".join(parts))
    except ExplorerError as err:
        assert "\n" not in str(err)
    else:
        for thread in threads:
            assert len({node.id for node in thread.nodes}) == len(thread.nodes)


def test_a_wordpress_theme_titling_its_list_by_id_and_paging_it():
    page = (
        '<!DOCTYPE html><html><body><article id="post-77"><div class="entry-content">'
        "<p>Post.</p></div></article><div id=\"comments\"><h3 id=\"comments-title\">"
        "142 réponses à « Post »</h3><ol class=\"commentlist\">"
        '<li id="comment-1" class="comment"><div class="comment-author vcard">'
        '<cite class="fn">Jean</cite> <span class="says">dit :</span></div>'
        '<div class="comment-meta"><a href="#c1">15 mars 2010</a></div>'
        '<div class="comment-body"><p>Premier.</p><div class="comment-likes">J’aime</div>'
        '<div class="reply"><a class="comment-reply-link">Répondre</a></div></div></li>'
        '</ol><nav class="comment-navigation"><a href="/post/comment-page-2/">Older</a></nav>'
        "</div></body></html>"
    )
    [thread] = parse_text(page, "post.html")
    assert thread.id == "77"
    assert [(n.label, n.author, n.text) for n in thread.nodes] == [
        ("post", None, "Post."), ("1", "Jean", "Premier.")]
    assert thread.problems[0].startswith("the page says 142 comments and shows 1 (1 of 142")


def _wordpress(comments: str, before: str = "") -> str:
    return (
        '<!DOCTYPE html><html><body><article id="post-5"><div class="entry-content">'
        f"<p>The post.</p></div></article>{before}<div id=\"comments\">"
        f'<ol class="commentlist">{comments}</ol></div></body></html>'
    )


def test_each_comment_id_is_one_comment_once():
    # An empty anchor with a comment id marks a place; a button repeating the id is inside.
    page = _wordpress(
        '<a id="comment-7"></a><li id="comment-8" class="comment"><div class="comment-content">'
        '<p>Eight.<span class="report-link" id="comment-8"><a>Report</a></span></p></div></li>'
        '<li id="comment-9" class="comment"><div class="comment-content"><p>Nine.</p></div>'
        "</li>"
    )
    [thread] = parse_text(page, "p.html")
    assert [(n.label, n.text) for n in thread.nodes] == [
        ("post", "The post."), ("8", "Eight."), ("9", "Nine.")]
    assert not thread.problems


def test_a_date_alone_in_the_stamp_takes_the_printed_time():
    page = _wordpress(
        '<li id="comment-1"><cite class="fn">Ann</cite> <time datetime="2020-12-24">'
        "December 24, 2020 at 3:53 pm</time><div class=\"comment-content\">A.</div></li>"
        '<li id="comment-2"><cite class="fn">Bo</cite> <time datetime="2020-12-24T09:00:00">'
        "December 24, 2020 at 3:53 pm</time><div class=\"comment-content\">B.</div></li>"
        '<li id="comment-3"><cite class="fn">Cy</cite> <span class="comment-meta">wrote on '
        '<abbr class="published" title="2015-03-11">March 11th, 2015</abbr> at 02:57:</span>'
        '<div class="comment-content">C.</div></li>'
    )
    [thread] = parse_text(page, "p.html")
    assert [n.published for n in thread.nodes[1:]] == [
        datetime(2020, 12, 24, 15, 53), datetime(2020, 12, 24, 9, 0),
        datetime(2015, 3, 11, 2, 57)]


def test_permalinks_through_comment_pages_are_not_more_comments():
    permalink = '<a href="/p/comment-page-1/#comment-1">March 1, 2020</a>'
    page = _wordpress(f'<li id="comment-1"><p>Hi.</p>{permalink}</li>')
    assert parse_text(page, "p.html")[0].problems == ()
    onward = '<a href="/p/comment-page-2/">Newer comments</a>'
    assert parse_text(page.replace("</ol>", f"</ol>{onward}"), "p.html")[0].problems == (
        "the page links to more comments; only the 1 it shows are read",)


def test_a_link_to_comment_12_is_not_the_permalink_of_comment_1():
    """Comment 1 answers comment 12 with an "@Bob" link to it, its own permalink after."""
    def comment(number: int, name: str, text: str, when: str) -> str:
        return (f'<li id="comment-{number}"><p>{text}</p><div class="foot">{name} | <a '
                f'href="https://b.example/p/#comment-{number}">{when}</a></div></li>')

    page = _wordpress(comment(12, "Bob", "First.", "March 3, 2020 at 10:15 am")
                      + comment(1, "Ann", '<a href="https://b.example/p/#comment-12">@Bob</a> '
                                "Agreed.", "March 4, 2020 at 9:00 am"))
    [thread] = parse_text(page, "p.html")
    assert [(n.label, n.author, n.published, n.text) for n in thread.nodes[1:]] == [
        ("12", "Bob", datetime(2020, 3, 3, 10, 15), "First."),
        ("1", "Ann", datetime(2020, 3, 4, 9, 0), "@Bob Agreed.")]


def test_the_post_is_never_a_comments_text_and_never_holds_them():
    # The theme marks each comment's text entry-content (hAtom), and the post by nothing
    # but its <article>.
    page = (
        '<!DOCTYPE html><html><body><article class="post"><p>The post itself.</p></article>'
        '<section id="comments"><ol><li id="comment-4" class="comment hentry">'
        '<p class="entry-title vcard"><cite class="author fn">Dee</cite></p>'
        '<blockquote class="entry-content"><p>Well said.</p></blockquote>'
        '<p class="comment-util"><a class="comment-reply-link">Reply</a></p></li></ol>'
        "</section></body></html>"
    )
    [thread] = parse_text(page, "p.html")
    assert [(n.label, n.author, n.text) for n in thread.nodes] == [
        ("post", None, "The post itself."), ("4", "Dee", "Well said.")]


def test_an_author_box_holding_the_time_and_permalink():
    page = _wordpress(
        '<div id="comment-3"><div class="x-comment-author"><img alt="" src="a.png"> Agent99 '
        '<span>·</span> <a href="/p#comment-3"><time datetime="comment_date">March 11, 2017 '
        'at 8:41 PM</time></a></div><div class="x-comment-content"><p>Hi.</p></div>'
        '<ul class="x-comment-actions"><li><a>Reply</a></li></ul></div>'
    )
    [thread] = parse_text(page, "p.html")
    comment = thread.nodes[1]
    assert (comment.author, comment.published, comment.text) == (
        "Agent99", datetime(2017, 3, 11, 20, 41), "Hi.")


def test_comment_boxes_with_no_text_are_one_error(run, tmp_path):
    page = tmp_path / "empty.html"
    page.write_text(_wordpress('<li id="comment-1"><img src="a.png" alt=""></li>'
                               '<li id="comment-2"><img src="b.png" alt=""></li>'))
    good = PAGES / "hackernews-item.html"
    result = run("comments", page, good)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "found 2 comment boxes" in line
    assert "40000010" in result.stdout  # the good page is still read


def test_blogger_short_spanish_time_without_a_stamped_link():
    # A static page's comment links to the page itself, not ?showComment=: the printed
    # "30/12/14 2:07 a. m." (day first, two-digit year, Spanish a. m.) is the time.
    page = (
        '<!DOCTYPE html><html><body><div class="post-body">Entrada.</div>'
        '<div class="comment-thread toplevel-thread"><ol id="top-ra">'
        '<li class="comment" id="c8195449246400116162"><div class="comment-block">'
        '<div class="comment-header"><cite class="user">Anónimo</cite>'
        '<span class="datetime secondary-text"><a href="http://x.blogspot.com/p/blog-page.html">'
        "30/12/14 2:07 a.&#160;m.</a></span></div><p class=\"comment-content\">Primer "
        'comentario</p><span class="comment-actions secondary-text"><a class="comment-reply">'
        "Responder</a></span></div></li></ol></div></body></html>"
    )
    [thread] = parse_text(page, "p.html")
    comment = thread.nodes[1]
    assert (comment.author, comment.text, comment.published) == (
        "Anónimo", "Primer comentario", datetime(2014, 12, 30, 2, 7))


@pytest.mark.parametrize(("box", "system"), [
    ('<div id="disqus_thread"></div>', "Disqus"),
    ('<div id="disqus_thread"><iframe src="https://disqus.com/embed/comments/"></iframe></div>',
     "Disqus"),
    ('<script src="https://giscus.app/client.js" data-repo="a/b"></script>', "giscus"),
    ('<div class="fb-comments" data-href="https://x.org/p"></div>',
     "Facebook's comments plugin"),
    ('<section id="isso-thread"></section>', "Isso"),
])
def test_comments_a_script_draws_are_named_in_one_error(box, system):
    page = f"<!DOCTYPE html><html><body><article><p>Post.</p></article>{box}</body></html>"
    with pytest.raises(ExplorerError) as caught:
        parse_text(page, "news.html")
    message = str(caught.value)
    assert "\n" not in message
    assert f"no comments found in this page: {system} draws them with a script" in message


def test_the_post_author_is_the_articles_byline_not_a_badge():
    page = _wordpress(
        '<li id="comment-1"><div class="comment-content">Hi.</div></li>',
        before=(
            '<a rel="author" href="https://plus.google.com/1"><span>Sidebar</span> on G+</a>'
        ),
    ).replace(
        '<div class="entry-content">',
        '<footer class="entry-meta">by <a rel="author" href="/author/ann">Ann2</a></footer>'
        '<div class="entry-content">',
    )
    [thread] = parse_text(page, "p.html")
    assert thread.nodes[0].author == "Ann2"


def test_empty_comment_boxes_leave_the_page_to_its_visible_text():
    page = (
        '<!DOCTYPE html><html><body><ul><li id="comment-1"><img src="a.png" alt=""></li></ul>'
        "<h3>Trams</h3><p>Are they back?</p>"
        "<h4>1 comment:</h4><p>Jim said...</p><p>Yes they are.</p>"
        "<p>1 March 2024 at 10:00</p><p>Delete</p></body></html>"
    )
    [thread] = parse_text(page, "trams.html")
    assert [(n.kind, n.author, n.text) for n in thread.nodes][1:] == [
        ("comment", "Jim", "Yes they are.")]


def test_a_reply_chain_nested_deeper_than_libxml2s_default_limit_is_read_whole():
    depth = 300  # libxml2 stops at 256 levels of elements unless told otherwise
    opened = "".join(
        f'<li class="comment" id="comment-{i}"><div class="comment-author vcard">'
        f'<cite class="fn">user{i}</cite></div><div class="comment-content"><p>reply {i}</p>'
        '</div><ol class="children">'
        for i in range(1, depth + 1)
    )
    page = (f'<html><body><div id="comments"><ol class="commentlist">{opened}'
            f'{"</ol></li>" * depth}</ol></div></body></html>')
    [thread] = webpage.parse(page, "deep.html")
    comments = [node for node in thread.nodes if node.kind == "comment"]
    assert [node.text for node in comments] == [f"reply {i}" for i in range(1, depth + 1)]
    assert [node.parent for node in comments[1:]] == [node.id for node in comments[:-1]]
