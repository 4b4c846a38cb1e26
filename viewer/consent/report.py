"""The access report: what this deployment holds about one recorded person, and who touched it.

Facts only, never content: the person's sessions (date, length, apps), counts of annotations on them, every
view from the access log, the exports that included them (date, purpose, recipient), their consent history
and the erasures carried out for them. `to_json` and `to_html` render the same facts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import jinja2
from sqlalchemy import select

from viewer.consent.consent_models import ExportRecord, ExportSubject
from viewer.db import reading
from viewer.review.fields import KINDS
from viewer.review.store import Store
from viewer.trace.problems import TraceError
from viewer.trace.session import load_session

from . import erasures, records
from .subjects import subject_sessions

VIEW_ACTIONS = ("view_session", "reveal_text", "export")


@dataclass
class HeldSession:
    session_id: str
    started_at: str
    hours: float
    apps: list[str]
    review_status: str
    annotations: dict[str, int]  # label / flag / comment -> count


@dataclass
class AccessReport:
    subject: str
    produced_at: str
    sessions: list[HeldSession] = field(default_factory=list)
    views: list[dict] = field(default_factory=list)  # who, when, what (view_session, reveal_text, export)
    exports: list[dict] = field(default_factory=list)  # export id, date, purpose, recipient, sessions
    consent: list[dict] = field(default_factory=list)  # the history, oldest first
    erasures: list[dict] = field(default_factory=list)  # asked, carried out (None: not yet), sessions, rows
    unreadable: int = 0  # sessions of the person that could not be read (counted, not named)

    @property
    def hours(self) -> float:
        return round(sum(s.hours for s in self.sessions), 2)


def _held(store: Store, path: Path, cache: Path | None) -> HeldSession:
    session = load_session(path, cache)
    focus = session.events[session.events["type"] == "focus"]
    apps = sorted({str(a) for a in focus["app"].dropna()}) if "app" in focus else []
    counts = {kind: len(store.find(kind, session.session_id)) for kind in KINDS if kind != "review"}
    review = store.review(session.session_id)
    return HeldSession(session.session_id, session.manifest.started_at.isoformat(),
                       round(session.duration / 3600, 3), apps, review.data["status"] if review else "unreviewed",
                       counts)


def build(store: Store, root: Path, subject: str, cache: Path | None,
          views_of: Callable[[list[str]], list[dict]] | None = None) -> AccessReport:
    """`views_of(session_ids)`: the access log's rows about those sessions ({when, who, action, session_id}),
    oldest first; the log is team mode's (viewer.team.access.views), so the caller passes it in."""
    report = AccessReport(subject, datetime.now().astimezone().isoformat(timespec="seconds"))
    found, unreadable = subject_sessions(Path(root), subject)
    report.unreadable = unreadable
    ids = set()
    for path, session_id in found:
        try:
            report.sessions.append(_held(store, path, cache))
        except TraceError:
            report.unreadable += 1
        ids |= {session_id, path.name}
    if ids and views_of is not None:
        report.views = views_of(sorted(ids))
    with reading(store.engine) as db:
        exported = db.execute(select(ExportRecord, ExportSubject.sessions)
                              .join(ExportSubject, ExportSubject.export_id == ExportRecord.id)
                              .where(ExportSubject.subject == subject).order_by(ExportRecord.at))
        report.exports = [{"export_id": e.id, "when": e.at.isoformat(timespec="seconds"), "purpose": e.purpose,
                           "recipient": e.recipient, "format": e.format, "sessions": n} for e, n in exported]
    report.consent = [_consent_row(r) for r in records.history(store, subject)]
    report.erasures = [{"asked": e.requested_at.isoformat(timespec="seconds"),
                        "when": e.done_at.isoformat(timespec="seconds") if e.done_at else None,
                        "sessions": e.sessions, "rows": e.rows} for e in erasures.for_subject(store, subject)]
    return report


def _consent_row(r: records.ConsentRecord) -> dict:
    row = {"when": r.recorded_at.isoformat(timespec="seconds"), "purpose": r.purpose, "action": r.action,
           "recorded_by": r.recorded_by, "evidence": r.evidence}
    if r.grant is not None:
        g = r.grant
        row.update(apps=list(g.apps), titles=list(g.titles), weekdays=None if g.weekdays is None else list(g.weekdays),
                   hours=None if g.hours is None else list(g.hours),
                   valid_from=g.valid_from.isoformat() if g.valid_from else None,
                   valid_until=g.valid_until.isoformat() if g.valid_until else None)
    return row


def to_json(report: AccessReport) -> str:
    body = asdict(report)
    body["hours"] = report.hours
    return json.dumps(body, indent=2, ensure_ascii=False)


_ENV = jinja2.Environment(loader=jinja2.PackageLoader("viewer.consent", "templates"),
                          autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined)


def to_html(report: AccessReport) -> str:
    """A page a person who is not technical can read; every value is escaped (trace text is never HTML)."""
    weekdays = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    apps = Counter(a for s in report.sessions for a in s.apps)
    return _ENV.get_template("access_report.html").render(r=report, apps=apps.most_common(), weekdays=weekdays)
