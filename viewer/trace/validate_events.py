"""Streaming validation of an events file: chunks of lines type-checked in one msgspec call,
falling back to line-by-line checks only for a chunk that holds a bad line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson

from .check_event import check_object, undecodable
from .event_types import DecodeError, ValidationError, decode_many, decode_one
from .manifest import Screen
from .problems import Problem
from .schema import POINTER_TYPES

CHUNK_LINES = 20_000
DEFAULT_LONG_GAP = 300.0


@dataclass
class EventStats:
    """What the per-chunk passes gather for the checks that span the whole file."""

    times: list = field(default_factory=list)  # (line, t)
    pointers: list = field(default_factory=list)  # (line, x, y)
    screenshots: list = field(default_factory=list)  # (line, file)


def _chunks(path: Path) -> Iterator[tuple[int, list[bytes]]]:
    with open(path, "rb") as f:
        chunk, first = [], 1
        for number, line in enumerate(f, start=1):
            chunk.append(line.rstrip(b"\r\n"))
            if len(chunk) == CHUNK_LINES:
                yield first, chunk
                chunk, first = [], number + 1
        if chunk:
            yield first, chunk


def _gather(stats: EventStats, line: int, event) -> None:
    """Record an event (a msgspec struct or a checked dict) for the cross-line checks."""
    get = event.get if isinstance(event, dict) else (lambda k, d=None: getattr(event, k, d))
    etype = get("type") if isinstance(event, dict) else type(event).__struct_config__.tag
    stats.times.append((line, float(get("t"))))
    if etype in POINTER_TYPES:
        stats.pointers.append((line, float(get("x")), float(get("y"))))
    elif etype == "screenshot":
        stats.screenshots.append((line, get("file")))


def _fast(lines: list[bytes], first: int, stats: EventStats) -> bool:
    if any(not line.strip() for line in lines):
        return False
    try:
        events = decode_many(b"[" + b",".join(lines) + b"]")
    except (ValidationError, DecodeError):
        return False
    for i, event in enumerate(events):
        _gather(stats, first + i, event)
    return True


def _slow_line(raw: bytes, number: int, label: str, stats: EventStats) -> list[Problem]:
    if not raw.strip():
        return [Problem(label, number, "blank-line", "empty line", "warning")]
    try:
        _gather(stats, number, decode_one(raw))
        return []
    except (ValidationError, DecodeError):
        pass
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        code, message, severity = undecodable(raw, getattr(exc, "pos", None))
        return [Problem(label, number, code, message, severity)]
    found = check_object(obj)
    if all(sev == "warning" for _, _, sev in found) and isinstance(obj, dict):
        stats.times.append((number, float(obj["t"])))
    return [Problem(label, number, code, message, sev) for code, message, sev in found]


def _off_screen(stats: EventStats, screens: tuple[Screen, ...], points: bool, label: str) -> list[Problem]:
    if not stats.pointers or not screens:
        return []
    arr = np.asarray(stats.pointers, dtype=float)
    on = np.zeros(len(arr), dtype=bool)
    for s in screens:
        w, h = (s.width / s.scale, s.height / s.scale) if points else (s.width, s.height)
        on |= (arr[:, 1] >= s.x) & (arr[:, 1] < s.x + w) & (arr[:, 2] >= s.y) & (arr[:, 2] < s.y + h)
    return [Problem(label, int(line), "off-screen", "pointer position is off every screen", "warning")
            for line in arr[~on, 0]]


def _time_order(stats: EventStats, long_gap: float, label: str) -> list[Problem]:
    if len(stats.times) < 2:
        return []
    arr = np.asarray(stats.times, dtype=float)
    gaps = np.diff(arr[:, 1])
    lines = arr[1:, 0].astype(int)
    out = [Problem(label, int(n), "time-backwards", "time goes backwards from the event before")
           for n in lines[gaps < 0]]
    out += [Problem(label, int(n), "long-gap", f"no event for over {long_gap:g} s before this one", "warning")
            for n in lines[gaps > long_gap]]
    return out


def validate_jsonl(path: Path, label: str, screens: tuple[Screen, ...], points: bool = False,
                   long_gap: float = DEFAULT_LONG_GAP) -> tuple[list[Problem], EventStats]:
    """Every problem of an events.jsonl, in line order within each kind."""
    stats, problems = EventStats(), []
    for first, lines in _chunks(path):
        if not _fast(lines, first, stats):
            for i, raw in enumerate(lines):
                problems += _slow_line(raw, first + i, label, stats)
    problems += _time_order(stats, long_gap, label)
    problems += _off_screen(stats, screens, points, label)
    return problems, stats


def validate_rows(rows: Iterator[dict], label: str, screens: tuple[Screen, ...], points: bool = False,
                  long_gap: float = DEFAULT_LONG_GAP) -> tuple[list[Problem], EventStats]:
    """The same checks over decoded rows (events.parquet); the row number stands for the line."""
    stats, problems = EventStats(), []
    for number, row in enumerate(rows, start=1):
        row = {k: v for k, v in row.items() if v is not None}
        found = check_object(row)
        problems += [Problem(label, number, c, m, s) for c, m, s in found]
        if all(s == "warning" for _, _, s in found):
            if any(c == "unknown-type" for c, _, _ in found):
                stats.times.append((number, float(row["t"])))
            else:
                _gather(stats, number, row)
    problems += _time_order(stats, long_gap, label)
    problems += _off_screen(stats, screens, points, label)
    return problems, stats
