"""The Sessions page: every session under VIEWER_DATA with its summary, review status, who holds it under a
queue lease, its accepted flags, its undecided suggestions and its consent coverage; a filter by status; a
session opens in the Replay page in this tab."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from viewer.review.errors import ReviewError
from viewer.review.fields import REVIEW_STATUSES
from viewer.sensitive.pending import pending_counts
from viewer.team import dashboard
from viewer.trace.summary import summary_row
from viewer.ui import auth, consent_view, dataset_suggest_panel, session_pick, state, tables

COLUMNS = {"session": "Session", "started": "Started", "user": "User", "length": "Length", "events": "Events",
           "clicks": "Clicks", "keys": "Keys", "screenshots": "Screenshots", "screens": "Screens", "apps": "Apps",
           "video": "Video", "tasks": "Tasks", "warnings": "Warnings", "status": "Review status",
           "held_by": "Held by", "flags": "Flags", "undecided": "Undecided suggestions", "consent": "Consent"}


def _failures(failures: dict) -> None:
    st.subheader(f"{len(failures)} session(s) could not be opened")
    for name, problems in failures.items():
        with st.expander(name):
            st.code("\n".join(str(p) for p in problems[:50]), language=None)


def _review(sessions: list[str]) -> pd.DataFrame | None:
    """Status, holder and flags per session; None (said on the page) when the database cannot be read."""
    try:
        return dashboard.session_overview(auth.store(), sessions)
    except ReviewError as exc:
        st.warning(f"Review status cannot be shown: {exc}")
        return None


def _table(summaries: list[dict]) -> pd.DataFrame:
    rows = pd.DataFrame([summary_row(s) for s in summaries])
    rows["length"] = [tables.mmss(m * 60) for m in rows.pop("minutes")]
    review = _review(list(rows["session"]))
    if review is not None:
        rows = rows.merge(review, on="session", how="left")
    try:
        counts = pending_counts(auth.store(), set(rows["session"]))
        rows["undecided"] = [sum(counts.get(sid, {}).values()) for sid in rows["session"]]
        coverage = consent_view.coverage(auth.store(), state.current_settings(), list(rows["session"]))
    except ReviewError as exc:
        st.caption(f"Undecided suggestions and consent cannot be shown: {exc}")
        return rows
    if coverage is not None:
        rows["consent"] = [coverage.get(sid, "") for sid in rows["session"]]
    return rows


def _filter(table: pd.DataFrame) -> pd.DataFrame:
    if "status" not in table:
        return table
    chosen = st.multiselect("Review status", REVIEW_STATUSES, placeholder="any status", key="sessions_status")
    return table[table["status"].isin(chosen)] if chosen else table


def _open(names: list[str]) -> None:
    """Open a session in this tab: pick it (type to search), then "Open in Replay" (keyboard: Tab, Enter)."""
    cols = st.columns([3, 1], vertical_alignment="bottom")
    name = cols[0].selectbox("Open a session in the Replay page", names, index=None, key="sessions_pick",
                             placeholder="choose a session")
    if cols[1].button("Open in Replay", key="sessions_open", disabled=name is None, type="primary"):
        session_pick.open_replay(name)


def render() -> None:
    st.title("Sessions")
    auth.require("view")
    settings = state.current_settings()
    cat = state.dataset_catalog()
    st.caption(f"Dataset: {settings.data}")
    for problem in cat.problems:
        st.error(str(problem))
    if cat.summaries:
        full = _table(cat.summaries)
        cols = st.columns(3)
        cols[0].metric("Sessions", len(full))
        cols[1].metric("Hours recorded", f"{sum(s['duration_s'] for s in cat.summaries) / 3600:.1f}")
        cols[2].metric("Events", f"{full['events'].sum():,}")
        table = _filter(full)
        _open(list(table["session"]))
        shown = table.assign(replay=[f"./replay?session={quote(sid)}" for sid in table["session"]],
                             session=table["session"].map(tables.short_id))
        shown = tables.tidy(shown[["session", "replay", *[c for c in COLUMNS if c in shown and c != "session"]]])
        event = st.dataframe(
            shown.rename(columns=COLUMNS), hide_index=True, width="stretch", key="sessions_table",
            height=tables.height(len(shown), 600), on_select="rerun", selection_mode="single-row",
            column_config={"Video": st.column_config.CheckboxColumn("Video"),
                           "replay": st.column_config.LinkColumn(
                               "Replay", display_text="▶ open",
                               help="Opens in a new tab; select a row, or use Open in Replay above, for this tab")})
        picked = event.selection.rows if event and event.selection else []
        if picked and picked[0] < len(table):
            session_pick.open_replay(table["session"].iloc[picked[0]])
        if len(shown) < len(full):
            st.caption(f"{len(shown)} of {len(full)} sessions match the filter.")
    elif not cat.failures:
        st.info("No sessions found. Point VIEWER_DATA at a directory of trace/1 sessions.")
    if cat.failures:
        _failures(cat.failures)
    if cat.summaries:
        dataset_suggest_panel.render()
