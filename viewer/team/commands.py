"""The `auth-check` command's glue, and reading a password for `users add` (from stdin when it is not a
terminal, else prompted for twice; never printed)."""

from __future__ import annotations

import sys

import click

from viewer.review.errors import ReviewError
from viewer.review.store import Store
from viewer.team import accounts, bind

EXIT_OK, EXIT_BAD_INPUT = 0, 1


def _fail(message: str) -> int:
    click.echo(f"error: {message}", err=True)
    return EXIT_BAD_INPUT


def read_password() -> str:
    if sys.stdin is None:
        raise click.UsageError("no password: stdin is closed")
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def auth_check(address: str | None, auth: str | None, db_url: str | None) -> int:
    """What the app would decide at start; exit 1 when it would refuse, or needs login but has no account."""
    decision = bind.decide(address, auth)
    if decision.refused:
        return _fail(decision.refusal)
    if not decision.login_required:
        click.echo(f"login off: {address} is loopback and VIEWER_AUTH is not 'on'", err=True)
        return EXIT_OK
    try:
        with Store.open(db_url) as store:
            active = [u for u in accounts.list_accounts(store) if not u.disabled]
    except ReviewError as exc:
        return _fail(str(exc))
    if not active:
        return _fail("login is required but there is no active account: "
                     "python -m viewer users add NAME --role admin")
    click.echo(f"login required; {len(active)} active account(s)", err=True)
    return EXIT_OK
