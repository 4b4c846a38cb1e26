"""The lists of task labels and flags beside the player: pick one to edit (times and fields, refused when
someone else changed it since it was read), delete (undo is offered by the panel), or reveal a flag's
masked typed text (roles with reveal_text; each reveal goes to the access log)."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from viewer.review import masking
from viewer.review.errors import ReviewError, StaleEdit
from viewer.review.fields import FLAG_STATUSES, OUTCOMES
from viewer.ui import auth, replay_state, review_bands, tables
from viewer.ui.review_forms import NO_OUTCOME, SCOPE_CHOICES, category_choices, say

COLUMNS = {"label": {"t_start": "From", "t_end": "To", "instruction": "Instruction", "outcome": "Outcome",
                     "quality": "Quality", "tags": "Tags", "note": "Note"},
           "flag": {"t_start": "From", "t_end": "To", "category": "Category", "scope": "Scope", "status": "Status",
                    "source": "Source", "regions": "Regions", "note": "Note"},
           "comment": {"t": "At", "text": "Comment"}}
TIMES = ("t_start", "t_end", "t")


def _cell(column: str, value) -> str:
    if column in TIMES:
        return tables.mmss(value)
    return tables.region_text(value) if column == "regions" else tables.as_text(value)


def table(kind: str, rows: list) -> None:
    """The rows as plain text cells (never HTML): times m:ss, lists as text, short ids."""
    if not rows:
        st.text(f"No {kind}s yet.")
        return
    frame = pd.DataFrame([{"Id": tables.short_id(r.id),
                           **{name: _cell(c, r.data.get(c)) for c, name in COLUMNS[kind].items()},
                           "By": r.reviewer, "Version": r.version} for r in rows])
    st.dataframe(tables.tidy(frame), hide_index=True, width="stretch", height=tables.height(len(frame), 300))


def row_line(rec) -> str:
    """One label or comment as a line a person reads: its time(s) m:ss, its text, the other filled fields by
    name, then who wrote it, its version and short id (e.g. `0:03–0:08 · find the invoice · Outcome success ·
    by kim · v1 · id 1a2b3c4d…`). Empty fields are left out."""
    d = rec.data
    times = _cell("t", d.get("t")) if rec.kind == "comment" else \
        f"{_cell('t_start', d.get('t_start'))}–{_cell('t_end', d.get('t_end'))}"
    main = "text" if rec.kind == "comment" else "instruction"
    parts = [times, _cell(main, d.get(main))]
    parts += [f"{name} {_cell(c, d.get(c))}" for c, name in COLUMNS[rec.kind].items()
              if c not in (*TIMES, main) and _cell(c, d.get(c)).strip()]
    parts += [f"by {rec.reviewer}", f"v{rec.version}", f"id {tables.short_id(rec.id)}"]
    return " · ".join(p for p in parts if p.strip())


LIST_ROWS, LIST_PX = 8, 300  # a list longer than LIST_ROWS rows scrolls inside a box LIST_PX high


def row_list(kind: str, rows: list) -> None:
    """Labels or comments, one plain-text line per row (never HTML, never a canvas grid): every row is in the
    page as soon as the run draws it. A long list scrolls in a box of fixed height so the panel stays short."""
    if not rows:
        st.text(f"No {kind}s yet.")
        return
    tall = len(rows) > LIST_ROWS
    with st.container(key=f"rp_rows_{kind}", height=LIST_PX if tall else "content", gap="xsmall"):
        for rec in rows:
            st.text(row_line(rec))


def _describe(rec) -> str:
    d = rec.data
    what = d.get("instruction") if rec.kind == "label" else f"{d.get('category')} {d.get('status')}"
    return f"{float(d['t_start']):.1f}–{float(d['t_end']):.1f} s · {str(what or '')[:40]} · {rec.id[:8]}"


def _pick(kind: str, rows: list, sid: str):
    """The picked label or flag; it stays picked while its row changes (status, times) or others come and go.
    Streamlit may give the select a fresh identity when its choices or their texts change; it then starts from
    the row picked last instead of the first one."""
    ids = [r.id for r in rows]
    by_id = {r.id: r for r in rows}
    last_key = f"rp_picked_{kind}_{sid}"
    last = st.session_state.get(last_key)
    pick = st.selectbox(kind.capitalize(), ids, index=ids.index(last) if last in ids else 0,
                        format_func=lambda i: _describe(by_id[i]), key=f"rp_pick_{kind}_{sid}")
    st.session_state[last_key] = pick
    return by_id[pick]


def after_own_write() -> None:
    """This tab just changed labels or flags outside their edit forms (a suggestion accepted or rejected, a
    delete undone): the edit forms start again from the stored versions, so the reviewer's next edit is not
    refused as stale against their own change (a change from another tab or person still is)."""
    for key in [k for k in st.session_state if str(k).startswith(("rp_edit_seen_", "rp_edit_shown_"))]:
        del st.session_state[key]


def _times(rec, sid: str, key: str) -> tuple[float, float] | None:
    """The start and end inputs, and the marked span offered instead (None when nothing is marked)."""
    c = st.columns(2)
    c[0].number_input("start (s)", min_value=0.0, value=float(rec.data["t_start"]), step=1.0, key=f"{key}_t0")
    c[1].number_input("end (s)", min_value=0.0, value=float(rec.data["t_end"]), step=1.0, key=f"{key}_t1")
    mark = review_bands.current_mark(sid)
    if mark is None or not mark.has_span:
        return None
    st.checkbox(f"Use the marked span {mark.t0:.1f}–{mark.t1:.1f} s", key=f"{key}_use_mark")
    return mark.t0, mark.t1


def _label_fields(rec, key: str) -> None:
    d = rec.data
    outcomes = (*OUTCOMES, NO_OUTCOME)
    st.selectbox("Outcome", outcomes, index=outcomes.index(d.get("outcome") or NO_OUTCOME), key=f"{key}_outcome")
    st.text_input("Instruction", value=d.get("instruction") or "", key=f"{key}_instruction")
    st.select_slider("Quality", (1, 2, 3, 4, 5), value=d.get("quality") or 3, key=f"{key}_quality")
    st.text_area("Note", value=d.get("note") or "", key=f"{key}_note")


def _flag_fields(rec, key: str) -> None:
    d = rec.data
    scope = d.get("scope") if d.get("scope") in SCOPE_CHOICES else SCOPE_CHOICES[0]
    status = d.get("status") if d.get("status") in FLAG_STATUSES else "accepted"
    choices = category_choices(d.get("category"))
    current = d.get("category") if d.get("category") in choices else "other"
    st.selectbox("Category", choices, index=choices.index(current), key=f"{key}_category")
    st.selectbox("Scope", SCOPE_CHOICES, index=SCOPE_CHOICES.index(scope), key=f"{key}_scope")
    st.selectbox("Status", FLAG_STATUSES, index=FLAG_STATUSES.index(status), key=f"{key}_status")
    st.text_area("Note", value=d.get("note") or "", key=f"{key}_note")


FIELDS = {"label": ("instruction", "outcome", "quality", "note"), "flag": ("category", "scope", "status", "note")}


def _entered(kind: str, key: str, mark: tuple[float, float] | None) -> dict:
    """What the edit form keyed `key` holds now (read in its callback): times and the kind's fields."""
    get = st.session_state.get
    t0, t1 = (mark if mark is not None and get(f"{key}_use_mark") else
              (float(get(f"{key}_t0")), float(get(f"{key}_t1"))))
    fields = {f: get(f"{key}_{f}") for f in FIELDS[kind]}
    if kind == "label" and fields["outcome"] == NO_OUTCOME:
        fields["outcome"] = None
    return {"t_start": t0, "t_end": t1, **fields}


