"""The review panel beside the Replay player: review status, task labels, sensitive flags, comments, history.
The add forms are in review_forms, the lists with edit/delete/reveal in review_edit.

Every annotation text is rendered as plain text (st.text / st.dataframe), never as HTML."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from viewer.review.errors import ReviewError
from viewer.team import blind
from viewer.ui import auth, review_edit, review_forms

STATUSES = ("unreviewed", "in_review", "approved", "rejected", "needs_changes")
APPROVE_SHORTCUT = "Alt+A"


def _err(exc: ReviewError) -> None:
    st.error(f"Not saved: {exc}")


def _save_status(db, sid: str, chash: str, who: str, seen: int | None, key: str, approve: bool) -> None:
    """The form's callback: runs before the page is drawn, so one run shows the stored status everywhere."""
    status = "approved" if approve else st.session_state.get(key)
    try:
        rec = db.set_review(sid, chash, status, reviewer=who, version=seen)
    except ReviewError as exc:  # a stale version included: the select then shows the stored status
        review_forms.say(f"Not saved: {exc}", "error")
        return
    review_forms.say(f"Review status: {rec.status}")


def _status(db, sid: str, chash: str, who: str, editable: bool) -> None:
    """The status as stored. The select is keyed by the stored version, so after any save (here, Alt+A, or a
    status set elsewhere) it shows what is stored; a save is checked against the version it showed."""
    rec = db.review(sid)
    current = rec.status if rec else "unreviewed"
    version = rec.version if rec else None
    if not editable:
        st.text(f"Review status: {current}")
        return
    key = f"rp_status_{sid}_v{version}"
    with st.form(f"rp_review_{sid}"):
        st.selectbox("Review status", STATUSES, index=STATUSES.index(current) if current in STATUSES else 0,
                     key=key)
        c = st.columns(2)
        c[0].form_submit_button("Save status", on_click=_save_status,
                                args=(db, sid, chash, who, version, key, False))
        c[1].form_submit_button("Approve", shortcut=APPROVE_SHORTCUT, help="Set the status to approved",
                                on_click=_save_status, args=(db, sid, chash, who, version, key, True))


def _add_comment(db, sid: str, chash: str, who: str, t: float) -> None:
    text = st.session_state.get("rp_comment_text") or ""
    if not text.strip():
        return
    try:
        db.add_comment(sid, chash, reviewer=who, t=float(t), text=text)
    except ReviewError as exc:
        review_forms.say(f"Not saved: {exc}", "error")
        return
    review_forms.say("Comment added.")


def _comment_form(db, sid: str, chash: str, who: str, t: float) -> None:
    with st.form(f"rp_comment_{sid}", clear_on_submit=True):
        st.text_area(f"Comment at {t:.1f} s", key="rp_comment_text")
        st.form_submit_button("Add comment", on_click=_add_comment, args=(db, sid, chash, who, float(t)))


def _undo(db, who: str) -> None:
    undo = st.session_state.get("rp_undo")
    if undo and st.button(f"Undo delete of {undo[0]} {undo[1]}", key="rp_undo_btn"):
        try:
            db.restore(undo[0], undo[1], undo[2], reviewer=who)
            st.session_state.pop("rp_undo", None)
            review_edit.after_own_write()
            st.rerun()
        except ReviewError as exc:
            _err(exc)


def panel(session_id: str, content_hash: str, t: float) -> None:
    st.subheader("Review")
    try:
        db = blind.view(auth.store(), session_id, getattr(auth.current_user(), "name", None))  # double review
    except ReviewError as exc:
        st.error(f"The annotation database cannot be opened: {exc}")
        return
    user = auth.current_user()
    who = user.name if user else "?"
    editable = user is not None and auth.can("annotate")
    review_forms.flash()
    other = db.on_other_hash(session_id, content_hash)
    if other:
        st.warning(f"{len(other)} annotation(s) were made on another version of this trace (its content changed).")
    _status(db, session_id, content_hash, who, editable)
    if editable:
        _undo(db, who)
        review_forms.label_form(db, session_id, content_hash, who, t)
        review_forms.flag_form(db, session_id, content_hash, who, t)
        _comment_form(db, session_id, content_hash, who, t)
    st.caption("Task labels")
    review_edit.section(db, "label", db.labels(session_id), session_id, who, editable)
    st.caption("Sensitive flags")
    review_edit.section(db, "flag", db.flags(session_id), session_id, who, editable)
    st.caption("Comments")
    review_edit.table("comment", db.comments(session_id))
    history = st.expander("History", key="rp_history", on_change="rerun")
    if not history.open:  # read only when opened: a busy session's audit is the page's largest read
        return
    with history:
        hist = db.audit(session_id=session_id)
        st.dataframe(pd.DataFrame([{"at": str(a.at), "who": a.who, "kind": a.entity_kind, "id": a.entity_id,
                                    "action": a.action, "before": str(a.before), "after": str(a.after)}
                                   for a in hist]), hide_index=True, width="stretch")
