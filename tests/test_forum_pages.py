"""Saved forum, Q&A and board pages: Discourse, phpBB, XenForo, vBulletin, Stack Exchange,
old and new Reddit and 4chan threads read from their markup."""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import analyse
from explorer.errors import ExplorerError
from explorer.formats import (
    board_layouts,
    forum_layouts,
    invision_layouts,
    parse_text,
    qa_layouts,
    site_layouts,
    smf_mybb_layouts,
    webpage,
)
from explorer.formats.forum_layouts import printed_time
from explorer.formats.webpage_layouts import LAYOUTS
from tests.paths import REAL

FORUM_PAGES = REAL / "forum_pages"
DISCOURSE = FORUM_PAGES / "discourse-meta-12483-crawler.html"


def _page(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><title>A topic</title>{head}</head><body>"
            f"{textwrap.dedent(body)}</body></html>")


def _read(text: str, source: str = "page.html"):
    [thread] = webpage.parse(text, source)
    return thread


def _layout_of(text: str) -> str:
    document = lxml.html.document_fromstring(text)
    return next(type(layout).__name__ for layout in LAYOUTS if layout.find(document))


def _comments(thread):
    return [node for node in thread.nodes if node.kind != "post"]


# -- Discourse: a real crawler page ---------------------------------------------------------

def test_discourse_crawler_page_reads_every_post_flat_with_the_first_as_the_post():
    text = DISCOURSE.read_text(encoding="utf-8")
    document = lxml.html.document_fromstring(text)
    posts = document.xpath("//div[@itemtype='http://schema.org/DiscussionForumPosting']")
    names = [post.xpath(".//*[@itemprop='author']//*[@itemprop='name']")[0].text_content()
             for post in posts]
    thread = _read(text, str(DISCOURSE))
    assert thread.platform == "forum"
    assert thread.id == "12483"
    assert thread.title == "Congratulations, most stars in 2013 GitHub Octoverse!"
    assert [node.author for node in thread.nodes] == names
    assert [node.kind for node in thread.nodes] == ["post"] + ["comment"] * (len(posts) - 1)
    assert all(node.parent is None and not node.stated for node in thread.nodes)
    stamps = [post.xpath(".//*[@itemprop='datePublished']")[0] for post in posts]
    assert [node.published.isoformat().replace("+00:00", "Z") for node in thread.nodes] == [
        stamp.get("content") or stamp.get("datetime") for stamp in stamps]
    assert "8 Likes" not in thread.nodes[0].text
    assert "217 KB" not in thread.nodes[0].text  # the image's name and size under it
    assert thread.nodes[1].text.startswith("Ah, cool.")


def test_discourse_crawler_posts_without_positions_open_with_the_first():
    """Posts that show no number: the first on the page is the topic's post, and each is
    labelled by its place (the whole page on one line gives no line numbers to tell)."""
    def post(name: str, text: str) -> str:
        return ('<div class="topic-body crawler-post"><div class="crawler-post-meta"><span '
                f'itemprop="author"><span itemprop="name">{name}</span></span></div>'
                f'<div class="post" itemprop="text"><p>{text}</p></div></div>')

    thread = _read(_page(post("ann_1", "Is 2FA required?") + post("mod2", "Only for staff.")
                         + post("ann_1", "Thanks.")).replace("\n", ""))
    assert [(node.label, node.kind, node.author, node.text) for node in thread.nodes] == [
        ("1", "post", "ann_1", "Is 2FA required?"), ("2", "comment", "mod2", "Only for staff."),
        ("3", "comment", "ann_1", "Thanks.")]
    assert not thread.problems


# -- phpBB -------------------------------------------------------------------------------

def _phpbb_post(number: int, name: str, content: str, extra: str = "") -> str:
    return f"""
    <div id="p{number}" class="post has-profile bg{number % 2 + 1}"><div class="inner">
      <dl class="postprofile" id="profile{number}">
        <dt><a href="./memberlist.php?mode=viewprofile&amp;u={number}"
          class="username">{name}</a></dt>
        <dd class="profile-rank">Regular</dd>
        <dd class="profile-posts"><strong>Posts:</strong> 1234</dd>
        <dd class="profile-joined"><strong>Joined:</strong> Mon Jan 04, 2010 3:00 pm</dd>
      </dl>
      <div class="postbody"><div id="post_content{number}">
        <h3><a href="#p{number}">Re: Mower won't start</a></h3>
        <ul class="post-buttons"><li><a
          href="./posting.php?mode=quote&amp;p={number}">Quote</a></li></ul>
        <p class="author"><a class="unread" href="#p{number}"><span>Post</span></a>
          <span class="responsive-hide">by <strong><a href="./memberlist.php?u={number}"
            class="username">{name}</a></strong> &raquo; </span>
          <time
            datetime="2019-01-0{number}T12:00:00+00:00">Tue Jan 0{number}, 2019 12:00 pm</time></p>
        <div class="content">{content}</div>
        {extra}
        <div id="sig{number}" class="signature">Sent from my lawn</div>
      </div></div>
    </div></div>
    <hr class="divider" />"""


def _quote(name: str, number: int, inner: str) -> str:
    return (f'<blockquote><div><cite><a href="./memberlist.php?u={number}">{name}</a> wrote: '
            f'<a href="./viewtopic.php?p={number}#p{number}" data-post-id="{number}">↑</a>'
            f'<span class="responsive-hide">Tue Jan 0{number}, 2019 12:00 pm</span></cite>'
            f"{inner}</div></blockquote>")


PHPBB = _page(f"""
  <div id="page-body" class="page-body">
  <div class="pagination">3 posts &bull; Page <strong>1</strong> of <strong>1</strong></div>
  {_phpbb_post(1, "gardener42", "My mower won't start after the winter. The pull cord is stiff.")}
  {_phpbb_post(2, "Bob_1987", _quote("gardener42", 1, "The pull cord is stiff.")
               + "Drain the old fuel first and check the spark plug gap.")}
  {_phpbb_post(3, "anna2", _quote("Bob_1987", 2, _quote("gardener42", 1, "The pull cord is stiff.")
                                  + "Drain the old fuel first and check the spark plug gap.")
               + _quote("gardener42", 1, "My mower won't start after the winter.")
               + "Same here, the carburettor was gummed up.")}
  {_phpbb_post(4, "deleted_user", "")}
  </div>""")


def test_phpbb_posts_are_flat_with_authors_times_and_no_furniture():
    thread = _read(PHPBB)
    document = lxml.html.document_fromstring(PHPBB)
    names = [post.xpath(".//p[@class='author']//a[@class='username']")[0].text
             for post in document.xpath("//div[@id]")
             if re.fullmatch(r"p\d+", post.get("id"))]
    assert _layout_of(PHPBB) == "PhpBB"
    assert [node.author for node in thread.nodes] == names
    assert [node.label for node in thread.nodes] == ["1", "2", "3", "4"]
    assert [node.kind for node in thread.nodes] == ["post", "comment", "comment", "comment"]
    assert not any(node.stated or node.parent for node in thread.nodes)
    assert thread.nodes[1].published.isoformat() == "2019-01-02T12:00:00+00:00"
    for node in thread.nodes:
        for furniture in ("Sent from my lawn", "Posts:", "Joined:", "Quote", "Regular", "↑"):
            assert furniture not in node.text


