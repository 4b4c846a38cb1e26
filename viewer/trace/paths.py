"""Resolving paths named inside a trace without ever leaving the session directory."""

from __future__ import annotations

from pathlib import Path, PurePosixPath


def inside(root: Path, relative: str) -> Path | None:
    """The file `relative` names under `root`, or None when it would escape `root`.

    Absolute paths, `..` components, backslashes and symlinks pointing outside are all refused.
    """
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    rel = PurePosixPath(relative)
    if rel.is_absolute() or ".." in rel.parts:
        return None
    base = root.resolve()
    target = (base / rel).resolve()
    if target != base and base not in target.parents:
        return None
    return target
