"""Below the review panel on the Replay page: keeps the reviewer's queue lease alive while they work on the
session, and once a double review is finished shows how far the two reviewers agree and what to settle."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from viewer.review.errors import ReviewError
from viewer.team import dashboard, queue
from viewer.ui import auth, workflow


def panel(session_id: str) -> None:
    opened = workflow.open_workflow("The review workflow")
    if opened is None:
        return
    conf, db = opened
    user = auth.current_user()
    try:
        if user is not None and auth.can("annotate"):
            queue.renew(db, user.name, session_id, conf.lease_minutes)  # no-op unless they hold this session
        found = dashboard.session_agreement(db, session_id)
    except ReviewError as exc:
        st.warning(f"The review queue could not be updated: {exc}")
        return
    if found is not None:
        _show(*found)


def _show(pair, result) -> None:
    st.subheader("Double review")
    st.text(f"First review: {pair.first} ({pair.first_status}) · second review: {pair.second} "
            f"({pair.second_status})")
    cols = st.columns(3)
    cols[0].metric("Flag overlap (IoU)", f"{result.flag_iou:.2f}")
    cols[1].metric("Label agreement", f"{result.label_agreement:.2f}")
    cols[2].metric("Review status", "agrees" if result.status_agrees else "differs")
    if result.flag_iou_by_category:
        st.dataframe(pd.DataFrame({"category": list(result.flag_iou_by_category),
                                   "flag IoU": list(result.flag_iou_by_category.values())}),
                     hide_index=True, width="stretch")
    if not result.disagreements:
        st.text("Nothing to settle.")
        return
    st.caption(f"{len(result.disagreements)} disagreement(s) to settle")
    st.dataframe(pd.DataFrame([{"what": d.kind, "from (s)": d.t_start, "to (s)": d.t_end, "detail": d.detail}
                               for d in result.disagreements]), hide_index=True, width="stretch")
