"""Suggested sensitive flags on the Replay page: jump to each, accept or reject it, or a whole category after a
confirmation; and find suggestions in the open session. Without the annotate role the list is read-only.

Only spans, categories, detectors, confidences, scopes and masked previews are shown, as text (never HTML).
Decisions run in button callbacks, before the page is drawn again, so the list and the player show their effect
in the same run; the (id, version) a callback carries is the one the reviewer saw. Decided rows stay where they
were (their buttons disabled) until the list is refreshed, so a second click never lands on the next row."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import streamlit as st

from viewer.review.errors import ReviewError
from viewer.sensitive import decide
from viewer.sensitive.ocr import OcrUnavailable
from viewer.team import blind
from viewer.ui import auth, replay_state, review_edit, state, tables

MESSAGE, CONFIRM, LISTED = "sg_message", "sg_confirm", "sg_listed"
MAX_ROWS = 50
VERB = {"accepted": "Accept", "rejected": "Reject"}
# A row's buttons read "Go", "Accept", "Reject"; what they act on ("email at 0:12") is in their text too, for a
# screen reader's list of buttons, but drawn off-screen (the usual visually-hidden rule), so the row keeps its
# short buttons and never moves.
ROW_NAMES_CSS = ("<style>.st-key-sg_rows button em {position: absolute; width: 1px; height: 1px; "
                 "margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; "
                 "border: 0;}</style>")


def _say(kind: str, text: str) -> None:
    st.session_state[MESSAGE] = (kind, text)


def _show_message() -> None:
    said = st.session_state.pop(MESSAGE, None)
    if said:
        {"success": st.success, "error": st.error}[said[0]](said[1])


def _decide_one(db, flag_id: str, version: int, decision: str, who: str) -> None:
    try:
        decide.decide(db, flag_id, version, decision, reviewer=who)
        review_edit.after_own_write()
        _say("success", f"Suggestion {decision}.")
    except ReviewError as exc:
        _say("error", f"Not saved: {exc}")


def _ask(session_id: str, category: str, decision: str, seen: list[tuple[str, int]]) -> None:
    st.session_state[CONFIRM] = {"session": session_id, "category": category, "decision": decision,
                                 "seen": seen}


def _confirmed(db, who: str) -> None:
    ask = st.session_state.pop(CONFIRM, None)
    if not ask:
        return
    try:
        n = decide.decide_all(db, ask["seen"], ask["decision"], reviewer=who)
        review_edit.after_own_write()
        _say("success", f"{n} {ask['category']} suggestion(s) {ask['decision']}.")
    except ReviewError as exc:
        _say("error", f"Not saved: {exc}")


def _cancel() -> None:
    st.session_state.pop(CONFIRM, None)


def _find(db, session) -> None:
    """Run the detectors on the open session; new suggestions are listed below in the same run."""
    cols = st.columns([2, 3])
    ocr = cols[1].checkbox("Also read the screenshots (OCR, slower)", key="sg_ocr")
    if not cols[0].button("Find suggestions in this session", key="sg_find"):
        return
    with st.spinner("Looking for sensitive content…"):
        try:
            result = decide.find_in_session(db, session, ocr=ocr, workers=state.current_settings().ocr_workers)
        except OcrUnavailable as exc:
            st.error(f"{exc} (install Tesseract, or run without OCR)")
            return
        except ReviewError as exc:
            st.error(f"Not saved: {exc}")
            return
    _say("success", f"{result.found} finding(s), {result.added} new suggestion(s) stored.")
    st.rerun()  # the player's bands were drawn before this run stored them


def _by_category(db, session_id: str, pending: list, who: str) -> None:
    counts = decide.by_category(pending)
    cols = st.columns([2, 1, 1])
    category = cols[0].selectbox("Decide a whole category", list(counts), key="sg_category",
                                 format_func=lambda c: f"{c} ({counts.get(c, 0)})")
    if category not in counts:
        return
    seen = decide.seen_in_category(pending, category)
    for col, decision in zip(cols[1:], VERB):
        col.button(f"{VERB[decision]} all {len(seen)}", key=f"sg_all_{decision}", on_click=_ask,
                   args=(session_id, category, decision, seen))
    ask = st.session_state.get(CONFIRM)
    if ask and ask["session"] != session_id:
        st.session_state.pop(CONFIRM)  # asked on another session: never carried over to this one
        return
    if not ask:
        return
    st.warning(f"{VERB[ask['decision']]} all {len(ask['seen'])} {ask['category']} suggestion(s)?")
    yes, no = st.columns(2)
    yes.button(f"Yes, {VERB[ask['decision']].lower()} {len(ask['seen'])}", key="sg_confirm_yes",
               on_click=_confirmed, args=(db, who), type="primary")
    no.button("Cancel", key="sg_confirm_no", on_click=_cancel)


def _listed(session_id: str, pending: list) -> list[str]:
    """The ids the list shows, in the order first shown: decided ones keep their place until "Refresh list";
    new suggestions join at the end."""
    held = st.session_state.get(LISTED)
    ids = list(held[1]) if held and held[0] == session_id else []
    ids += [s.id for s in pending if s.id not in set(ids)]
    st.session_state[LISTED] = (session_id, ids)
    return ids


def row_names(shown: list) -> dict[str, str]:
    """What each listed suggestion's buttons act on, told apart for a screen reader: its category and start
    m:ss ("email at 0:12"), then its end when two share those, then "(n of m)" when they still do. Never the
    detected value, nor any part of it (the preview included)."""
    def name(s, with_end: bool) -> str:
        return f"{s.category} at {tables.mmss(s.t_start)}" + (f"–{tables.mmss(s.t_end)}" if with_end else "")

    short = Counter(name(s, False) for s in shown)
    names = {s.id: name(s, short[name(s, False)] > 1) for s in shown}
    repeated = Counter(names.values())
    seen: Counter = Counter()
    for s in shown:
        if repeated[names[s.id]] > 1:
            seen[names[s.id]] += 1
            names[s.id] = f"{names[s.id]} ({seen[names[s.id]]} of {repeated[names[s.id]]})"
    return names


def _hidden(text: str) -> str:
    """`text` as the button label's off-screen part (markdown emphasis; punctuation escaped)."""
    return "*" + re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text) + "*"


