"""`python -m viewer sample OUT --sessions N --minutes M --seed S`: the command's body.

Exit 0 when every session was written (their paths printed), 1 when OUT cannot take them
(problems printed as `path: code: message`); never a traceback for such input.
"""

from __future__ import annotations

import sys
from pathlib import Path

from viewer.command_errors import EXIT_OK, EXIT_BAD_INPUT

from ..trace.problems import Problem
from .dataset import generate_dataset
from .session import session_id


def problems(out: Path, sessions: int, seed: int) -> list[Problem]:
    """Why `out` cannot take the sessions: it is a file, or some session directory exists."""
    if out.exists() and not out.is_dir():
        return [Problem(str(out), None, "not-a-directory", "OUT must be a directory")]
    return [Problem(str(out / session_id(seed, n)), None, "session-exists",
                    "already exists; sessions are never overwritten (choose another OUT or remove it)")
            for n in range(sessions) if (out / session_id(seed, n)).exists()]


def run(out: Path, sessions: int, minutes: float, seed: int) -> int:
    out = Path(out)
    found = problems(out, sessions, seed)
    if not found:
        try:
            for path in generate_dataset(out, sessions, minutes, seed):
                print(path)
            return EXIT_OK
        except OSError as exc:
            found = [Problem(str(exc.filename or out), None, "write-failed", exc.strerror or "cannot write")]
    for problem in found:
        print(problem, file=sys.stderr)
    return EXIT_BAD_INPUT