def test_phpbb_quotes_become_attributed_quote_lines_even_nested_and_twice():
    thread = _read(PHPBB)
    second, third = thread.nodes[1].text, thread.nodes[2].text
    assert second.startswith("gardener42 wrote:\n\n> The pull cord is stiff.")
    assert "Drain the old fuel" in second.splitlines()[-1]
    assert "> gardener42 wrote:" in third  # the quote inside the quote keeps its source
    assert "> > The pull cord is stiff." in third
    assert third.count("wrote:") == 3
    assert "Tue Jan" not in third


def test_phpbb_quotes_are_found_as_quote_edges():
    analysed = analyse(_read(PHPBB))
    quotes = {(edge.source.rpartition("/")[2], edge.target.rpartition("/")[2])
              for edge in analysed.edges if edge.kind == "quote"}
    assert ("2", "1") in quotes
    assert ("3", "2") in quotes or ("3", "1") in quotes


def test_phpbb_code_box_keeps_its_lines_without_its_label():
    code = ('<div class="codebox"><p>Code: <a href="#">Select all</a></p>'
            "<pre><code>choke = ON\npull(3)</code></pre></div>")
    thread = _read(_page(_phpbb_post(1, "gardener42", "Try:" + code)))
    assert thread.nodes[0].text == "Try:\n\nchoke = ON\npull(3)"


def test_phpbb_empty_post_is_kept_as_a_deleted_node():
    last = _read(PHPBB).nodes[-1]
    assert last.text == "[deleted]" and ("deleted", True) in last.meta


def test_phpbb_later_page_has_no_post_and_warns_of_more_pages():
    text = PHPBB.replace('<div class="pagination">3 posts &bull; Page <strong>1</strong>',
                         '<div class="pagination"><ul><li><a href="?start=0">1</a></li>'
                         '<li class="active"><span>2</span></li></ul>').replace(
        "</head>", '<link rel="next" href="./viewtopic.php?t=1&amp;start=20"></head>')
    thread = _read(text)
    assert all(node.kind == "comment" for node in thread.nodes)
    assert any("4 posts of this page" in problem for problem in thread.problems)
    last = _read(text.replace('<link rel="next"', '<link rel="prev"'))
    assert any("4 posts of this page" in problem for problem in last.problems)
    assert not _read(PHPBB).problems


def test_phpbb_first_page_is_told_by_its_active_item_not_an_inactive_one():
    """A theme's greyed "Previous" arrow (``li.inactive``) is not the current page."""
    text = PHPBB.replace('<div class="pagination">3 posts &bull; Page <strong>1</strong>',
                         '<div class="pagination"><ul><li class="arrow inactive"><span>Previous'
                         '</span></li><li class="active"><span>1</span></li><li><a href="?start'
                         '=10">2</a></li></ul>')
    assert [node.kind for node in _read(text).nodes] == ["post"] + ["comment"] * 3


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(
    st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,10}[0-9]{0,6}", fullmatch=True),
    st.lists(st.from_regex(r"[A-Za-z0-9]{1,9}", fullmatch=True), min_size=1, max_size=12)),
    min_size=1, max_size=6))
def test_phpbb_every_post_becomes_one_node_with_its_author_and_words(posts):
    page = _page('<div id="page-body">' + "".join(
        _phpbb_post(index + 1, name, "<p>" + " ".join(words) + "</p>")
        for index, (name, words) in enumerate(posts)) + "</div>")
    thread = _read(page)
    assert [(node.author, node.text) for node in thread.nodes] == [
        (name, " ".join(words)) for name, words in posts]


# -- XenForo -----------------------------------------------------------------------------

def _xenforo_post(post_id: int, number: int, name: str, body: str) -> str:
    return f"""
    <article class="message message--post js-post" data-author="{name}"
      data-content="post-{post_id}" id="js-post-{post_id}">
      <div class="message-inner">
        <div class="message-cell message-cell--user"><section class="message-user">
          <h4 class="message-name"><a href="/members/{name}.{post_id}/"
            class="username">{name}</a></h4>
          <h5 class="userTitle message-userTitle">Well-known member</h5>
          <div class="message-userExtras"><dl class="pairs"><dt>Joined</dt><dd>Mar 3, 2016</dd></dl>
          <dl class="pairs"><dt>Messages</dt><dd>2,881</dd></dl></div></section></div>
        <div class="message-cell message-cell--main"><div class="message-main">
          <header class="message-attribution">
            <ul class="message-attribution-main"><li><a href="/threads/t.9/post-{post_id}">
              <time class="u-dt" datetime="2021-05-0{number % 9 + 1}T08:30:00+0100"
                data-time="{1620000000 + number * 60}">May 3, 2021</time></a></li></ul>
            <ul class="message-attribution-opposite"><li><a
              href="/threads/t.9/post-{post_id}">#{number}</a></li></ul>
          </header>
          <div class="message-content"><div class="message-userContent">
            <article class="message-body js-selectToQuote"><div class="bbWrapper">{body}</div>
            <div class="js-selectToQuoteEnd">&nbsp;</div></article></div>
            <aside class="message-signature"><div class="bbWrapper">My build log</div></aside>
          </div>
          <footer class="message-footer"><a class="actionBar-action">Reply</a></footer>
        </div></div>
      </div>
    </article>"""


XF_QUOTE = ('<blockquote class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote" '
            'data-quote="k9_runner" data-source="post: 501"><div class="bbCodeBlock-title">'
            '<a href="/goto/post?id=501" class="bbCodeBlock-sourceJump">k9_runner said:</a></div>'
            '<div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent">'
            "Which tyres for winter?</div><div class=\"bbCodeBlock-expandLink\"><a>Click to "
            "expand...</a></div></div></blockquote>")


def test_xenforo_posts_numbers_quotes_and_furniture():
    code = ('<div class="bbCodeBlock bbCodeBlock--screenLimited bbCodeBlock--code">'
            '<div class="bbCodeBlock-title">Code:</div><div class="bbCodeBlock-content">'
            '<pre class="bbCodeCode"><code>tyre_psi = 32\nrim = 16</code></pre></div></div>')
    text = _page("".join([_xenforo_post(501, 1, "k9_runner", "Which tyres for winter?"),
                          _xenforo_post(502, 2, "Zed2000", XF_QUOTE + "Studded ones."),
                          _xenforo_post(503, 3, "k9_runner", "Mine:" + code)]))
    thread = _read(text)
    assert _layout_of(text) == "XenForo"
    assert [(node.label, node.author, node.kind) for node in thread.nodes] == [
        ("501", "k9_runner", "post"), ("502", "Zed2000", "comment"),
        ("503", "k9_runner", "comment")]
    assert thread.nodes[2].text == "Mine:\n\ntyre_psi = 32\nrim = 16"
    assert thread.nodes[1].text == "k9_runner said:\n\n> Which tyres for winter?\n\nStudded ones."
    assert thread.nodes[1].published.timestamp() == 1620000000 + 2 * 60
    for furniture in ("My build log", "Click to expand", "Reply", "Messages", "Joined"):
        assert all(furniture not in node.text for node in thread.nodes)


