"""Accounts: add, list, change role, disable, verify a login.

Failed logins slow down further attempts: after FREE_FAILURES wrong passwords in a row the account is locked
for LOCK_BASE, doubling with each further failure up to LOCK_MAX. The counters live in the database, so the
slow-down holds across processes, servers and restarts; a right password (once unlocked) resets them, and so
does a quiet RESET_AFTER since the last failure. Names are case-insensitive (stored lower-case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from viewer import db
from viewer.team.accounts_models import ALL_ROLES, ROLES, SUBJECT, Account  # noqa: F401 (ROLES: pages)
from viewer.review.errors import ReviewError
from viewer.review.models import now as utcnow
from viewer.review.store import Store
from viewer.team import passwords

NAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
FREE_FAILURES = 5
LOCK_BASE = timedelta(seconds=30)
LOCK_MAX = timedelta(minutes=15)
RESET_AFTER = timedelta(hours=24)
BAD_LOGIN = "Wrong username or password."


class AccountError(ReviewError):
    """A bad name, role or password, or an account that cannot be changed that way."""


class AccountExists(AccountError):
    pass


class NoSuchAccount(AccountError):
    pass


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool = False
    created_at: datetime | None = None
    failed_logins: int = 0
    locked_until: datetime | None = None
    person: str | None = None  # for a subject: the manifests' `user` they are


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    user: User | None
    reason: str  # ok | bad | locked | disabled
    message: str = ""
    retry_after: float = 0.0  # seconds, when locked


def normalize_name(name: str) -> str:
    clean = (name or "").strip().lower()
    if not NAME.fullmatch(clean):
        raise AccountError("a user name is 1-64 characters: letters, digits, '.', '_', '-', '@', "
                           "starting with a letter or digit")
    return clean


def check_role(role: str) -> str:
    if role not in ALL_ROLES:
        raise AccountError(f"unknown role {role!r}; one of: {', '.join(ALL_ROLES)}")
    return role


def check_person(role: str, person: str | None) -> str | None:
    """A subject account names the person it is (the manifests' `user`); a staff account names none."""
    person = (person or "").strip() or None
    if role == SUBJECT and person is None:
        raise AccountError("a subject account needs --person: the `user` their sessions are recorded under")
    if role != SUBJECT and person is not None:
        raise AccountError("only a subject account names a person")
    if person is not None and len(person) > 255:
        raise AccountError("the person is longer than 255 characters")
    return person


def _user(row: Account) -> User:
    return User(row.name, row.role, row.disabled, row.created_at, row.failed_logins, row.locked_until, row.person)


def _find(session: Session, name: str, lock: bool = False) -> Account | None:
    query = select(Account).where(Account.name == name)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def add(store: Store, name: str, role: str, password: str, person: str | None = None) -> User:
    name, role = normalize_name(name), check_role(role)
    person = check_person(role, person)
    try:
        encoded = passwords.hash_password(password)
    except passwords.WeakPassword as exc:
        raise AccountError(str(exc)) from None
    try:
        with db.writing(store.engine) as session:
            if _find(session, name) is not None:
                raise AccountExists(f"an account named {name!r} already exists")
            row = Account(name=name, role=role, password_hash=encoded, disabled=False, created_at=utcnow(),
                          failed_logins=0, person=person)
            session.add(row)
    except db.Conflict:
        raise AccountExists(f"an account named {name!r} already exists") from None
    return _user(row)


def check_first_is_admin(store: Store, role: str) -> None:
    """The first account must be an admin, so that someone can manage the others (and the local user, who is
    an admin only while no account exists, is not locked out). Raises AccountError otherwise."""
    if role != "admin" and not list_accounts(store):
        raise AccountError("the first account must be an admin (--role admin), so that someone can manage "
                           "the others")


def get(store: Store, name: str) -> User | None:
    try:
        name = normalize_name(name)
    except AccountError:
        return None
    with db.reading(store.engine) as session:
        row = _find(session, name)
        return None if row is None else _user(row)


def list_accounts(store: Store) -> list[User]:
    with db.reading(store.engine) as session:
        return [_user(r) for r in session.scalars(select(Account).order_by(Account.name))]


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Account)
                          .where(Account.role == "admin", Account.disabled.is_(False))) or 0


