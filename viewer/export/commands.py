"""CLI bodies for `export` and `verify-export`."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from viewer.review import ReviewError, Store

from .base import ExportError
from .dataset import export_dataset
from .manifest import verify_export

EXIT_OK, EXIT_BAD_INPUT = 0, 1


def _db(db_url: str | None, data: Path) -> str:
    from viewer.settings import default_db_url

    return db_url or os.environ.get("VIEWER_DB_URL") or default_db_url(data)


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


def export(dataset: Path, out: Path, statuses: tuple[str, ...], db_url: str | None, key_env: str) -> int:
    key = os.environ.get(key_env, "").encode()
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
        from viewer.settings import load

        with Store.open(_db(db_url, Path(dataset))) as store, progress_bar(sys.stderr.isatty()) as progress:
            body = export_dataset(dataset, out, store, key, statuses or ("approved",), progress=progress,
                                  follow=True, cache_dir=load().cache)
    except (ExportError, ReviewError) as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_BAD_INPUT
    except OSError as exc:
        click.echo(f"error: {out}: cannot write the export: {exc}", err=True)
        return EXIT_BAD_INPUT
    click.echo(f"exported {len(body['sessions'])} session(s) to {out}", err=True)
    return EXIT_OK


def verify(out: Path, db_url: str | None, data: Path | None = None) -> int:
    """Hashes and applied flags (with a database), then every applied flag's value re-read from the source
    sessions under `data` (default VIEWER_DATA) and searched in the export."""
    from viewer.settings import default_db_url, load

    if not (Path(out) / "manifest.json").is_file():
        click.echo(f"error: {out}: no manifest.json (not an export, or an unfinished one)", err=True)
        return EXIT_BAD_INPUT
    conf = load()
    strict = data is not None
    data = Path(data) if data is not None else conf.data
    url = db_url or os.environ.get("VIEWER_DB_URL")
    default = default_db_url(data)
    if url is None and strict and Path(default.removeprefix("sqlite:///")).is_file():
        url = default  # the dataset's own annotations: rejected places and categories
    try:
        if url:
            with Store.open(url) as store:
                problems = verify_export(out, store)
                more, notes = _values(out, data, store, conf.cache, strict)
        else:
            problems = verify_export(out)
            click.echo("note: no --db given: flags were not re-checked", err=True)
            more, notes = _values(out, data, None, conf.cache, strict)
    except (ReviewError, ExportError) as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_BAD_INPUT
    for note in notes:
        click.echo(f"note: {note}", err=True)
    problems += more
    for p in problems:
        click.echo(p)
    if problems:
        return EXIT_BAD_INPUT
    click.echo(f"{out}: ok", err=True)
    return EXIT_OK


def _values(out: Path, data: Path, store, cache: Path, strict: bool) -> tuple[list[str], list[str]]:
    from .manifest import read_manifest
    from .verify_values import value_problems

    try:
        body = read_manifest(Path(out))
    except ExportError:
        return [], []  # verify_export reported it
    return value_problems(Path(out), body, data, store, cache, strict)
