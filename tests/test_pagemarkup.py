"""The saved-page layouts' shared lookups, checked against their plain definitions."""

from __future__ import annotations

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.formats.pagemarkup import cut, ending, first_of

_WORDS = ["comment-content", "x-comment-content", "content", "comment-body", "body", "fn",
          "comment-contents", "entry-content", "reply"]


@st.composite
def _trees(draw, depth: int = 0) -> str:
    """Nested divs, each with a few of the class words above (some none)."""
    classes = " ".join(draw(st.lists(st.sampled_from(_WORDS), max_size=3)))
    children = draw(st.lists(_trees(depth + 1), max_size=3)) if depth < 3 else []
    return f'<div class="{classes}">t{"".join(children)}</div>'


@settings(max_examples=200, deadline=None)
@given(_trees(), st.lists(st.sampled_from(_WORDS[:6]), min_size=1, max_size=4, unique=True))
def test_first_of_is_the_first_element_of_the_first_name_found(markup, names):
    """One walk gives what a walk per name (in order of preference) gives."""
    tree = lxml.html.fragment_fromstring(markup)
    expected = next((found[0] for found in (ending(tree, name) for name in names) if found),
                    None)
    assert first_of(tree, *names) is expected


def test_cut_keeps_the_tail_and_passes_over_what_is_out_already():
    box = lxml.html.fragment_fromstring("<div><p>a<span>b</span> c</p></div>")
    span = box.find(".//span")
    cut(span)
    cut(span)  # cut already
    cut(box)  # a root
    cut(None)
    assert lxml.html.tostring(box, encoding="unicode") == "<div><p>a c</p></div>"
