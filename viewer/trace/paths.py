"""Resolving paths named inside a trace without ever leaving the session directory: the one path check.

Every reader of a path that a trace, a recording or a request names goes through here (the loaders, the quality
scan, OCR, the image route, erasure, export, the importers' folder walk), so the rules are the same everywhere:
absolute paths, `..`, backslashes and NULs are refused; a symlink is followed and must stay strictly inside.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def _real(path: str, memo: dict | None) -> str:
    if memo is None:
        return os.path.realpath(path)
    if path not in memo:
        memo[path] = os.path.realpath(path)
    return memo[path]


class PathEscape(ValueError):
    """A named path would leave the directory it must stay in (the message names no path: it may hold data)."""


def inside(root: Path, relative: str, memo: dict | None = None) -> Path | None:
    """The file `relative` names under `root` (a real path: links followed), or None when it would escape `root`.

    Absolute paths, `..` components, backslashes and symlinks pointing outside (or at `root` itself) are all
    refused. `memo` (a dict kept for one pass over a session) saves resolving the same directories again.
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
    if not target.startswith(base + os.sep):
        return None
    return Path(target)


def require_inside(root: Path, relative: str, memo: dict | None = None) -> Path:
    """inside(), raising PathEscape instead of returning None."""
    target = inside(root, relative, memo)
    if target is None:
        raise PathEscape("a path leaves the directory it must stay in")
    return target


def contains(root: Path, path: Path) -> bool:
    """Whether `path` (links followed) lies strictly under `root` (links followed)."""
    base = os.path.realpath(root)
    return os.path.realpath(path).startswith(base + os.sep)
