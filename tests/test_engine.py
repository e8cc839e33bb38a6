"""Per-thread work on every core or a Dask cluster: same output, same order, bounded memory."""

from __future__ import annotations

import http.server
import io
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer import engine
from explorer.engine import (
    BATCH_WEIGHT,
    IN_FLIGHT_PER_WORKER,
    batched_by_weight,
    map_batches,
    map_ordered,
    map_threads,
)
from explorer.errors import ExplorerError
from explorer.formats import interchange, iter_threads, read_paths
from explorer.progress import Progress, format_duration
from tests.paths import REAL, ROOT, SEEDS


def same(numbers: list[int]) -> list[int]:
    """A batch's work that hands each item back (module level: workers unpickle it)."""
    return list(numbers)


def square(number: int) -> int:
    return number * number


def test_map_ordered_keeps_the_order_and_few_items_in_flight():
    consumed, yielded = [], []

    def numbers():
        for number in range(200):
            consumed.append(number)
            # Never more than the window read ahead of what was handed back.
            assert len(consumed) - len(yielded) <= 3 * IN_FLIGHT_PER_WORKER
            yield number

    with ThreadPoolExecutor(max_workers=3) as pool:
        for result in map_ordered(square, numbers(), pool, 3):
            yielded.append(result)
    assert yielded == [n * n for n in range(200)]


@given(st.lists(st.integers(min_value=0, max_value=3 * BATCH_WEIGHT), max_size=40))
def test_batches_keep_every_item_in_order_and_stay_near_the_weight(weights):
    batches = list(batched_by_weight(weights, lambda weight: weight))
    assert [w for batch in batches for w in batch] == weights
    for batch in batches:
        # A batch closes at the first item that reaches the weight.
        assert sum(batch[:-1]) < BATCH_WEIGHT
        # An item of the batch weight (a big thread) is a batch alone.
        assert len(batch) == 1 or max(batch) < BATCH_WEIGHT


def squares_and_batch_size(numbers: list[int]) -> list[tuple[int, int]]:
    return [(number * number, len(numbers)) for number in numbers]


