"""The `annotations` commands' glue: open the store, call transfer, print, return the exit code."""

from __future__ import annotations

from pathlib import Path

import click

from viewer.review.errors import ReviewError
from viewer.review.store import Store
from viewer.review.transfer import ImportFailed, export_jsonl, import_jsonl

from viewer.command_errors import EXIT_OK, EXIT_BAD_INPUT, CommandError
MAX_PROBLEMS = 200


def export(path: str, session_id: str | None, db_url: str | None) -> int:
    try:
        with Store.open(db_url) as store:
            count = export_jsonl(store, path, session_id)
    except ReviewError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        click.echo(f"{path}: cannot write: {exc.strerror}", err=True)
        return EXIT_BAD_INPUT
    click.echo(f"exported {count} annotation(s) to {path}", err=True)
    return EXIT_OK


def import_(path: str, db_url: str | None, who: str, dataset: Path | None = None) -> int:
    """`who`: the importing user the command line identified (the audit log names them)."""
    try:
        with Store.open(db_url) as store:
            result = import_jsonl(store, path, who, dataset)
    except ImportFailed as exc:
        for problem in exc.problems[:MAX_PROBLEMS]:
            click.echo(str(problem), err=True)
        more = len(exc.problems) - MAX_PROBLEMS
        click.echo(f"{path}: {exc}" + (f" ({more} more not shown)" if more > 0 else ""), err=True)
        return EXIT_BAD_INPUT
    except ReviewError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        click.echo(f"{path}: cannot read: {exc.strerror}", err=True)
        return EXIT_BAD_INPUT
    click.echo(f"imported {path}: {result}", err=True)
    return EXIT_OK

