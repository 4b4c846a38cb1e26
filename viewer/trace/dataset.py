"""Finding sessions: a path is one session (it holds session.json) or a dataset of them."""

from __future__ import annotations

from pathlib import Path

from .paths import contains
from .problems import Problem
from .schema import MANIFEST_FILE


def is_session(path: Path) -> bool:
    return (path / MANIFEST_FILE).is_file()


def find_sessions(root: Path) -> tuple[list[Path], list[Problem]]:
    """Session directories at `root` or directly under it, sorted; hidden and partial ones skipped.

    A session directory that is a symlink leading outside the dataset is refused.
    """
    root = Path(root)
    if not root.exists():
        return [], [Problem(str(root), None, "not-found", "no such file or directory")]
    if not root.is_dir():
        return [], [Problem(str(root), None, "not-a-directory", "expected a session or dataset directory")]
    if is_session(root):
        return [root], []
    base, sessions, problems = root.resolve(), [], []
    for child in sorted(root.iterdir()):
        if child.name.startswith(".") or not child.is_dir() or not is_session(child):
            continue
        if not contains(base, child):
            problems.append(Problem(str(child), None, "path-escape", "session directory links outside the dataset"))
            continue
        sessions.append(child)
    if not sessions and not problems:
        problems.append(Problem(str(root), None, "no-sessions", "no session directory (with session.json) found"))
    return sessions, problems
