"""Other recorders' formats -> trace/1 sessions (one module per recorder; no streamlit here).

    report = import_path(src, dest, source=None, progress=None, chromium=DEFAULT_CHROMIUM)

`src` is one recording (a DuckTrack/AgentNet directory, an OpenAdapt database, a step-trajectory JSON,
a ScreenAgent session directory, a browser-agent result or OSWorld run directory, an rrweb recording) or a
directory holding many; each recording becomes `dest/<session_id>/`, written atomically. The source is
only read. Problems are collected in the report as `path:line: code: message`, never raised; folders of
`src` that hold no recording are reported as `skipped-folder`. Session ids never come from a folder or file
name (they may hold the recorder's e-mail): see identity.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..settings import DEFAULT_CHROMIUM
from . import browser_agent, ducktrack, openadapt, osworld, rrweb, screenagent, steps
from .common import unique_ids, write_built
from .detect import FORMATS, detect, find_recordings
from .report import ImportReport, Problem, SessionSummary
from .rrweb_render import RenderOptions

__all__ = ["FORMATS", "ImportReport", "Problem", "SessionSummary", "detect", "find_recordings", "import_path"]

READERS = {"ducktrack": ducktrack.read, "openadapt": openadapt.read, "steps": steps.read,
           "screenagent": screenagent.read, "browser-agent": browser_agent.read, "osworld": osworld.read,
           "rrweb": rrweb.read}
Progress = Callable[[int, int, Path], None]


def import_path(src: Path, dest: Path, source: str | None = None, progress: Progress | None = None,
                chromium: str | None = DEFAULT_CHROMIUM, events_format: str = "parquet") -> ImportReport:
    """Import every recording at or under `src` into `dest`.

    `progress(done, total, path)` is called once before the first recording (done 0, path None) and
    after each one. `chromium` renders rrweb recordings' screens (None: events only, reported).
    `events_format`: each session's events as `events.parquet` (the default) or `events.jsonl`.
    """
    report = ImportReport()
    src, dest = Path(src), Path(dest)
    if source is not None and source not in READERS:
        report.add(src, 0, "unknown-format", f"{source!r} is not one of {', '.join(FORMATS)}")
        return report
    if not src.exists():
        report.add(src, 0, "missing", "no such file or directory")
        return report
    if dest.exists() and not dest.is_dir():
        report.add(dest, 0, "not-a-directory", "the destination exists and is not a directory")
        return report
    skipped: list[tuple[Path, str]] = []
    found = find_recordings(src, source, exclude=dest, skipped=skipped)
    report.recordings_found = len(found)
    for folder, why in skipped:
        report.warn(folder, 0, "skipped-folder", why)
    if not found:
        what = source or "DuckTrack/AgentNet, OpenAdapt, step-trajectory, ScreenAgent, browser-agent, OSWorld or rrweb"
        report.add(src, 0, "unrecognised", f"no {what} recording found")
    taken: set[str] = set()
    readers = {**READERS, "rrweb": partial(rrweb.read, render=RenderOptions(chromium) if chromium else None)}
    if progress is not None and found:
        progress(0, len(found), None)
    for done, (kind, path) in enumerate(found, start=1):
        _import_one(readers[kind], path, dest, report, taken, events_format)
        if progress is not None:
            progress(done, len(found), path)
    return report


def _import_one(reader, path: Path, dest: Path, report: ImportReport, taken: set[str],
                events_format: str = "parquet") -> None:
    try:
        for built in reader(path, report):
            built.session_id = unique_ids(taken, built.session_id)
            built.manifest["session_id"] = built.session_id
            write_built(built, dest, report, path, events_format)
    except Exception as exc:  # noqa: BLE001 - a bad source must never end the import with a traceback
        report.add(path, 0, "import-failed", f"{type(exc).__name__}: {exc}")
