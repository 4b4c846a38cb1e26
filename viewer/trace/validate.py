"""Validating sessions and datasets: every problem as `path:line: code: message`.

Never reads outside the session directory; one bad line never hides the problems after it.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from .dataset import find_sessions
from .manifest import read_manifest
from .media import screenshot_problem, video_problem
from .paths import inside
from .problems import Problem
from .schema import EVENTS_JSONL, EVENTS_PARQUET, MANIFEST_FILE
from .validate_events import DEFAULT_LONG_GAP, EventStats, validate_jsonl, validate_rows


def events_file(session_dir: Path) -> Path | None:
    """The session's events file (JSONL preferred), or None; refuses symlinks leading outside."""
    for name in (EVENTS_JSONL, EVENTS_PARQUET):
        if (session_dir / name).exists() and inside(session_dir, name) is not None:
            return session_dir / name
    return None


def missing_events(session_dir: Path) -> Problem:
    for name in (EVENTS_JSONL, EVENTS_PARQUET):
        if (session_dir / name).is_symlink():
            return Problem(str(session_dir / name), None, "path-escape", f"{name} links outside the session")
    return Problem(str(session_dir / EVENTS_JSONL), None, "events-missing",
                   "neither events.jsonl nor events.parquet is there")


def _screenshots(session_dir: Path, stats: EventStats, label: str) -> list[Problem]:
    problems, seen, memo = [], {}, {}
    for line, file in stats.screenshots:
        if file not in seen:
            seen[file] = screenshot_problem(session_dir, file, memo)
        if seen[file]:
            problems.append(Problem(label, line, *seen[file]))
    return problems


def _parquet_rows(path: Path):
    for batch in pq.ParquetFile(path).iter_batches(batch_size=50_000):
        yield from batch.to_pylist()


def _events(session_dir: Path, manifest, long_gap: float) -> list[Problem]:
    path = events_file(session_dir)
    if path is None:
        return [missing_events(session_dir)]
    label, points = str(path), manifest.coords == "points"
    if path.suffix == ".parquet":
        try:
            problems, stats = validate_rows(_parquet_rows(path), label, manifest.screens, points, long_gap)
        except Exception:  # noqa: BLE001 - any reader failure is one clear problem, never a traceback
            return [Problem(label, None, "parquet-invalid", "events.parquet cannot be read")]
    else:
        problems, stats = validate_jsonl(path, label, manifest.screens, points, long_gap)
    return problems + _screenshots(session_dir, stats, label)


def validate_session(session_dir: Path, long_gap: float = DEFAULT_LONG_GAP) -> list[Problem]:
    session_dir = Path(session_dir)
    manifest, problems, _ = read_manifest(session_dir)
    if manifest is None:
        return problems
    if session_dir.resolve().name != manifest.session_id:
        problems.append(Problem(str(session_dir / MANIFEST_FILE), None, "id-mismatch",
                                "session_id differs from the directory name", "warning"))
    if manifest.video:
        found = video_problem(session_dir, manifest.video.file)
        if found:
            problems.append(Problem(str(session_dir / MANIFEST_FILE), None, *found))
    return problems + _events(session_dir, manifest, long_gap)


def validate_paths(paths: list[Path], long_gap: float = DEFAULT_LONG_GAP) -> tuple[int, list[Problem]]:
    """Validate each session under each path; returns (sessions checked, problems)."""
    count, problems = 0, []
    for path in paths:
        sessions, found = find_sessions(Path(path))
        problems += found
        for session in sessions:
            count += 1
            problems += validate_session(session, long_gap)
    return count, problems
