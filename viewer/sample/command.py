"""The `sample` command: argument handling is in cli.py, this prints and picks the exit code."""

from __future__ import annotations

from pathlib import Path

import click

from .dataset import generate_dataset


def run(out: Path, sessions: int, minutes: float, seed: int) -> int:
    try:
        paths = generate_dataset(out, sessions, minutes, seed)
    except FileExistsError as exc:
        click.echo(f"{exc}: refusing to overwrite; choose an empty OUT", err=True)
        return 1
    except OSError as exc:
        click.echo(f"{out}: cannot write ({exc.strerror})", err=True)
        return 1
    for path in paths:
        click.echo(str(path))
    return 0
