"""OpenAdapt's `fixtures.sql` (INSERT statements only) -> a SQLite database file the importer can read.

The tables are those of OpenAdapt's SQLAlchemy models (`openadapt/models.py`, the version the fixtures
were written for): `id INTEGER PRIMARY KEY` plus the columns below; the fixtures name their columns, so
the ids are assigned by SQLite in insertion order.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE recording (
    id INTEGER PRIMARY KEY, timestamp NUMERIC, monitor_width INTEGER, monitor_height INTEGER,
    double_click_interval_seconds NUMERIC, double_click_distance_pixels NUMERIC, platform VARCHAR,
    task_description VARCHAR);
CREATE TABLE action_event (
    id INTEGER PRIMARY KEY, name VARCHAR, timestamp NUMERIC, recording_timestamp NUMERIC,
    screenshot_timestamp NUMERIC, window_event_timestamp NUMERIC, mouse_x NUMERIC, mouse_y NUMERIC,
    mouse_dx NUMERIC, mouse_dy NUMERIC, mouse_button_name VARCHAR, mouse_pressed BOOLEAN,
    key_name VARCHAR, key_char VARCHAR, key_vk VARCHAR, canonical_key_name VARCHAR,
    canonical_key_char VARCHAR, canonical_key_vk VARCHAR, parent_id INTEGER, element_state JSON);
CREATE TABLE screenshot (
    id INTEGER PRIMARY KEY, recording_timestamp NUMERIC, timestamp NUMERIC, png_data BLOB);
CREATE TABLE window_event (
    id INTEGER PRIMARY KEY, recording_timestamp NUMERIC, timestamp NUMERIC, state JSON, title VARCHAR,
    "left" INTEGER, top INTEGER, width INTEGER, height INTEGER, window_id VARCHAR);
CREATE TABLE performance_stat (
    id INTEGER PRIMARY KEY, recording_timestamp INTEGER, event_type VARCHAR, start_time INTEGER,
    end_time INTEGER, window_id VARCHAR);
CREATE TABLE memory_stat (
    id INTEGER PRIMARY KEY, recording_timestamp INTEGER, memory_usage_bytes NUMERIC, timestamp NUMERIC);
"""


def is_sql_dump(path: Path) -> bool:
    """A .sql file that inserts OpenAdapt recordings (with or without its CREATE TABLE statements)."""
    if not (path.is_file() and path.suffix.lower() == ".sql"):
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16).lower()
    except OSError:
        return False
    return b"insert into recording" in head or b'insert into "recording"' in head


def _deny_outside(action, *_args) -> int:
    """SQLite authorizer: the script may not reach outside its database (ATTACH writes files)."""
    return sqlite3.SQLITE_DENY if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH) else sqlite3.SQLITE_OK


def connect_fixtures(sql_path: Path, db_path: str | Path = ":memory:") -> sqlite3.Connection:
    """A connection to a database holding OpenAdapt's tables filled from `sql_path`.

    The models' tables are created first unless the script creates its own.
    """
    script = Path(sql_path).read_text(encoding="utf-8")
    con = sqlite3.connect(str(db_path))
    con.set_authorizer(_deny_outside)
    if "create table" not in script.lower():
        con.executescript(SCHEMA)
    con.executescript(script)
    con.commit()
    con.set_authorizer(None)
    return con


def fixtures_to_db(sql_path: Path, db_path: Path) -> Path:
    """Write `db_path` (which must not exist) from the fixtures; return it."""
    if Path(db_path).exists():
        raise FileExistsError(f"{db_path}: already exists")
    connect_fixtures(sql_path, db_path).close()
    return Path(db_path)
