"""Resolving paths named inside a trace without ever leaving the session directory."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def _real(path: str, memo: dict | None) -> str:
    if memo is None:
        return os.path.realpath(path)
    if path not in memo:
        memo[path] = os.path.realpath(path)
    return memo[path]


def inside(root: Path, relative: str, memo: dict | None = None) -> Path | None:
    """The file `relative` names under `root`, or None when it would escape `root`.

    Absolute paths, `..` components, backslashes and symlinks pointing outside are all refused.
    `memo` (a dict kept for one pass over a session) saves resolving the same directories again.
    """
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    rel = PurePosixPath(relative)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:  # "." names the root itself, not a file in it
        return None
    base = _real(os.fspath(root), memo)
    joined = os.path.join(base, *rel.parts)
    parent = _real(os.path.dirname(joined), memo)
    target = os.path.realpath(joined) if os.path.islink(joined) else os.path.join(parent, rel.parts[-1])
    if target != base and not target.startswith(base + os.sep):
        return None
    return Path(target)
