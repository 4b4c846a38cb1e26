"""What an import did: the sessions written and the problems met, as `path:line: code: message`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..trace.problems import Problem  # path, line (0/None: the whole file), code, message, severity

__all__ = ["ImportReport", "Problem", "SessionSummary"]


@dataclass
class SessionSummary:
    """One written session: where it is, what it came from and how many events of each type it holds."""

    path: Path
    source: str
    recorder: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def events(self) -> int:
        return sum(self.counts.values())


@dataclass
class ImportReport:
    """The sessions an import wrote and every problem it met; `ok` when at least one session was written."""

    sessions: list[SessionSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    existing: list[Path] = field(default_factory=list)  # sessions already in dest: left as they were
    recordings_found: int = 0

    @property
    def ok(self) -> bool:
        """Something usable came out: a session written now, or one an earlier import already wrote."""
        return bool(self.sessions or self.existing)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def add(self, path, line: int, code: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(str(path), int(line or 0), code, message, severity))

    def warn(self, path, line: int, code: str, message: str) -> None:
        self.add(path, line, code, message, "warning")

    def codes(self) -> list[str]:
        return [p.code for p in self.problems]
