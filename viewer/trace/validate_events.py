"""Streaming validation of an events file: chunks of lines type-checked in one msgspec call,
falling back to line-by-line checks only for a chunk that holds a bad line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson
import polars as pl

from .check_event import check_object, undecodable
from .event_types import DecodeError, ValidationError, decode_many
from .manifest import Screen
from .problems import Problem
from .schema import POINTER_TYPES

DEFAULT_LONG_GAP = 300.0


_GATHER_SCHEMA = {"t": pl.Float64, "type": pl.String, "x": pl.Float64, "y": pl.Float64, "file": pl.String}


@dataclass
class EventStats:
    """What the per-chunk passes gather for the checks that span the whole file (numpy parts)."""

    times: list = field(default_factory=list)  # arrays of (line, t)
    pointers: list = field(default_factory=list)  # arrays of (line, x, y)
    screenshots: list = field(default_factory=list)  # (line, file)

    def add(self, line: int, event: dict) -> None:
        """One event checked on its own (the slow path)."""
        self.times.append(np.array([[line, float(event["t"])]]))
        if event.get("type") in POINTER_TYPES:
            self.pointers.append(np.array([[line, float(event["x"]), float(event["y"])]]))
        elif event.get("type") == "screenshot":
            self.screenshots.append((line, event["file"]))

    def add_frame(self, first: int, frame: pl.DataFrame) -> None:
        """A chunk of valid events, vectorised."""
        lines = np.arange(first, first + frame.height, dtype=float)
        self.times.append(np.column_stack([lines, frame["t"].to_numpy()]))
        pointer = frame["type"].is_in(POINTER_TYPES).to_numpy()
        if pointer.any():
            xy = frame.select("x", "y").to_numpy()[pointer]
            self.pointers.append(np.column_stack([lines[pointer], xy]))
        shots = frame.with_row_index("i").filter(pl.col("type") == "screenshot")
        self.screenshots += [(first + i, f) for i, f in shots.select("i", "file").iter_rows()]

    @staticmethod
    def stack(parts: list, width: int) -> np.ndarray:
        return np.concatenate(parts) if parts else np.empty((0, width))


def _chunks(path: Path, block_size: int = 4 << 20) -> Iterator[tuple[int, bytes, list[bytes]]]:
    """(first line number, raw bytes, lines) per block of whole lines."""
    with open(path, "rb") as f:
        rest, first = b"", 1
        while block := f.read(block_size):
            data = rest + block
            cut = data.rfind(b"\n")
            if cut < 0:
                rest = data
                continue
            raw, rest = data[:cut], data[cut + 1:]
            yield first, raw, _split(raw)
            first += raw.count(b"\n") + 1
        if rest:
            yield first, rest, _split(rest)


def _split(raw: bytes) -> list[bytes]:
    lines = raw.split(b"\n")
    return [line.rstrip(b"\r") for line in lines] if b"\r" in raw else lines


def _fast(raw: bytes, lines: list[bytes], first: int, stats: EventStats) -> bool:
    if b"\n\n" in raw or not all(lines) or b"\r" in raw:
        return False
    try:
        decode_many(b"[" + b",".join(lines) + b"]")
        frame = pl.read_ndjson(raw, schema=_GATHER_SCHEMA)
    except (ValidationError, DecodeError, UnicodeDecodeError, pl.exceptions.PolarsError):
        return False
    stats.add_frame(first, frame)
    return True


def _slow_line(raw: bytes, number: int, label: str, stats: EventStats) -> list[Problem]:
    if not raw.strip():
        return [Problem(label, number, "blank-line", "empty line", "warning")]
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        code, message, severity = undecodable(raw, getattr(exc, "pos", None), str(exc))
        return [Problem(label, number, code, message, severity)]
    found = check_object(obj)
    _keep(stats, number, obj, found)
    return [Problem(label, number, code, message, sev) for code, message, sev in found]


def _keep(stats: EventStats, number: int, obj, found: list) -> None:
    if any(sev != "warning" for _, _, sev in found):
        return
    if found:  # an unknown type: only its time is known to be good
        stats.times.append(np.array([[number, float(obj["t"])]]))
    else:
        stats.add(number, obj)


def _off_screen(stats: EventStats, screens: tuple[Screen, ...], points: bool, label: str) -> list[Problem]:
    arr = EventStats.stack(stats.pointers, 3)
    if not len(arr) or not screens:
        return []
    on = np.zeros(len(arr), dtype=bool)
    for s in screens:
        w, h = (s.width / s.scale, s.height / s.scale) if points else (s.width, s.height)
        on |= (arr[:, 1] >= s.x) & (arr[:, 1] < s.x + w) & (arr[:, 2] >= s.y) & (arr[:, 2] < s.y + h)
    return [Problem(label, int(line), "off-screen", "pointer position is off every screen", "warning")
            for line in arr[~on, 0]]


def _time_order(stats: EventStats, long_gap: float, label: str) -> list[Problem]:
    arr = EventStats.stack(stats.times, 2)
    if len(arr) < 2:
        return []
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
    for first, raw, lines in _chunks(path):
        if not _fast(raw, lines, first, stats):
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
        _keep(stats, number, row, found)
    problems += _time_order(stats, long_gap, label)
    problems += _off_screen(stats, screens, points, label)
    return problems, stats
