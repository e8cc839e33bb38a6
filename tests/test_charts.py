"""The dashboard's charts stay small on hostile shapes."""

from __future__ import annotations

import base64
import re

import pytest

from explorer.render import charts

pytestmark = pytest.mark.skipif(not charts.available(), reason="needs matplotlib")


def bars(uri: str) -> int:
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    # Less the backgrounds of the figure and the axes, and the two spines drawn.
    return len(re.findall(r"<g id=\"patch_\d+\"", svg)) - 4


def test_a_deep_chain_draws_a_bounded_number_of_bars_counting_every_comment():
    depths = {depth: 1 for depth in range(20_000)}  # a 20,000-comment chain
    uri = charts.count_chart(depths, "Comments by depth", "depth", "comments")
    assert bars(uri) <= charts.BARS
    assert "depth (bars of 334)" in base64.b64decode(uri.split(",", 1)[1]).decode()


def test_shallow_threads_keep_one_bar_per_depth():
    uri = charts.count_chart({0: 5, 1: 9, 2: 3, 7: 1}, "Comments by depth", "depth", "comments")
    assert bars(uri) == 4


def tick_labels(uri: str) -> list[str]:
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    axis = svg.split('<g id="matplotlib.axis_1">', 1)[1].split('<g id="matplotlib.axis_2">')[0]
    return re.findall(r"<text[^>]*>([^<]+)</text>", axis)


@pytest.mark.parametrize(("low", "high", "expected"), [
    (0.2, 24 * 9, ["1 h", "1 day", "1 week"]),  # minutes to days: a tick each
    (0.003, 24 * 60, ["1 min", "1 h", "1 day", "30 days"]),  # a wide axis: no crowded pair
])
def test_reply_latency_ticks_never_crowd_each_other(low, high, expected):
    hours = [low, (low * high) ** 0.5, high]
    labels = [label for label in tick_labels(charts.hours_chart(hours, "latency"))
              if not label.startswith("$")]
    assert labels == expected


def test_counts_and_depths_are_ticked_at_whole_numbers_only():
    # 50,000 one-comment threads: one bar each, ticked "1", not 0.6, 0.8, ..., 1.4.
    sizes, _ = charts.size_chart([1] * 50_000, "Thread sizes", "comments per thread")
    depths = charts.count_chart({1: 50_000}, "Comments by depth", "depth", "comments")
    for uri, xlabel in ((sizes, "comments per thread"), (depths, "depth")):
        assert [label for label in tick_labels(uri)
                if not label.startswith("$") and label != xlabel] == ["1"]


def y_tick_labels(uri: str) -> list[str]:
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    axis = svg.split('<g id="matplotlib.axis_2">', 1)[1].split('<g id="patch_', 1)[0]
    return [label for label in re.findall(r"<text[^>]*>([^<]+)</text>", axis)
            if not label.startswith("$")]


def test_counts_of_threads_and_comments_are_whole_numbers_up_the_side():
    # Three threads: the side counted 0.5, 1.5 and 2.5 threads.
    sizes, _ = charts.size_chart([100, 150, 2000], "Thread sizes", "comments per thread")
    depths = charts.count_chart({0: 1, 1: 3}, "Comments by depth", "depth", "comments")
    for uri, ylabel in ((sizes, "threads"), (depths, "comments")):
        labels = [label for label in y_tick_labels(uri) if label != ylabel]
        assert labels and all(label.isdecimal() for label in labels), labels
