"""The export's manifest.json (SHA-256 of every file, what was applied per session) and its verification."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import orjson

from viewer.trace.schema import EVENTS_JSONL, EVENTS_PARQUET

from .base import ExportError, accepted
from .events import leaks, read_events_frame

MANIFEST = "manifest.json"
FORMAT = "trace-export/1"
CHUNK = 1 << 20
BLOCK = 8 << 20  # most screenshots are read in one call
HASH_THREADS = 4  # hashlib and file I/O release the GIL: threads overlap reading and hashing


def tool_version() -> str:
    try:
        return version("trace-viewer")
    except PackageNotFoundError:
        return "unknown"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def write_hashed(dst: Path, data: bytes) -> str:
    dst.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def _write_all(fd: int, data) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def copy_hashed(src, dst) -> str:
    """A real copy, hashed from the bytes as they are written: each file is read once. Plain os.read/os.write
    in big blocks: the per-file cost of Python file objects is most of the time on small screenshots."""
    h = hashlib.sha256()
    fin = os.open(src, os.O_RDONLY)
    try:
        want = min(os.fstat(fin).st_size + 1, BLOCK)  # a buffer the file's size, not BLOCK, for small files
        fout = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            while block := os.read(fin, want):
                h.update(block)
                _write_all(fout, block)
        finally:
            os.close(fout)
    finally:
        os.close(fin)
    return h.hexdigest()


def write_manifest(root: Path, sessions: dict, files: dict[str, str], extra: dict | None = None) -> dict:
    """`extra`: further top-level entries (what the export decided, e.g. about undecided suggestions)."""
    body = {"format": FORMAT, "tool_version": tool_version(), "sessions": sessions,
            "files": dict(sorted(files.items())), **(extra or {})}
    (root / MANIFEST).write_bytes(orjson.dumps(body, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    return body


def read_manifest(out: Path) -> dict:
    try:
        body = orjson.loads((out / MANIFEST).read_bytes())
    except OSError:
        raise ExportError(f"{out / MANIFEST}: cannot be read (not an export, or an unfinished one)") from None
    except orjson.JSONDecodeError:
        raise ExportError(f"{out / MANIFEST}: not valid JSON") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ExportError(f"{out / MANIFEST}: not a {FORMAT} manifest")
    return body


def _hash_problems(out: Path, files: dict) -> list[str]:
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {MANIFEST}
    there = sorted(rel for rel in files if rel in present)
    with ThreadPoolExecutor(HASH_THREADS) as pool:
        hashes = dict(zip(there, pool.map(lambda rel: sha256(out / rel), there)))
    problems = [f"{rel}: missing" for rel in sorted(files) if rel not in present]
    problems += [f"{rel}: hash mismatch (modified)" for rel in there if hashes[rel] != files[rel]]
    return problems + [f"{rel}: extra file not in manifest" for rel in sorted(present - set(files))]


def _events_path(session_dir: Path) -> Path | None:
    return next((session_dir / n for n in (EVENTS_JSONL, EVENTS_PARQUET) if (session_dir / n).is_file()), None)


def _redaction_problems(out: Path, sid: str, info: dict, flags) -> list[str]:
    """Re-reads the exported events (JSONL or Parquet): nothing of an events span may be left."""
    path = _events_path(out / str(info.get("dir") or sid))
    if path is None:
        return [f"{sid}: no events file in the export"]
    try:
        events, titles = leaks(read_events_frame(path), flags)
    except ExportError as exc:
        return [str(exc)]
    rel = path.relative_to(out).as_posix()
    found = [f"{rel}: {events} input event(s) left inside an accepted events span"] if events else []
    return found + ([f"{rel}: {titles} window title(s) left unredacted in an accepted span"] if titles else [])


def verify_export(out: Path, store=None) -> list[str]:
    """Problems found (empty = the export is intact and every accepted flag was applied)."""
    out = Path(out)
    try:
        body = read_manifest(out)
    except ExportError as exc:
        return [str(exc)]
    problems = _hash_problems(out, body.get("files") or {})
    if body.get("layout") == "hf":
        from .hf.verify import hf_problems

        return problems + hf_problems(out, body, store)
    for sid, info in sorted((body.get("sessions") or {}).items()):
        flags = list(info.get("flags", []))
        if store is not None:
            applied = {(f["id"], f["version"]) for f in flags}
            live = accepted(store, sid)
            problems += [f"{sid}: accepted flag {f.id} (version {f.version}) was not applied"
                         for f in live if (f.id, f.version) not in applied]
            flags += [f for f in live if (f.id, f.version) not in applied]  # applied ones: their summary
        problems += _redaction_problems(out, sid, info, flags)
    return problems
