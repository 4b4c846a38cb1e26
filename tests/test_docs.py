"""The README documents every command and setting (a new one without docs fails here)."""

from pathlib import Path

import click

from viewer.cli import cli
from viewer.settings import ENV_VARS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}"


def test_every_command_is_documented():
    missing = [c for c in _commands(cli) if f"`{c} " not in README and f"`{c}`" not in README]
    assert not missing


def test_every_setting_is_documented():
    assert [v for v in ENV_VARS if f"`{v}`" not in README] == []


def test_readme_starts_with_the_two_commands():
    head = README[:600]
    assert "make run" in head and "make test" in head


def test_every_environment_variable_the_code_reads_is_documented():
    import re

    root = Path(__file__).resolve().parents[1]
    sources = [*root.joinpath("viewer").rglob("*.py"), root / "app.py", *root.joinpath("scripts").glob("*")]
    names = {m for p in sources for m in re.findall(r"VIEWER_[A-Z_]*[A-Z]", p.read_text())}
    names = {n for n in names if not n.startswith("VIEWER_QA_") or n == "VIEWER_QA_REPORT"}
    assert sorted(n for n in names if n not in README) == []
