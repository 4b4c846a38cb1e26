"""The `consent` and `access-report` commands: on the store the command line opened (and checked the role in),
call viewer.consent, print facts (never content), and record each in the access log (team's, so viewer.consent
never imports viewer.team). Failures leave as CommandError."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import click

from viewer.command_errors import EXIT_BAD_INPUT, EXIT_OK, CommandError
from viewer.consent import check, records, report
from viewer.consent.scope import Grant, parse_hours, parse_weekdays
from viewer.review.store import Store

from . import access


def _patterns(text: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (text or "").split(",") if p.strip())


def grant(store: Store, who: str, subject: str, purpose: str, apps: str | None, titles: str | None,
          weekdays: str | None, hours: str | None, valid_from: date | None, valid_until: date | None,
          evidence: str) -> int:
    try:
        scope = Grant(purpose, _patterns(apps), _patterns(titles), parse_weekdays(weekdays), parse_hours(hours),
                      valid_from, valid_until)
    except ValueError as exc:
        raise CommandError(str(exc))
    done = records.grant(store, who, subject, purpose, scope, evidence)
    access.record(store, who, "consent", detail=f"grant for purpose {purpose}, record {done.id}")
    click.echo(f"consent recorded for purpose {purpose} (record {done.id})", err=True)
    return EXIT_OK


def withdraw(store: Store, who: str, subject: str, purpose: str, evidence: str) -> int:
    done = records.withdraw(store, who, subject, purpose, evidence)
    access.record(store, who, "consent", detail=f"withdrawal for purpose {purpose}, record {done.id}")
    click.echo(f"consent withdrawn for purpose {purpose} (record {done.id}); this person's sessions leave every "
               "later export: erase them with `erase-user` (it previews first)", err=True)
    return EXIT_OK


def _scope_text(g: Grant) -> str:
    parts = [f"apps={','.join(g.apps) or '*'}"]
    if g.titles:
        parts.append(f"titles={','.join(g.titles)}")
    if g.weekdays is not None:
        parts.append("weekdays=" + ",".join(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[d] for d in g.weekdays))
    if g.hours is not None:
        parts.append(f"hours={g.hours[0]}-{g.hours[1]}")
    parts.append(f"from={g.valid_from or '-'} until={g.valid_until or '-'}")
    return " ".join(parts)


def list_(store: Store, subject: str | None) -> int:
    rows = records.history(store, subject)
    for r in rows:
        what = _scope_text(r.grant) if r.grant else ""
        click.echo(f"{r.recorded_at:%Y-%m-%d %H:%M} {r.subject} {r.purpose} {r.action} {what} "
                   f"(by {r.recorded_by})".rstrip())
    if not rows:
        click.echo("no consent records", err=True)
    return EXIT_OK


def check_dataset(dataset: Path, store: Store, who: str, purpose: str, cache: Path) -> int:
    verdicts, problems = check.check_dataset(dataset, store, purpose, who, cache)
    for p in problems:
        click.echo(str(p), err=True)
    uncovered = 0
    for v in verdicts:
        if v.coverage.covered:
            cut = sum(s.t_end - s.t_start for s in v.coverage.out_of_scope)
            extra = f"; {len(v.coverage.out_of_scope)} stretch(es) out of scope ({cut:.0f} s)" if cut else ""
            changed = f"; flags +{v.flags_added} -{v.flags_removed}" if v.flags_added or v.flags_removed else ""
            click.echo(f"{v.session_id}: covered{extra}{changed}")
        else:
            uncovered += 1
            click.echo(f"{v.session_id}: not covered: {v.coverage.reason}")
    click.echo(f"{len(verdicts) - uncovered} of {len(verdicts)} session(s) covered for purpose {purpose}", err=True)
    withdrawn = Counter(v.subject for v in verdicts if v.coverage.reason == "consent withdrawn")
    for subject, n in sorted(withdrawn.items()):
        click.echo(f"listed for erasure (consent withdrawn): {subject}: {n} session(s); "
                   f"`erase-user {subject} --data {dataset}` shows what would go", err=True)
    return EXIT_BAD_INPUT if uncovered or problems else EXIT_OK


def access_report(subject: str, dataset: Path, store: Store, who: str, out: Path, cache: Path) -> int:
    suffix = out.suffix.lower()
    if suffix not in (".html", ".json"):
        raise CommandError(f"{out}: the report is written as .html or .json")
    try:
        built = report.build(store, dataset, subject, cache,
                             views_of=lambda ids: access.views(store, ids, report.VIEW_ACTIONS))
        text = report.to_html(built) if suffix == ".html" else report.to_json(built)
        _write_atomically(out, text)
        access.record(store, who, "access_report", detail=f"{len(built.sessions)} session(s)")
    except OSError as exc:
        raise CommandError(f"{out}: cannot write the report: {exc.strerror or exc}")
    click.echo(f"wrote the access report ({len(built.sessions)} session(s)) to {out}", err=True)
    return EXIT_OK


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
