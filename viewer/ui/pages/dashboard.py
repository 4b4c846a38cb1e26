"""The Team page: sessions by review status, reviewers' throughput per day, agreement of double reviews over
time, and who holds which session now."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from viewer.review.errors import ReviewError
from viewer.team import dashboard
from viewer.ui import auth, replay_data, tables

AGREEMENT_COLUMNS = {"session_id": "Session", "day": "Day", "first": "First reviewer", "second": "Second reviewer",
                     "flag_iou": "Flag overlap", "label_agreement": "Label agreement",
                     "status_agrees": "Same status", "to_settle": "To settle"}


def _statuses(db, sessions: list[str]) -> None:
    counts = dashboard.status_counts(db, sessions)
    st.subheader("Sessions by review status")
    st.plotly_chart(px.bar(counts, x="status", y="sessions", text="sessions"), key="team_status", width="stretch")


def _throughput(db) -> None:
    table = dashboard.throughput(db)
    st.subheader("Throughput per reviewer")
    if table.empty:
        st.text("Nobody has reviewed or annotated anything yet.")
        return
    table["day"] = table["day"].astype(str)
    cols = st.columns(2)
    names = {"sessions_reviewed": "sessions reviewed", "annotations": "annotations made", "day": "day"}
    cols[0].plotly_chart(px.bar(table, x="day", y="sessions_reviewed", color="reviewer", barmode="group",
                                title="Sessions reviewed", labels=names), key="team_reviewed", width="stretch")
    cols[1].plotly_chart(px.bar(table, x="day", y="annotations", color="reviewer", barmode="group",
                                title="Annotations made", labels=names), key="team_annotations", width="stretch")


def _agreement(db) -> None:
    table = dashboard.agreements(db)
    st.subheader("Double reviews: agreement over time")
    if table.empty:
        st.text("No double review is finished yet.")
        return
    by_day = dashboard.agreement_by_day(table)
    by_day["day"] = by_day["day"].astype(str)
    long = by_day.melt(id_vars=["day", "reviews"], var_name="measure", value_name="agreement")
    st.plotly_chart(px.line(long, x="day", y="agreement", color="measure", markers=True, range_y=[0, 1.05]),
                    key="team_agreement", width="stretch")
    shown = table.assign(session_id=table["session_id"].map(tables.short_id), day=table["day"].astype(str),
                         flag_iou=table["flag_iou"].round(2), label_agreement=table["label_agreement"].round(2),
                         status_agrees=table["status_agrees"].map({True: "yes", False: "no"}))
    st.dataframe(tables.tidy(shown).rename(columns=AGREEMENT_COLUMNS), hide_index=True, width="stretch",
                 height=tables.height(len(shown)))


def _leases(db) -> None:
    st.subheader("Sessions held now")
    leases = dashboard.leases(db)
    if leases.empty:
        st.text("Nobody holds a session.")
        return
    shown = pd.DataFrame({"Session": leases["session_id"].map(tables.short_id), "Reviewer": leases["reviewer"],
                          "Round": leases["round"].map({1: "review", 2: "blind second review"}),
                          "Taken": [f"{t:%H:%M} UTC" for t in leases["taken_at"]],
                          "Expires": [f"{t:%H:%M} UTC" for t in leases["expires_at"]],
                          "Time left": [tables.mmss(m * 60) for m in leases["minutes_left"]]})
    st.dataframe(shown, hide_index=True, width="stretch", height=tables.height(len(shown)))


def render() -> None:
    st.title("Team")
    auth.require("view")
    try:
        db = auth.store()
    except ReviewError as exc:
        st.error(f"The annotation database cannot be opened: {exc}")
        return
    dirs, problems = replay_data.session_dirs()
    for problem in problems:
        st.error(str(problem))
    _statuses(db, list(dirs))
    _throughput(db)
    _agreement(db)
    _leases(db)
