"""Settings from environment variables, with defaults that work on a laptop.

Read when asked (never at import time), so tests and commands can set them per call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
    "VIEWER_SENSITIVE_CONFIG": "the detectors' config file (TOML/JSON): patterns, title rules, name lists; its "
                               "categories join the flag form's list (default: none)",
    "VIEWER_DEBUG": "1: show the traceback of an unexpected failure (never for bad input)",
}


@dataclass(frozen=True)
class Settings:
    data: Path
    db_url: str
    cache: Path
    auth: str | None
    user: str | None = None
    session_hours: float = 12.0
    sensitive_config: Path | None = None


def default_db_url(data: Path) -> str:
    """A SQLite file beside (not inside) the dataset: the trace directory stays read-only."""
    data = data.resolve()
    return f"sqlite:///{data.parent / (data.name + '.annotations.db')}"


def load(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    data = Path(env.get("VIEWER_DATA") or "sample_data")
    cache = Path(env.get("VIEWER_CACHE") or Path.home() / ".cache" / "trace-viewer")
    auth = env.get("VIEWER_AUTH") or None
    return Settings(data=data, db_url=env.get("VIEWER_DB_URL") or default_db_url(data), cache=cache, auth=auth,
                    user=env.get("VIEWER_USER") or None, session_hours=_hours(env.get("VIEWER_SESSION_HOURS")),
                    sensitive_config=Path(env["VIEWER_SENSITIVE_CONFIG"]) if env.get("VIEWER_SENSITIVE_CONFIG")
                    else None)


def _hours(value: str | None) -> float:
    """A bad or non-positive value falls back to the default rather than making logins last forever."""
    try:
        hours = float(value) if value else 12.0
    except ValueError:
        return 12.0
    return hours if 0 < hours <= 24 * 30 else 12.0
