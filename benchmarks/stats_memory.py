"""Time and peak memory of `explorer stats` over generated corpora of growing size.

    python benchmarks/stats_memory.py                   # 50,000 and 200,000 comments
    python benchmarks/stats_memory.py 50000 1000000 --jobs 2
    python benchmarks/stats_memory.py 50000 200000 --single-file jsonl
    python benchmarks/stats_memory.py 50000 --single-file csv
    python benchmarks/stats_memory.py 50000 --single-file mbox
    python benchmarks/stats_memory.py 200000 --command "comments --format json"

Each corpus comes from benchmarks/generate.py (threads of 5-120 comments with planted
quotes). It is written as a folder with one explorer-thread JSON file per thread, or with
``--single-file`` as one file: ``json``, one explorer-thread document; ``jsonl``, a
Reddit-style comment dump (RC_ lines with link_id and parent_id, each submission an RS_
line, every line in shuffled order, so a thread's comments are scattered over the file);
``csv``, a comment table (id, parent_id, thread_id, author, time, text, title) with its
rows shuffled the same way; ``mbox``, a mailbox of the same rows as messages (each reply's
In-Reply-To and References name its ancestors), shuffled the same way. `explorer stats`
runs on it in a child process.
Peak memory is the largest sum of resident memory over the command and its worker
processes, sampled every 20 ms from /proc. Memory bounded by the largest thread means the
peak stays flat as the corpus grows; time should grow linearly.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from email.utils import formatdate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402
from explorer.formats import interchange  # noqa: E402
from explorer.model import Thread  # noqa: E402

PAGE = 4096
SINGLE_FILES = ("json", "jsonl", "csv", "mbox")


def write_corpus(comments: int, folder: Path, single_file: str | None) -> Path:
    """Write a generated corpus of about ``comments`` comments; return the path to read."""
    threads, _ = generate(comments)
    if single_file == "json":
        path = folder / "corpus.json"
        path.write_text(interchange.write(threads), encoding="utf-8")
        return path
    if single_file in ("jsonl", "csv", "mbox"):
        rows = shuffled_rows(threads)
        if single_file == "mbox":
            path = folder / "corpus.mbox"
            with path.open("w", encoding="utf-8") as out:
                out.writelines(mail_messages(rows))
        elif single_file == "jsonl":
            path = folder / "RC_corpus.jsonl"
            with path.open("w", encoding="utf-8") as out:
                comments = {thread.id: len(thread.nodes) - 1 for thread in threads}
                out.writelines(json.dumps(dump_line(row, comments)) + "\n" for row in rows)
        else:
            path = folder / "corpus.csv"
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
        return path
    path = folder / "corpus"
    path.mkdir()
    for thread in threads:
        (path / f"{thread.id}.json").write_text(interchange.write([thread]), encoding="utf-8")
    return path


def shuffled_rows(threads: list[Thread]) -> list[dict]:
    """One table row per node (the post's id is its thread's), replies hung on random
    earlier nodes, in a shuffled order."""
    rng = random.Random(14)
    rows, clock = [], 1_600_000_000
    for thread in threads:
        ids: list[str] = []
        for node in thread.nodes:
            post = node.kind == "post"
            row_id = thread.id if post else f"{thread.id}_{node.label}"
            parent = "" if post else rng.choice(ids) if rng.random() < 0.5 else thread.id
            clock += rng.randint(1, 90)
            rows.append({"id": row_id, "parent_id": parent, "thread_id": thread.id,
                         "author": node.author or "", "time": clock, "text": node.text,
                         "title": f"thread {thread.id}" if post else ""})
            ids.append(row_id)
    rng.shuffle(rows)
    return rows


def dump_line(row: dict, comments: dict[str, int]) -> dict:
    """A table row as a line of a Reddit dump: a comment (RC_) or a submission (RS_)."""
    common = {"id": row["id"], "author": row["author"], "created_utc": row["time"],
              "subreddit": "generated", "score": 1}
    if not row["parent_id"]:
        return {**common, "title": row["title"], "selftext": row["text"],
                "num_comments": comments[row["thread_id"]]}
    parent = ("t3_" if row["parent_id"] == row["thread_id"] else "t1_") + row["parent_id"]
    return {**common, "link_id": f"t3_{row['thread_id']}", "parent_id": parent,
            "body": row["text"]}


def mail_messages(rows: list[dict]) -> list[str]:
    """The rows as mbox messages: each reply's References name its ancestors, root first."""
    parents = {row["id"]: row["parent_id"] for row in rows}
    messages = []
    for row in rows:
        ancestors, parent = [], row["parent_id"]
        while parent:
            ancestors.append(f"<{parent}@generated>")
            parent = parents[parent]
        headers = [f"From: {row['author'] or 'anonymous'} <user@example.org>",
                   f"Date: {formatdate(row['time'], usegmt=True)}",
                   f"Message-ID: <{row['id']}@generated>",
                   f"Subject: {'' if not ancestors else 'Re: '}thread {row['thread_id']}"]
        if ancestors:
            headers += [f"In-Reply-To: {ancestors[0]}",
                        f"References: {' '.join(reversed(ancestors))}"]
        # mboxrd: a body line starting "From " (after any ">") gets one more ">".
        body = re.sub(r"(?m)^(>*From )", r">\1", row["text"])
        messages.append("From generated Thu Jan  1 00:00:00 1970\n" + "\n".join(headers)
                        + f"\n\n{body}\n\n")
    return messages


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * PAGE
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def measure(path: Path, jobs: int, command: str = "stats") -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident bytes of `explorer COMMAND PATH --jobs JOBS`.

    CPU time is what the machine's other load does not change much.
    """
    name, *options = command.split()
    command = [sys.executable, "-m", "explorer", name, str(path), *options, "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # Warnings go to a file: a pipe nobody reads would fill and stop the command.
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if process.returncode != 0:
        errors.seek(0)
        sys.exit(f"explorer {name} failed: {errors.read().decode()[-2000:]}")
    errors.close()
    return seconds, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[50_000, 200_000])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--single-file", nargs="?", const="json", choices=SINGLE_FILES,
                        help="one file instead of a folder: json (the default), jsonl, csv, mbox")
    parser.add_argument("--command", default="stats", help="the command and its options")
    args = parser.parse_args()
    layout = f"one {args.single_file} file" if args.single_file else "one file per thread"
    print(f"{'comments':>9}  {'wall s':>8}  {'CPU s':>8}  {'peak MB':>8}   "
          f"(explorer {args.command}, jobs {args.jobs}, {layout})")
    peaks = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = write_corpus(size, Path(folder), args.single_file)
            seconds, cpu, peak = measure(path, args.jobs, args.command)
        print(f"{size:>9,}  {seconds:>8.1f}  {cpu:>8.1f}  {peak / 2**20:>8.0f}", flush=True)
        peaks.append(peak)
    if len(peaks) > 1:
        print(f"peak at {args.sizes[-1]:,} comments: {peaks[-1] / peaks[0]:.2f} times the peak "
              f"at {args.sizes[0]:,}")


if __name__ == "__main__":
    main()
