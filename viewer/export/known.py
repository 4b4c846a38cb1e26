"""Only what the redaction knows leaves: the trace format's own manifest entries, event types and event fields,
and the files its events and manifest name. Everything else (an importer's extra fields, accessibility trees,
raw agent responses, `source_metadata`, unreferenced files) was never shown to a reviewer nor checked by the
redaction, so it is left out unless the configuration's `[export]` allow-list names it (ExportKeep).

What was left out is counted per session for the export's manifest; the names of dropped fields are listed
only when they look like identifiers (a name is not a value, but an odd one could be)."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.compute as pc

from viewer.sensitive.config import ExportKeep
from viewer.trace.schema import CORE_FIELDS, EVENT_TYPES

from .events import parse_jsonl, read_parquet_table, write_parquet_like
from .manifest import sha256, write_hashed

# The trace/1 manifest: a name maps to None (a scalar), a dict (an object with these entries) or a one-element
# list (a list of such objects).
_SCREEN = {"id": None, "x": None, "y": None, "width": None, "height": None, "scale": None}
MANIFEST_SHAPE: dict = {
    "format": None, "session_id": None, "started_at": None, "user": None, "os": None, "timezone": None,
    "coords": None, "recorder": {"name": None, "version": None}, "screens": [_SCREEN],
    "video": {"file": None, "t0": None, "screen": None},
    "tasks": [{"t_start": None, "t_end": None, "instruction": None, "outcome": None, "score": None}],
}
EVENT_BASE = frozenset({"t", "type"})
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,63}")
SCALARS = (str, int, float, bool, type(None))
PARQUET_META = frozenset({b"pandas"})  # column types for pandas readers, written by pyarrow itself


@dataclass
class Dropped:
    """What one session lost to the allow-list."""

    manifest_entries: int = 0
    event_fields: int = 0      # values of unknown fields, over all events
    events: int = 0            # events of an unknown type
    files: int = 0
    names: set[str] = field(default_factory=set)

    def add_name(self, name: str) -> None:
        self.names.add(name if NAME.fullmatch(name) else "(unnamed)")

    def summary(self) -> dict:
        return {"manifest_entries": self.manifest_entries, "event_fields": self.event_fields,
                "events": self.events, "files": self.files, "names": sorted(self.names)}


# ---- manifest --------------------------------------------------------------------------------------------

_DROP = object()


def _prune(value, shape, path: str, keep: frozenset[str], dropped: Dropped):
    """`value` cut to `shape`; `_DROP` when nothing of it may stay."""
    if (path and path in keep) or value is None:  # null says "absent" whatever the shape
        return value
    if shape is None:
        if isinstance(value, SCALARS):
            return value
    elif isinstance(shape, dict) and isinstance(value, dict):
        out = {}
        for k, v in value.items():
            sub = f"{path}.{k}" if path else k
            if k in shape or sub in keep:
                kept = _prune(v, shape.get(k), sub, keep, dropped)
            elif isinstance(v, dict) and any(name.startswith(sub + ".") for name in keep):
                kept = _prune(v, {}, sub, keep, dropped)  # only the allow-listed entries inside it
            else:
                kept = _DROP
            if kept is _DROP:
                dropped.manifest_entries += 1
                dropped.add_name(f"manifest.{sub}")
            else:
                out[k] = kept
        return out
    elif isinstance(shape, list) and isinstance(value, list):
        return [v for v in (_prune(item, shape[0], path, keep, dropped) for item in value) if v is not _DROP]
    return _DROP


def known_manifest(manifest: dict, keep: ExportKeep, dropped: Dropped) -> dict:
    """The manifest with only trace/1 entries (and allow-listed paths, "recorder.build" style)."""
    out = _prune(manifest, MANIFEST_SHAPE, "", keep.manifest, dropped)
    return out if isinstance(out, dict) else {}


# ---- events ----------------------------------------------------------------------------------------------

def known_fields(keep: ExportKeep) -> frozenset[str]:
    return CORE_FIELDS | EVENT_BASE | keep.event_fields


def known_event(event: dict, fields: frozenset[str], types: frozenset[str], dropped: Dropped) -> dict | None:
    """The event with only known (or allow-listed) fields; None for an event of an unknown type."""
    if event.get("type") not in types:
        dropped.events += 1
        dropped.add_name(f"event_type.{event.get('type')}")
        return None
    extra = [k for k in event if k not in fields]
    if not extra:
        return event
    dropped.event_fields += len(extra)
    for k in extra:
        dropped.add_name(f"event.{k}")
    return {k: v for k, v in event.items() if k in fields}


def _jsonl(data: bytes, keep: ExportKeep, label: str, dropped: Dropped) -> tuple[bytes | None, list[dict]]:
    """(the file without unknown events and fields, or None when nothing changes; screenshot events)."""
    fields, types = known_fields(keep), frozenset(EVENT_TYPES) | keep.event_types
    lines, changed, shots = [], False, []
    for line, event in parse_jsonl(data, label):
        kept = known_event(event, fields, types, dropped)
        if kept is None:
            changed = True
            continue
        if kept is not event:
            changed = True
            line = orjson.dumps(kept)
        if kept.get("type") == "screenshot":
            shots.append(kept)
        lines.append(line)
    return (b"".join(x + b"\n" for x in lines) if changed else None), shots


def _strings(column):
    return column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column


def known_table(table: pa.Table, keep: ExportKeep, dropped: Dropped) -> pa.Table | None:
    """The Parquet counterpart: unknown columns and rows of unknown types left out; None when nothing changes."""
    fields = known_fields(keep)
    extra = [c for c in table.column_names if c not in fields]
    for c in extra:
        dropped.event_fields += table.num_rows - table[c].null_count
        dropped.add_name(f"event.{c}")
    out = table.drop_columns(extra) if extra else table
    if "type" in out.column_names:
        types = pa.array(sorted(frozenset(EVENT_TYPES) | keep.event_types))
        known = pc.fill_null(pc.is_in(_strings(out["type"]), value_set=types), False)
        unknown = out.num_rows - (pc.sum(known).as_py() or 0)
        if unknown:
            for name in pc.unique(_strings(out.filter(pc.invert(known))["type"])).to_pylist():
                dropped.add_name(f"event_type.{name}")
            dropped.events += unknown
            out = out.filter(known)
    meta = out.schema.metadata or {}
    unknown_meta = [k for k in meta if k not in PARQUET_META]
    if unknown_meta:  # key/value metadata a writer left in the file: nobody reviewed it either
        for k in unknown_meta:
            dropped.add_name(f"parquet_metadata.{k.decode('utf-8', 'replace')}")
        out = out.replace_schema_metadata({k: v for k, v in meta.items() if k in PARQUET_META})
    return out if (extra or unknown_meta or out.num_rows != table.num_rows) else None


def _shots_of_table(table: pa.Table) -> list[dict]:
    if "type" not in table.column_names or "file" not in table.column_names:
        return []
    shots = table.filter(pc.fill_null(pc.equal(_strings(table["type"]), "screenshot"), False))
    return shots.select(["file"]).to_pylist()


def strip_events_file(dst: Path, src: Path, keep: ExportKeep, dropped: Dropped) -> tuple[str | None, set[str]]:
    """Rewrites the exported events file `dst` (JSONL or Parquet, written from `src`) without what the format
    does not know. Returns (its new hash, or None when it was left as it was; the files its screenshot events
    name, normalised inside the session)."""
    label = f"{src.parent.name}/{src.name}"
    if dst.suffix == ".parquet":
        table = read_parquet_table(dst, label)
        kept = known_table(table, keep, dropped)
        shots = _shots_of_table(kept if kept is not None else table)
        new_hash = None
        if kept is not None:
            write_parquet_like(kept, src, dst)
            new_hash = sha256(dst)
    else:
        body, shots = _jsonl(dst.read_bytes(), keep, label, dropped)
        new_hash = write_hashed(dst, body) if body is not None else None
    return new_hash, {_normal(s["file"]) for s in shots if isinstance(s.get("file"), str)}


def _normal(rel: str) -> str:
    return posixpath.normpath(rel.replace("\\", "/")).lstrip("/")


# ---- files -----------------------------------------------------------------------------------------------

def known_files(files: list[tuple[str, str]], named: set[str], keep: ExportKeep,
                dropped: Dropped) -> list[tuple[str, str]]:
    """The (relative path, file) pairs the trace names (screenshots, the video) or the allow-list's globs match."""
    out = []
    for rel, path in files:
        if rel in named or any(fnmatch.fnmatchcase(rel, glob) for glob in keep.files):
            out.append((rel, path))
        else:
            dropped.files += 1
    return out
