"""CLI bodies for `export` and `verify-export`."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from viewer import settings
from viewer.review import ReviewError, Store

from .base import ExportError
from .dataset import export_dataset
from .manifest import verify_export

EXIT_OK, EXIT_BAD_INPUT = 0, 1


def _db(db_url: str | None, data: Path) -> str:
    from viewer.settings import default_db_url

    return db_url or default_db_url(data)


@contextmanager
def progress_bar(enabled: bool, console=None):
    """A rich progress bar on stderr (a terminal only); yields the export's progress callback."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress("exporting", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   TextColumn("{task.fields[session]}"), console=console or Console(stderr=True), transient=True)
    task = bar.add_task("exporting", total=None, session="")
    with bar:
        yield lambda done, total, sid: bar.update(task, completed=done, total=total, session=sid or "")


def export(dataset: Path, out: Path, statuses: tuple[str, ...], db_url: str | None, key_env: str,
           conf: settings.Settings | None = None) -> int:
    """`db_url` as the command line resolved it (settings.Settings.for_command); the key is the variable
    `key_env` as `conf` read it (default: read the settings now)."""
    key = (conf or settings.load()).value(key_env).encode()
    if not key:
        click.echo(f"error: {key_env} is not set: a secret key is required to pseudonymise users", err=True)
        return EXIT_BAD_INPUT
    if Path(out).exists():
        click.echo(f"error: {out}: already exists; choose a new output directory", err=True)
        return EXIT_BAD_INPUT
    if not Path(dataset).is_dir():
        click.echo(f"error: {dataset}: not a directory", err=True)
        return EXIT_BAD_INPUT
    try:
        with Store.open(_db(db_url, Path(dataset))) as store, progress_bar(sys.stderr.isatty()) as progress:
            body = export_dataset(dataset, out, store, key, statuses or ("approved",), progress=progress)
    except (ExportError, ReviewError) as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_BAD_INPUT
    except OSError as exc:
        click.echo(f"error: {out}: cannot write the export: {exc}", err=True)
        return EXIT_BAD_INPUT
    click.echo(f"exported {len(body['sessions'])} session(s) to {out}", err=True)
    return EXIT_OK


def verify(out: Path, db_url: str | None) -> int:
    if not (Path(out) / "manifest.json").is_file():
        click.echo(f"error: {out}: no manifest.json (not an export, or an unfinished one)", err=True)
        return EXIT_BAD_INPUT
    try:
        if db_url:  # --db, else VIEWER_DB_URL, as the command line passes it
            with Store.open(db_url) as store:
                problems = verify_export(out, store)
        else:
            problems = verify_export(out)
            click.echo("note: no --db given: flags were not re-checked", err=True)
    except ReviewError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_BAD_INPUT
    for p in problems:
        click.echo(p)
    if problems:
        return EXIT_BAD_INPUT
    click.echo(f"{out}: ok", err=True)
    return EXIT_OK
