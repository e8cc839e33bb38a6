"""Clean stops: closed and full streams, Ctrl-C and stop signals, all in real processes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer import files
from tests.paths import ROOT, SEEDS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux")
COMMAND = [sys.executable, "-m", "explorer"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def explorer(*args: object, **kwargs) -> subprocess.Popen:
    """A run as from a terminal: Ctrl-C at its default even where this test was started in
    the background (a shell starts `cmd &` with SIGINT ignored, and children inherit it)."""
    return subprocess.Popen([*COMMAND, *map(str, args)], cwd=ROOT, env=ENV,
                            stderr=subprocess.PIPE, preexec_fn=_interruptible, **kwargs)


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def errors(stderr: bytes) -> list[str]:
    """The lines of stderr that are not the seeds' own warnings."""
    return [line for line in stderr.decode().splitlines() if not line.startswith("Warning:")]


def test_a_reader_that_went_away_ends_the_run_quietly_by_sigpipe():
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first row, as with `| head -0`
    run = explorer("stats", SEEDS, "--by", "comment", "--format", "json", stdout=write)
    os.close(write)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == -signal.SIGPIPE  # the shell's 141
    assert errors(stderr) == []


@pytest.mark.parametrize(
    ("shell", "message"),
    [('exec "$@" >&-', "Error: cannot write the output: standard output is closed"),
     ('exec "$@" >/dev/full', "Error: cannot write the output: no space left on device")],
)
def test_a_closed_or_full_stdout_is_one_error_line(shell, message):
    run = subprocess.run(["sh", "-c", shell, "sh", *COMMAND, "stats", str(SEEDS)], cwd=ROOT,
                         env=ENV, capture_output=True, timeout=120)
    assert run.returncode == 1
    assert errors(run.stderr) == [message]


def test_a_closed_stdin_is_one_error_line():
    run = subprocess.run(["sh", "-c", 'exec "$@" <&-', "sh", *COMMAND, "comments", "-"],
                         cwd=ROOT, env=ENV, capture_output=True, timeout=60)
    assert run.returncode == 1
    assert errors(run.stderr) == ["Error: <stdin>: cannot read: standard input is closed"]


def test_an_interrupted_write_leaves_no_temporary(tmp_path, monkeypatch):
    def interrupted(handle: int) -> None:
        raise KeyboardInterrupt

    (tmp_path / "page.html").write_text("old page")
    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_file(tmp_path / "page.html", "new page")
    assert [(p.name, p.read_text()) for p in tmp_path.iterdir()] == [("page.html", "old page")]


def test_a_write_killed_by_sigkill_leaves_no_temporary(tmp_path):
    (tmp_path / "page.html").write_text("old page")
    script = (
        "import os, signal, sys\n"
        "from explorer import files\n"
        "files.os.fsync = lambda handle: os.kill(os.getpid(), signal.SIGKILL)\n"
        "files.write_file(sys.argv[1], 'new page' * 100000)\n"
    )
    run = subprocess.run([sys.executable, "-c", script, tmp_path / "page.html"], env=ENV,
                         timeout=60)
    assert run.returncode == -signal.SIGKILL
    assert [(p.name, p.read_text()) for p in tmp_path.iterdir()] == [("page.html", "old page")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Enough threads that two workers are busy for a few seconds (more than one batch:
    a single batch is worked on without workers)."""
    folder = tmp_path_factory.mktemp("corpus")
    for copy in range(30):
        for seed in SEEDS.glob("*.txt"):
            shutil.copy(seed, folder / f"{copy}-{seed.name}")
    return folder


@pytest.fixture(scope="module")
def written(corpus, tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A folder of pages from a whole run, and their contents (the same run writes the same)."""
    out = tmp_path_factory.mktemp("pages")
    run = explorer("graph", corpus, "-o", out, "-j", "2", stdout=subprocess.DEVNULL)
    assert run.wait(timeout=300) == 0
    return out, {path.name: path.read_bytes() for path in out.iterdir()}


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except (OSError, ValueError):
            continue
        if fields[1] == str(pid) and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow  # real runs on a corpus, stopped mid-way
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_a_stopped_graph_run_leaves_complete_files_and_no_worker(corpus, written, signum):
    out, pages = written
    run = explorer("graph", corpus, "-o", out, "-j", "2", stdout=subprocess.DEVNULL,
                   start_new_session=True)
    deadline = time.monotonic() + 120
    while len(workers := children(run.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2, "no workers started"
    time.sleep(0.5)  # the workers are busy on threads
    assert run.poll() is None, "the run ended before it could be stopped: a bigger corpus"
    # Ctrl-C reaches the whole process group of the terminal; the others go to the one run.
    if signum == signal.SIGINT:
        os.killpg(run.pid, signum)
    else:
        run.send_signal(signum)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == -signum
    assert "Traceback" not in stderr.decode()
    deadline = time.monotonic() + 10
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(alive, workers))
    assert {path.name: path.read_bytes() for path in out.iterdir()} == pages
