"""The Queue page: "Next session to review" hands the reviewer a session under a lease and opens it on the
Replay page; shows the lease held and its expiry, and gives it back on request; shows how many suggestions
nobody decided yet, for the held session and per session of the dataset. Sessions that fail to load are never
offered; admins see them listed apart, each with its first problem."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from viewer.review.errors import ReviewError
from viewer.review.models import now
from viewer.sensitive.pending import describe_counts, pending_counts
from viewer.team import queue, workflow_settings
from viewer.trace.problems import errors
from viewer.ui import auth, replay_data, session_pick, state, workflow


def _held(db, held: queue.Held, counts: dict[str, dict[str, int]]) -> None:
    left = (held.expires_at - now()).total_seconds() / 60
    kind = "blind second review" if held.round == 2 else "review"
    st.text(f"Your session: {held.session_id} ({kind}), held until "
            f"{held.expires_at:%H:%M:%S} UTC ({left:.0f} min left; renewed while you work on it)")
    mine = counts.get(held.session_id, {})
    st.text(f"Undecided suggestions: {sum(mine.values())}" + (f" ({describe_counts(mine)})" if mine else ""))
    if held.round == 2:
        st.caption("The first reviewer's labels, flags, comments and status stay hidden until you save your "
                   "verdict as the review status.")
    cols = st.columns(2)
    if cols[0].button("Open in Replay", key="queue_open"):
        session_pick.open_replay(held.session_id)
    if cols[1].button("Release", key="queue_release"):
        queue.release(db, held.reviewer)
        st.rerun()


def render() -> None:
    st.title("Review queue")
    opened = workflow.open_workflow("The review queue")
    if opened is None:
        return
    conf, db = opened
    user = auth.current_user()
    if user is None or not auth.can("annotate"):
        st.info("The queue hands sessions to people who annotate (reviewers and admins).")
        return
    try:
        _queue(db, conf, user.name)
    except ReviewError as exc:
        st.error(str(exc))


def _pending_table(counts: dict[str, dict[str, int]]) -> None:
    if not counts:
        st.caption("No session has undecided suggestions.")
        return
    st.caption("Undecided suggestions per session (an export refuses these sessions until they are decided)")
    st.dataframe(pd.DataFrame([{"session": sid, "undecided": sum(c.values()), "by category": describe_counts(c)}
                               for sid, c in sorted(counts.items())]),
                 hide_index=True, width="stretch", key="queue_pending")


def _queue(db, conf: workflow_settings.QueueSettings, who: str) -> None:
    held = queue.current(db, who)
    counts = pending_counts(db)
    if held is None:
        st.text("You hold no session.")
    else:
        _held(db, held, counts)
    st.caption(f"Leases last {conf.lease_minutes:g} min; {conf.double_share:.0%} of sessions get a blind "
               "second review. A final status (approved, rejected, needs changes) releases yours.")
    cat = state.dataset_catalog()
    if st.button("Next session to review", type="primary", key="queue_next"):
        dirs, problems = replay_data.session_dirs()
        for problem in problems:
            st.error(str(problem))
        sessions = queue.offerable(list(dirs), cat.failures)
        got = queue.next_session(db, who, sessions, conf.lease_minutes, double_share=conf.double_share)
        if got is None:
            st.info("Nothing left to review: every session is reviewed or held by someone else.")
        else:
            session_pick.open_replay(got.session_id)
    _pending_table(counts)
    if cat.failures and auth.can("manage_users"):
        _unreadable(cat.failures)


def _first(problems: list) -> str:
    worst = errors(problems) or problems
    return state.short_problem(worst[0]) if worst else "unknown"


def _unreadable(failures: dict) -> None:
    """For admins: the sessions the queue skips because they do not load, and why (the first problem)."""
    st.subheader(f"Not offered: {len(failures)} session(s) that cannot be loaded")
    st.dataframe(pd.DataFrame([{"Session": name, "Problems": len(problems),
                                "First problem": _first(problems)}
                               for name, problems in failures.items()]),
                 hide_index=True, width="stretch", key="queue_unreadable")
