"""The review panel beside the Replay player: review status, task labels, sensitive flags, comments, history.

Every annotation text is rendered as plain text (st.text / st.dataframe), never as HTML."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from viewer.review.errors import ReviewError, StaleEdit
from viewer.ui import auth

STATUSES = ("unreviewed", "in_review", "approved", "rejected", "needs_changes")
_UNSEEN = object()


def _err(exc: ReviewError) -> None:
    st.error(f"Not saved: {exc}")


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
        if st.form_submit_button("Save status"):
            try:
                rec = db.set_review(sid, chash, status, reviewer=who, version=seen)
                st.success(f"Review status: {rec.status}")
            except StaleEdit as exc:
                st.error(str(exc))
                rec = db.review(sid)
            except ReviewError as exc:
                _err(exc)
    st.session_state[seen_key] = rec.version if rec else None


def _span_inputs(prefix: str, t: float) -> tuple[float, float]:
    """Start and end of a new span: the playhead and ten seconds after it, editable."""
    c = st.columns(2)
    t0 = c[0].number_input("start (s)", min_value=0.0, value=float(t), step=1.0, key=f"{prefix}_t0")
    t1 = c[1].number_input("end (s)", min_value=0.0, value=float(t) + 10.0, step=1.0, key=f"{prefix}_t1")
    return t0, t1


def _label_form(db, sid: str, chash: str, who: str, t: float) -> None:
    with st.form(f"rp_label_{sid}", clear_on_submit=True):
        st.caption("Add a task label")
        t0, t1 = _span_inputs("rp_label", t)
        instruction = st.text_input("Instruction", key="rp_label_instruction")
        outcome = st.selectbox("Outcome", ("success", "failure", "partial", "—"), key="rp_label_outcome")
        quality = st.select_slider("Quality", (1, 2, 3, 4, 5), value=3, key="rp_label_quality")
        tags = st.text_input("Tags (comma separated)", key="rp_label_tags")
        note = st.text_area("Note", key="rp_label_note")
        if st.form_submit_button("Add label"):
            try:
                db.add_label(sid, chash, reviewer=who, t_start=t0, t_end=t1, instruction=instruction,
                             outcome=None if outcome == "—" else outcome, quality=quality,
                             tags=[x.strip() for x in tags.split(",") if x.strip()], note=note)
                st.success("Label added.")
            except ReviewError as exc:
                _err(exc)


def _flag_form(db, sid: str, chash: str, who: str, t: float) -> None:
    with st.form(f"rp_flag_{sid}", clear_on_submit=True):
        st.caption("Flag a sensitive span")
        t0, t1 = _span_inputs("rp_flag", t)
        category = st.text_input("Category", value="other", key="rp_flag_category")
        scope = st.selectbox("Scope", ("both", "events", "pixels"), key="rp_flag_scope")
        use_region = st.checkbox("Region", key="rp_flag_use_region")
        r = st.columns(5)
        x = r[0].number_input("x", min_value=0, value=0, key="rp_flag_x")
        y = r[1].number_input("y", min_value=0, value=0, key="rp_flag_y")
        w = r[2].number_input("w", min_value=0, value=100, key="rp_flag_w")
        h = r[3].number_input("h", min_value=0, value=100, key="rp_flag_h")
        screen = r[4].number_input("screen", min_value=0, value=0, key="rp_flag_screen")
        note = st.text_area("Note", key="rp_flag_note")
        if st.form_submit_button("Add flag"):
            regions = [{"screen": int(screen), "x": int(x), "y": int(y), "w": int(w), "h": int(h)}] if use_region else []
            try:
                db.add_flag(sid, chash, reviewer=who, t_start=t0, t_end=t1, regions=regions, scope=scope,
                            category=category, status="accepted", source="human", note=note)
                st.success("Flag added.")
            except ReviewError as exc:
                _err(exc)


def _comment_form(db, sid: str, chash: str, who: str, t: float) -> None:
    with st.form(f"rp_comment_{sid}", clear_on_submit=True):
        text = st.text_area(f"Comment at {t:.1f} s", key="rp_comment_text")
        if st.form_submit_button("Add comment") and text.strip():
            try:
                db.add_comment(sid, chash, reviewer=who, t=float(t), text=text)
            except ReviewError as exc:
                _err(exc)


def _listing(db, kind: str, rows: list, who: str, editable: bool) -> None:
    if not rows:
        st.text(f"No {kind}s yet.")
        return
    cols = {"label": ["t_start", "t_end", "instruction", "outcome", "quality", "tags", "note"],
            "flag": ["t_start", "t_end", "category", "scope", "status", "regions", "note"],
            "comment": ["t", "text"]}[kind]
    table = pd.DataFrame([{"id": r.id, **{c: str(r.data.get(c)) for c in cols}, "by": r.reviewer,
                           "version": r.version} for r in rows])
    st.dataframe(table, hide_index=True, width="stretch")
    if not editable:
        return
    ids = [r.id for r in rows]
    pick = st.selectbox(f"Pick a {kind} to delete", ids, key=f"rp_pick_{kind}")
    rec = next(r for r in rows if r.id == pick)
    if st.button(f"Delete {kind}", key=f"rp_del_{kind}"):
        try:
            gone = db.delete(kind, rec.id, rec.version, reviewer=who)
            st.session_state["rp_undo"] = (kind, gone.id, gone.version)
            st.rerun()
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


def _edit_label(db, rows: list, who: str) -> None:
    if not rows:
        return
    with st.expander("Edit a label"):
        pick = st.selectbox("Label", [r.id for r in rows], key="rp_edit_pick")
        rec = next(r for r in rows if r.id == pick)
        seen_key = f"rp_edit_seen_{rec.id}"
        seen = st.session_state.get(seen_key, rec.version)
        with st.form("rp_edit_label"):
            instruction = st.text_input("Instruction", value=rec.data.get("instruction") or "")
            note = st.text_area("Note", value=rec.data.get("note") or "")
            if st.form_submit_button("Save label"):
                try:
                    rec = db.update("label", rec.id, seen, reviewer=who, instruction=instruction, note=note)
                    st.success("Saved.")
                except StaleEdit as exc:
                    st.error(str(exc))
                    rec = db.get("label", rec.id)
                except ReviewError as exc:
                    _err(exc)
        st.session_state[seen_key] = rec.version


def panel(session_id: str, content_hash: str, t: float) -> None:
    st.subheader("Review")
    try:
        db = auth.store()
    except ReviewError as exc:
        st.error(f"The annotation database cannot be opened: {exc}")
        return
    user = auth.current_user()
    who = user.name if user else "?"
    editable = user is not None and auth.can("annotate")
    other = db.on_other_hash(session_id, content_hash)
    if other:
        st.warning(f"{len(other)} annotation(s) were made on another version of this trace (its content changed).")
    _status(db, session_id, content_hash, who, editable)
    if editable:
        _undo(db, who)
    if editable:
        _label_form(db, session_id, content_hash, who, t)
        _flag_form(db, session_id, content_hash, who, t)
        _comment_form(db, session_id, content_hash, who, t)
    labels = db.labels(session_id)
    st.caption("Task labels")
    _listing(db, "label", labels, who, editable)
    st.caption("Sensitive flags")
    _listing(db, "flag", db.flags(session_id), who, editable)
    st.caption("Comments")
    _listing(db, "comment", db.comments(session_id), who, False)
    if editable:
        _edit_label(db, labels, who)
    with st.expander("History"):
        hist = db.audit(session_id=session_id)
        st.dataframe(pd.DataFrame([{"at": str(a.at), "who": a.who, "kind": a.entity_kind, "id": a.entity_id,
                                    "action": a.action, "before": str(a.before), "after": str(a.after)}
                                   for a in hist]), hide_index=True, width="stretch")
