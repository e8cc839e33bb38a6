"""The dashboard's charts, drawn at build time with matplotlib as SVG images.

An SVG shown through ``<img src="data:...">`` cannot run script or load anything, so charts of
untrusted names need no sanitising beyond what XML requires, and the page's CSP stays strict.
matplotlib comes with the ``dashboard`` extra; without it the dashboard has no charts.
"""

from __future__ import annotations

import base64
import io
import math
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ..errors import ExplorerError

EXTRA = "pip install 'explorer[dashboard]'"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_STYLE = {
    "svg.fonttype": "none",  # text stays text: smaller, and searchable
    "svg.hashsalt": "explorer",  # stable ids, so the same corpus gives the same bytes
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
}
BAR = "#4e79a7"
BARS = 60
"""Most bars in a chart of counts per number."""


def available() -> bool:
    """True when matplotlib is installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _figure(width: float = 4.6, height: float = 2.6) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _image(figure: Any) -> str:
    """The figure as a data: URI of its SVG."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _label(text: str, limit: int = 28) -> str:
    """A name as chart text: XML-safe, no mathtext ($), short."""
    text = _NOT_XML.sub("\ufffd", " ".join(text.split()))
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("$", r"\$")


def _styled(draw):
    """Run a chart function under the charts' style; refuse clearly without matplotlib."""

    def wrapped(*args, **kwargs):
        if not available():
            raise ExplorerError(f"charts need matplotlib: {EXTRA}")
        import matplotlib

        with matplotlib.rc_context(_STYLE):
            return draw(*args, **kwargs)

    wrapped.__doc__ = draw.__doc__
    wrapped.__name__ = draw.__name__
    return wrapped


def _whole_numbers(axis: Any) -> None:
    """Ticks only at whole numbers: counts and depths have no 0.6 (one bar drew 0.6 to 1.4)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))


def _log_bins(low: float, high: float, per_decade: int = 5) -> list[float]:
    start, stop = math.floor(math.log10(low)), math.ceil(math.log10(high))
    return [10 ** (start + i / per_decade) for i in range((stop - start) * per_decade + 1)]


@_styled
def time_chart(times: Sequence[datetime], title: str) -> str | None:
    """Comments over time: a histogram of their dates (UTC)."""
    if len(times) < 2:
        return None
    moments = [datetime.fromtimestamp(t.timestamp(), UTC).replace(tzinfo=None) if t.tzinfo
               else t for t in times]
    figure = _figure()
    ax = figure.add_subplot()
    ax.hist(moments, bins=min(60, max(10, int(math.sqrt(len(moments))))), color=BAR)
    ax.set_title(title)
    ax.set_ylabel("comments")
    _whole_numbers(ax.yaxis)
    figure.autofmt_xdate()
    return _image(figure)


@_styled
def size_chart(sizes: Sequence[int], title: str, unit: str) -> tuple[str, dict] | None:
    """A distribution of positive counts (thread sizes), on a log scale when they spread.

    With the image comes where its x axis lies (figure fractions, limits, scale) and the bin
    edges, so a click on a bar can be read back as the range of counts it stands for.
    """
    sizes = [size for size in sizes if size > 0]
    if not sizes:
        return None
    figure = _figure()
    ax = figure.add_subplot()
    if max(sizes) > 50:
        _, edges, _ = ax.hist(sizes, bins=_log_bins(1, max(sizes) + 1), color=BAR)
        ax.set_xscale("log")
    else:
        # Bars centred on whole counts: bin n covers [n - 0.5, n + 0.5).
        _, edges, _ = ax.hist(sizes, bins=[n - 0.5 for n in range(1, max(sizes) + 2)],
                              color=BAR)
        _whole_numbers(ax.xaxis)
    ax.set_title(title)
    ax.set_xlabel(unit)
    ax.set_ylabel("threads")
    _whole_numbers(ax.yaxis)
    figure.draw_without_rendering()  # the constrained layout places the axes
    box = ax.get_position()
    axis = {"x0": round(box.x0, 4), "x1": round(box.x1, 4), "y0": round(1 - box.y1, 4),
            "y1": round(1 - box.y0, 4), "lim": [float(v) for v in ax.get_xlim()],
            "log": ax.get_xscale() == "log", "edges": [float(e) for e in edges]}
    return _image(figure), axis


@_styled
def count_chart(counts: dict[int, int], title: str, xlabel: str, ylabel: str) -> str | None:
    """Bars of a count per whole number (comments per depth)."""
    if not counts:
        return None
    keys = sorted(counts)
    # One bar per number draws a 200,000-deep chain as 200,000 bars (a 55 MB page that
    # took minutes): past BARS numbers, each bar counts a run of them.
    width = max(1, math.ceil((keys[-1] - keys[0] + 1) / BARS))
    binned: dict[int, int] = {}
    for key in keys:
        start = key - (key - keys[0]) % width
        binned[start] = binned.get(start, 0) + counts[key]
    figure = _figure()
    ax = figure.add_subplot()
    keys = sorted(binned)
    ax.bar(keys, [binned[k] for k in keys], color=BAR, width=0.8 * width,
           align="center" if width == 1 else "edge")
    _whole_numbers(ax.xaxis)
    ax.set_title(title)
    ax.set_xlabel(xlabel if width == 1 else f"{xlabel} (bars of {width})")
    ax.set_ylabel(ylabel)
    if len(keys) > 30:
        ax.set_yscale("log")
    else:
        _whole_numbers(ax.yaxis)
    return _image(figure)


@_styled
def hours_chart(hours: Sequence[float], title: str) -> str | None:
    """A distribution of durations in hours, on a log scale from minutes to months."""
    hours = [h for h in hours if h > 0]
    if len(hours) < 2:
        return None
    figure = _figure()
    ax = figure.add_subplot()
    ax.hist(hours, bins=_log_bins(min(hours), max(hours) * 1.01), color=BAR)
    ax.set_xscale("log")
    ticks = [(1 / 60, "1 min"), (1, "1 h"), (24, "1 day"), (24 * 7, "1 week"),
             (24 * 30, "30 days"), (24 * 365, "1 year")]
    shown = []
    # Ticks nearer than a sixth of the axis overlap ("1 week" and "30 days" on a wide one).
    low, high = min(hours), max(hours)
    gap = math.log10(high * 9 / low) / 6
    for value, label in ticks:
        if low / 3 <= value <= high * 3 and (
                not shown or math.log10(value / shown[-1][0]) >= gap):
            shown.append((value, label))
    if shown:
        ax.set_xticks([v for v, _ in shown], labels=[t for _, t in shown])
    ax.set_title(title)
    ax.set_ylabel("comments")
    _whole_numbers(ax.yaxis)
    return _image(figure)


@_styled
def ranking_chart(ranked: Sequence[tuple[str, int]], title: str, unit: str) -> str | None:
    """Horizontal bars of the top names, largest on top."""
    if not ranked:
        return None
    figure = _figure(4.6, max(2.0, 0.6 + 0.22 * len(ranked)))
    ax = figure.add_subplot()
    ax.barh(range(len(ranked)), [count for _, count in ranked], color=BAR)
    ax.set_yticks(range(len(ranked)), labels=[_label(name) for name, _ in ranked])
    ax.invert_yaxis()
    ax.set_title(title)
    ax.set_xlabel(unit)
    return _image(figure)
