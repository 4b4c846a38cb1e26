"""Recognising recordings from their files, for `import` without `--from` and for directories of many."""

from __future__ import annotations

import os
from pathlib import Path

from . import browser_agent, ducktrack, openadapt, osworld, rrweb, screenagent, steps

FORMATS = ("ducktrack", "openadapt", "steps", "screenagent", "browser-agent", "osworld", "rrweb")
TRACE_MANIFEST = "session.json"  # a directory holding one is already a trace/1 session: not a source
# Formats whose recording is a directory, with the test that recognises one (the first that matches wins).
DIRECTORY_FORMATS = (("ducktrack", ducktrack.is_recording), ("screenagent", screenagent.is_session),
                     ("browser-agent", browser_agent.is_run), ("osworld", osworld.is_run))


def detect(path: Path) -> str | None:
    """The format of the single recording at `path` (a directory or a file), or None."""
    try:
        return _detect(Path(path))
    except (OSError, ValueError):  # unreadable or odd files are simply not recognised
        return None


def _detect(path: Path) -> str | None:
    if path.is_dir():
        return _directory_format(path)
    if openadapt.is_database(path):
        return "openadapt"
    if steps.is_trajectory(path):
        return "steps"
    if rrweb.is_recording(path):
        return "rrweb"
    return None


def _directory_format(path: Path) -> str | None:
    return next((name for name, test in DIRECTORY_FORMATS if test(path)), None)


def find_recordings(root: Path, source: str | None = None, exclude: Path | None = None) -> list[tuple[str, Path]]:
    """(format, path) of every recording at or under `root`, in path order; only `source` if given.

    With `source` given and `root` a file or a recording-like directory, `root` is returned as that
    format even when it does not look like one, so the importer reports what is wrong with it.
    """
    root = Path(root)
    kind = detect(root)
    if kind is not None and source in (None, kind):
        return [(kind, root)]
    if source is not None and _forced(root, source):
        return [(source, root)]
    if not root.is_dir():
        return []
    return _walk(root, source, Path(exclude).resolve() if exclude else None)


def _forced(root: Path, source: str) -> bool:
    if source == "ducktrack":
        return root.is_dir() and (root / ducktrack.EVENTS).exists()
    if source in dict(DIRECTORY_FORMATS):
        return root.is_dir()
    return root.is_file()


def _walk(root: Path, source: str | None, exclude: Path | None) -> list[tuple[str, Path]]:
    found = []
    for current, dirs, files in os.walk(root):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != exclude)
        kind = None if here == root or TRACE_MANIFEST in files else _directory_format(here)
        if here != root and (TRACE_MANIFEST in files or kind is not None):
            if kind is not None and source in (None, kind):
                found.append((kind, here))
            dirs[:] = []
            continue
        for name in sorted(files):
            kind = detect(here / name)
            if kind is not None and source in (None, kind):
                found.append((kind, here / name))
    return found
