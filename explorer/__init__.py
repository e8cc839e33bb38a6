"""explorer: turn online discussion threads into graphs of replies, quotes and repeats."""

from .detect import Options, analyse
from .errors import ExplorerError
from .formats import iter_threads, parse_text, read_paths
from .model import Edge, Node, Occurrence, Passage, RepeatGroup, Thread

__all__ = [
    "Edge",
    "ExplorerError",
    "Node",
    "Occurrence",
    "Options",
    "Passage",
    "RepeatGroup",
    "Thread",
    "analyse",
    "iter_threads",
    "parse_text",
    "read_paths",
]
