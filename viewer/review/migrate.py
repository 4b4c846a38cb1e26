"""Schema migrations, run in code: Alembic with a Config built here (no alembic.ini at run time)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from viewer import db

SCRIPTS = Path(__file__).with_name("migrations")
VERSION_TABLE = "review_alembic_version"  # not alembic_version: other parts of the app may migrate the same DB
PG_LOCK_ID = 0x7265766965770001  # pg_advisory_xact_lock key: one migrator at a time


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head()


def current(engine: Engine) -> str | None:
    with db.reading(engine) as session:
        conn = session.connection()
        return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` in one transaction (a no-op when already there)."""
    if revision == "head" and current(engine) == head():
        return
    with db.writing(engine) as session:
        command.upgrade(config(session.connection()), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with db.writing(engine) as session:
        command.downgrade(config(session.connection()), revision)
