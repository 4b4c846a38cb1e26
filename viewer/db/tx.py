"""The one way to a database transaction: writes commit at the end of the block or not at all, and a database
failure leaves as the project's errors (messages without SQL or bound values: they may hold annotation text)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from .engines import WRITE
from .errors import Busy, Conflict, StoreUnavailable


def reason(exc: BaseException) -> str:
    """A short cause without SQL or bound values (they may hold annotation text)."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """One write transaction (SQLite: BEGIN IMMEDIATE, so a read-then-write never fails half way). On a database
    error nothing is written and it raises Conflict (a constraint: a concurrent change), Busy (locked, the
    connection failed) or StoreUnavailable (anything else); the project's own errors pass through unchanged."""
    try:
        with Session(engine.execution_options(**WRITE), expire_on_commit=False) as session, session.begin():
            yield session
    except IntegrityError:
        raise Conflict("a concurrent change conflicted with this one; nothing was written") from None
    except OperationalError as exc:
        raise Busy(f"the database is busy or unreachable, nothing was written: {reason(exc)}") from None
    except SQLAlchemyError as exc:
        raise StoreUnavailable(f"database error, nothing was written: {reason(exc)}") from None


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for reads; a database failure raises StoreUnavailable."""
    try:
        with Session(engine) as session:
            yield session
    except SQLAlchemyError as exc:
        raise StoreUnavailable(f"cannot read the database: {reason(exc)}") from None
