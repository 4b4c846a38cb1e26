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

MAX_PER_CODE = 50  # per file and code; the rest are counted, so a flood never hides other problems


def print_problems(problems: list[Problem]) -> None:
    shown: Counter = Counter()
    hidden: Counter = Counter()
    for p in problems:
        key = (p.path, p.code)
        if shown[key] < MAX_PER_CODE:
            shown[key] += 1
            click.echo(str(p))
        else:
            hidden[key] += 1
    for (path, code), n in hidden.items():
        click.echo(f"{path}: {code}: ... and {n} more like this")


def validate(paths: list[Path], long_gap: float) -> int:
    from .validate import validate_paths

    count, problems = validate_paths(paths, long_gap)
    print_problems(problems)
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


def info(path: Path, as_json: bool) -> int:
    try:
        session = load_session(path, settings.load().cache)
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
