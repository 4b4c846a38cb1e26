"""Who runs a command, and whether their role allows it: the one check every role-bound command calls.

The command-line user is `--as NAME`, else VIEWER_USER, else the OS login name. While the database holds no
account (a laptop) that user is the local admin, as in the app. Once it holds accounts, the name must be an
active account whose role allows the action. This guards against mistakes and names who acted in the logs;
it is not a login: anyone holding the database URL can write to the database directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from viewer import settings
from viewer.team.identity import default_user
from viewer.review.store import Store
from viewer.team import accounts, roles


class NotAllowed(Exception):
    """The command may not run as this user; the message says why (never any data)."""


@dataclass(frozen=True)
class CliUser:
    name: str
    role: str
    local: bool  # no accounts in the database: the local admin


def claimed_name(as_name: str | None, conf: settings.Settings | None = None) -> str:
    return (as_name or (conf or settings.load()).user or default_user()).strip()


def database_url(db_url: str | None, data: Path | None = None, conf: settings.Settings | None = None) -> str:
    """The URL the command will use (settings.Settings.for_command): --db, else VIEWER_DB_URL, else the SQLite
    file beside the data (default VIEWER_DATA)."""
    return (conf or settings.load()).for_command(data, db_url).db_url


def _missing_sqlite_file(url: str) -> bool:
    """A SQLite file that does not exist holds no accounts; checking must not create it."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    database = parsed.database or ""
    return parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:") \
        and not Path(database).exists()


def identify(db_url: str | None, as_name: str | None = None, data: Path | None = None,
             conf: settings.Settings | None = None) -> CliUser:
    """The command-line user and their role. Raises NotAllowed for a name that is no active account.
    `conf`: the settings the command line read (default: read them now)."""
    name = claimed_name(as_name, conf)
    url = database_url(db_url, data, conf)
    if _missing_sqlite_file(url):
        return CliUser(name, "admin", local=True)
    with Store.open(url) as store:  # a ReviewError (cannot open) is the caller's to report
        return identify_in(store, name)


def identify_in(store: Store, name: str) -> CliUser:
    """The user `name` (as claimed_name gives it) and their role in an open store."""
    known = accounts.list_accounts(store)
    if not known:
        return CliUser(name, "admin", local=True)
    account = next((u for u in known if u.name == name.lower()), None)
    if account is None or account.disabled:
        raise NotAllowed(f"{name!r} is not an active account in this database; "
                         "name yourself with --as NAME or VIEWER_USER")
    return CliUser(account.name, account.role, local=False)


def check(action: str, db_url: str | None, as_name: str | None = None, data: Path | None = None,
          conf: settings.Settings | None = None) -> CliUser:
    """The command-line user, if their role may do `action`; else NotAllowed naming the roles that may."""
    return allowed(identify(db_url, as_name, data, conf), action)


def check_in(store: Store, action: str, as_name: str | None, conf: settings.Settings | None = None) -> CliUser:
    """check() on a store the command has open already (no second open, no second migration)."""
    return allowed(identify_in(store, claimed_name(as_name, conf)), action)


def allowed(user: CliUser, action: str) -> CliUser:
    """`user` if their role may do `action`; else NotAllowed naming the roles that may."""
    try:
        roles.require(user.role, action)
    except roles.Forbidden as exc:
        raise NotAllowed(f"{user.name}: {exc}") from None
    return user

