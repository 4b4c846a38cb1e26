"""The `erase-user` command's glue: preview by default, delete with --yes; print counts, never content."""

from __future__ import annotations

from pathlib import Path

import click

from viewer.command_errors import EXIT_OK, CommandError
from viewer.review.store import Store
from viewer.team import erase, retention


def _preview_or_apply(store: Store, plan, apply, heading: str, said) -> int:
    """Preview what `plan(store)` would erase (the default), or with `apply(store)` erase it and print `said`."""
    try:
        todo = plan(store)
        for problem in todo.problems:
            click.echo(problem, err=True)
        if apply is None:
            click.echo(f"{heading} (preview; nothing changed, run again with --yes to erase):")
            for line in todo.lines():
                click.echo(f"  {line}")
            return EXIT_OK
        done = apply(store)
    except erase.EraseError as exc:
        raise CommandError(str(exc)) from None
    click.echo(said(done))
    return EXIT_OK


def run(subject: str, data: Path, store: Store, cache_dir: Path, who: str, apply: bool) -> int:
    return _preview_or_apply(
        store, lambda store: erase.plan(data, subject, store, cache_dir),
        (lambda store: erase.erase(data, subject, store, cache_dir, who)) if apply else None, "would erase",
        lambda done: f"erased {done.sessions} session(s), {done.rows} database row(s), {done.cache_files} cache "
                     f"file(s); the audit log records the deletion as erasure {done.erasure_id} (keep this id with "
                     "the request)")


def run_retention(data: Path, days: int, store: Store, cache_dir: Path, who: str, apply: bool) -> int:
    return _preview_or_apply(
        store, lambda store: retention.plan(data, days, store, cache_dir),
        (lambda store: retention.apply(data, days, store, cache_dir, who)) if apply else None,
        f"would erase what was recorded more than {days} day(s) ago",
        lambda done: f"erased {done.sessions} session(s) older than {days} day(s), {done.rows} database row(s), "
                     f"{done.cache_files} cache file(s); audit: erasure {done.erasure_id}")
