"""The `users` and `auth-check` commands' glue: open the store, call viewer.team, print, return the exit code.
A password is read from stdin (when it is not a terminal) or prompted for twice, and never printed."""

from __future__ import annotations

import sys

import click

from viewer.review.commands import default_user
from viewer.review.errors import ReviewError
from viewer.review.store import Store
from viewer.team import access, accounts, bind

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


def add(name: str, role: str, db_url: str | None, who: str | None = None, person: str | None = None) -> int:
    password = read_password()
    try:
        with Store.open(db_url) as store:
            accounts.check_first_is_admin(store, role)
            user = accounts.add(store, name, role, password, person)
            access.record(store, who or default_user(), "user_add", detail=f"{user.name} as {user.role}")
    except ReviewError as exc:
        return _fail(str(exc))
    click.echo(f"added {user.name} ({user.role})", err=True)
    return EXIT_OK


def list_(db_url: str | None) -> int:
    try:
        with Store.open(db_url) as store:
            users = accounts.list_accounts(store)
    except ReviewError as exc:
        return _fail(str(exc))
    if not users:
        click.echo("no accounts (add one: python -m viewer users add NAME --role admin)", err=True)
        return EXIT_OK
    width = max(4, *(len(u.name) for u in users))
    click.echo(f"{'name':<{width}}  {'role':<10}  {'status':<8}  created")
    for u in users:
        status = "disabled" if u.disabled else ("locked" if u.locked_until and u.locked_until > accounts.utcnow()
                                                else "active")
        created = u.created_at.strftime("%Y-%m-%d %H:%M") if u.created_at else ""
        click.echo(f"{u.name:<{width}}  {u.role:<10}  {status:<8}  {created}")
    return EXIT_OK


def set_role(name: str, role: str, db_url: str | None, who: str | None = None) -> int:
    try:
        with Store.open(db_url) as store:
            user = accounts.set_role(store, name, role)
            access.record(store, who or default_user(), "user_set_role", detail=f"{user.name} to {user.role}")
    except ReviewError as exc:
        return _fail(str(exc))
    click.echo(f"{user.name} is now {user.role}", err=True)
    return EXIT_OK


def disable(name: str, db_url: str | None, who: str | None = None) -> int:
    try:
        with Store.open(db_url) as store:
            user = accounts.disable(store, name)
            access.record(store, who or default_user(), "user_disable", detail=user.name)
    except ReviewError as exc:
        return _fail(str(exc))
    click.echo(f"{user.name} is disabled", err=True)
    return EXIT_OK


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
