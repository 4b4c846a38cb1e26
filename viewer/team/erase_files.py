"""The files side of a data-subject deletion: finding a person's sessions in a dataset, the cache entries made
from them, and removing session directories atomically (renamed into a trash directory inside the dataset,
then deleted), never anything outside the dataset root."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from viewer.sensitive import ocr_cache
from viewer.trace.cache import EventsCache, cached_report_path, content_hash
from viewer.trace.dataset import is_session
from viewer.trace.paths import inside
from viewer.trace.schema import MANIFEST_FILE
from viewer.trace.validate import events_file

TRASH = ".erase-trash"  # hidden: dataset scans skip names starting with "."


class UnsafePath(OSError):
    """A path that would lead outside the dataset root: nothing is deleted there."""


@dataclass(frozen=True)
class SubjectSession:
    dir: Path  # a directory directly under the dataset root
    session_id: str  # the manifest's session_id (annotations may use it or the directory name)


def _manifest_user(session_dir: Path) -> tuple[str | None, str | None]:
    """(user, session_id) from session.json, or (None, None) when it cannot be read as a JSON object."""
    try:
        raw = json.loads((session_dir / MANIFEST_FILE).read_bytes())
    except (OSError, ValueError):
        return None, None
    if not isinstance(raw, dict):
        return None, None
    return str(raw.get("user", "")), str(raw.get("session_id") or session_dir.name)


def subject_sessions(root: Path, subject: str) -> tuple[list[SubjectSession], list[str]]:
    """The sessions whose manifest `user` is `subject`, and what could not be checked (never any content)."""
    found, problems = [], []
    for child in sorted(root.iterdir()):
        if child.name.startswith(".") or not child.is_dir() or not is_session(child):
            continue
        if inside(root, child.name) is None:
            problems.append(f"{child}: path-escape: links outside the dataset; not checked")
            continue
        user, session_id = _manifest_user(child)
        if user is None:
            problems.append(f"{child / MANIFEST_FILE}: manifest-invalid: cannot be read; not checked")
        elif user == subject:
            found.append(SubjectSession(child, session_id))
    return found, problems


def cache_entries(session_dir: Path, cache_dir: Path) -> list[Path]:
    """The loaded-session cache files made from this session's current manifest and events."""
    events = events_file(session_dir)
    if events is None:
        return []
    manifest = (session_dir / MANIFEST_FILE).read_bytes()
    cache = EventsCache(cache_dir)
    key = content_hash(manifest, events.read_bytes())
    # the cache's own naming (stamp per events path, entry per content hash and loader version)
    candidates = [cache._stamp_path(events), *sorted((Path(cache_dir) / "events").glob(f"{key}-v*.arrow"))]
    _, session_id = _manifest_user(session_dir)
    ocr = ocr_cache.session_folder(cache_dir, session_id or session_dir.name)  # OCR text: sensitive, goes too
    candidates += sorted(ocr.iterdir()) if ocr.is_dir() else []
    return [p for p in candidates if p.exists()]


def report_rows(root: Path, cache_dir: Path, names: set[str]) -> int:
    """How many rows of the dataset's last quality report (kept in the cache) are about these sessions."""
    frame = _report(root, cache_dir)
    return 0 if frame is None else int(_about(frame, names).sum())


def drop_report_rows(root: Path, cache_dir: Path, names: set[str]) -> int:
    path = cached_report_path(root, cache_dir)
    frame = _report(root, cache_dir)
    if frame is None:
        return 0
    about = _about(frame, names)
    if about.any():
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        frame[~about].to_parquet(tmp, index=False)
        os.replace(tmp, path)
    return int(about.sum())


def _report(root: Path, cache_dir: Path) -> pd.DataFrame | None:
    path = cached_report_path(root, cache_dir)
    return pd.read_parquet(path) if path.exists() else None


def _about(frame: pd.DataFrame, names: set[str]) -> pd.Series:
    about = pd.Series(False, index=frame.index)
    for column in ("session_id", "dir"):
        if column in frame:
            about |= frame[column].astype(str).isin(names)
    return about


def trash_dir(root: Path) -> Path:
    trash = root / TRASH
    if trash.is_symlink() or (trash.exists() and inside(root, TRASH) is None):
        raise UnsafePath(f"{trash}: is a link; refusing to delete through it")
    return trash


def leftovers(root: Path) -> list[Path]:
    """What an interrupted deletion left in the trash (removed on the next run)."""
    trash = trash_dir(root)
    return sorted(trash.iterdir()) if trash.is_dir() else []


def move_to_trash(root: Path, session_dir: Path) -> Path:
    """One rename on the same file system: the session is either wholly in the dataset or wholly gone."""
    if session_dir.parent.resolve() != root.resolve() or inside(root, session_dir.name) is None:
        raise UnsafePath(f"{session_dir}: not directly inside the dataset; not deleted")
    trash = trash_dir(root)
    trash.mkdir(exist_ok=True)
    target = trash / f"{session_dir.name}.{uuid.uuid4().hex[:8]}"
    os.rename(session_dir, target)
    return target


def empty_trash(root: Path) -> int:
    """Delete everything in the trash (a link is removed, never followed); returns entries removed."""
    removed = 0
    for entry in leftovers(root):
        if entry.is_symlink() or not entry.is_dir():
            entry.unlink()
        else:
            shutil.rmtree(entry)
        removed += 1
    trash = trash_dir(root)
    if trash.is_dir():
        trash.rmdir()
    return removed
