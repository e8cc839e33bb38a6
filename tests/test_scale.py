"""Memory follows the largest thread: what the CLI holds while it reads and works."""

from __future__ import annotations

from dataclasses import replace

import click

from explorer.cli import inputs
from tests.handmade import bare_thread


def test_threads_are_read_one_at_a_time_unless_a_warning_needs_the_next(monkeypatch, capsys):
    read: list[int] = []

    def four_threads(paths, **options):
        for number in range(4):
            read.append(number)
            yield replace(bare_thread(), id="dump" if number == 0 else f"t{number}",
                          source="dump.jsonl", problems=("loops cut",) if number < 2 else ())

    monkeypatch.setattr(inputs, "iter_threads", four_threads)
    with click.Context(click.Command("stats")):
        seen = [(thread.id, len(read))
                for thread in inputs.read_threads(inputs.Inputs(("dump.jsonl",)))]
    # The first thread's warning must say whether its file holds others (its name does not
    # tell: "dump" is in "dump.jsonl"), so the second is read ahead; no other is.
    assert seen == [("dump", 2), ("t1", 2), ("t2", 3), ("t3", 4)]
    assert capsys.readouterr().err.splitlines() == [
        "Warning: dump.jsonl: thread dump: loops cut",
        "Warning: dump.jsonl: thread t1: loops cut",
    ]