def test_xenforo_later_page_numbers_its_posts_so_none_is_the_post():
    text = _page(_xenforo_post(900, 21, "late_comer", "Still relevant?"))
    assert [node.kind for node in _read(text).nodes] == ["comment"]


# -- vBulletin ---------------------------------------------------------------------------

def _vb4_post(post_id: int, number: int, name: str, body: str,
              date: str = "06-15-2012") -> str:
    return f"""
    <li class="postbitlegacy postbitim postcontainer old" id="post_{post_id}">
      <div class="posthead"><span class="postdate old"><span class="date">{date},&nbsp;<span
        class="time">09:41 PM</span></span></span>
        <span class="nodecontrols"><a name="post{post_id}"
          href="showthread.php?p={post_id}#post{post_id}"
          class="postcounter">#{number}</a></span></div>
      <div class="postdetails"><div class="userinfo"><div class="username_container">
        <a class="username offline popupmenu"
          href="member.php?u=7"><strong>{name}</strong></a></div>
        <dl
          class="userinfo_extra"><dt>Join Date</dt><dd>Feb 2009</dd>
          <dt>Posts</dt><dd>4,102</dd></dl></div>
      <div class="postbody"><div class="postrow"><div class="content">
        <div id="post_message_{post_id}"><blockquote
          class="postcontent restore ">{body}</blockquote></div>
      </div></div>
      <blockquote class="signature restore"><div
        class="signaturecontainer">-- tinkerer</div></blockquote>
      </div></div>
    </li>"""


def test_vbulletin_post_text_is_not_a_quotation_and_quotes_are():
    quote = ('<div class="bbcode_container"><div class="bbcode_quote"><div class="quote_container">'
             '<div class="bbcode_postedby">Originally Posted by <strong>Ham_Radio7</strong> '
             '<a href="showthread.php?p=11#post11"><img class="inlineimg" alt="View Post"></a>'
             "</div>"
             '<div class="message">Is the antenna grounded?</div></div></div></div>')
    text = _page('<ol id="posts">' + _vb4_post(11, 1, "Ham_Radio7", "Is the antenna grounded?")
                 + _vb4_post(12, 2, "w1aw", quote + "Yes, to the water pipe.") + "</ol>")
    thread = _read(text)
    assert _layout_of(text) == "VBulletin"
    assert [(node.author, node.kind) for node in thread.nodes] == [
        ("Ham_Radio7", "post"), ("w1aw", "comment")]
    assert thread.nodes[0].text == "Is the antenna grounded?"
    assert thread.nodes[1].text == ("Originally Posted by Ham_Radio7\n\n> Is the antenna "
                                    "grounded?\n\nYes, to the water pipe.")
    assert all("tinkerer" not in node.text and "Join Date" not in node.text
               for node in thread.nodes)


# -- Stack Exchange ----------------------------------------------------------------------

def _se_comment(comment_id: int, name: str, text: str, when: str, score: str = "") -> str:
    shown = f'<span class="cool">{score}</span>' if score else ""
    return f"""
    <li id="comment-{comment_id}" class="comment js-comment" data-comment-id="{comment_id}"
      data-comment-score="{score or 0}">
      <div
        class="comment-score js-comment-score">{shown}</div>
      <div class="comment-text"><div class="comment-body">
        <span class="comment-copy">{text}</span>
        <div class="d-inline-flex"> – <a href="/users/1/{name}" class="comment-user">{name}</a>
        <span class="comment-date"><a class="comment-link" href="#comment{comment_id}_1">
          <span title="{when}, License: CC BY-SA 4.0"
            class="relativetime-clean">Mar 1 at 10:00</span></a></span></div>
      </div></div>
    </li>"""


def _se_signature(action: str, name: str, when: str, link: bool = True) -> str:
    user = f'<a href="/users/9/{name}">{name}</a>' if link else name
    return (f'<div class="post-signature"><div class="user-info"><div class="user-action-time">'
            f'{action} <span title="{when}" class="relativetime">Mar 1</span></div>'
            f'<div class="user-details" itemprop="author">{user}'
            f'<div class="-flair"><span class="reputation-score">1,024</span></div></div>'
            f"</div></div>")


STACK = _page(f"""
  <div id="question-header"><h1 itemprop="name"><a
    href="/questions/1/x">Why is my loop slow?</a></h1></div>
  <div id="question" class="question js-question" data-questionid="1" data-score="7">
    <div class="post-layout">
      <div class="votecell"><div class="js-vote-count" data-value="7">7</div></div>
      <div class="postcell"><div class="s-prose js-post-body" itemprop="text">
        <p>This loop is slow:</p><pre><code>for i in range(n):
    total += i
</code></pre></div>
        {_se_signature("edited", "editor_1", "2020-03-02 09:00:00Z")}
        {_se_signature("asked", "user123456", "2020-03-01 08:00:00Z", link=False)}
      </div>
      <div class="js-post-comments-component"><div id="comments-1" class="comments">
        <ul class="comments-list js-comments-list" data-remaining-comments-count="2">
          {_se_comment(101, "pyfan99", "What is n?", "2020-03-01 08:05:00Z", "3")}
        </ul></div></div>
    </div>
  </div>
  <div id="answers">
    <div id="answers-header"><h2 data-answercount="3">3 Answers</h2></div>
    <div id="answer-2" class="answer js-answer accepted-answer" data-answerid="2" data-parentid="1"
      data-score="12" itemprop="acceptedAnswer">
      <div class="answercell"><div class="s-prose js-post-body"
        itemprop="text"><p>Use sum(range(n)).</p></div>
        {_se_signature("answered", "Ann Lee", "2020-03-01 09:00:00Z")}</div>
      <div class="comments"><ul class="comments-list" data-remaining-comments-count="0">
        {_se_comment(102, "user123456", "Thanks, that works.", "2020-03-01 09:30:00Z")}
      </ul></div>
    </div>
    <div id="answer-3" class="answer js-answer" data-answerid="3" data-parentid="1" data-score="-1">
      <div class="answercell"><div class="s-prose js-post-body"><p>Buy a faster computer.</p></div>
        {_se_signature("answered", "troll2", "2020-03-02 10:00:00Z")}</div>
    </div>
  </div>""")


