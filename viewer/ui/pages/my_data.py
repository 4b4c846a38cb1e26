"""The My data page, for a recorded person (role subject): the sessions held about them (open one in the
Replay page, typed text masked), their access report (who looked, who received it, their consent, erasures)
with the report to download, withdrawing a consent, and asking for erasure (an admin carries it out)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from viewer.consent import erasures, records, report
from viewer.review.errors import ReviewError
from viewer.team import access
from viewer.ui import auth, session_pick, state

FLASH = "my_data_done"  # what the last button did, shown once after its rerun


def _sessions(built: report.AccessReport) -> None:
    st.subheader("Your recorded sessions")
    if not built.sessions:
        st.info("We hold no recorded session of yours.")
        return
    rows = [{"session": s.session_id, "recorded at": s.started_at[:16].replace("T", " "), "hours": s.hours,
             "programs": ", ".join(s.apps) or "none recorded", "review": s.review_status.replace("_", " ")}
            for s in built.sessions]
    _table(rows)
    for s in built.sessions:
        st.page_link(session_pick.replay_page(), label=f"Replay {s.session_id}", query_params={"session": s.session_id})


def _table(rows: list[dict]) -> None:
    """A small static table (a person's own rows: a few, read more than sorted)."""
    st.table(pd.DataFrame(rows).style.hide(axis="index"))


def _views(built: report.AccessReport) -> None:
    st.subheader("Who looked at your sessions")
    what = {"view_session": "opened the session", "reveal_text": "revealed hidden typed text", "export": "exported"}
    if built.views:
        _table([{"when": v["when"].replace("T", " "), "who": v["who"], "what": what.get(v["action"], v["action"]),
                 "session": v["session_id"]} for v in built.views])
    else:
        st.caption("Nobody has opened your sessions.")
    st.subheader("Who received your data")
    if built.exports:
        _table([{"when": e["when"].replace("T", " "), "purpose": e["purpose"], "sent to": e["recipient"] or "not named",
                 "sessions": e["sessions"]} for e in built.exports])
    else:
        st.caption("None of your sessions has left this system.")


def _consent(store, user, built: report.AccessReport) -> None:
    st.subheader("Your consent")
    if not built.consent:
        st.caption("No consent has been recorded for you.")
        return
    _table([{"when": c["when"].replace("T", " "), "purpose": c["purpose"],
             "change": "given" if c["action"] == "grant" else "withdrawn",
             "programs": ", ".join(c.get("apps") or []) or ("all" if c["action"] == "grant" else ""),
             "until": c.get("valid_until") or ""} for c in built.consent])
    last = {r.purpose: r.action for r in records.history(store, user.person)}  # oldest first: the last wins
    for purpose in sorted(p for p, action in last.items() if action == "grant"):
        if st.button(f"Withdraw my consent for {purpose}", key=f"my_withdraw_{purpose}"):
            records.withdraw(store, user.name, user.person, purpose, "withdrawn by the person on the My data page")
            auth.log_access("consent", detail=f"withdrawal for purpose {purpose} by the person")
            st.session_state[FLASH] = f"Your consent for {purpose} is withdrawn: your sessions leave every later export."
            st.rerun()


def _erasure(store, user) -> None:
    st.subheader("Erasure")
    mine = erasures.for_subject(store, user.person)
    waiting = [e for e in mine if e.done_at is None]
    if waiting:
        st.info(f"You asked for erasure on {waiting[0].requested_at:%Y-%m-%d %H:%M}; an administrator carries it out.")
    elif st.button("Ask for my sessions to be erased", key="my_erase"):
        erasures.request(store, user.person, user.name)
        st.session_state[FLASH] = "Your request for erasure is recorded; an administrator carries it out."
        st.rerun()
    for e in mine:
        if e.done_at is not None:
            st.caption(f"Erased on {e.done_at:%Y-%m-%d}: {e.sessions} session(s).")


def render() -> None:
    user = auth.current_user()
    if user is None or not user.is_subject:
        st.error("Not allowed: this page is for a recorded person's own data (role subject).")
        return
    st.title("My data")
    if FLASH in st.session_state:
        st.success(st.session_state.pop(FLASH))
    s = state.current_settings()
    try:
        store = auth.store()
        built = report.build(store, s.data, user.person, s.cache,
                             views_of=lambda ids: access.views(store, ids, report.VIEW_ACTIONS))
    except (ReviewError, OSError) as exc:
        st.error(f"Your data cannot be listed right now: {exc}")
        return
    st.caption(f"What this system holds about you, {built.hours} hour(s) of recordings in all, and everyone who "
               "looked at it or received it. It never shows what was recorded to anyone but reviewers.")
    _sessions(built)
    _views(built)
    _consent(store, user, built)
    _erasure(store, user)
    st.download_button("Download this report (HTML)", report.to_html(built).encode(), file_name="my-data.html",
                       mime="text/html", key="my_report")
