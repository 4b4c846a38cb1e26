"""One session -> its redacted copy: manifest pseudonymised, events redacted (JSONL or Parquet),
flagged screenshots and video redacted, every other file copied byte for byte (hashed as it is copied).
Only what the redaction knows leaves (known.py: manifest entries, event fields and types, files the trace
names; strip.py: image and video metadata, audio): importers' private data (`source/`, source_* manifest
keys) and the sample generator's answer key (`truth.json`, which holds the secret values) never do."""

from __future__ import annotations

import copy
import os
import threading
from concurrent.futures import Executor, Future
from pathlib import Path

import orjson

from viewer.sensitive.config import ExportKeep
from viewer.trace.cache import content_hash
from viewer.trace.manifest import read_manifest
from viewer.trace.paths import inside
from viewer.trace.schema import EVENTS_JSONL, EVENTS_PARQUET, IMAGE_SUFFIXES, MANIFEST_FILE

from .base import EVENT_SCOPES, ExportError, flag_summary, pseudonym, scope
from .events import jsonl_events, read_parquet_table, redact_table, screenshot_rows_of_table, write_parquet_like
from .known import Dropped, known_files, known_manifest, strip_events_file
from .manifest import copy_hashed, sha256, write_hashed
from .pixels import pixel_flags, redact_image, redact_video, screenshots_to_redact
from .strip import clean_image, clean_video, video_extras
from .text_redact import known, redact_tasks, targets

PRIVATE_DIRS = ("source",)
PRIVATE_FILES = ("truth.json",)
COPY_BATCHES = 2  # one per core: file I/O and hashlib release the GIL


def _manifest(src: Path) -> tuple[dict, bytes]:
    parsed, problems, raw = read_manifest(src)
    if parsed is None:
        raise ExportError("; ".join(str(p) for p in problems) or f"{src / MANIFEST_FILE}: cannot be read")
    return orjson.loads(raw), raw