def _row(db, s, what: str, name: str, who: str, editable: bool) -> None:
    """One suggestion: what it is and, on a line of its own, whether it is decided (so a decision never rewraps
    the row and moves the rows below); then Go, Accept and Reject, each named for it (`what`, drawn off-screen).
    The buttons take the width their words need (they wrap below each other rather than cut a word)."""
    open_ = s.status == decide.PENDING
    text, buttons = st.columns([3, 2], vertical_alignment="center")
    text.text(decide.describe(s) + "\n" + ("undecided" if open_ else f"{s.status} by {s.decided_by or '?'}"))
    with buttons.container(horizontal=True, horizontal_alignment="right", gap="small"):
        st.button(f"Go {_hidden('to ' + what)}", key=f"sg_go_{s.id}", on_click=replay_state.seek_to,
                  args=(s.t_start, name))
        if editable:
            for decision in VERB:
                st.button(f"{VERB[decision]} {_hidden(what)}", key=f"sg_{decision}_{s.id}", on_click=_decide_one,
                          args=(db, s.id, s.version, decision, who), disabled=not open_)


def _rows(db, every: list, ids: list[str], name: str, who: str, editable: bool) -> None:
    by_id = {s.id: s for s in every}
    shown = [by_id[i] for i in ids[:MAX_ROWS] if i in by_id]  # one deleted since: nothing to show or decide
    names = row_names(shown)
    st.html(ROW_NAMES_CSS)
    with st.container(key="sg_rows"):
        for s in shown:
            _row(db, s, names[s.id], name, who, editable)
    if len(ids) > MAX_ROWS:
        st.text(f"Showing the first {MAX_ROWS} of {len(ids)}; decide a whole category to see the rest.")


def _decided(done: list) -> None:
    if not done:
        return
    with st.expander(f"Decided suggestions ({len(done)})"):
        st.dataframe(tables.tidy(pd.DataFrame([{"From": tables.mmss(s.t_start), "To": tables.mmss(s.t_end),
                                                "Category": s.category, "Detector": s.detector,
                                                "Decision": s.status, "By": s.decided_by} for s in done])),
                     hide_index=True, width="stretch", height=tables.height(len(done), 300))


def panel(name: str, session) -> None:
    """name: the session as the page's URL names it (for seeking); the store is keyed by session_id."""
    st.subheader("Suggested sensitive content")
    try:
        user = auth.current_user()
        db = blind.view(auth.store(), session.session_id, getattr(user, "name", None))  # double review is blind
    except ReviewError as exc:
        st.error(f"The annotation database cannot be opened: {exc}")
        return
    who = user.name if user else "?"
    editable = user is not None and auth.can("annotate")
    _show_message()
    if editable:
        _find(db, session)
    every = decide.suggestions(db, session.session_id, session.content_hash, status=None)
    pending = [s for s in every if s.status == decide.PENDING]
    ids = _listed(session.session_id, pending)
    if not pending:
        st.text("No pending suggestions for this session.")
    else:
        st.text(f"{len(pending)} pending suggestion(s)")
        if editable:
            _by_category(db, session.session_id, pending, who)
        else:
            st.info("Read-only: your role may not decide on suggestions.")
    if len(ids) > len(pending):
        st.button("Refresh list", key="sg_refresh", on_click=st.session_state.pop, args=(LISTED, None),
                  help="Drop the decided suggestions from the list")
    if ids:
        _rows(db, every, ids, name, who, editable)
    _decided([s for s in every if s.status != decide.PENDING])