def test_stack_exchange_question_answers_and_comments_stated():
    thread = _read(STACK)
    document = lxml.html.document_fromstring(STACK)
    answers = document.xpath("//div[@data-answerid]/@data-answerid")
    comments = document.xpath("//li[@data-comment-id]/@data-comment-id")
    assert _layout_of(STACK) == "StackExchange"  # before WordPress, which takes comment-N ids
    assert thread.platform == "stackexchange" and thread.id == "1"
    assert thread.title == "Why is my loop slow?"
    assert len(_comments(thread)) == len(answers) + len(comments)
    parent = {node.label: (node.parent or "").rpartition("/")[2] for node in thread.nodes}
    assert parent == {"post": "", "c101": "", "a2": "", "c102": "a2", "a3": ""}
    assert all(node.stated for node in thread.nodes)
    by_label = {node.label: node for node in thread.nodes}
    assert by_label["post"].author == "user123456"  # the asker, not the editor
    assert by_label["post"].published.isoformat() == "2020-03-01T08:00:00+00:00"
    assert by_label["c101"].published.isoformat() == "2020-03-01T08:05:00+00:00"
    assert dict(by_label["a2"].meta) == {"kind": "answer", "score": 12, "accepted": True}
    assert dict(by_label["a3"].meta)["accepted"] is False
    assert dict(by_label["c101"].meta)["score"] == 3
    assert "for i in range(n):\n    total += i" in by_label["post"].text


def test_an_unanswered_question_is_a_thread_of_its_post_alone():
    # With no answer and no comment no layout took the page: "no comments found".
    document = lxml.html.document_fromstring(STACK)
    for reply in document.xpath("//*[@data-answerid] | //*[@data-comment-id]"):
        reply.getparent().remove(reply)
    [thread] = webpage.parse(lxml.html.tostring(document, encoding="unicode"), "q.html")
    assert (thread.id, thread.title, thread.platform) == (
        "1", "Why is my loop slow?", "stackexchange")
    assert [(node.label, node.kind, node.author) for node in thread.nodes] == [
        ("post", "post", "user123456")]
    assert thread.nodes[0].text.startswith("This loop is slow:\n\nfor i in range(n):")


def test_stack_exchange_warns_of_folded_comments_and_answers_on_other_pages():
    problems = _read(STACK).problems
    assert any("3 answers and shows 2" in problem for problem in problems)
    assert any("2 comments are folded" in problem for problem in problems)


# -- Reddit ------------------------------------------------------------------------------

def _thing(name: str, author: str | None, text: str, children: str = "", score: int = 1) -> str:
    author_attr = f' data-author="{author}"' if author else ""
    shown = author or "[deleted]"
    return f"""
    <div class="thing id-t1_{name} comment" id="thing_t1_{name}"
      data-fullname="t1_{name}"{author_attr}>
      <div class="entry"><p class="tagline"><a class="author">{shown}</a>
        <span class="score unvoted" title="{score}">{score} points</span>
        <time datetime="2022-06-0{len(name) % 9 + 1}T10:00:00+00:00">1 year ago</time></p>
        <form class="usertext"><div class="usertext-body"><div
          class="md"><p>{text}</p></div></div></form>
        <ul class="flat-list buttons"><li><a>reply</a></li></ul></div>
      <div class="child"><div class="sitetable">{children}</div></div>
    </div>"""


OLD_REDDIT = _page(f"""
  <div class="thing id-t3_v1 link self" data-fullname="t3_v1" data-author="op_2022" data-score="40"
    data-comments-count="5">
    <a class="title">Best budget keyboard?</a>
    <p class="tagline"><time datetime="2022-06-01T09:00:00+00:00">1 year ago</time></p>
    <div class="expando"><div class="md"><p>Under 50 dollars.</p></div></div></div>
  <div class="commentarea"><div class="sitetable nestedlisting">
    {_thing("a1", "keys4u", "Try the K2.", _thing("b22", "op_2022", "Too loud?",
            _thing("c333", None, "[deleted]")))}
    {_thing("d4", "typist_9", "Membrane ones are fine.", score=-2)}
    <div class="thing morechildren"><span
      class="morecomments"><a>load more comments (1 reply)</a></span></div>
  </div></div>""")


def test_old_reddit_nesting_authors_scores_and_deleted():
    thread = _read(OLD_REDDIT)
    document = lxml.html.document_fromstring(OLD_REDDIT)
    things = document.xpath("//div[starts-with(@data-fullname, 't1_')]")
    expected = {}
    for thing in things:
        above = thing.xpath("ancestor::div[starts-with(@data-fullname, 't1_')][1]/@data-fullname")
        expected[thing.get("data-fullname")[3:]] = above[0][3:] if above else ""
    assert _layout_of(OLD_REDDIT) == "OldReddit"
    assert thread.id == "v1" and thread.platform == "reddit"
    parent = {node.label: (node.parent or "").rpartition("/")[2] for node in _comments(thread)}
    assert parent == expected
    by_label = {node.label: node for node in thread.nodes}
    assert by_label["post"].text == "Best budget keyboard?\n\nUnder 50 dollars."
    assert by_label["b22"].author == "op_2022"
    assert ("deleted", True) in by_label["c333"].meta and by_label["c333"].author is None
    assert dict(by_label["d4"].meta)["score"] == -2
    assert any("5 comments and shows 4" in problem for problem in thread.problems)


def test_new_reddit_parents_come_from_parentid():
    text = _page("""
      <shreddit-post id="t3_zz9" post-title="Rust or Go?" author="dev_0"
        created-timestamp="2024-01-01T10:00:00.000000+0000" comment-count="3">
        <div slot="text-body"><p>For a CLI tool.</p></div></shreddit-post>
      <shreddit-comment-tree>
        <shreddit-comment thingid="t1_k1" parentid="t3_zz9" depth="0" author="gopher42" score="9">
          <div slot="comment"><p>Go, it builds fast.</p></div>
          <faceplate-timeago ts="2024-01-01T11:00:00.000Z"></faceplate-timeago>
          <shreddit-comment thingid="t1_k2" parentid="t1_k1" depth="1" author="crab_2" score="4">
            <div slot="comment"><p>Rust has clap.</p></div></shreddit-comment>
        </shreddit-comment>
      </shreddit-comment-tree>""")
    thread = _read(text)
    assert _layout_of(text) == "NewReddit"
    assert [(node.label, node.author, (node.parent or "").rpartition("/")[2])
            for node in thread.nodes] == [("post", "dev_0", ""), ("k1", "gopher42", ""),
                                          ("k2", "crab_2", "k1")]
    assert thread.nodes[1].text == "Go, it builds fast."
    assert any("3 comments and shows 2" in problem for problem in thread.problems)


# -- 4chan -------------------------------------------------------------------------------

def _chan_post(number: int, body: str, op: bool = False, name: str = "Anonymous") -> str:
    kind = "opContainer" if op else "replyContainer"
    return f"""
    <div class="postContainer {kind}" id="pc{number}"><div id="p{number}"
      class="post {'op' if op else 'reply'}">
      <div class="postInfo" id="pi{number}"><span class="nameBlock"><span
        class="name">{name}</span></span>
        <span class="dateTime" data-utc="{1700000000 + number}">11/14/23(Tue)22:13:20</span>
        <span class="postNum"><a href="#p{number}">No.</a><a
          href="#q{number}">{number}</a></span></div>
      <blockquote class="postMessage" id="m{number}">{body}</blockquote></div></div>"""


