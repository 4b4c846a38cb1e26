"""`session.json`: the manifest of a session, parsed into typed objects with problems reported."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import orjson

from .paths import inside
from .problems import WARNING, Problem
from .schema import FORMAT, MANIFEST_FILE

SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
KNOWN_KEYS = {"format", "session_id", "started_at", "user", "recorder", "os", "timezone", "screens", "video",
              "tasks", "coords"}


@dataclass(frozen=True)
class Screen:
    id: int
    x: int
    y: int
    width: int
    height: int
    scale: float = 1.0


@dataclass(frozen=True)
class Video:
    file: str
    t0: float = 0.0
    screen: int | None = None


TASK_OUTCOMES = ("success", "failure", "partial")


@dataclass(frozen=True)
class Task:
    """A task the recorder knew; `outcome` and `score` when the source judged it (an agent benchmark's score)."""

    t_start: float
    t_end: float
    instruction: str
    outcome: str | None = None
    score: float | None = None


@dataclass(frozen=True)
class Manifest:
    session_id: str
    started_at: datetime
    screens: tuple[Screen, ...]
    format: str = FORMAT
    user: str = ""
    recorder: dict = field(default_factory=dict)
    os: str = ""
    timezone: str = ""
    video: Video | None = None
    tasks: tuple[Task, ...] = ()
    coords: str = "pixels"  # "points": pointer positions are logical points, mapped by each screen's scale
    extra: dict = field(default_factory=dict)


class _Reader:
    """Collects problems while reading fields of the raw manifest object."""

    def __init__(self, path: str, text: str):
        self.path, self.text, self.problems = path, text, []

    def line_of(self, key: str) -> int:
        at = self.text.find(f'"{key}"')
        return self.text.count("\n", 0, at) + 1 if at >= 0 else 1

    def problem(self, key: str, code: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, self.line_of(key), code, message, severity))

    def get(self, obj: dict, key: str, kinds: tuple, what: str, required: bool = True, where: str = ""):
        name = f"{where}{key}"
        if key not in obj:
            if required:
                self.problem(key, "missing-field", f"'{name}' is required")
            return None
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.problem(key, "wrong-type", f"'{name}' must be {what}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(key, "non-finite", f"'{name}' must be a finite number")
            return None
        return value


def _screens(r: _Reader, raw: dict) -> tuple[Screen, ...]:
    items = r.get(raw, "screens", (list,), "a list of screens")
    if items is None:
        return ()
    screens = []
    for i, item in enumerate(items):
        where = f"screens[{i}]."
        if not isinstance(item, dict):
            r.problem("screens", "wrong-type", f"'screens[{i}]' must be an object")
            continue
        ints = [r.get(item, k, (int,), "an integer", where=where) for k in ("id", "x", "y", "width", "height")]
        scale = r.get(item, "scale", (int, float), "a number", required=False, where=where)
        if None in ints:
            continue
        if ints[3] <= 0 or ints[4] <= 0 or (scale is not None and scale <= 0):
            r.problem("screens", "bad-value", f"'screens[{i}]' needs a positive width, height and scale")
            continue
        screens.append(Screen(*ints, scale=float(scale or 1.0)))
    if not screens and items is not None and not r.problems:
        r.problem("screens", "bad-value", "'screens' must list at least one screen")
    return tuple(screens)


def _video(r: _Reader, raw: dict) -> Video | None:
    item = r.get(raw, "video", (dict,), "an object", required=False)
    if item is None:
        return None
    file = r.get(item, "file", (str,), "a string", where="video.")
    t0 = r.get(item, "t0", (int, float), "a number", required=False, where="video.")
    screen = r.get(item, "screen", (int,), "an integer", required=False, where="video.")
    return Video(file, float(t0 or 0.0), screen) if file else None


def _tasks(r: _Reader, raw: dict) -> tuple[Task, ...]:
    items = r.get(raw, "tasks", (list,), "a list", required=False) or []
    tasks = []
    for i, item in enumerate(items):
        where = f"tasks[{i}]."
        if not isinstance(item, dict):
            r.problem("tasks", "wrong-type", f"'tasks[{i}]' must be an object")
            continue
        start = r.get(item, "t_start", (int, float), "a number", where=where)
        end = r.get(item, "t_end", (int, float), "a number", where=where)
        text = r.get(item, "instruction", (str,), "a string", where=where)
        outcome = r.get(item, "outcome", (str,), "a string", required=False, where=where)
        if outcome is not None and outcome not in TASK_OUTCOMES:
            r.problem("tasks", "bad-value", f"'tasks[{i}].outcome' must be one of {', '.join(TASK_OUTCOMES)}")
            outcome = None
        score = r.get(item, "score", (int, float), "a number", required=False, where=where)
        if None not in (start, end, text):
            if end < start:
                r.problem("tasks", "bad-value", f"'tasks[{i}]' ends before it starts")
            tasks.append(Task(float(start), float(end), text, outcome, None if score is None else float(score)))
    return tuple(tasks)


def _started_at(r: _Reader, raw: dict) -> datetime | None:
    value = r.get(raw, "started_at", (str,), "an ISO 8601 time")
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        r.problem("started_at", "bad-value", "'started_at' is not an ISO 8601 time")
        return None
    if parsed.tzinfo is None:
        r.problem("started_at", "naive-time", "'started_at' has no UTC offset; read as UTC", WARNING)
    return parsed


def _header(r: _Reader, raw: dict) -> tuple[str | None, str | None]:
    fmt = r.get(raw, "format", (str,), "a string")
    if fmt is not None and fmt != FORMAT:
        r.problem("format", "format-unknown", f"format is not '{FORMAT}' (unknown version)")
        fmt = None
    sid = r.get(raw, "session_id", (str,), "a string")
    if sid is not None and not SESSION_ID.match(sid):
        r.problem("session_id", "bad-value", "'session_id' may hold only letters, digits, '.', '_' and '-'")
        sid = None
    for key in ("user", "os", "timezone"):
        r.get(raw, key, (str,), "a string", required=False)
    r.get(raw, "recorder", (dict,), "an object", required=False)
    coords = r.get(raw, "coords", (str,), "a string", required=False)
    if coords not in (None, "pixels", "points"):
        r.problem("coords", "bad-value", "'coords' must be 'pixels' or 'points'")
    return fmt, sid


def parse_manifest(raw_bytes: bytes, path: str) -> tuple[Manifest | None, list[Problem]]:
    """Parse manifest bytes; the manifest is None when an error makes it unusable."""
    try:
        text = raw_bytes.decode("utf-8")
        raw = orjson.loads(raw_bytes)
    except UnicodeDecodeError:
        return None, [Problem(path, 1, "not-utf8", "session.json is not UTF-8")]
    except orjson.JSONDecodeError as exc:
        line = text.count("\n", 0, exc.pos) + 1
        return None, [Problem(path, line, "manifest-invalid", "session.json is not valid JSON")]
    if not isinstance(raw, dict):
        return None, [Problem(path, 1, "manifest-invalid", "session.json must hold a JSON object")]
    r = _Reader(path, text)
    fmt, sid = _header(r, raw)
    started, screens = _started_at(r, raw), _screens(r, raw)
    video, tasks = _video(r, raw), _tasks(r, raw)
    if any(p.is_error for p in r.problems) or None in (fmt, sid, started):
        return None, r.problems
    recorder = raw.get("recorder") if isinstance(raw.get("recorder"), dict) else {}
    manifest = Manifest(
        session_id=sid, started_at=started, screens=screens, format=fmt, user=str(raw.get("user", "")),
        recorder=recorder, os=str(raw.get("os", "")), timezone=str(raw.get("timezone", "")), video=video,
        tasks=tasks, coords=raw.get("coords") or "pixels",
        extra={k: v for k, v in raw.items() if k not in KNOWN_KEYS},
    )
    return manifest, r.problems


def read_manifest(session_dir: Path) -> tuple[Manifest | None, list[Problem], bytes]:
    """Read and parse `<session_dir>/session.json`; returns the raw bytes too (for hashing)."""
    path = Path(session_dir) / MANIFEST_FILE
    if path.is_symlink() and inside(Path(session_dir), MANIFEST_FILE) is None:
        return None, [Problem(str(path), None, "path-escape", "session.json links outside the session")], b""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(str(path), None, "manifest-missing", "session.json is missing")], b""
    except OSError as exc:
        return None, [Problem(str(path), None, "unreadable", f"cannot read session.json ({exc.strerror})")], b""
    manifest, problems = parse_manifest(raw, str(path))
    return manifest, problems, raw
