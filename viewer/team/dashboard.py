"""The Team dashboard's numbers as DataFrames: sessions by review status, each reviewer's throughput per day,
agreement of double reviews over time, and the current leases. Read-only."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select

from viewer.db import reading
from viewer.review.fields import REVIEW_STATUSES
from viewer.review.models import AuditEntry, Flag, now
from viewer.review.store import Store
from viewer.team.workflow_models import Lease, ReviewPass
from viewer.team import agreement, double, queue

ANNOTATION_KINDS = ("label", "flag", "comment")


def status_counts(store: Store, sessions: Sequence[str]) -> pd.DataFrame:
    """One row per review status (all of them, zeros included) with how many of `sessions` have it."""
    with reading(store.engine) as s:
        statuses = double.Progress.read(s).statuses
    counts = pd.Series([statuses.get(sid, ("unreviewed", None))[0] for sid in sessions], dtype="object")
    counts = counts.value_counts().reindex(REVIEW_STATUSES, fill_value=0)
    return pd.DataFrame({"status": list(REVIEW_STATUSES), "sessions": counts.to_numpy(dtype="int64")})


def _by_a_person(after: dict | None) -> bool:
    """A flag a detector stored (source "sensitive-suggest", or any source other than "human") was made by no
    reviewer; labels and comments have no source and are always a person's."""
    return (after or {}).get("source", "human") == "human"


def throughput(store: Store) -> pd.DataFrame:
    """Per day and reviewer: sessions given a final status (or a second-review verdict) and annotations made.
    Detectors are not reviewers: the suggestions they store are not counted."""
    reviewed, made = [], []
    query = select(AuditEntry.at, AuditEntry.who, AuditEntry.session_id, AuditEntry.entity_kind,
                   AuditEntry.action, AuditEntry.after)
    with reading(store.engine) as s:
        for at, who, sid, kind, action, after in s.execute(query):
            if kind == "review" and (after or {}).get("status") in double.FINAL:
                reviewed.append((at.date(), who, sid))
            elif kind in ANNOTATION_KINDS and action == "create" and _by_a_person(after):
                made.append((at.date(), who))
        for at, who, sid in s.execute(select(ReviewPass.finished_at, ReviewPass.reviewer, ReviewPass.session_id)
                                      .where(ReviewPass.round == 2)):
            reviewed.append((at.date(), who, sid))
    keys = ["day", "reviewer"]
    sessions = (pd.DataFrame(reviewed, columns=[*keys, "session_id"]).drop_duplicates()
                .groupby(keys).size().rename("sessions_reviewed"))
    annotations = pd.DataFrame(made, columns=keys).groupby(keys).size().rename("annotations")
    table = pd.concat([sessions, annotations], axis=1).fillna(0).astype("int64").reset_index()
    return table.sort_values(keys, ignore_index=True) if len(table) else pd.DataFrame(
        {"day": [], "reviewer": [], "sessions_reviewed": [], "annotations": []})


def side(store: Store, session_id: str, reviewer: str, status: str) -> agreement.Side:
    return agreement.Side(reviewer, status, agreement.labels_of(store.labels(session_id), reviewer),
                          agreement.flags_of(store.flags(session_id), reviewer))


def session_agreement(store: Store, session_id: str) -> tuple[double.Pair, agreement.Agreement] | None:
    """The finished double review of one session and how far its two reviewers agree (None if not done)."""
    pairs = double.finished_pairs(store, session_id)
    if not pairs:
        return None
    pair = pairs[-1]
    result = agreement.compare(side(store, session_id, pair.first, pair.first_status),
                               side(store, session_id, pair.second, pair.second_status))
    return pair, result


def agreements(store: Store) -> pd.DataFrame:
    """One row per finished double review."""
    rows = []
    for pair in double.finished_pairs(store):
        result = agreement.compare(side(store, pair.session_id, pair.first, pair.first_status),
                                   side(store, pair.session_id, pair.second, pair.second_status))
        rows.append({"session_id": pair.session_id, "day": pair.finished_at.date(), "first": pair.first,
                     "second": pair.second, "flag_iou": result.flag_iou, "label_agreement": result.label_agreement,
                     "status_agrees": result.status_agrees, "to_settle": len(result.disagreements)})
    columns = ["session_id", "day", "first", "second", "flag_iou", "label_agreement", "status_agrees", "to_settle"]
    return pd.DataFrame(rows, columns=columns)


def agreement_by_day(table: pd.DataFrame) -> pd.DataFrame:
    """Mean agreement of the double reviews finished each day."""
    if table.empty:
        return pd.DataFrame({"day": [], "reviews": [], "flag_iou": [], "label_agreement": [], "status_agreement": []})
    grouped = table.assign(status_agreement=table["status_agrees"].astype(float)).groupby("day")
    return grouped.agg(reviews=("session_id", "size"), flag_iou=("flag_iou", "mean"),
                       label_agreement=("label_agreement", "mean"),
                       status_agreement=("status_agreement", "mean")).reset_index()


def leases(store: Store) -> pd.DataFrame:
    at = now()
    rows = [{"session_id": h.session_id, "reviewer": h.reviewer, "round": h.round, "taken_at": h.taken_at,
             "expires_at": h.expires_at, "minutes_left": round((h.expires_at - at).total_seconds() / 60, 1)}
            for h in queue.leases(store)]
    return pd.DataFrame(rows, columns=["session_id", "reviewer", "round", "taken_at", "expires_at", "minutes_left"])


def session_overview(store: Store, sessions: Sequence[str]) -> pd.DataFrame:
    """Per session, in the order given: its review status, who holds it under a live queue lease (empty when
    nobody), and how many live accepted flags it has. Three queries, whatever the number of sessions."""
    at = now()
    with reading(store.engine) as s:
        statuses = double.Progress.read(s).statuses
        holders = {sid: who for sid, who, until in s.execute(select(Lease.session_id, Lease.reviewer,
                                                                    Lease.expires_at)) if until > at}
        flags = dict(s.execute(select(Flag.session_id, func.count()).where(
            Flag.deleted_at.is_(None), Flag.status == "accepted").group_by(Flag.session_id)).all())
    return pd.DataFrame({"session": list(sessions),
                         "status": [statuses.get(sid, ("unreviewed", None))[0] for sid in sessions],
                         "held_by": [holders.get(sid, "") for sid in sessions],
                         "flags": [int(flags.get(sid, 0)) for sid in sessions]},
                        columns=["session", "status", "held_by", "flags"])
