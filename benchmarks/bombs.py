"""Peak memory and the answer given on hostile inputs: compression bombs, devices, long lines.

Each case runs ``explorer stats`` in a fresh process and prints its exit status, the first
line of stderr and the process's peak resident size; every case should end in one clear
line well under 1 GB. Writing the 16 GiB cases takes about a minute of compression.

    nice .venv/bin/python benchmarks/bombs.py            # all cases
    nice .venv/bin/python benchmarks/bombs.py --small    # skip the 16 GiB ones
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import zstandard

MB = 1024**2
GB = 1024**3
# The peak is read from /proc (VmHWM), as ru_maxrss would count this script's own pages,
# which the child inherits before exec.
RUNNER = """
import sys
from explorer.cli import cli
try:
    cli(sys.argv[1:])
except SystemExit as exit:
    code = exit.code or 0
status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
print(f"peak_rss_kb={status}", file=sys.stderr)
sys.exit(code)
"""


def repeated(block: bytes, total: int) -> Iterator[bytes]:
    """``total`` bytes made of ``block`` repeated, in 16 MiB pieces."""
    piece = block * (16 * MB // len(block))
    while total > 0:
        yield piece[:total]
        total -= len(piece)


def write_zst(path: Path, *parts: Iterator[bytes] | bytes) -> Path:
    with path.open("wb") as raw, zstandard.ZstdCompressor(level=1).stream_writer(raw) as out:
        for part in parts:
            for chunk in [part] if isinstance(part, bytes) else part:
                out.write(chunk)
    return path


def cases(folder: Path, small: bool) -> list[tuple[str, Path | str]]:
    found: list[tuple[str, Path | str]] = [
        ("256 MiB of newlines (.zst)",
         write_zst(folder / "newlines.zst", repeated(b"\n", 256 * MB))),
        ("256 MiB of newlines (.gz)",
         write_gzip(folder / "newlines.gz", repeated(b"\n", 256 * MB))),
        ("mbox message of 256 MiB of blank lines",
         write_zst(folder / "message.zst", b"From x\nFrom: a@x\nSubject: s\n\n",
                   repeated(b"\n", 256 * MB))),
        ("mbox of 20k messages in 2k threads (.zst)",
         write_zst(folder / "list.zst", mailbox(20_000))),
        ("/dev/zero", "/dev/zero"),
    ]
    if not small:
        found += [
            ("one 16 GiB line (.zst)", write_zst(folder / "line.zst", repeated(b"a", 16 * GB))),
            ("16 GiB of NUL bytes (.zst)", write_zst(folder / "nul.zst", repeated(b"\0", 16 * GB))),
            ("JSON Lines dump, 16 GiB line (.zst)", write_zst(
                folder / "dump.zst",
                b'{"id": "a", "link_id": "t3_x", "parent_id": "t3_x", "body": "ok"}\n{"id": "',
                repeated(b"b", 16 * GB))),
            ("JSON document of 16 GiB (.zst)",
             write_zst(folder / "doc.zst", b"[", repeated(b" ", 16 * GB))),
        ]
    return found


def write_gzip(path: Path, parts: Iterator[bytes]) -> Path:
    with gzip.open(path, "wb", compresslevel=9) as out:
        for chunk in parts:
            out.write(chunk)
    return path


def mailbox(messages: int) -> Iterator[bytes]:
    """An mbox of ten-message threads, each reply answering the one before."""
    for number in range(messages):
        answers = f"In-Reply-To: <m{number - 1}@x>\n" if number % 10 else ""
        yield (
            f"From x\nFrom: Person {number % 97} <p{number % 97}@x>\nSubject: topic {number // 10}"
            f"\nMessage-ID: <m{number}@x>\n{answers}\nMessage {number} says hello.\n\n"
        ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="skip the 16 GiB cases")
    small = parser.parse_args().small
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'case':<40} {'file':>9} {'exit':>4} {'seconds':>7} {'peak MB':>8}  first line")
        for name, path in cases(Path(folder), small):
            size = Path(path).stat().st_size if isinstance(path, Path) else 0
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", RUNNER, "stats", str(path)],
                capture_output=True, text=True,
            )
            seconds = time.perf_counter() - started
            lines = done.stderr.splitlines()
            peak = next(int(line.split("=")[1]) for line in lines if line.startswith("peak_rss"))
            first = next((line for line in lines if not line.startswith("peak_rss")), "")
            print(f"{name:<40} {size:>9} {done.returncode:>4} {seconds:>7.1f} "
                  f"{peak / 1024:>8.0f}  {first[:110]}")


if __name__ == "__main__":
    main()
