"""The sessions of a dataset with their summaries, and the ones that could not be loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .dataset import find_sessions
from .problems import Problem, TraceError
from .session import load_session
from .summary import summarize


@dataclass
class Catalog:
    summaries: list[dict] = field(default_factory=list)
    failures: dict[str, list[Problem]] = field(default_factory=dict)  # session dir name -> problems
    problems: list[Problem] = field(default_factory=list)  # about the dataset itself


def scan(root: Path, cache: Path | None) -> Catalog:
    sessions, problems = find_sessions(Path(root))
    catalog = Catalog(problems=problems)
    for path in sessions:
        try:
            catalog.summaries.append(summarize(load_session(path, cache)))
        except TraceError as exc:
            catalog.failures[path.name] = exc.problems
    return catalog
