"""The `render` command: argument handling lives in cli.py, the work in clip.py."""

from __future__ import annotations

from pathlib import Path

import click

from viewer import settings
from viewer.trace import TraceError, load_session

from .clip import ClipError, write_clip


def render(session_dir: Path, start: float, end: float | None, out: Path, fps: float,
           cache: Path | None = None) -> int:
    """`cache`: where loads are cached (the command line passes VIEWER_CACHE; default: read the settings)."""
    try:
        session = load_session(session_dir, cache or settings.load().cache)
    except TraceError as exc:
        from viewer.trace.commands import print_problems

        print_problems(exc.problems)
        return 1
    end = session.duration if end is None else end
    try:
        n = write_clip(session, start, end, out, fps)
    except ClipError as exc:
        click.echo(f"error: {exc}", err=True)
        return 2
    click.echo(f"{out}: {n} frames at {fps:g} fps ({end - start:.1f} s)", err=True)
    return 0
