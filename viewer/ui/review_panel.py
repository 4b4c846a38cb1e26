"""The review panel beside the Replay player: review status, task labels, sensitive flags, comments, history.
The add forms are in review_forms, the lists with edit/delete/reveal in review_edit.

Every annotation text is rendered as plain text (st.text lines / st.dataframe), never as HTML."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from viewer.review.errors import ReviewError
from viewer.sensitive.pending import describe_counts, pending_records
from viewer.team import blind
from viewer.ui import auth, review_edit, review_forms

STATUSES = ("unreviewed", "in_review", "approved", "rejected", "needs_changes")
APPROVE_SHORTCUT = "Alt+A"
APPROVE_ASK = "rp_approve_ask"  # {session, seen version, undecided counts} while a confirmation is open


def _undecided(db, sid: str) -> dict[str, int]:
    """The session's undecided suggestions by category (as this reviewer's view of the store shows them)."""
    return dict(Counter(r.category for r in pending_records(db.flags(sid))).most_common())


def _save_status(db, sid: str, chash: str, who: str, seen: int | None, key: str | None, approve: bool,
                 confirmed: bool = False) -> None:
    """The form's callback: runs before the page is drawn, so one run shows the stored status everywhere.
    Approving a session with undecided suggestions first asks (unless `confirmed`)."""
    status = "approved" if approve else st.session_state.get(key)
    stored = db.review(sid)
    if status == "approved" and not confirmed and not (stored and stored.status == "approved"):
        counts = _undecided(db, sid)
        if counts:
            st.session_state[APPROVE_ASK] = {"session": sid, "seen": seen, "counts": counts}
            return
    st.session_state.pop(APPROVE_ASK, None)
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
    _confirm_approval(db, sid, chash, who)


def _confirm_approval(db, sid: str, chash: str, who: str) -> None:
    """The question asked before approving a session with undecided suggestions: approve anyway, or go back."""
    ask = st.session_state.get(APPROVE_ASK)
    if not ask or ask["session"] != sid:
        return
    n = sum(ask["counts"].values())
    st.warning(f"{n} suggestion(s) nobody decided yet ({describe_counts(ask['counts'])}). An export will refuse "
               "this session until they are accepted or rejected, or the exporter chooses to apply or ignore "
               "them. Approve anyway?")
    c = st.columns(2)
    c[0].button(f"Approve with {n} undecided", key=f"rp_approve_anyway_{sid}", on_click=_save_status,
                args=(db, sid, chash, who, ask["seen"], None, True, True))
    c[1].button("Cancel", key=f"rp_approve_cancel_{sid}", on_click=lambda: st.session_state.pop(APPROVE_ASK, None))


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


def _undone(db, who: str) -> None:
    """The undo button's callback: the same run shows the row back."""
    kind, rid, version = st.session_state.pop("rp_undo")
    try:
        db.restore(kind, rid, version, reviewer=who)
    except ReviewError as exc:
        review_forms.say(f"Not saved: {exc}", "error")
        return
    review_edit.after_own_write()


def _undo(db, who: str) -> None:
    undo = st.session_state.get("rp_undo")
    if undo:
        st.button(f"Undo delete of {undo[0]} {undo[1]}", key="rp_undo_btn", on_click=_undone, args=(db, who))


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
    review_edit.row_list("comment", db.comments(session_id))
    history = st.expander("History", key="rp_history", on_change="rerun")
    if not history.open:  # read only when opened: a busy session's audit is the page's largest read
        return
    with history:
        hist = db.audit(session_id=session_id)
        st.dataframe(pd.DataFrame([{"at": str(a.at), "who": a.who, "kind": a.entity_kind, "id": a.entity_id,
                                    "action": a.action, "before": str(a.before), "after": str(a.after)}
                                   for a in hist]), hide_index=True, width="stretch")
