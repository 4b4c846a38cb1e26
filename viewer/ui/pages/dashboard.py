"""The Team page: sessions by review status, reviewers' throughput per day, agreement of double reviews over
time, and who holds which session now."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from viewer.review.errors import ReviewError
from viewer.team import dashboard
from viewer.ui import auth, replay_data


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
    cols[0].plotly_chart(px.bar(table, x="day", y="sessions_reviewed", color="reviewer", barmode="group",
                                title="Sessions reviewed"), key="team_reviewed", width="stretch")
    cols[1].plotly_chart(px.bar(table, x="day", y="annotations", color="reviewer", barmode="group",
                                title="Annotations made"), key="team_annotations", width="stretch")


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
    st.dataframe(table, hide_index=True, width="stretch")


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
    st.subheader("Sessions held now")
    leases = dashboard.leases(db)
    if leases.empty:
        st.text("Nobody holds a session.")
    else:
        st.dataframe(leases, hide_index=True, width="stretch")
