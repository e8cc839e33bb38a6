"""Messages and threads explorer finds in each real sample, against counts made another way.

For each sample of ``tests/data/real`` (see its SOURCES.md) explorer reads the input with
``read_paths`` and the script counts the same things without explorer's readers:
- mail: "From " lines followed by a header line (pipermail leaves body lines starting with
  "From " unescaped, so a bare count overcounts), and threads as connected message ids
  through In-Reply-To and References (explorer also joins "Re:" subjects, so it can find
  fewer threads); replies whose parent is in another month's file, found both ways;
- Reddit dump: JSON lines and distinct ``link_id`` values;
- Hacker News: the story and the ``comments`` list of the saved object;
- Parquet table: rows and distinct ``thread_id`` values, through pandas;
- saved WordPress page: ``<li id="comment-N"`` tags; imageboard threads: ``"no":`` keys,
  one thread per file; Stack Exchange dump: question and answer rows, a thread per question.

    .venv/bin/python benchmarks/real_samples.py
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import zstandard

from explorer.errors import ExplorerError
from explorer.formats import read_paths

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"
_SEPARATOR = re.compile(rb"^From [^\n]*\n[A-Za-z][A-Za-z0-9-]*:", re.MULTILINE)
_ID = re.compile(rb"<([^<>\s]+)>")


def count_mail(folder: Path) -> dict[str, int]:
    """Messages, threads and cross-file replies of a folder of pipermail months, by regex."""
    parent: dict[bytes, bytes] = {}

    def find(key: bytes) -> bytes:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    messages = 0
    file_of: dict[bytes, str] = {}
    answers: list[tuple[bytes, bytes]] = []
    for path in sorted(folder.glob("*.txt.gz")):
        data = gzip.decompress(path.read_bytes())
        starts = [match.start() for match in _SEPARATOR.finditer(data)]
        messages += len(starts)
        for begin, end in zip(starts, [*starts[1:], len(data)], strict=True):
            head = data[begin:end].split(b"\n\n", 1)[0].replace(b"\n\t", b" ").replace(b"\n ", b" ")
            fields = dict(_fields(head))
            own = _ID.findall(fields.get(b"message-id", b""))
            if not own:
                continue
            file_of.setdefault(own[0], path.name)
            refs = _ID.findall(fields.get(b"references", b"")) + _ID.findall(
                fields.get(b"in-reply-to", b"")
            )
            for ref in refs:
                parent[find(own[0])] = find(ref)
            reply_to = _ID.findall(fields.get(b"in-reply-to", b""))
            if reply_to:
                answers.append((own[0], reply_to[-1]))
    roots = {find(message) for message in file_of}
    across = sum(
        1 for own, target in answers if target in file_of and file_of[target] != file_of[own]
    )
    return {"messages": messages, "threads": len(roots), "replies across files": across}


def _fields(head: bytes):
    for line in head.split(b"\n")[1:]:
        name, _, value = line.partition(b":")
        yield name.strip().lower(), value


def explorer_mail(threads) -> dict[str, int]:
    nodes = [node for thread in threads for node in thread.nodes]
    files = {node.id: dict(node.meta).get("file") for node in nodes}
    # A reply to the post stands at top level, its parent stated but not written out.
    parents = {
        node.id: node.parent or (thread.nodes[0].id if node.stated else None)
        for thread in threads for node in thread.comments if thread.nodes[0].kind == "post"
    }
    across = sum(
        1 for child, parent in parents.items() if parent and files[parent] != files[child]
    )
    return {"messages": len(nodes), "threads": len(threads), "replies across files": across}


def count_reddit(path: Path) -> dict[str, int]:
    """Comment lines and distinct link_id values of a .zst dump."""
    reader = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(path.open("rb"))
    text = io.TextIOWrapper(reader, encoding="utf-8")
    lines = [json.loads(line) for line in text if line.strip()]
    return {"messages": len(lines), "threads": len({line["link_id"] for line in lines})}


def count_hn(path: Path) -> dict[str, int]:
    """The saved story plus its comments list."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return {"messages": 1 + len(document["comments"]), "threads": 1}


def count_parquet(path: Path) -> dict[str, int]:
    """Rows and distinct thread ids, read by pandas."""
    import pandas

    frame = pandas.read_parquet(path)
    return {"messages": len(frame), "threads": frame["thread_id"].nunique()}


def count_page(path: Path) -> dict[str, int]:
    """WordPress comment items, by regex over the saved markup."""
    text = path.read_text(encoding="utf-8")
    return {"messages": len(re.findall(r'<li id="comment-\d+"', text)), "threads": 1}


def count_imageboard(folder: Path) -> dict[str, int]:
    """Post numbers of each thread file, by regex."""
    files = sorted(folder.glob("*.json"))
    posts = sum(len(re.findall(r'"no":\s*\d+', f.read_text(encoding="utf-8"))) for f in files)
    return {"messages": posts, "threads": len(files)}


def count_stackexchange(folder: Path) -> dict[str, int]:
    """Question and answer rows of Posts.xml, by regex; a thread per question."""
    text = (folder / "Posts.xml").read_text(encoding="utf-8")
    questions = len(re.findall(r'PostTypeId="1"', text))
    return {"messages": questions + len(re.findall(r'PostTypeId="2"', text)),
            "threads": questions}


def explorer_counts(threads) -> dict[str, int]:
    return {"messages": sum(len(t.nodes) for t in threads), "threads": len(threads)}


SAMPLES: list[tuple[str, Path, Callable, Callable]] = [
    ("mail folder", REAL / "mail" / "fetchmail-users", count_mail, explorer_mail),
    ("reddit dump", REAL / "reddit" / "RC_2005-12.zst", count_reddit, explorer_counts),
    ("hn json", REAL / "hn" / "hn_comments_2024-07_whoishiring.json", count_hn, explorer_counts),
    ("parquet table", REAL / "tables" / "r-sig-debian.parquet", count_parquet, explorer_counts),
    ("saved page", REAL / "pages" / "lemire-2010-03-15-comment-external-memory-shuffling.md",
     count_page, explorer_counts),
    ("imageboard", REAL / "imageboard", count_imageboard, explorer_counts),
    ("stackexchange", REAL / "stackexchange" / "music.meta", count_stackexchange,
     explorer_counts),
]


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    print(f"{'sample':<14} {'what':<22} {'explorer':>9} {'counted':>9}  seconds")
    for name, path, count, found in SAMPLES:
        try:
            expected = count(path)
        except ImportError as err:
            expected = {}
            print(f"{name:<14} no independent count: {err}")
        started = time.perf_counter()
        try:
            got = found(read_paths([str(path)]))
        except ExplorerError as err:
            print(f"{name:<14} not read: {err}")
            continue
        seconds = time.perf_counter() - started
        for what in got:
            print(f"{name:<14} {what:<22} {got[what]:>9} {expected.get(what, '-'):>9}  "
                  f"{seconds:.1f}")


if __name__ == "__main__":
    main()
