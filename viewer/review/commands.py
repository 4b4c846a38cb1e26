"""The `annotations` commands' glue: on the store the command line opened, call transfer, print, return the exit
code (failures leave as CommandError or with their problems printed)."""

from __future__ import annotations

from pathlib import Path

import click

from viewer.command_errors import EXIT_BAD_INPUT, EXIT_OK
from viewer.review.store import Store
from viewer.review.transfer import ImportFailed, export_jsonl, import_jsonl

MAX_PROBLEMS = 200


def export(path: str, session_id: str | None, store: Store) -> int:
    try:
        count = export_jsonl(store, path, session_id)
    except OSError as exc:
        click.echo(f"{path}: cannot write: {exc.strerror}", err=True)
        return EXIT_BAD_INPUT
    click.echo(f"exported {count} annotation(s) to {path}", err=True)
    return EXIT_OK


def import_(path: str, store: Store, who: str, dataset: Path | None = None) -> int:
    """`who`: the importing user the command line identified (the audit log names them)."""
    try:
        result = import_jsonl(store, path, who, dataset)
    except ImportFailed as exc:
        for problem in exc.problems[:MAX_PROBLEMS]:
            click.echo(str(problem), err=True)
        more = len(exc.problems) - MAX_PROBLEMS
        click.echo(f"{path}: {exc}" + (f" ({more} more not shown)" if more > 0 else ""), err=True)
        return EXIT_BAD_INPUT
    except OSError as exc:
        click.echo(f"{path}: cannot read: {exc.strerror}", err=True)
        return EXIT_BAD_INPUT
    click.echo(f"imported {path}: {result}", err=True)
    return EXIT_OK