def _change(store: Store, name: str, change) -> User:
    name = normalize_name(name)
    with db.writing(store.engine) as session:
        row = _find(session, name, lock=True)
        if row is None:
            raise NoSuchAccount(f"no account named {name!r}")
        was_active_admin = row.role == "admin" and not row.disabled
        change(row)
        if was_active_admin and (row.role != "admin" or row.disabled):
            session.flush()
            if _active_admins(session) == 0:
                raise AccountError(f"{name!r} is the last active admin; add another admin first")
    return _user(row)


def set_role(store: Store, name: str, role: str) -> User:
    role = check_role(role)

    def change(row: Account) -> None:
        if (role == SUBJECT) != (row.role == SUBJECT):
            raise AccountError("a subject account stays a subject, and a staff account cannot become one: "
                               "add a new account instead")
        row.role = role

    return _change(store, name, change)


def disable(store: Store, name: str) -> User:
    return _change(store, name, lambda row: setattr(row, "disabled", True))


def set_password(store: Store, name: str, password: str) -> User:
    """A new password; also lifts a lock and clears the failure count."""
    try:
        encoded = passwords.hash_password(password)
    except passwords.WeakPassword as exc:
        raise AccountError(str(exc)) from None

    def change(row: Account) -> None:
        row.password_hash, row.failed_logins, row.locked_until, row.last_failed_at = encoded, 0, None, None

    return _change(store, name, change)


def lock_for(failures: int) -> timedelta | None:
    """How long the account is locked after `failures` wrong passwords in a row."""
    if failures < FREE_FAILURES:
        return None
    return min(LOCK_BASE * (2 ** min(failures - FREE_FAILURES, 20)), LOCK_MAX)


def verify(store: Store, name: str, password: str, *, now: datetime | None = None) -> LoginResult:
    """Check a login. Never says whether the name exists (unknown, disabled and wrong all read alike),
    except that a locked account says when to try again."""
    now = now or utcnow()
    try:
        name = normalize_name(name)
    except AccountError:
        passwords.burn_time(password)
        return LoginResult(False, None, "bad", BAD_LOGIN)
    with db.reading(store.engine) as session:
        row = _find(session, name)
        snapshot = None if row is None else (row.password_hash, row.disabled, row.locked_until)
    if snapshot is None:
        passwords.burn_time(password)
        return LoginResult(False, None, "bad", BAD_LOGIN)
    encoded, disabled, locked_until = snapshot
    if locked_until is not None and locked_until > now:
        wait = (locked_until - now).total_seconds()
        return LoginResult(False, None, "locked",
                           f"Too many failed logins. Try again in {max(1, round(wait))} s.", wait)
    good = passwords.verify(encoded, password)
    if good and disabled:
        return LoginResult(False, None, "disabled", BAD_LOGIN)
    with db.writing(store.engine) as session:
        row = _find(session, name, lock=True)
        if row is None:  # deleted meanwhile
            return LoginResult(False, None, "bad", BAD_LOGIN)
        if row.locked_until is not None and row.locked_until > now:  # another process locked it meanwhile
            wait = (row.locked_until - now).total_seconds()
            return LoginResult(False, None, "locked",
                               f"Too many failed logins. Try again in {max(1, round(wait))} s.", wait)
        if good:
            row.failed_logins, row.locked_until, row.last_failed_at = 0, None, None
            if passwords.needs_rehash(row.password_hash):
                row.password_hash = passwords.hasher().hash(password)
            return LoginResult(True, _user(row), "ok")
        if row.last_failed_at is not None and now - row.last_failed_at > RESET_AFTER:
            row.failed_logins = 0
        row.failed_logins += 1
        row.last_failed_at = now
        lock = lock_for(row.failed_logins)
        row.locked_until = None if lock is None else now + lock
    if lock is not None:
        return LoginResult(False, None, "locked",
                           f"Too many failed logins. Try again in {round(lock.total_seconds())} s.",
                           lock.total_seconds())
    return LoginResult(False, None, "bad", BAD_LOGIN)