def _save_edit(db, kind: str, rid: str, seen: int, who: str, key: str, mark: tuple[float, float] | None) -> None:
    """The edit form's callback, before the page is drawn: save against the version the form showed, so the
    same run shows the stored row everywhere. A stale version is refused; the reviewer's values are kept
    beside the form, which then shows the current version (saving again is a deliberate overwrite)."""
    seen_key, refused_key = f"rp_edit_seen_{rid}", f"rp_edit_refused_{rid}"
    values = _entered(kind, key, mark)
    try:
        saved = db.update(kind, rid, seen, reviewer=who, **values)
    except StaleEdit as exc:
        st.session_state[refused_key] = (str(exc), values)
        st.session_state.pop(seen_key, None)  # the form starts again from the stored version
        return
    except ReviewError as exc:
        say(f"Not saved: {exc}", "error")
        return
    st.session_state[seen_key] = saved.version
    st.session_state.pop(refused_key, None)
    say("Saved.")


def _edit(db, rec, sid: str, who: str) -> None:
    """The edit form of the picked row, showing the version the reviewer first saw (a save is checked against
    it, in the form's callback)."""
    kind = rec.kind
    seen_key, shown_key = f"rp_edit_seen_{rec.id}", f"rp_edit_shown_{kind}"
    # the form was on screen in the last run with this version's values; freshly picked, it shows the current
    seen = st.session_state.get(seen_key, rec.version) if st.session_state.get(shown_key) == rec.id else rec.version
    st.session_state[shown_key] = rec.id
    key = f"rp_edit_{kind}_{rec.id}_v{seen}"
    refused_key = f"rp_edit_refused_{rec.id}"
    # the form is keyed by the row: a submit can only ever save the row whose values it showed
    with st.expander(f"Edit a {kind}", expanded=refused_key in st.session_state), \
            st.form(f"rp_edit_{kind}_{rec.id}"):
        _show_refused(refused_key)
        mark = _times(rec, sid, key)
        (_label_fields if kind == "label" else _flag_fields)(rec, key)
        st.form_submit_button(f"Save {kind}", on_click=_save_edit, args=(db, kind, rec.id, seen, who, key, mark))
    st.session_state[seen_key] = seen