def test_4chan_thread_links_state_parents_and_greentext_stays():
    text = _page('<div class="board"><div class="thread" id="t100">'
                 + _chan_post(100, "Post your desks.", op=True)
                 + _chan_post(101, "Mine is a door on two trestles.")
                 + _chan_post(102, '<a href="#p101" class="quotelink">&gt;&gt;101</a><br>'
                               '<span class="quote">&gt;door</span><br>based',
                               name="desk_guy2")
                 + _chan_post(103, '<a href="#p999" class="quotelink">&gt;&gt;999</a> lost')
                 + "</div></div>")
    thread = _read(text)
    assert _layout_of(text) == "Imageboard" and thread.id == "100"
    assert [(node.label, node.kind, (node.parent or "").rpartition("/")[2])
            for node in thread.nodes] == [("100", "post", ""), ("101", "comment", ""),
                                          ("102", "comment", "101"), ("103", "comment", "")]
    assert thread.nodes[2].text == ">>101\n>door\nbased"
    assert thread.nodes[2].author == "desk_guy2"
    assert thread.nodes[1].published.timestamp() == 1700000101


def test_an_imageboard_thread_without_replies_is_its_opening_post_alone():
    # No reply, so no layout took the page: "no comments found".
    text = _page('<div class="board"><div class="thread" id="t100">'
                 + _chan_post(100, "Post your desks.", op=True, name="desk_guy2") + "</div></div>")
    thread = _read(text)
    assert _layout_of(text) == "Imageboard"
    assert (thread.id, thread.platform) == ("100", "imageboard")
    assert [(node.label, node.kind, node.author, node.text) for node in thread.nodes] == [
        ("100", "post", "desk_guy2", "Post your desks.")]


def test_a_board_index_keeps_every_thread_s_opening_post():
    # A board's index shows several threads: the opening posts after the first were lost.
    def thread(number: int, replies: int) -> str:
        return (f'<div class="thread" id="t{number}">' + _chan_post(number, f"Thread {number}.",
                                                                   op=True)
                + "".join(_chan_post(number + i, f"Reply {number + i}.")
                          for i in range(1, replies + 1)) + "</div>")

    text = _page('<div class="board">' + thread(100, 1) + thread(200, 0) + thread(300, 2)
                 + "</div>")
    assert [(node.label, node.kind) for node in _read(text).nodes] == [
        ("100", "post"), ("101", "comment"), ("200", "comment"), ("300", "comment"),
        ("301", "comment"), ("302", "comment")]


# -- sniffing ----------------------------------------------------------------------------

@pytest.mark.parametrize("page", sorted(FORUM_PAGES.glob("*.html")), ids=lambda page: page.stem)
def test_real_forum_pages_are_sniffed_and_read_by_their_own_layout(page):
    [thread] = parse_text(page.read_text(encoding="utf-8"), str(page))
    platform = page.stem.split("-")[0].replace("stackoverflow", "stackexchange")
    assert thread.platform == {"discourse": "forum"}.get(platform, platform)


# -- Stack Exchange: real pages ----------------------------------------------------------

STACK_PAGES = sorted(FORUM_PAGES.glob("stackoverflow-*.html"))


@pytest.mark.parametrize("path", STACK_PAGES, ids=lambda path: path.stem)
def test_real_stack_overflow_pages_read_every_answer_and_comment_under_its_post(path):
    text = path.read_text(encoding="utf-8")
    document = lxml.html.document_fromstring(text)
    question = document.xpath("//*[@id='question']")[0]
    answers = document.xpath("//div[@data-answerid]")
    expected = {f"a{answer.get('data-answerid')}": "" for answer in answers}
    for holder, above in [(question, ""), *((answer, f"a{answer.get('data-answerid')}")
                                            for answer in answers)]:
        for comment in holder.xpath(".//*[starts-with(@id, 'comment-')]"
                                    "[contains(@class, 'comment')]"):
            expected[f"c{comment.get('id').removeprefix('comment-')}"] = above
    thread = _read(text, str(path))
    assert _layout_of(text) == "StackExchange"
    assert thread.id == question.get("data-questionid")
    assert {node.label: (node.parent or "").rpartition("/")[2]
            for node in _comments(thread)} == expected
    assert all(node.stated and node.author and node.published for node in thread.nodes)
    accepted = {f"a{answer.get('data-answerid')}" for answer in answers
                if "accepted-answer" in answer.get("class").split()}
    assert {node.label for node in thread.nodes
            if dict(node.meta).get("accepted")} == accepted
    commenters = [comment.text_content() for comment in document.xpath(
        "//*[contains(@class, 'comment-user')]")]
    assert [node.author for node in thread.nodes if node.label.startswith("c")] == commenters
    assert thread.problems == ()


def test_real_stack_overflow_answer_keeps_its_code_block_lines():
    path = FORUM_PAGES / "stackoverflow-51328292-2021.html"
    document = lxml.html.document_fromstring(path.read_text(encoding="utf-8"))
    code = document.xpath("//div[@data-answerid='51328537']//pre")[0].text_content()
    answer = {node.label: node for node in _read(path.read_text(encoding="utf-8")).nodes}[
        "a51328537"]
    lines = [line for line in code.splitlines() if line.strip()]
    assert len(lines) > 3
    for line in lines:
        assert line.rstrip() in answer.text


def test_vichan_thread_reads_op_and_replies_with_their_links():
    text = _page("""
      <form name="postcontrols"><div class="thread" id="thread_1">
        <div class="post op" id="op_1"><p class="intro"><span class="subject">Bikes</span>
          <span class="name">Anonymous</span> <time datetime="2023-02-01T10:00:00Z">02/01/23</time>
          </p><div class="body">Post your bikes.</div></div>
        <div class="post reply" id="reply_2"><p class="intro"><span class="name">rider77</span>
          <time datetime="2023-02-01T10:05:00Z">02/01/23</time></p>
          <div class="body">A steel frame one.</div></div>
        <div class="post reply" id="reply_3"><p class="intro"><span class="name">Anonymous</span>
          <time datetime="2023-02-01T10:09:00Z">02/01/23</time></p>
          <div class="body"><a onclick="highlightReply('2');" href="/b/res/1.html#2">&gt;&gt;2</a>
          <br>Reynolds 531?</div></div>
      </div></form>""")
    thread = _read(text)
    assert _layout_of(text) == "Imageboard" and thread.id == "1"
    assert thread.title == "Bikes"
    assert [(node.label, node.kind, node.author, (node.parent or "").rpartition("/")[2])
            for node in thread.nodes] == [("1", "post", "Anonymous", ""),
                                          ("2", "comment", "rider77", ""),
                                          ("3", "comment", "Anonymous", "2")]
    assert thread.nodes[2].published.isoformat() == "2023-02-01T10:09:00+00:00"


