"""Reading a recorder's JSON / JSONL files forgivingly: bad lines are reported with their number, not fatal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from .report import ImportReport


def read_jsonl(path: Path, report: ImportReport) -> Iterator[tuple[int, dict]]:
    """Yield (line number, object) for each good line; report each bad one as `path:line: bad-json`."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        report.add(path, 0, "unreadable", str(exc))
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                row = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                report.add(path, number, "bad-json", f"not a JSON line ({exc}); skipped")
                continue
            if not isinstance(row, dict):
                report.add(path, number, "bad-event", "not a JSON object; skipped")
                continue
            yield number, row


def read_json(path: Path, report: ImportReport, required: bool = True):
    """The parsed JSON file, or None (reported as an error when `required`, else as a warning)."""
    if not path.exists():
        if required:
            report.add(path, 0, "missing-file", "not found")
        else:
            report.warn(path, 0, "missing-file", "not found")
        return None
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        report.add(path, 0, "bad-json", str(exc))
        return None