def session_id_of(src: Path) -> str:
    """Only the id (the full manifest check comes when the session is exported)."""
    try:
        manifest = orjson.loads((src / MANIFEST_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        manifest = None
    if not isinstance(manifest, dict):
        raise ExportError(f"{src / MANIFEST_FILE}: manifest-invalid: cannot be read as a JSON object")
    return str(manifest.get("session_id") or src.name)


def _events_file(src: Path) -> Path:
    for name in (EVENTS_JSONL, EVENTS_PARQUET):
        if (src / name).is_file():
            return src / name
    raise ExportError(f"{src}: events-missing: neither events.jsonl nor events.parquet is there")


def _public_manifest(manifest: dict, key: bytes, keep: ExportKeep, dropped: Dropped, text_targets=()) -> bytes:
    manifest = known_manifest(manifest, keep, dropped)
    if "user" in manifest:
        manifest["user"] = pseudonym(manifest["user"], key)
    if text_targets and manifest.get("tasks"):
        manifest["tasks"] = copy.deepcopy(manifest["tasks"])
        redact_tasks(manifest, list(text_targets))
    return orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n"


def _events(src: Path, dst: Path, data: bytes, flags, text_targets=(), keep_titles=frozenset()
            ) -> tuple[str, list[dict], int, int]:
    """Writes the (redacted) events file; returns its hash, the screenshot events, removed, titles."""
    redact = any(scope(f) in EVENT_SCOPES for f in flags) or bool(text_targets)
    if not redact and not pixel_flags(flags):
        return write_hashed(dst, data), [], 0, 0
    label = f"{src.parent.name}/{src.name}"
    if src.suffix == ".parquet":
        table = read_parquet_table(src, label)
        shots = screenshot_rows_of_table(table)
        if not redact:
            return write_hashed(dst, data), shots, 0, 0
        table, removed, titles = redact_table(table, flags, text_targets, keep_titles)
        write_parquet_like(table, src, dst)
        return sha256(dst), shots, removed, titles
    body, shots, removed, titles = jsonl_events(data, flags if redact else [], label, text_targets, keep_titles)
    return write_hashed(dst, body if redact else data), shots, removed, titles


def _tree(src: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """(directories, (relative path, file)) to export. Only symlinks can lead outside, so only they are resolved."""
    dirs, files, stack = [], [], [(os.fspath(src), "")]
    skip = {MANIFEST_FILE, EVENTS_JSONL, EVENTS_PARQUET, *PRIVATE_FILES}
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink() and (inside(src, rel) is None or entry.is_dir()):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if prefix or entry.name not in PRIVATE_DIRS:
                        dirs.append(rel)
                        stack.append((entry.path, rel + "/"))
                elif entry.is_file() and rel not in skip:
                    files.append((rel, entry.path))
    return sorted(dirs), sorted(files)


def _redacted_copy(rel: str, path: str, target: str, hits) -> dict[str, str]:
    return {rel: write_hashed(Path(target), redact_image(Path(path), hits))}


_TALLY = threading.Lock()


def _read(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        parts, want = [], os.fstat(fd).st_size + 1
        while block := os.read(fd, want):
            parts.append(block)
        return b"".join(parts)
    finally:
        os.close(fd)


def _clean_copy(rel: str, path: str, target: str, stripped: dict) -> str:
    """A screenshot copied as it is, or without its metadata when it has some (counted in `stripped`)."""
    data = _read(path)
    cleaned = clean_image(data, path)  # an error names the source file
    if cleaned is not None:
        with _TALLY:
            stripped["image_metadata"] += 1
    return write_hashed(Path(target), data if cleaned is None else cleaned)


def _copy_all(pairs: list[tuple[str, str, str]], stripped: dict) -> dict[str, str]:
    return {rel: _clean_copy(rel, path, target, stripped) if rel.lower().endswith(IMAGE_SUFFIXES)
            else copy_hashed(path, target) for rel, path, target in pairs}


def _video(path: str, target: str, manifest: dict, flags, stripped: dict) -> int:
    """Writes the video: redacted (re-encoded, picture only) under a pixel flag, else remuxed without what
    is not its picture, else left for the byte copy (returns -1). Returns the frames redacted."""
    extras = video_extras(Path(path))
    stripped["video"] = extras
    if pixel_flags(flags):
        return redact_video(Path(path), Path(target), manifest, flags)
    if extras:
        clean_video(Path(path), Path(target))
        return 0
    return -1


def _dirs_of(files: list[tuple[str, str]]) -> list[str]:
    found = set()
    for rel, _ in files:
        parts = rel.split("/")[:-1]
        found.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return sorted(found)


def export_session(src: Path, dst: Path, flags, key: bytes, pool: Executor, keep: ExportKeep = ExportKeep(),
                   values: dict | None = None) -> tuple[dict, dict[str, str], list[Future]]:
    """Starts writing the copy of `src` at `dst`: (what was applied and what was stripped, {relative path:
    sha256} of the files written so far, jobs each giving more of those). The caller waits for the jobs, so
    the next session can start while this one's files are copied; `info["stripped"]` is final only then.
    `values` (flag id -> the values it covers, read back from the trace: viewer.export.follow_step) turns on
    value-level redaction of text fields."""
    values = values or {}
    tgts = targets(flags, values)
    value_known = frozenset(known(flags, values))
    manifest, raw = _manifest(src)
    events_path = _events_file(src)
    data = events_path.read_bytes()
    dst.mkdir(parents=True)
    dropped = Dropped()
    hashes = {MANIFEST_FILE: write_hashed(dst / MANIFEST_FILE, _public_manifest(manifest, key, keep, dropped, tgts))}
    hashes[events_path.name], shots, removed, titles = _events(events_path, dst / events_path.name, data, flags,
                                                               tgts, value_known)
    new_hash, named = strip_events_file(dst / events_path.name, events_path, keep, dropped)
    hashes[events_path.name] = new_hash or hashes[events_path.name]
    to_redact = screenshots_to_redact(shots, flags)
    video = (manifest.get("video") or {}).get("file")
    if isinstance(video, str):
        named.add(os.path.normpath(video).replace(os.sep, "/"))
    files = known_files(_tree(src)[1], named, keep, dropped)
    for rel in _dirs_of(files):
        (dst / rel).mkdir()
    out = os.fspath(dst)
    jobs: list[Future] = []
    copies, frames = [], 0
    stripped = {"image_metadata": 0, "video": []}
    for rel, path in files:
        target = os.path.join(out, rel)
        if rel in to_redact:
            jobs.append(pool.submit(_redacted_copy, rel, path, target, to_redact[rel]))
        elif rel == video and (written := _video(path, target, manifest, flags, stripped)) >= 0:
            frames = written
            jobs.append(pool.submit(lambda r=rel, t=target: {r: sha256(t)}))
        else:
            copies.append((rel, path, target))
    # a few big jobs rather than one per file: a thread hand-off costs more than copying a small screenshot
    jobs += [pool.submit(_copy_all, copies[i::COPY_BATCHES], stripped)
             for i in range(min(COPY_BATCHES, len(copies)))]
    stripped.update(dropped.summary())
    info = {
        "source_content_hash": content_hash(raw, data),
        "events_removed": removed,
        "titles_redacted": titles,
        "screenshots_redacted": len(set(to_redact) & {rel for rel, _ in files}),
        "video_frames_redacted": frames,
        "flags": [flag_summary(f, f.id in value_known) for f in flags],
        "stripped": stripped,
    }
    return info, hashes, jobs