def test_discourse_page_saved_from_the_app_reads_its_articles():
    def article(number: int, user: str, text: str) -> str:
        return (f'<div class="topic-post clearfix regular"><article id="post_{number}" '
                f'data-post-id="{900 + number}" class="boxed onscreen-post"><div class="row">'
                f'<div class="topic-meta-data"><div class="names trigger-user-card">'
                f'<span class="first username"><a href="/u/{user}" data-user-card="{user}">'
                f"{user}</a></span></div><div class=\"post-infos\"><a class=\"post-date\">"
                f'<span title="Jan 5, 2024" data-time="{1704440000000 + number * 60000}" '
                f'class="relative-date">Jan 5</span></a></div></div>'
                f'<div class="cooked">{text}</div></div></article></div>')

    quote = ('<aside class="quote no-group" data-username="sam_1" data-post="1"><div class='
             '"title"><div class="quote-controls"></div><img alt="" class="avatar" src="a.png">'
             " sam_1:</div><blockquote><p>Is 2FA required?</p></blockquote></aside>")
    text = _page('<div class="post-stream">' + article(1, "sam_1", "<p>Is 2FA required?</p>")
                 + article(2, "mod2", quote + "<p>Only for staff.</p>") + "</div>")
    thread = _read(text)
    assert _layout_of(text) == "Discourse"
    assert [(node.label, node.kind, node.author) for node in thread.nodes] == [
        ("1", "post", "sam_1"), ("2", "comment", "mod2")]
    assert thread.nodes[1].text == "sam_1:\n\n> Is 2FA required?\n\nOnly for staff."
    assert thread.nodes[1].published.timestamp() == 1704440000 + 2 * 60


# -- broken pages ------------------------------------------------------------------------

