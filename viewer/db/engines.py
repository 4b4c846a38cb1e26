"""Engines: SQLite (WAL, durable commits, writers queue instead of failing) or PostgreSQL; one per URL per process.

`acquire(url)` hands out the process's engine for a URL (created on first use), `release(engine)` gives it back
and disposes it when nobody holds it any more; `dispose_all()` runs at interpreter exit.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

WRITE = {"review_write": True}  # execution option: this transaction will write (SQLite: BEGIN IMMEDIATE)
BUSY_TIMEOUT_MS = 10_000


def parse_url(url: str | URL) -> URL:
    """`postgresql://` and `postgres://` mean psycopg 3 (the driver we ship), not psycopg2."""
    url = make_url(url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def safe_url(url: str | URL) -> str:
    try:
        return parse_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL: show nothing of it
        return "<unparsable database URL>"


_LOCK = threading.Lock()
_ENGINES: dict[str, tuple[Engine, int]] = {}  # rendered URL -> (engine, holders)


def acquire(url: str | URL) -> Engine:
    """The process's engine for `url` (one per URL); give it back with release()."""
    key = parse_url(url).render_as_string(hide_password=False)
    with _LOCK:
        engine, holders = _ENGINES.get(key) or (None, 0)
        if engine is None:
            engine = create(url)
        _ENGINES[key] = (engine, holders + 1)
        return engine


def release(engine: Engine) -> None:
    """One holder fewer; the last one disposes the engine (its pooled connections close)."""
    key = engine.url.render_as_string(hide_password=False)
    with _LOCK:
        held, holders = _ENGINES.get(key) or (None, 0)
        if held is not engine:
            engine.dispose()  # not from acquire(): its owner is done with it
            return
        if holders > 1:
            _ENGINES[key] = (engine, holders - 1)
            return
        del _ENGINES[key]
    engine.dispose()


@atexit.register
def dispose_all() -> None:
    """Close every engine's connections (at shutdown)."""
    with _LOCK:
        engines = [engine for engine, _ in _ENGINES.values()]
        _ENGINES.clear()
    for engine in engines:
        engine.dispose()


def create(url: str | URL) -> Engine:
    url = parse_url(url)
    if url.get_backend_name() == "sqlite":
        return sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def sqlite_engine(url: URL) -> Engine:
    memory = url.database in (None, "", ":memory:")
    if memory:
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", on_sqlite_connect)
    event.listen(engine, "begin", on_sqlite_begin)
    return engine


def on_sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (on_sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a commit survives power loss, not only a crash
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def on_sqlite_begin(conn) -> None:
    # A writer takes the write lock up front, so a read-then-write never fails half way with SQLITE_BUSY.
    write = conn.get_execution_options().get("review_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
