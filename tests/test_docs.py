"""Every command has help text and a section in the README."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from explorer.cli import cli
from tests.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help_with_an_example(name):
    command = cli.commands[name]
    assert command.help and len(command.help.split()) >= 8, f"{name} needs a help text"
    assert "explorer " + name in command.help, f"{name}'s help needs an example block"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Usage: " in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_is_documented_in_the_readme(name):
    assert f"### `explorer {name}" in README, f"README has no section for `explorer {name}`"


def test_readme_quick_start_is_the_two_make_commands():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick_start.splitlines()]
    assert [c for c in commands if c.startswith("make")] == ["make demo", "make test"]


@pytest.mark.slow
def test_readme_library_example_runs(tmp_path, monkeypatch):
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    blocks = README.split("```python\n")[1:]
    assert blocks, "the README shows library use"
    for block in blocks:
        exec(compile(block.split("```", 1)[0], "README.md", "exec"), {})
    assert (tmp_path / "out" / "thread.html").stat().st_size > 10_000
