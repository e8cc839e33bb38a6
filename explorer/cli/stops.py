"""Clean stops: a run whose reader goes away, or that is told to stop, ends as Unix tools do.

A closed pipe on standard output (``explorer stats … | head -1``), Ctrl-C, SIGTERM and
SIGHUP end the run quietly and by the signal itself, so that the shell sees its usual
status (141, 130, 143, 129). Each is first raised as an exception where the run is, so
that cleanups run on the way out: a file being written loses its temporary, worker
processes are killed rather than waited for.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))  # Windows has no SIGHUP


class Stopped(BaseException):
    """The run was told to stop by ``signum``: not an error, so no ``except Exception``
    catches it on its way out."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def as_stop(err: BaseException) -> Stopped | None:
    """The stop an exception stands for: Ctrl-C, or a reader that went away; else None."""
    if isinstance(err, Stopped):
        return err
    if isinstance(err, KeyboardInterrupt):
        return Stopped(signal.SIGINT)
    if isinstance(err, OSError) and err.errno == errno.EPIPE:
        return Stopped(signal.SIGPIPE)
    return None


@contextmanager
def stopping_cleanly() -> Iterator[None]:
    """Turn stop signals into ``Stopped`` inside, and end the process by the signal after."""
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in STOP_SIGNALS}
    try:
        yield
    except Stopped as stop:
        _end_by(stop.signum)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def drop_output() -> None:
    """Send what standard output still buffers to /dev/null: written to a reader that is
    gone or a full disk, it would fail again as the interpreter exits."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # closed, or not a file (in tests)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped(signum)


def _end_by(signum: int) -> None:
    """End this process by ``signum`` with its default action, as if never caught."""
    try:
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    drop_output()
    signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
    os.kill(os.getpid(), signum)
    os._exit(128 + signum)  # a signal whose default action is not to end the process
