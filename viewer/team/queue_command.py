"""The `queue` commands' glue: open the store, call viewer.team.queue, print one line, return the exit code."""

from __future__ import annotations

from pathlib import Path

import click

from viewer.review.errors import ReviewError
from viewer.review.store import Store
from viewer.team import queue, workflow_settings
from viewer.trace import catalog
from viewer.trace.dataset import find_sessions

EXIT_OK, EXIT_BAD_INPUT = 0, 1


def _fail(message: str) -> int:
    click.echo(f"error: {message}", err=True)
    return EXIT_BAD_INPUT


def _line(held: queue.Held) -> str:
    kind = "second-review" if held.round == 2 else "review"
    return f"{held.session_id}\t{held.reviewer}\t{kind}\tuntil {held.expires_at:%Y-%m-%d %H:%M:%S} UTC"


def next_(db_url: str, data: Path, who: str, cache: Path | None = None) -> int:
    """Print the session the user should review now (their lease), or say that nothing is left. Sessions that
    fail to load are never offered (loading uses the `cache` of loaded sessions)."""
    try:
        conf = workflow_settings.settings()
    except ValueError as exc:
        return _fail(str(exc))
    dirs, problems = find_sessions(data)
    for problem in problems:
        click.echo(str(problem), err=True)
    if not dirs:
        return EXIT_BAD_INPUT
    try:
        with Store.open(db_url) as store:
            broken = catalog.scan(data, cache).failures
            held = queue.next_session(store, who, queue.offerable([d.name for d in dirs], broken),
                                      conf.lease_minutes, double_share=conf.double_share)
    except ReviewError as exc:
        return _fail(str(exc))
    if held is None:
        click.echo("nothing to review: every session is reviewed or held by someone else", err=True)
        return EXIT_OK
    click.echo(_line(held))
    return EXIT_OK


def release(db_url: str, who: str) -> int:
    try:
        with Store.open(db_url) as store:
            released = queue.release(store, who)
    except ReviewError as exc:
        return _fail(str(exc))
    click.echo(f"{who}: lease released" if released else f"{who} holds no session", err=True)
    return EXIT_OK


def list_(db_url: str) -> int:
    try:
        with Store.open(db_url) as store:
            held = queue.leases(store)
    except ReviewError as exc:
        return _fail(str(exc))
    for lease in held:
        click.echo(_line(lease))
    if not held:
        click.echo("nobody holds a session", err=True)
    return EXIT_OK
