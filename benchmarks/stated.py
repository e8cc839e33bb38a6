"""Stated parents kept: on real threaded data, how many stated parents a guess replaced.

    .venv/bin/python benchmarks/stated.py

Reads the real samples of tests/data/real (a Reddit dump, a Hacker News thread, a mailing
list's monthly archives, a Parquet table of a mailing list), analyses every thread and
prints, per source: threads, comments, stated and flat comments, inferred reply edges,
addressed edges, and comments whose stated place was replaced by a guess (an inferred reply
edge on a comment that is not flat), which must be 0. Inputs a reader refuses are counted;
the gzip mail months and the wrapped Hacker News file ({"post", "comments"}) are unpacked
into a temporary folder first when explorer cannot read them as they are.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer import analyse, read_paths  # noqa: E402
from explorer.errors import ExplorerError  # noqa: E402
from explorer.model import Thread  # noqa: E402

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"


def read(paths: list[Path]) -> tuple[list[Thread], int]:
    """The threads of the paths, and how many paths were refused."""
    refused: list[ExplorerError] = []
    threads = read_paths([str(path) for path in paths], on_error=refused.append)
    return threads, len(refused)


def unpacked(paths: list[Path], folder: Path) -> list[Path]:
    """Copies explorer reads today: gzip months decompressed, wrapped items unwrapped."""
    copies = []
    for path in paths:
        if path.suffix == ".gz":
            copy = folder / (path.name.removesuffix(".txt.gz") + ".mbox")
            copy.write_bytes(gzip.decompress(path.read_bytes()))
        else:
            wrapped = json.loads(path.read_text(encoding="utf-8"))
            copy = folder / path.name
            copy.write_text(json.dumps([wrapped["post"], *wrapped["comments"]]), "utf-8")
        copies.append(copy)
    return copies


def figures(threads: list[Thread]) -> dict[str, int]:
    """Counts over the analysed threads (see the module docstring)."""
    counts = dict.fromkeys(
        ("threads", "comments", "stated", "flat", "inferred", "addressed", "replaced"), 0
    )
    for thread in threads:
        thread = analyse(thread)
        guessed = {e.source for e in thread.edges if e.kind == "reply" and e.inferred}
        counts["threads"] += 1
        for node in thread.comments:
            counts["comments"] += 1
            counts["flat" if node.flat else "stated"] += 1
            counts["replaced"] += not node.flat and node.id in guessed
        counts["inferred"] += len(guessed)
        counts["addressed"] += sum(1 for e in thread.edges if e.kind == "addressed")
    return counts


def main() -> None:
    sources = {
        "reddit": sorted((REAL / "reddit").glob("*.zst")),
        "hackernews": sorted((REAL / "hn").glob("*.json")),
        "mail": sorted((REAL / "mail").rglob("*.gz")),
        "table": sorted((REAL / "tables").glob("*.parquet")),
    }
    columns = ("threads", "comments", "stated", "flat", "inferred", "addressed", "replaced")
    print(f"{'source':12}" + "".join(f"{name:>11}" for name in columns) + "    refused")
    with tempfile.TemporaryDirectory() as folder:
        for name, paths in sources.items():
            threads, refused = read(paths)
            if refused and name in ("mail", "hackernews"):
                threads, refused = read(unpacked(paths, Path(folder)))
            counts = figures(threads)
            cells = "".join(f"{counts[column]:>11}" for column in columns)
            print(f"{name:12}{cells}    {refused} of {len(paths)}")


if __name__ == "__main__":
    main()
