"""The `auth-check` command's glue, and reading a password for `users add` (from stdin when it is not a
terminal, else prompted for twice; never printed)."""

from __future__ import annotations

import sys

import click

from viewer.command_errors import EXIT_OK, CommandError
from viewer.review.errors import ReviewError
from viewer.review.store import Store
from viewer.team import accounts, bind


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
        raise CommandError(decision.refusal)
    if not decision.login_required:
        click.echo(f"login off: {address} is loopback and VIEWER_AUTH is not 'on'", err=True)
        return EXIT_OK
    try:
        with Store.open(db_url) as store:
            active = [u for u in accounts.list_accounts(store) if not u.disabled]
    except ReviewError as exc:
        raise CommandError(str(exc))
    if not active:
        raise CommandError("login is required but there is no active account: "
                     "python -m viewer users add NAME --role admin")
    click.echo(f"login required; {len(active)} active account(s)", err=True)
    return EXIT_OK
