"""`python -m viewer import SRC DEST [--from NAME]`: the command's body (cli.py only declares it)."""

from __future__ import annotations

from pathlib import Path

import click

from viewer.command_errors import EXIT_OK, EXIT_BAD_INPUT

from . import import_path
from .report import ImportReport


def run(src: Path, dest: Path, source: str | None, chromium: str, events_format: str = "parquet") -> int:
    """Import, show a progress bar when there are several recordings, print problems; the exit code."""
    with _Progress() as progress:
        report = import_path(src, dest, source, progress=progress, chromium=chromium, events_format=events_format)
    _print(report)
    return EXIT_OK if report.ok else EXIT_BAD_INPUT


class _Progress:
    """A rich progress bar on stderr, shown only when more than one recording is imported."""

    def __init__(self):
        self.bar, self.task = None, None

    def __enter__(self):
        return self

    def __call__(self, done: int, total: int, path) -> None:
        if self.bar is None and total > 1:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(TextColumn("importing"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.description}"), console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("", total=total)
        if self.bar is not None:
            self.bar.update(self.task, completed=done, description=Path(path).name if path else "")

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


def _print(report: ImportReport) -> None:
    for problem in report.problems:
        click.echo(f"{problem} [{problem.severity}]" if problem.severity != "error" else str(problem), err=True)
    for session in report.sessions:
        click.echo(f"imported {session.path} ({session.recorder}, {session.events} events)")
    for path in report.existing:
        click.echo(f"exists   {path} (left as it is)")
    errors, warnings = len(report.errors), len(report.warnings)
    click.echo(f"{len(report.sessions)} session(s) written from {report.recordings_found} recording(s); "
               f"{errors} error(s), {warnings} warning(s)", err=not report.ok)