_PIECES = [
    '<div id="question" data-questionid="7">', '<div data-answerid="8" class="answer">',
    '<li data-comment-id="9" class="comment">', '<tr id="comment-10" class="comment">',
    '<div class="thing comment" data-fullname="t1_x">',
    '<div class="thing link" data-fullname="t3_y">',
    '<shreddit-comment thingid="t1_z" parentid="t1_z">', "<shreddit-post>",
    '<div class="postContainer opContainer" id="pc1">', '<div class="post reply" id="reply_2">',
    '<blockquote class="postMessage">', '<a class="quotelink">&gt;&gt;1</a>',
    '<div class="topic-body crawler-post">', '<div itemprop="articleBody">',
    '<span itemprop="position">x</span>', "<article data-post-id=\"3\">",
    '<article class="message message--post" data-content="post-4">', '<div class="bbWrapper">',
    '<li class="message" id="post-5">', '<blockquote class="messageText">',
    '<li class="postcontainer" id="post_6">', '<div id="post_message_6">',
    '<div class="bbcode_quote">', '<div class="post" id="p11">', '<div class="postbody">',
    '<div class="content">', "<blockquote><cite>", "</cite>", '<p class="author">',
    '<span class="relativetime" title="nonsense">', "<time datetime=\"2020-13-45\">",
    '<div class="windowbg"><div class="post_wrapper">', '<div class="inner" id="msg_12">',
    '<div class="keyinfo"><div class="smalltext">Reply #x on: 99-99-2020',
    '<div class="quoteheader">', '<div class="post" id="post_13">', '<div id="pid_13">',
    '<span class="post_date">13-13-2020, 10:00 AM', '<span class="page_number">#0</span>',
    '<article id="elComment_14">', '<div data-role="commentContent">', '<a id="comment-15">',
    '<blockquote class="ipsQuote"><div class="ipsQuote_citation">',
    "</div>", "</li>", "</blockquote>", "</article>", "text ", "&gt;&gt;11 ",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_mix_of_forum_markup_reads_without_a_traceback(pieces):
    try:
        [thread] = webpage.parse(_page("".join(pieces)), "broken.html")
    except ExplorerError:
        return  # no comments found: one clear error, never a crash
    assert thread.nodes and len({node.id for node in thread.nodes}) == len(thread.nodes)


def test_phpbb_3_0_markup_quotes_dates_and_later_page():
    def post(number: int, name: str, content: str) -> str:
        return (f'<div id="p{number}" class="post bg2"><div class="inner"><div class="postbody">'
                f'<h3><a href="#p{number}">Re: Fuses</a></h3>'
                f'<p class="author"><a href="#p{number}">'
                f'<img src="icon_post_target.gif" alt="Post" /></a>by <strong><a href="./member'
                f'list.php?u={number}">{name}</a></strong> &raquo; Sun Mar 0{number}, 2009 '
                f'7:15 pm </p><div class="content">{content}</div></div>'
                f'<dl class="postprofile"><dt>{name}</dt><dd><strong>Posts:</strong> 12</dd></dl>'
                "</div></div>")

    body = (post(3, "volt_1", "Which fuse for the amp?")
            + post(4, "ohm99", "<blockquote><div><cite>volt_1 wrote:</cite>Which fuse for the amp?"
                               "</div></blockquote>A 5 A slow-blow."))
    pages = ('<div class="pagination">24 posts &bull; <a>Page <strong>{}</strong> of '
             "<strong>2</strong></a></div>")
    first = _read(_page('<div id="page-body">' + pages.format(1) + body + "</div>"))
    later = _read(_page('<div id="page-body">' + pages.format(2) + body + "</div>"))
    assert [(node.author, node.kind) for node in first.nodes] == [
        ("volt_1", "post"), ("ohm99", "comment")]
    assert [node.kind for node in later.nodes] == ["comment", "comment"]
    assert first.nodes[1].text == "volt_1 wrote:\n\n> Which fuse for the amp?\n\nA 5 A slow-blow."
    assert first.nodes[0].published.isoformat() == "2009-03-03T19:15:00"


def test_a_blog_article_marked_data_post_id_is_no_discourse_post():
    # Blog themes mark their article data-post-id too; it was read as a one-post topic.
    text = _page("""
        <article id="post-12" class="post" data-post-id="12"><h1>My post</h1>
          <div class="entry-content"><p>Post text.</p></div></article>
        <ol class="commentlist">
          <li id="comment-1" class="comment depth-1"><cite class="fn">Ann</cite>
            <div class="comment-body"><p>First comment.</p></div></li>
          <li id="comment-2" class="comment depth-1"><cite class="fn">Bob2</cite>
            <div class="comment-body"><p>Second comment.</p></div></li></ol>""")
    thread = _read(text)
    assert _layout_of(text) == "WordPress"
    assert [(node.kind, node.author, node.text) for node in _comments(thread)] == [
        ("comment", "Ann", "First comment."), ("comment", "Bob2", "Second comment.")]


def test_xenforo_1_markup():
    def post(number: int, name: str, content: str) -> str:
        return (f'<li id="post-{number}" class="message" data-author="{name}">'
                f'<div class="messageUserInfo"><a class="username">{name}</a></div>'
                f'<div class="messageInfo primaryContent"><div class="messageContent"><article>'
                f'<blockquote class="messageText SelectQuoteContainer ugc baseHtml">{content}'
                f'<div class="messageTextEndMarker">&nbsp;</div></blockquote></article></div>'
                f'<div class="messageMeta"><span class="item muted"><a class="datePermalink">'
                f'<abbr class="DateTime" data-time="{1400000000 + number}">May 13</abbr></a>'
                f'</span><a class="item muted postNumber">#{number}</a></div>'
                f'<div class="baseHtml signature">Sig of {name}</div></div></li>')

    quote = ('<div class="bbCodeBlock bbCodeQuote" data-author="tom_3"><aside><div class="attri'
             'bution type">tom_3 said: <a class="AttributionLink">↑</a></div><blockquote class='
             '"quoteContainer"><div class="quote">Mine rattles.</div><div class="quoteExpand">'
             "Click to expand...</div></blockquote></aside></div>")
    text = _page('<ol class="messageList">' + post(1, "tom_3", "Mine rattles.")
                 + post(2, "ann_4", quote + "Tighten the heat shield.") + "</ol>")
    thread = _read(text)
    assert _layout_of(text) == "XenForo"
    assert [(node.author, node.kind) for node in thread.nodes] == [
        ("tom_3", "post"), ("ann_4", "comment")]
    assert thread.nodes[0].text == "Mine rattles."  # the post's own box is no quotation
    assert thread.nodes[1].text == "tom_3 said:\n\n> Mine rattles.\n\nTighten the heat shield."
    assert thread.nodes[1].published.timestamp() == 1400000002


@pytest.mark.parametrize(("printed", "hour"), [
    ("Sun Mar 03, 2009 7:15 pm", 19), ("Tue Jan 01, 2019 12:00 am", 0),
    ("Tue Jan 01, 2019 12:30 pm", 12), ("Mar 03, 2009 7:15 am", 7)])
def test_printed_forum_dates_keep_am_and_pm(printed, hour):
    # The RFC 2822 reading takes "Sun Mar 03, 2009 7:15 pm" for 07:15: never used for these.
    assert printed_time(printed).hour == hour


@pytest.mark.parametrize("page", sorted((REAL.parent / "samples" / "pages").glob("*.html"))
                         + sorted((REAL / "pages").glob("*")), ids=lambda page: page.name)
def test_blog_pages_are_still_read_by_the_blog_layouts(page):
    document = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    assert not any(layout.find(document) for layout in site_layouts.LAYOUTS)


def test_old_reddit_continue_this_thread_warns_that_replies_are_elsewhere():
    deep = _thing("k1", "a_1", "Deep reply.", '<span class="deepthread"><a href="/r/x/'
                  'comments/v1/t/k1/">continue this thread</a></span>')
    thread = _read(_page(f'<div class="sitetable nestedlisting">{deep}</div>'))
    assert any("only the 1 it shows are read" in problem for problem in thread.problems)


# -- SMF and MyBB --------------------------------------------------------------------------

def _smf20_post(msg: int, reply: int, name: str, when: str, content: str) -> str:
    shown = f"Reply #{reply} on:" if reply else "on:"
    return (f'<div class="windowbg{2 if reply % 2 else ""}"><span class="topslice"><span></span>'
            f'</span><div class="post_wrapper"><div class="poster"><h4><a href="?action=profile;'
            f'u=1">{name}</a></h4><ul class="reset smalltext"><li class="postcount">Posts: 9'
            f'</li></ul></div><div class="postarea"><div class="flow_hidden"><div class="keyinfo">'
            f'<h5 id="subject_{msg}"><a href="#msg{msg}">Re: Tomatoes</a></h5><div class="small'
            f'text">&#171; <strong>{shown}</strong> {when} &#187;</div></div></div><div class='
            f'"post"><div class="inner" id="msg_{msg}">{content}</div></div></div><div class='
            f'"moderatorbar"><div class="signature" id="msg_{msg}_signature">Grow your own'
            "</div></div></div></div>")


def test_smf_2_0_reply_numbers_quotes_and_dates():
    quote = ('<div class="quoteheader"><div class="topslice_quote"><a href="#msg31">Quote from: '
             'grow_4 on June 02, 2013, 08:15:00 PM</a></div></div><blockquote class="bbc_standard'
             '_quote">Blight again.</blockquote><div class="quotefooter"><div class="botslice_'
             'quote"></div></div>Copper spray helps.')
    text = _page('<div id="forumposts">'
                 + _smf20_post(31, 0, "grow_4", "June 02, 2013, 08:15:00 PM", "Blight again.")
                 + _smf20_post(32, 1, "Kat 7", "June 03, 2013, 07:01:12 AM", quote) + "</div>")
    thread = _read(text)
    assert _layout_of(text) == "SMF"
    assert [(node.label, node.author, node.kind) for node in thread.nodes] == [
        ("31", "grow_4", "post"), ("32", "Kat 7", "comment")]
    assert thread.nodes[0].published.isoformat() == "2013-06-02T20:15:00"
    assert thread.nodes[1].text == ("Quote from: grow_4 on June 02, 2013, 08:15:00 PM\n\n"
                                    "> Blight again.\n\nCopper spray helps.")
    assert all("Grow your own" not in node.text for node in thread.nodes)


def test_smf_post_wrappers_sharing_one_box_are_each_a_post():
    """A theme that puts several ``post_wrapper``s in one box loses none of them."""
    def wrapper(*fields) -> str:
        post = _smf20_post(*fields)
        return post[post.index('<div class="post_wrapper">'):-len("</div>")]

    thread = _read(_page('<div class="windowbg">'
                         + wrapper(31, 0, "grow_4", "June 02, 2013, 08:15:00 PM", "Blight.")
                         + wrapper(32, 1, "Kat 7", "June 03, 2013, 07:01:12 AM", "Copper.")
                         + "</div>"))
    assert [(node.label, node.author, node.kind, node.text) for node in thread.nodes] == [
        ("31", "grow_4", "post", "Blight."), ("32", "Kat 7", "comment", "Copper.")]
    assert not thread.problems


def test_smf_wrappers_side_by_side_in_one_box_are_each_a_post():
    # A theme without a box per post: the box was taken once, for the first post's text.
    bare = [re.sub(r'^<div class="windowbg2?"><span class="topslice"><span></span></span>'
                   r"(.*)</div>$", r"\1", _smf20_post(30 + i, i, f"u{i}", "June 02, 2013, "
                                                       "08:15:00 PM", f"Text {i}."))
            for i in range(3)]
    assert all(post.startswith('<div class="post_wrapper">') for post in bare)
    thread = _read(_page('<div id="forumposts">' + "".join(bare) + "</div>"))
    assert [(node.label, node.kind, node.author, node.text) for node in thread.nodes] == [
        ("30", "post", "u0", "Text 0."), ("31", "comment", "u1", "Text 1."),
        ("32", "comment", "u2", "Text 2.")]


def test_smf_later_page_starts_with_a_reply():
    text = _page(_smf20_post(90, 15, "late_1", "June 09, 2013, 09:00:00 AM", "Update: fixed."))
    assert [node.kind for node in _read(text).nodes] == ["comment"]


def test_mybb_posts_numbers_quotes_code_and_relative_dates():
    def post(pid: int, number: int, name: str, date: str, content: str) -> str:
        return (f'<div class="post " id="post_{pid}"><div class="post_author"><div class="author_'
                f'information"><strong><span class="largetext"><a href="member.php?uid=3">{name}'
                f'</a></span></strong> <span class="smalltext">Member</span></div><div class='
                f'"author_statistics">Posts: 44<br />Joined: Jan 2019</div></div><div class="post'
                f'_content"><div class="post_head"><div class="float_right"><strong><a href="show'
                f'thread.php?pid={pid}#pid{pid}">#{number}</a></strong></div><span class="post_'
                f'date">{date}<span class="post_edit" id="edited_by_{pid}"></span></span></div>'
                f'<div class="post_body scaleimages" id="pid_{pid}">{content}</div><div class='
                f'"signature scaleimages">sig</div></div><div class="post_controls">Reply</div>'
                "</div>")

    quote = ('<blockquote class="mycode_quote"><cite><span> (01-05-2020, 10:00 AM)</span>n00b_1 '
             'Wrote: <a href="showthread.php?pid=5#pid5" class="quick_jump"></a></cite>How do I '
             'flash it?</blockquote><div class="codeblock"><div class="title">Code:<br /></div>'
             '<div class="body" dir="ltr"><code>flash --port 3</code></div></div>')
    text = _page('<div id="posts">'
                 + post(5, 1, "n00b_1", "01-05-2020, 10:00 AM", "How do I flash it?")
                 + post(6, 2, "Dev 42", '<span title="01-06-2020, 09:30 PM">Yesterday</span>, '
                        "09:30 PM", quote) + "</div>")
    thread = _read(text)
    assert _layout_of(text) == "MyBB"
    assert [(node.label, node.author, node.kind) for node in thread.nodes] == [
        ("5", "n00b_1", "post"), ("6", "Dev 42", "comment")]
    assert thread.nodes[1].text == ("n00b_1 Wrote:\n\n> How do I flash it?\n\nflash --port 3")
    assert [node.published.isoformat() for node in thread.nodes] == [
        "2020-01-05T10:00:00", "2020-01-06T21:30:00"]


def test_vbulletin_numeric_dates_are_month_first_unless_the_page_shows_a_day_over_12():
    month_first = _read(_page(_vb4_post(1, 1, "a_1", "Hi.", "03-07-2012")
                              + _vb4_post(2, 2, "b_2", "Hello.", "03-08-2012")))
    day_first = _read(_page(_vb4_post(1, 1, "a_1", "Hi.", "03-07-2012")
                            + _vb4_post(2, 2, "b_2", "Hello.", "15-07-2012")))
    assert [node.published.isoformat() for node in month_first.nodes] == [
        "2012-03-07T21:41:00", "2012-03-08T21:41:00"]
    assert [node.published.isoformat() for node in day_first.nodes] == [
        "2012-07-03T21:41:00", "2012-07-15T21:41:00"]


def test_invision_topic_is_not_taken_for_wordpress_comments():
    def post(number: int, name: str, content: str) -> str:
        return (f'<a id="comment-{number}"></a><article id="elComment_{number}" class="cPost '
                f'ipsBox ipsComment"><aside class="ipsComment_author cAuthorPane"><h3 class='
                f'"cAuthorPane_author"><strong><a href="/profile/{number}-x/">{name}</a></strong>'
                f'</h3><ul class="cAuthorPane_info"><li data-role="posts">1,234 posts</li></ul>'
                f'</aside><div id="comment-{number}_wrap" class="ipsComment_content"><div class='
                f'"ipsComment_meta"><a>Posted <time datetime="2020-09-13T12:2{number}:40Z">'
                f'September 13</time></a></div><div class="cPost_contentWrap"><div data-role='
                f'"commentContent" class="ipsType_richText">{content}</div><ul class="ipsItem'
                f'Controls"><li>Quote</li></ul><div data-role="memberSignature">Signature'
                "</div></div></div></article>")

    quote = ('<blockquote class="ipsQuote" data-ipsquote-username="mod_1"><div class="ipsQuote_'
             'citation">mod_1 said:</div><div class="ipsQuote_contents"><p>Read the FAQ.</p>'
             "</div></blockquote><p>Which one?</p>")
    text = _page('<div data-role="commentFeed">' + post(1, "mod_1", "<p>Read the FAQ.</p>")
                 + post(2, "newbie 2", quote) + "</div>")
    thread = _read(text)
    assert _layout_of(text) == "Invision"
    assert [(node.label, node.author, node.kind) for node in thread.nodes] == [
        ("1", "mod_1", "post"), ("2", "newbie 2", "comment")]
    assert thread.nodes[1].text == "mod_1 said:\n\n> Read the FAQ.\n\nWhich one?"
    assert thread.nodes[1].published.isoformat() == "2020-09-13T12:22:40+00:00"
    assert all("Signature" not in node.text and "posts" not in node.text
               for node in thread.nodes)


# -- nothing lost, on any text ---------------------------------------------------------------

_TOKENS = [">", ">>7", "x>1", "a<b", "&", "👍🏽", "שלום", "مرحبا", "R2D2", "user1987", "日本語",
           "`code()`", "'quoted'", "—", "1.", "#3", "2023", "Re:", "wrote:", "Quote", "said:",
           "e.g."]
_BUILDERS = {
    "PhpBB": (lambda i, name, body: _phpbb_post(i + 1, name, body), "p"),
    "XenForo": (lambda i, name, body: _xenforo_post(700 + i, i + 1, name, body), "p"),
    "VBulletin": (lambda i, name, body: _vb4_post(800 + i, i + 1, name, body), "br"),
    "SMF": (lambda i, name, body: _smf20_post(30 + i, i, name, "June 02, 2013, 08:15:00 PM",
                                              body), "br"),
    "Imageboard": (lambda i, name, body: _chan_post(100 + i, body, op=not i, name=name), "br"),
}


@pytest.mark.parametrize("layout", sorted(_BUILDERS))
@settings(max_examples=30, deadline=None)
@given(posts=st.lists(st.tuples(
    st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}[0-9]{0,4}", fullmatch=True),
    st.lists(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=6).map(" ".join),
             min_size=1, max_size=3)), min_size=1, max_size=5))
