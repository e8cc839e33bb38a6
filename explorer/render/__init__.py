"""Threads -> offline HTML: a page per thread, the corpus dashboard and the people graph.

vis-network comes from pyvis' files. Modules: ``network`` (a thread as a vis network and the
page's data, in columns), ``page`` (the thread page), ``assets`` (templates, shared scripts,
the CSP), ``dashboard`` (index.html), ``charts`` (its matplotlib charts), ``people`` (who
answers and quotes whom) and ``site`` (a folder of them).
"""

from .dashboard import render_index
from .network import (
    EDGE_STYLES,
    FORCE_LIMIT,
    INFERRED,
    LARGE,
    LAYOUTS,
    LIVE_BUDGET,
    LIVE_LIMIT,
    SIZES,
    build_network,
    edge_category,
)
from .page import render_html, write_html
from .people import render_people
from .site import page_names, write_pages

__all__ = [
    "EDGE_STYLES",
    "INFERRED",
    "FORCE_LIMIT",
    "LARGE",
    "LAYOUTS",
    "LIVE_BUDGET",
    "LIVE_LIMIT",
    "SIZES",
    "build_network",
    "edge_category",
    "page_names",
    "render_html",
    "render_index",
    "render_people",
    "write_html",
    "write_pages",
]
