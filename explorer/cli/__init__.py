"""The command-line interface: parse options, call the library, print results.

``inputs`` holds what every command shares (input options, reading and analysing thread by
thread, --jobs and --engine); ``commands`` the click group and its thin commands. Data goes
to stdout; warnings, errors and progress go to stderr. An ExplorerError becomes one
``Error: ...`` line and exit status 1; with several inputs the good ones still run.
"""

from .commands import cli

__all__ = ["cli"]