@pytest.mark.parametrize("jobs", [1, 2])
def test_map_batches_hands_whole_batches_and_keeps_the_order(jobs):
    weights = [BATCH_WEIGHT // 4] * 9 + [BATCH_WEIGHT] + [1] * 5
    results = list(map_batches(squares_and_batch_size, weights, jobs=jobs,
                               weight=lambda weight: weight))
    assert [square for square, _ in results] == [weight * weight for weight in weights]
    assert [size for _, size in results] == [4] * 8 + [1, 1] + [5] * 5


def test_map_threads_on_processes_equals_a_plain_map():
    numbers = list(range(50))
    assert list(map_threads(square, numbers, jobs=2)) == list(map(square, numbers))
    assert list(map_threads(square, [], jobs=2)) == []


def test_an_unknown_engine_is_refused():
    with pytest.raises(ExplorerError, match="unknown engine 'spark'"):
        list(map_threads(square, [1, 2], engine="spark"))


@pytest.mark.slow
def test_a_scheduler_needs_the_dask_engine(run):
    result = run("stats", SEEDS, "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "Error: a scheduler address needs the dask engine (--engine dask)\n"
    )


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of a few nodes, so that the small inputs of tests start workers (one batch
    is worked on without them)."""
    monkeypatch.setattr(engine, "BATCH_WEIGHT", 40)


@pytest.mark.parametrize(
    "args",
    [
        ("comments", "--format", "json"),
        ("replies", "--format", "json"),
        ("stats", "--by", "comment", "--format", "csv"),
        ("quotes", "--format", "json"),
    ],
    ids=lambda args: "-".join(args[:2]),
)
@pytest.mark.slow
def test_output_is_the_same_with_one_job_or_two(run, args, small_batches):
    inputs = (SEEDS, REAL / "reddit")
    one = run(args[0], *inputs, *args[1:], "--jobs", "1")
    two = run(args[0], *inputs, *args[1:], "--jobs", "2")
    assert one.exit_code == two.exit_code == 0, two.stderr
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert one.stdout.count("_c4fce12fea77598a") > 0  # the seeds were read, first


def test_the_dask_engine_needs_its_extra(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = run("stats", SEEDS, "--engine", "dask")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: the dask engine needs the dask extra: pip install 'explorer[dask]'"
    )


@pytest.mark.slow
def test_the_dask_engine_on_a_local_cluster_gives_the_same_output(run):
    pytest.importorskip("distributed")
    local = run("stats", SEEDS, "--by", "comment", "--format", "json", "--jobs", "1")
    dask = run("stats", SEEDS, "--by", "comment", "--format", "json", "--engine", "dask",
               "--jobs", "2")
    assert dask.exit_code == 0, dask.stderr
    assert dask.stdout == local.stdout


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_counts_rate_and_time_left_after_the_first_file():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, {"a.json": 100, "b.json": 300}, clock=clock)
    progress.add(10, "a.json")
    assert stream.getvalue() == ""  # nothing for the first second
    clock.now = 2.0
    progress.add(30, "b.json")  # a.json is done: a quarter of the bytes in 2 s
    line = stream.getvalue()
    assert line.startswith("\r2 threads, 40 comments, 20 comments/s, about 0:06 left")
    clock.now = 2.1
    progress.add(60, "b.json")  # too soon to redraw
    assert stream.getvalue() == line
    clock.now = 4.0
    progress.close()  # the final counts, on a line of their own
    assert stream.getvalue().endswith("\r3 threads, 100 comments, 25 comments/s\x1b[K\n")


def test_progress_says_nothing_of_a_short_run():
    stream = io.StringIO()
    progress = Progress(stream, clock=Clock())
    progress.add(5, "a.json")
    progress.close()
    assert stream.getvalue() == ""


@pytest.mark.parametrize(("seconds", "shown"), [(5, "0:05"), (65.4, "1:05"), (3725, "1:02:05")])
def test_durations(seconds, shown):
    assert format_duration(seconds) == shown


@pytest.mark.slow
def test_no_progress_when_stderr_is_not_a_terminal(run):
    result = run("stats", REAL / "reddit", "--jobs", "2")
    assert result.exit_code == 0
    assert all(line.startswith("Warning: ") for line in result.stderr.splitlines())


def test_inputs_are_read_one_file_at_a_time(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        path.write_text((SEEDS / "000_c4fce12fea77598a.txt").read_text("utf-8"), "utf-8")
    errors = []
    threads = iter_threads([str(first), str(second)], on_error=errors.append)
    assert next(threads).source == str(first)
    second.unlink()  # not read yet: its turn comes after the first thread is used
    assert list(threads) == [] and "no such file" in str(errors[0])


def test_the_interchange_json_is_written_thread_by_thread():
    seeds = read_paths([str(SEEDS)])

    def threads():
        yield from seeds[:2]
        raise RuntimeError("the third thread is not needed for the first two")

    chunks = interchange.iter_write(threads())
    written = "".join(next(chunks) for _ in range(3))  # the head and two threads
    assert written.count('"nodes": [') == 2
    assert interchange.write(seeds[:2]).startswith(written)


def test_progress_on_a_terminal_counts_every_thread(run, monkeypatch):
    import click.testing

    import explorer.progress

    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    monkeypatch.setattr(explorer.progress, "DELAY", 0.0)
    result = run("stats", SEEDS, "--jobs", "1")
    assert result.exit_code == 0
    final = result.stderr.rsplit("\r", 1)[1]
    assert final.startswith("5 threads, 80 comments, ") and final.endswith("\x1b[K\n")
    # Warnings start at the line's start, over the status line (click drops the clearing
    # escape when it writes to no real terminal), so they never trail it.
    assert result.stderr.count("Warning: ") == result.stderr.count("\rWarning: ") > 0


def test_jobs_beyond_the_cores_are_capped_with_a_note(run, monkeypatch, small_batches):
    started = []
    real_pool = engine.ProcessPoolExecutor

    def counted(max_workers, **kwargs):
        started.append(max_workers)
        return real_pool(max_workers, **kwargs)

    monkeypatch.setattr(engine, "ProcessPoolExecutor", counted)
    result = run("stats", SEEDS, "-j", "10000", "--fields", "thread")
    cores = engine.default_jobs()
    assert result.exit_code == 0
    note = f"Note: --jobs 10000 is more than the {cores} cores here; using {cores}\n"
    assert result.stderr.startswith(note)
    assert started == ([cores] if cores > 1 else [])


def test_a_process_limit_is_one_error_line_not_a_hang():
    # Under a process limit fork fails with EAGAIN; the run must say so and end.
    script = ("import os, sys\n"
              "def refused(): raise BlockingIOError(11, 'Resource temporarily unavailable')\n"
              "os.fork = refused\n"
              "from explorer import engine\n"
              "engine.BATCH_WEIGHT = 40  # several batches: workers are wanted\n"
              "from explorer.cli import cli\n"
              "cli(['stats', *sys.argv[1:]], prog_name='explorer')\n")
    result = subprocess.run([sys.executable, "-c", script, str(SEEDS), "-j", "2"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1 and result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Warning:")]
    assert lines == ["Error: cannot start worker processes (resource temporarily unavailable): "
                     "try fewer --jobs, or --jobs 1"]


@pytest.fixture(scope="module")
def bad_schedulers():
    """Loopback addresses where no Dask scheduler answers as one, by name."""
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    silent = socket.socket()  # accepts connections (in its backlog) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    web = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    with LocalCluster(n_workers=0, dashboard_address=None,
                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as idle:
        yield {
            "silent": f"tcp://127.0.0.1:{silent.getsockname()[1]}",
            "http": f"tcp://127.0.0.1:{web.server_port}",
            "no-workers": idle.scheduler_address,
            "not-an-address": "not-an-address",
            "tls-empty": "tls://",
        }
    web.shutdown()
    silent.close()


@pytest.mark.slow  # waits out the timeouts it checks: seconds of wall time each
@pytest.mark.parametrize(
    ("name", "message"),
    [("silent", "no answer within 4 s: not a Dask scheduler, or a busy one"),
     ("http", "no answer within 4 s: not a Dask scheduler, or a busy one"),
     ("no-workers", "the Dask scheduler has no workers (waited 6 s)"),
     ("not-an-address", "not a scheduler address (missing port number in address "),
     ("tls-empty", "not a scheduler address (missing port number in address ")],
)
def test_a_bad_scheduler_is_one_error_line_within_15_seconds(bad_schedulers, name, message):
    address = bad_schedulers[name]
    # What the run itself takes besides the checks: starting, reading, importing Dask.
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "import distributed"], timeout=60)
    overhead = time.monotonic() - started
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "explorer", "stats", str(SEEDS), "--engine", "dask",
         "--scheduler", address], capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert time.monotonic() - started - overhead < 15
    assert result.returncode == 1 and result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Warning:")]
    assert len(lines) == 1 and lines[0].startswith(f"Error: {address}: {message}")


class Item:
    """A test item that can be watched by weak reference."""

    def __init__(self, number: int) -> None:
        self.number = number


def test_one_batch_is_worked_on_here_and_two_on_workers(monkeypatch):
    started = []
    real_pool = engine.ProcessPoolExecutor
    monkeypatch.setattr(engine, "ProcessPoolExecutor",
                        lambda *args, **kwargs: started.append(1) or real_pool(*args, **kwargs))
    one_batch = [BATCH_WEIGHT // 2 - 1, BATCH_WEIGHT // 2 - 1]
    assert list(map_batches(same, one_batch, jobs=2, weight=int)) == one_batch
    assert started == []
    two_batches = [BATCH_WEIGHT, 1]
    assert list(map_batches(same, two_batches, jobs=2, weight=int)) == two_batches
    assert started == [1]


def test_items_worked_on_here_are_let_go_before_the_next_batch_is_read():
    # Memory follows the largest batch: once a batch is done, neither the first items (read
    # ahead to choose where to work) nor the batch itself may stay alive while later items
    # are read.
    import gc
    import weakref

    watched: list[weakref.ref] = []

    def items():
        for number in range(6):
            gc.collect()
            alive = [ref().number for ref in watched[:-1] if ref() is not None]
            assert alive == [], f"items {alive} still held when item {number} is read"
            item = Item(number)
            watched.append(weakref.ref(item))
            yield item

    def numbers(batch):
        return [item.number for item in batch]

    results = map_batches(numbers, items(), jobs=1, weight=lambda item: BATCH_WEIGHT)
    assert list(results) == list(range(6))
