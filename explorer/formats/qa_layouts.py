"""Saved Stack Exchange question pages (Stack Overflow, Super User, any SE site).

The question is the thread's post; each answer answers it and each comment hangs under
the question or answer it is shown under, as the page states. An answer's author and
time come from its own signature (the last one: the first may be its last editor's), a
comment's from its user link and the ``title`` of its date; the score and the accepted
flag go in ``meta``. Code blocks keep their lines. Comments folded behind "Show N more
comments" and answers on other pages are counted in a warning. A question with no answer
and no comment is a thread of its post alone.
"""

from __future__ import annotations

import re

from .pagemarkup import (
    Element,
    Layout,
    Page,
    classed,
    first,
    has_class,
    markup_text,
    read_time,
    words,
)
from .records import Record

_BODY = ("js-post-body", "post-text")
_QUESTION = "data-explorer-question"
"""Where ``find`` notes the question's id on the page."""


def _number(value: str | None) -> int | None:
    match = re.search(r"-?\d+", (value or "").replace(",", ""))
    return int(match.group(0)) if match else None


def _title_time(holder: Element | None) -> str | None:
    """The exact time SE puts in a ``title`` ("2011-02-22 20:39:03Z, License: CC BY-SA")."""
    if holder is None:
        return None
    stamps = [shown.get("title") for shown in classed(holder, "relativetime",
                                                     "relativetime-clean")
              if shown.get("title")] + holder.xpath(".//time/@datetime")
    return stamps[0].split(",")[0] if stamps else None


def _answer_or_comment(element: Element) -> bool:
    """An answer (``div.answer``), a comment (``li``) or one saved before 2018 (``tr.comment``)."""
    if element.tag == "div":
        return element.get("data-answerid") is not None and has_class(element, "answer")
    if element.tag == "li":
        return element.get("data-comment-id") is not None
    return element.get("id") is not None and has_class(element, "comment")


def _questions(document: Element) -> list[Element]:
    return document.xpath("descendant::div[@id='question' and @data-questionid]")


def _replies(document: Element) -> list[Element]:
    """The answers and the comments (on the question or on an answer), in page order."""
    return [element for element in document.iter("div", "li", "tr")
            if _answer_or_comment(element)]


class StackExchange(Layout):
    """``#question`` is the post; ``div.answer`` and ``li.comment`` are the comments."""

    name = "Stack Exchange"
    platform = "stackexchange"

    def find(self, document: Element) -> list[Element]:
        """The answers and comments; a question with neither is found itself, and read as
        the thread's post alone."""
        questions = _questions(document)
        if not questions:
            return []
        # Noted on the page: reading a question found alone cuts it out of the page.
        document.set(_QUESTION, questions[0].get("data-questionid"))
        return _replies(document) or questions[:1]

    def label(self, element: Element) -> str:
        if element.get("data-answerid"):
            return f"a{element.get('data-answerid')}"
        return f"c{element.get('data-comment-id') or element.get('id').removeprefix('comment-')}"

    def comment(self, element: Element) -> Record:
        if element.get("data-questionid"):
            return self._post_record(element, "post", post=True)
        if not element.get("data-answerid"):
            return self._comment(element)
        return self._post_record(element, self.label(element), post=False)

    def _comment(self, element: Element) -> Record:
        user = first(element, "comment-user")
        meta = {"kind": "comment"}
        score = element.get("data-comment-score") or words(first(element, "comment-score"))
        if _number(score) is not None:
            meta["score"] = _number(score)
        return Record(
            label=self.label(element), text=markup_text(first(element, "comment-copy")),
            author=words(user) or None, published=read_time(
                _title_time(first(element, "comment-date"))),
            stated=True, meta=meta,
        )

    def _post_record(self, element: Element, label: str, post: bool) -> Record:
        body = next((found for found in (first(element, name) for name in _BODY)
                     if found is not None), None)
        signatures = classed(element, "post-signature")
        owner = signatures[-1] if signatures else None
        details = first(owner, "user-details") if owner is not None else None
        author = ""
        if details is not None:
            names = details.xpath("./a | ./span[@itemprop='name'] | .//*[@itemprop='name']")
            author = words(names[0]) if names else " ".join((details.text or "").split())
        stamps = element.xpath(".//*[@itemprop='dateCreated']/@datetime")
        published = stamps[0] if stamps else _title_time(first(owner, "user-action-time")
                                                          if owner is not None else None)
        score = element.get("data-score")
        if score is None:
            votes = first(element, "js-vote-count")
            score = (votes.get("data-value") or words(votes)) if votes is not None else None
        meta: dict = {"kind": "question" if post else "answer"}
        if _number(score) is not None:
            meta["score"] = _number(score)
        classes = (element.get("class") or "").split()
        if not post:
            meta["accepted"] = ("accepted-answer" in classes
                                or element.get("itemprop") == "acceptedAnswer")
        return Record(label=label, text=markup_text(body), author=author or None,
                      published=read_time(published), post=post, stated=True, meta=meta)

    def post(self, page: Page) -> Record | None:
        if not _replies(page.document):
            return None  # the question is what ``find`` found
        return self._post_record(_questions(page.document)[0], "post", post=True)

    def thread_id(self, page: Page) -> str | None:
        return page.document.get(_QUESTION)

    def title(self, page: Page) -> str | None:
        heading = page.document.xpath("descendant::*[@id='question-header']//h1")
        return words(heading[0]) if heading else page.title()

    def paging(self, page: Page, found: int) -> list[str]:
        """Warnings for answers on other pages and comments folded away."""
        problems = []
        document = page.document
        shown = len(document.xpath("descendant::div[@data-answerid]"))
        stated = document.xpath(
            "descendant::*[@id='answers-header']//*[@data-answercount]/@data-answercount"
            " | descendant::*[@id='answers']//*[@itemprop='answerCount']/text()")
        if stated and (_number(stated[0]) or 0) > shown:
            problems.append(
                f"the page says {_number(stated[0])} answers and shows {shown} ({shown} of "
                f"{_number(stated[0])} shown): the rest are on other pages; save each page")
        folded = sum(_number(count) or 0 for count in document.xpath(
            "descendant::*[@data-remaining-comments-count]/@data-remaining-comments-count"))
        if folded:
            problems.append(
                f"{folded} comments are folded behind \"Show more comments\" and not read: "
                "expand them before saving the page")
        return problems


LAYOUTS: tuple[Layout, ...] = (StackExchange(),)