def _show_refused(refused_key: str) -> None:
    """A refused (stale) edit: why, and the values the reviewer entered, to re-apply on the current version."""
    if refused_key not in st.session_state:
        return
    message, values = st.session_state[refused_key]
    st.error(message)
    st.text("Your edit was refused. What you entered (the form now shows the current version):")
    st.code(json.dumps(values, indent=1, ensure_ascii=False), language=None)


def _deleted(db, kind: str, rid: str, version: int, who: str) -> None:
    """The delete button's callback: the same run shows the row gone and offers the undo."""
    try:
        gone = db.delete(kind, rid, version, reviewer=who)
    except ReviewError as exc:
        say(f"Not saved: {exc}", "error")
        return
    st.session_state["rp_undo"] = (kind, gone.id, gone.version)


def _delete(db, rec, who: str) -> None:
    st.button(f"Delete {rec.kind}", key=f"rp_del_{rec.kind}", on_click=_deleted,
              args=(db, rec.kind, rec.id, rec.version, who))


def _reveal(rec, sid: str) -> None:
    """Reveal or hide the typed text the picked flag masks."""
    if not auth.can("reveal_text") or not masking.masking_spans([rec]):
        return
    if rec.id in review_bands.revealed(sid):
        if st.button("Hide typed text again", key="rp_hide_text"):
            review_bands.hide(sid, rec.id)
            st.rerun()
    elif st.button("Reveal typed text", key="rp_reveal_text", help="Shows what was typed in this flag's span; logged"):
        review_bands.reveal(sid, rec.id)
        replay_state.bring_player_into_view()  # where the revealed text shows
        st.rerun()


def section(db, kind: str, rows: list, sid: str, who: str, editable: bool) -> None:
    """The list of one kind (labels as lines, flags as a table), then (when allowed) a pick with edit, delete and
    (flags) reveal."""
    (row_list if kind == "label" else table)(kind, rows)
    if not rows or not (editable or (kind == "flag" and auth.can("reveal_text"))):
        return
    rec = _pick(kind, rows, sid)
    if kind == "flag":
        _reveal(rec, sid)
    if editable:
        _delete(db, rec, who)
        _edit(db, rec, sid, who)
