"""Loading a session: manifest + typed events DataFrame + screenshot index, through the cache."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa

from .cache import EventsCache, content_hash
from .events_io import EventsReadError, read_jsonl, read_parquet
from .manifest import Manifest, read_manifest
from .normalize import normalize, to_arrow, to_pandas
from .problems import Problem, TraceError, WARNING
from .schema import EVENT_FIELDS, EVENT_TYPES
from .screenshots import ScreenshotIndex
from .validate import events_file, missing_events, validate_session


@dataclass
class Session:
    path: Path
    manifest: Manifest  # screens in pixel space, whatever the recorder logged
    events: pd.DataFrame
    screenshots: ScreenshotIndex
    content_hash: str
    problems: list[Problem] = field(default_factory=list)  # warnings; errors raise TraceError

    @property
    def session_id(self) -> str:
        return self.manifest.session_id

    @property
    def duration(self) -> float:
        return float(self.events["t"].max()) if len(self.events) else 0.0


def _pixel_manifest(manifest: Manifest) -> Manifest:
    if manifest.coords != "points":
        return manifest
    screens = tuple(dataclasses.replace(s, x=round(s.x * s.scale), y=round(s.y * s.scale))
                    for s in manifest.screens)
    return dataclasses.replace(manifest, screens=screens, coords="pixels")


def _required_by() -> dict[str, list[str]]:
    """Field name -> the event types that require it (one check per field, not per pair)."""
    need: dict[str, list[str]] = {}
    for name, fields in EVENT_FIELDS.items():
        for f in fields:
            if f.required:
                need.setdefault(f.name, []).append(name)
    return need


def _invalid_rows() -> pl.Expr:
    """True for rows a load cannot take; the validator then says which and why."""
    t, etype = pl.col("t"), pl.col("type")
    bad = t.is_null() | ~t.is_finite() | (t < 0) | etype.is_null()
    for field, types in _required_by().items():
        bad = bad | (pl.col(field).is_null() & etype.is_in(types))
    return bad | (etype.is_in(["down", "up", "click"]) & ~pl.col("button").is_in(["left", "right", "middle"]))


def _read(session_dir: Path, path: Path, data: bytes, manifest: Manifest) -> pa.Table:
    try:
        frame = read_parquet(path) if path.suffix == ".parquet" else read_jsonl(data)
    except EventsReadError:
        frame = None
    if frame is not None:
        lazy = frame.lazy()
        typed, check = pl.collect_all([normalize(lazy, manifest), lazy.select(_invalid_rows().any())])
        if not check.item():
            return to_arrow(typed)
    raise TraceError([p for p in validate_session(session_dir) if p.is_error] or
                     [Problem(str(path), None, "events-invalid", "events cannot be loaded")])


def _warnings(events: pd.DataFrame, path: Path) -> list[Problem]:
    found = []
    unknown = sorted(set(events["type"].cat.categories) - set(EVENT_TYPES))
    for name in unknown:
        found.append(Problem(str(path), None, "unknown-type", f"events of unknown type '{name[:40]}' kept", WARNING))
    t = events["t"].to_numpy()
    if len(t) > 1 and (t[1:] < t[:-1]).any():
        found.append(Problem(str(path), None, "time-backwards", "time goes backwards; order kept", WARNING))
    return found


_SETTINGS_CACHE = object()  # the default: the cache folder the settings name (VIEWER_CACHE)


def load_session(session_dir: Path, cache_dir: Path | None | object = _SETTINGS_CACHE) -> Session:
    """Load one session; raises TraceError (with the problems) when it cannot be loaded. Typed events are
    cached under `cache_dir` by content hash (default: the settings' cache folder, as the README says;
    None: no cache)."""
    session_dir = Path(session_dir)
    if cache_dir is _SETTINGS_CACHE:
        from viewer import settings

        cache_dir = settings.load().cache
    manifest, problems, manifest_bytes = read_manifest(session_dir)
    if manifest is None:
        raise TraceError(problems)
    path = events_file(session_dir)
    if path is None:
        raise TraceError([missing_events(session_dir)])
    cache = EventsCache(cache_dir)
    key = cache.known_hash(path, manifest_bytes)
    table = cache.get(key) if key else None
    if table is None:
        data = path.read_bytes()
        key = content_hash(manifest_bytes, data)
        table = cache.get(key)
    if table is None:
        table = _read(session_dir, path, data, manifest)
        del data  # the raw bytes are not needed any more: keeps peak memory down
        cache.put(key, table)
    cache.remember_hash(path, manifest_bytes, key)
    events = to_pandas(table)
    del table
    return Session(session_dir, _pixel_manifest(manifest), events, ScreenshotIndex.from_events(events), key,
                   problems + _warnings(events, path))
