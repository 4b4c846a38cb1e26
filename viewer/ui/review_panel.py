"""The review panel beside the Replay player: review status, task labels, sensitive flags, comments, history.
The add forms are in review_forms, the lists with edit/delete/reveal in review_edit.

Every annotation text is rendered as plain text (st.text / st.dataframe), never as HTML."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from viewer.review.errors import ReviewError, StaleEdit
from viewer.sensitive.pending import describe_counts, pending_records
from viewer.team import blind
from viewer.ui import auth, review_edit, review_forms

STATUSES = ("unreviewed", "in_review", "approved", "rejected", "needs_changes")
APPROVE_SHORTCUT = "Alt+A"
APPROVE_ASK = "rp_approve_ask"  # {session, seen version, undecided counts} while a confirmation is open
_UNSEEN = object()


def _err(exc: ReviewError) -> None:
    st.error(f"Not saved: {exc}")


def _save_status(db, sid: str, chash: str, status: str, who: str, seen, rec):
    """Stores the status the reviewer chose on the version they saw; the record to show next."""
    try:
        rec = db.set_review(sid, chash, status, reviewer=who, version=seen)
        st.success(f"Review status: {rec.status}")
    except StaleEdit as exc:
        st.error(str(exc))
        rec = db.review(sid)
    except ReviewError as exc:
        _err(exc)
    return rec


def _undecided(db, sid: str) -> dict[str, int]:
    """The session's undecided suggestions by category (as this reviewer's view of the store shows them)."""
    return dict(Counter(r.category for r in pending_records(db.flags(sid))).most_common())


def _answer(approve: bool) -> None:
    """The confirmation's buttons, run before the page is drawn again (so the question goes at once)."""
    if approve and APPROVE_ASK in st.session_state:
        st.session_state[APPROVE_ASK]["confirmed"] = True
    else:
        st.session_state.pop(APPROVE_ASK, None)


def _confirm_approval(db, sid: str, chash: str, who: str, rec):
    """Approving a session with undecided suggestions asked first: approve anyway, or go back and decide."""
    ask = st.session_state.get(APPROVE_ASK)
    if not ask or ask["session"] != sid:
        return rec
    if ask.get("confirmed"):
        st.session_state.pop(APPROVE_ASK, None)
        return _save_status(db, sid, chash, "approved", who, ask["seen"], rec)
    n = sum(ask["counts"].values())
    st.warning(f"{n} suggestion(s) nobody decided yet ({describe_counts(ask['counts'])}). An export will refuse "
               "this session until they are accepted or rejected, or the exporter chooses to apply or ignore "
               "them. Approve anyway?")
    c = st.columns(2)
    c[0].button(f"Approve with {n} undecided", key=f"rp_approve_anyway_{sid}", on_click=_answer, args=(True,))
    c[1].button("Cancel", key=f"rp_approve_cancel_{sid}", on_click=_answer, args=(False,))
    return rec


def _status(db, sid: str, chash: str, who: str, editable: bool) -> None:
    rec = db.review(sid)
    current = rec.status if rec else "unreviewed"
    seen_key = f"rp_review_seen_{sid}"
    seen = st.session_state.get(seen_key, _UNSEEN)
    if seen is _UNSEEN:
        seen = rec.version if rec else None
    if not editable:
        st.text(f"Review status: {current}")
        st.session_state[seen_key] = rec.version if rec else None
        return
    with st.form(f"rp_review_{sid}"):
        status = st.selectbox("Review status", STATUSES, index=STATUSES.index(current) if current in STATUSES else 0,
                              key=f"rp_status_{sid}")
        c = st.columns(2)
        save = c[0].form_submit_button("Save status")
        if c[1].form_submit_button("Approve", shortcut=APPROVE_SHORTCUT, help="Set the status to approved"):
            status, save = "approved", True
        if save:
            st.session_state.pop(APPROVE_ASK, None)
            counts = _undecided(db, sid) if status == "approved" and current != "approved" else {}
            if counts:
                st.session_state[APPROVE_ASK] = {"session": sid, "seen": seen, "counts": counts}
            else:
                rec = _save_status(db, sid, chash, status, who, seen, rec)
    rec = _confirm_approval(db, sid, chash, who, rec)
    st.session_state[seen_key] = rec.version if rec else None


def _comment_form(db, sid: str, chash: str, who: str, t: float) -> None:
    with st.form(f"rp_comment_{sid}", clear_on_submit=True):
        text = st.text_area(f"Comment at {t:.1f} s", key="rp_comment_text")
        if st.form_submit_button("Add comment") and text.strip():
            try:
                db.add_comment(sid, chash, reviewer=who, t=float(t), text=text)
            except ReviewError as exc:
                _err(exc)


def _undo(db, who: str) -> None:
    undo = st.session_state.get("rp_undo")
    if undo and st.button(f"Undo delete of {undo[0]} {undo[1]}", key="rp_undo_btn"):
        try:
            db.restore(undo[0], undo[1], undo[2], reviewer=who)
            st.session_state.pop("rp_undo", None)
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
