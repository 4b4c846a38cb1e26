"""`python -m viewer corpus OUT`: render screens of the corpus into OUT."""

from __future__ import annotations

from pathlib import Path

import click

from .render import BrowserUnavailable, Renderer


def run(out: Path, screens: int, seed: int, split: str, chromium: str, palette: bool = False) -> int:
    from .generate import generate

    if out.exists() and not out.is_dir():
        click.echo(f"{out}: not-a-directory: the corpus is written into a directory", err=True)
        return 1
    try:
        with Renderer(chromium) as renderer:
            def progress(k, n):
                if k % 25 == 0 or k == n:
                    click.echo(f"{k}/{n} screens", err=True)

            written = generate(out, split, seed, screens, renderer, progress, palette)
    except BrowserUnavailable as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    except ImportError as exc:
        click.echo(f"error: {exc.name} is not installed (pip install -r requirements-dev.txt)", err=True)
        return 1
    click.echo(f"wrote {len(written)} screens ({split}, seed {seed}) to {out}")
    return 0

