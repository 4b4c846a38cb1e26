"""Consent at export time. Once the database holds any consent record, a chosen session whose person had no
consent for the export's purpose at its start (or withdrew it) is left out and counted by reason, and the
stretches outside a covered session's consent become accepted `out_of_scope` flags before the redaction reads
the flags (viewer.consent.check keeps them in step). With no consent record at all, consent is not enforced
and the manifest says so, as a laptop with no accounts has no login.

After the export is in place, `record_recipients` writes whom it included (by person, never the pseudonym)
and to whom it went, so data whose consent ends can be traced to its holders."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from viewer.consent import check, records
from viewer.consent.consent_models import ExportRecord, ExportSubject
from viewer.db import now, writing
from viewer.trace.manifest import read_manifest
from viewer.trace.problems import TraceError
from viewer.trace.session import load_session


@dataclass
class ConsentOutcome:
    purpose: str
    enforced: bool
    kept: list[tuple[str, Path]]
    left_out: Counter = field(default_factory=Counter)  # reason -> sessions (no ids: counts only)
    out_of_scope: int = 0  # stretches removed from kept sessions
    records: dict[str, list[int]] = field(default_factory=dict)  # kept session id -> covering consent record ids

    def summary(self) -> dict:
        return {"purpose": self.purpose, "enforced": self.enforced, "left_out": dict(sorted(self.left_out.items())),
                "out_of_scope_stretches": self.out_of_scope}


def apply_consent(store, todo: list[tuple[str, Path]], purpose: str, who: str, cache: Path | None) -> ConsentOutcome:
    """The chosen sessions that consent lets out (with their out-of-scope flags written), and what it kept back."""
    if not records.any_records(store):
        return ConsentOutcome(purpose, False, list(todo))
    outcome = ConsentOutcome(purpose, True, [])
    history: dict[str, list] = {}
    for sid, src in todo:
        try:
            session = load_session(src, cache)
        except TraceError:
            outcome.left_out["the session cannot be loaded"] += 1
            continue
        subject = session.manifest.user
        if subject not in history:
            history[subject] = records.history(store, subject) if subject else []
        result = check.session_coverage(session, history[subject], purpose)
        check.sync_flags(store, session, result, who)
        if result.covered:
            outcome.kept.append((sid, src))
            outcome.out_of_scope += len(result.out_of_scope)
            outcome.records[sid] = list(result.records)
        else:
            outcome.left_out[result.reason] += 1
    return outcome


def subjects_of(sessions: list[tuple[str, Path]]) -> Counter:
    """Person (manifest `user`) -> how many of these sessions are theirs."""
    people: Counter = Counter()
    for _sid, src in sessions:
        manifest, _problems, _raw = read_manifest(src)
        people[manifest.user if manifest is not None and manifest.user else "unknown"] += 1
    return people


def new_export_id() -> str:
    return uuid.uuid4().hex


def record_recipients(store, export_id: str, who: str, purpose: str, recipient: str, fmt: str,
                      sessions: list[tuple[str, Path]]) -> None:
    """One export_record, and one export_subject row per person whose sessions it included."""
    people = subjects_of(sessions)
    with writing(store.engine) as session:
        session.add(ExportRecord(id=export_id, at=now(), who=who[:255], purpose=purpose, recipient=recipient[:255],
                                 format=fmt, sessions=len(sessions)))
        session.flush()
        for person, n in sorted(people.items()):
            session.add(ExportSubject(export_id=export_id, subject=person[:255], sessions=n))
