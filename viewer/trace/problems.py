"""Problems found in a trace: one line each, `path:line: code: message`.

Messages name fields and kinds, never the values (typed text must not reach logs or terminals).
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    code: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.code}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


class TraceError(Exception):
    """A trace that cannot be loaded; carries the problems that say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:20]))
