"""The `validate` and `info` commands: argument handling lives in cli.py, printing here."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click
import orjson

from .. import settings
from .problems import Problem, TraceError
from .session import load_session
from .summary import summarize

MAX_ERRORS_PER_CODE = 50  # per file and code; the rest are counted, so a flood never hides other problems
MAX_WARNINGS_PER_CODE = 3  # repeated warnings are grouped: the first few lines, then how many in all


def print_problems(problems: list[Problem], every: bool = False) -> None:
    """Each problem as `path:line: code: message`. Unless `every`, at most MAX_WARNINGS_PER_CODE warnings
    (MAX_ERRORS_PER_CODE errors) per file and code are printed, then one line per group with the count."""
    shown: Counter = Counter()
    total: Counter = Counter()
    for p in problems:
        key = (p.path, p.code, p.is_error)
        total[key] += 1
        if every or shown[key] < (MAX_ERRORS_PER_CODE if p.is_error else MAX_WARNINGS_PER_CODE):
            shown[key] += 1
            click.echo(str(p))
    for (path, code, is_error), n in total.items():
        if n > shown[(path, code, is_error)]:
            kind = "error(s)" if is_error else "warning(s)"
            click.echo(f"{path}: {code}: {n} {kind} in all, the first {shown[(path, code, is_error)]} above "
                       "(validate --all prints every one)")


def validate(paths: list[Path], long_gap: float, every: bool = False) -> int:
    from .validate import validate_paths

    count, problems = validate_paths(paths, long_gap)
    print_problems(problems, every)
    n_err = sum(p.is_error for p in problems)
    click.echo(f"{count} session(s) checked: {n_err} error(s), {len(problems) - n_err} warning(s)", err=True)
    return 1 if n_err or count == 0 else 0


def _render(summary: dict) -> None:
    click.echo(f"session     {summary['session_id']}  ({summary['recorder'] or 'unknown recorder'})")
    click.echo(f"started     {summary['started_at']}  user {summary['user'] or '-'}  os {summary['os'] or '-'}")
    click.echo(f"duration    {summary['duration_s']:.1f} s  ({summary['events']} events)")
    by_type = "  ".join(f"{k} {v}" for k, v in sorted(summary["events_by_type"].items(), key=lambda kv: -kv[1]))
    click.echo(f"events      {by_type or '-'}")
    click.echo(f"screens     {'; '.join(summary['screens'])}")
    apps = "  ".join(f"{k} ({v})" for k, v in summary["apps"].items())
    click.echo(f"apps        {apps or '-'}")
    click.echo(f"screenshots {summary['screenshots']}  video {summary['video'] or '-'}  tasks {summary['tasks']}")
    click.echo(f"hash        {summary['content_hash']}  warnings {summary['warnings']}")


def info(path: Path, as_json: bool, cache: Path | None = None) -> int:
    """`cache`: where loads are cached (the command line passes VIEWER_CACHE; default: read the settings)."""
    try:
        session = load_session(path, cache or settings.load().cache)
    except TraceError as exc:
        print_problems(exc.problems)
        return 1
    print_problems(session.problems)
    summary = summarize(session)
    if as_json:
        click.echo(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode())
    else:
        _render(summary)
    return 0