def test_every_forum_post_is_one_node_with_its_author_and_lines(layout, posts):
    # Lines as the forum shows them (paragraphs, or lines broken by <br>), written as HTML.
    build, breaks = _BUILDERS[layout]

    def markup(lines):
        escaped = [html.escape(line, quote=False) for line in lines]
        return "".join(f"<p>{line}</p>" for line in escaped) if breaks == "p" \
            else "<br>".join(escaped)

    text = _page('<div class="board"><div class="thread" id="t100">' + "".join(
        build(index, name, markup(lines)) for index, (name, lines) in enumerate(posts))
        + "</div></div>")
    thread = _read(text)
    assert _layout_of(text) == layout
    assert [(node.author, node.text) for node in thread.nodes] == [
        (name, ("\n\n" if breaks == "p" else "\n").join(lines)) for name, lines in posts]


def test_layouts_search_the_page_by_descendant_steps_not_a_leading_double_slash():
    # libxml2 runs the step after "//" once per node of the page and merges the results,
    # quadratic in the matches: "//div[@id]" took 4.2 s on a 24,000-div topic page, where
    # "descendant::div[@id]" takes 0.08 s (every page is tried by every forum layout).
    for module in (board_layouts, forum_layouts, invision_layouts, qa_layouts, smf_mybb_layouts):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert not re.findall(r'"//|\| //', source), module.__name__
