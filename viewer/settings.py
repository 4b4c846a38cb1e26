"""Settings from environment variables, with defaults that work on a laptop.

The only module that touches the environment (a test checks): it reads it, and it sets the variables that
libraries and worker processes read (set_in_process). Read when asked (never at import time), so tests and
commands can set them per call; the command line resolves them once at its entry, the server once per page run
and request, and both pass them down.

Which database and cache a command uses (one rule, `Settings.for_command`): the database is `--db`, else
`VIEWER_DB_URL`, else the SQLite file beside the command's dataset (its DATASET argument or `--data`, else
`VIEWER_DATA`); the cache is always `VIEWER_CACHE` (default ~/.cache/trace-viewer).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

# Every setting the app reads; the README documents each (a test checks that).
ENV_VARS = {
    "VIEWER_DATA": "dataset root: a directory of session directories (default: sample_data)",
    "VIEWER_DB_URL": "annotation database URL (default: a SQLite file beside the data)",
    "VIEWER_CACHE": "where loaded sessions are cached (default: ~/.cache/trace-viewer)",
    "VIEWER_AUTH": "on/off: require login (default: off on loopback, on elsewhere)",
    "VIEWER_USER": "who you are when login is off (default: your OS login name); that local user is an admin",
    "VIEWER_SESSION_HOURS": "a login lasts this many hours (default: 12)",
    "VIEWER_QA_REPORT": "where the Quality page reads its report (default: the last scan of VIEWER_DATA)",
    "VIEWER_OCR_WORKERS": "OCR threads for `suggest --ocr` (default: one per core)",
    "VIEWER_EXPORT_KEY": "secret key for pseudonymising user ids in exports (required by `export`; never written out)",
    "VIEWER_PURPOSE": "the purpose exports and consent checks are for (default: agent-training)",
    "VIEWER_RETENTION_DAYS": "how long sessions are kept, `365` or per purpose `agent-training=365,analytics=90` "
                             "(default: no limit; `retention apply` then needs --older-than)",
    "VIEWER_CONFIG": "the organisation's detector and export configuration file, TOML or JSON (default: none)",
    "VIEWER_DEBUG": "1: show the traceback of an unexpected failure (never for bad input)",
    "VIEWER_CHROMIUM": "the Chromium that renders rrweb recordings' screens on `import` (default: /usr/bin/chromium)",
}
DEFAULT_CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class Settings:
    data: Path
    db_url: str
    cache: Path
    auth: str | None
    user: str | None = None
    session_hours: float = 12.0
    config: Path | None = None  # VIEWER_CONFIG: detector patterns, title rules, what an export may keep
    chromium: str = DEFAULT_CHROMIUM
    purpose: str = "agent-training"
    retention_days: dict[str, int] = field(default_factory=dict)  # purpose (or "*" for all) -> days
    # The variables as read, for the parts that parse their own (VIEWER_QA_<NAME>, VIEWER_LEASE_MINUTES, the
    # export key named by --key-env); never printed (it holds secrets).
    env: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    debug: bool = False
    ocr_workers: int | None = None
    qa_worker_threads: str | None = None  # polars threads per `qa` worker (default: CPUs / workers)
    qa_report: Path | None = None  # the report the Quality page shows (default: the last scan of `data`)

    def retention_for(self, purpose: str) -> int | None:
        return self.retention_days.get(purpose, self.retention_days.get("*"))

    def value(self, name: str) -> str:
        """The variable `name` as read ("" when unset), e.g. the secret named by `export --key-env`."""
        return self.env.get(name) or ""

    @property
    def explicit_db_url(self) -> str | None:
        """VIEWER_DB_URL when set, else None (the default then depends on the dataset)."""
        return self.env.get("VIEWER_DB_URL") or None

    def for_command(self, data: Path | None = None, db_url: str | None = None) -> Settings:
        """These settings for a command working on `data` (default VIEWER_DATA) with `--db` `db_url`: the
        database is `db_url`, else VIEWER_DB_URL, else the SQLite file beside `data`; the cache is unchanged."""
        data = Path(data) if data is not None else self.data
        return replace(self, data=data, db_url=db_url or self.explicit_db_url or default_db_url(data))


def default_db_url(data: Path) -> str:
    """A SQLite file beside (not inside) the dataset: the trace directory stays read-only."""
    data = data.resolve()
    return f"sqlite:///{data.parent / (data.name + '.annotations.db')}"


def load(environ: Mapping[str, str] | None = None) -> Settings:
    env = MappingProxyType(dict(os.environ if environ is None else environ))
    data = Path(env.get("VIEWER_DATA") or "sample_data")
    cache = Path(env.get("VIEWER_CACHE") or Path.home() / ".cache" / "trace-viewer")
    auth = env.get("VIEWER_AUTH") or None
    return Settings(data=data, db_url=env.get("VIEWER_DB_URL") or default_db_url(data), cache=cache, auth=auth,
                    user=env.get("VIEWER_USER") or None, session_hours=_hours(env.get("VIEWER_SESSION_HOURS")),
                    config=Path(env["VIEWER_CONFIG"]) if env.get("VIEWER_CONFIG") else None,
                    chromium=env.get("VIEWER_CHROMIUM") or DEFAULT_CHROMIUM,
                    purpose=(env.get("VIEWER_PURPOSE") or "agent-training").strip() or "agent-training",
                    retention_days=retention(env.get("VIEWER_RETENTION_DAYS")), env=env,
                    debug=bool(env.get("VIEWER_DEBUG")), ocr_workers=_count(env.get("VIEWER_OCR_WORKERS")),
                    qa_worker_threads=env.get("VIEWER_QA_WORKER_THREADS") or None,
                    qa_report=Path(env["VIEWER_QA_REPORT"]) if env.get("VIEWER_QA_REPORT") else None)


def set_in_process(values: Mapping[str, str], override: bool = False) -> None:
    """Set variables that libraries read when they load (polars' and Tesseract's thread caps, OpenCV's log
    level), for a process that has not loaded them yet: a worker's initializer, or before a first import.
    Without `override`, variables already set are kept: the person running the app decides."""
    for name, value in values.items():
        if override:
            os.environ[name] = value
        else:
            os.environ.setdefault(name, value)


def retention(value: str | None) -> dict[str, int]:
    """"365" -> {"*": 365}; "agent-training=365,analytics=90" -> per purpose. A bad part is ignored rather than
    erasing on a misread period (the command then asks for --older-than)."""
    out: dict[str, int] = {}
    for part in (value or "").split(","):
        name, _, days = part.strip().rpartition("=")
        if days.strip().isdigit() and int(days) > 0:
            out[name.strip() or "*"] = int(days)
    return out


def _hours(value: str | None) -> float:
    """A bad or non-positive value falls back to the default rather than making logins last forever."""
    try:
        hours = float(value) if value else 12.0
    except ValueError:
        return 12.0
    return hours if 0 < hours <= 24 * 30 else 12.0


def _count(value: str | None) -> int | None:
    """A positive whole number, else None (the default applies)."""
    return int(value) if value and value.strip().isdigit() and int(value) > 0 else None
