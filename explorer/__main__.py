"""Run the command-line interface: ``python -m explorer``."""

from .cli import cli

cli(prog_name="explorer")
