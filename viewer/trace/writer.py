"""Writing trace/1 sessions: atomically, so a half-written session never looks complete."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson

from .schema import EVENTS_JSONL, FORMAT, MANIFEST_FILE


@contextmanager
def session_dir(dest: Path) -> Iterator[Path]:
    """Yield a hidden temporary directory beside `dest`; rename it to `dest` only on success.

    A crash or an exception leaves no `dest` (and removes the partial directory), so
    readers never see a session that is missing files.
    """
    dest = Path(dest)
    if dest.exists():
        raise FileExistsError(f"{dest}: already exists")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.parent / f".{dest.name}.partial-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        yield tmp
        os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_manifest(directory: Path, manifest: dict) -> Path:
    """Write `session.json`; `format` defaults to trace/1."""
    body = {"format": FORMAT, **manifest}
    path = Path(directory) / MANIFEST_FILE
    path.write_bytes(orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n")
    return path


def write_events(directory: Path, events: Iterable[dict], decimals: int = 3) -> Path:
    """Write `events.jsonl`, one event a line, sorted by time (stable), t rounded to `decimals` (ms by default;
    importers keep microseconds so that distinct source events never become identical by rounding)."""
    rows = sorted(events, key=lambda e: e["t"])
    path = Path(directory) / EVENTS_JSONL
    with open(path, "wb") as out:
        for event in rows:
            event = {**event, "t": round(float(event["t"]), decimals)}
            out.write(orjson.dumps(event))
            out.write(b"\n")
    return path
