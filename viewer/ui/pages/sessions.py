"""The Sessions page: every session under VIEWER_DATA with its summary and its undecided suggestions."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from viewer.review.errors import ReviewError
from viewer.sensitive.pending import pending_counts
from viewer.trace.summary import summary_row
from viewer.ui import auth, dataset_suggest_panel, state


def _failures(failures: dict) -> None:
    st.subheader(f"{len(failures)} session(s) could not be opened")
    for name, problems in failures.items():
        with st.expander(name):
            st.code("\n".join(str(p) for p in problems[:50]), language=None)


def _undecided(sessions) -> list[int] | None:
    """Undecided suggestions per session (None, after a caption, when the annotation store cannot be read)."""
    try:
        counts = pending_counts(auth.store(), set(sessions))
    except ReviewError as exc:
        st.caption(f"Undecided suggestions cannot be counted: {exc}")
        return None
    return [sum(counts.get(sid, {}).values()) for sid in sessions]


def render() -> None:
    st.title("Sessions")
    auth.require("view")
    settings = state.current_settings()
    cat = state.dataset_catalog()
    st.caption(f"Dataset: {settings.data}")
    for problem in cat.problems:
        st.error(str(problem))
    if cat.summaries:
        table = pd.DataFrame([summary_row(s) for s in cat.summaries])
        table.insert(1, "replay", [f"./replay?session={quote(sid)}" for sid in table["session"]])
        undecided = _undecided(list(table["session"]))
        if undecided is not None:
            table.insert(2, "undecided", undecided)
        total_min = table["minutes"].sum()
        cols = st.columns(3)
        cols[0].metric("Sessions", len(table))
        cols[1].metric("Hours recorded", f"{total_min / 60:.1f}")
        cols[2].metric("Events", f"{table['events'].sum():,}")
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={"video": st.column_config.CheckboxColumn("video"),
                                    "replay": st.column_config.LinkColumn("replay", display_text="▶ open")})
    elif not cat.failures:
        st.info("No sessions found. Point VIEWER_DATA at a directory of trace/1 sessions.")
    if cat.failures:
        _failures(cat.failures)
    if cat.summaries:
        dataset_suggest_panel.render()
