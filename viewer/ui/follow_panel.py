"""Other places of flagged values on the Replay page: each flag's "+N places" and the list of them, where a
reviewer rejects (or accepts again) one place at a time; the places themselves are flags (source "follow"),
so they show on the player as bands and outlined regions like any flag.

Following runs as a background job on the app's one job runner (viewer.jobs, as the Quality scan and the
dataset's suggestions), one per session and trace version (reading screenshots without OCR text yet is the
slow part), with its progress shown here; the page reloads the flags when it is done. Values are never shown:
a place is its time span, kind and status."""

from __future__ import annotations

import streamlit as st

from viewer.jobs import Job
from viewer.review.errors import ReviewError
from viewer.sensitive import derived
from viewer.sensitive.ocr import OcrUnavailable
from viewer.team import blind
from viewer.ui import auth, state

PLACE_NAMES = {"screen": "screenshots", "video": "video frames", "title": "window title", "text": "text event",
               "marker": "marker", "task": "task instruction"}


def _follow(job: Job, store, session, name: str, cache) -> derived.SyncResult:
    def progress(done: int, total: int, what: str) -> None:
        job.report(what)
        job.progress(done, total)

    return derived.sync_session(store, session, cache, progress=progress, session_id=name)


def job_name(store, name: str, content_hash: str) -> str:
    return f"follow:{store.engine.url.render_as_string(hide_password=True)}:{name}:{content_hash}"


def job_for(store, session, name: str, start: bool = False) -> Job | None:
    """The session's running or last follow. A new one starts when some flag changed since and either the
    session was followed before (its screens' OCR text is cached: a quick run) or `start` (the reviewer
    asked: the first run reads every screen)."""
    jobs, key = state.jobs(), job_name(store, name, session.content_hash)
    job = jobs.get(key)
    if job is not None and not job.finished:
        return job
    if not derived.pending(store, name, session.content_hash):
        return job
    if not start and not derived.followed_versions(store, name):
        return job
    return jobs.start(key, _follow, store, session, name, state.current_settings().cache)


def failure(job: Job) -> str | None:
    """Why a finished follow failed, for the page (never a traceback)."""
    if job.error is None:
        return None
    if isinstance(job.error, OcrUnavailable):
        return f"screens cannot be read: {job.error}"
    return str(job.error) if isinstance(job.error, ReviewError) else f"it stopped ({type(job.error).__name__})"


@st.fragment(run_every=1.0)
def _progress(job: Job) -> None:
    if job.finished:
        st.rerun(scope="app")  # the player and lists take the new places
    st.progress(job.fraction, text=f"Finding other places of flagged values: {job.done} of {job.total or '?'} "
                                   f"{job.detail or 'screens'} read")


def _set(store, rec, status: str, who: str) -> None:
    try:
        store.update("flag", rec.id, rec.version, reviewer=who, status=status)
    except ReviewError as exc:
        st.session_state["fp_message"] = str(exc)


def _place_row(store, rec, who: str, editable: bool, source_status: str) -> None:
    d = rec.data
    cols = st.columns([4, 1])
    cols[0].text(f"{PLACE_NAMES.get(d.get('place'), d.get('place'))} · {float(d['t_start']):.1f}–"
                 f"{float(d['t_end']):.1f} s · {d.get('status')}")
    if not editable:
        return
    if d.get("status") == "rejected":
        cols[1].button("Restore", key=f"fp_on_{rec.id}", on_click=_set, args=(store, rec, source_status, who))
    else:
        cols[1].button("Reject", key=f"fp_off_{rec.id}", on_click=_set, args=(store, rec, "rejected", who),
                       help="this place is not the flagged value: it stays as it is in the export")


def panel(name: str, session) -> None:
    """The follow status and, per flag whose value shows elsewhere, "+N places" and the list of them."""
    try:
        store = auth.store()
    except ReviewError as exc:
        st.caption(f"Other places of flagged values cannot be shown: {exc}")
        return
    user = auth.current_user()
    who = user.name if user else "?"
    editable = user is not None and auth.can("annotate")
    try:
        job = job_for(store, session, name, start=st.session_state.pop("fp_start", False))
        flags = blind.view(store, name, getattr(user, "name", None)).flags(name, content_hash=session.content_hash)
    except ReviewError as exc:
        st.error(f"Other places of flagged values cannot be read: {exc}")
        return
    st.caption("Other places of flagged values")
    message = st.session_state.pop("fp_message", None)
    if message:
        st.error(f"Not saved: {message}")
    if job is not None and not job.finished:
        _progress(job)
    elif job is not None and failure(job):
        st.warning(f"Other places could not be searched: {failure(job)}")
    waiting = derived.pending(store, name, session.content_hash)
    if waiting and (job is None or job.finished):
        st.button("Find other places of flagged values", key="fp_find", type="primary",
                  on_click=lambda: st.session_state.__setitem__("fp_start", True),
                  help="reads every screen of this session once (in the background), then follows each flag's "
                       "value to the screens, titles and texts that show it again")
    sources = [f for f in flags if not derived.is_derived(f) and f.data.get("status") in derived.FOLLOWED]
    shown = 0
    for src in sources:
        places = derived.places_of(flags, src.id)
        if not places:
            continue
        shown += 1
        d = src.data
        head = f"{d.get('category')} {float(d['t_start']):.1f}–{float(d['t_end']):.1f} s · +{len(places)} places"
        with st.expander(head, key=f"fp_src_{src.id}"):
            for rec in places:
                _place_row(store, rec, who, editable, d.get("status") or "accepted")
    if not shown and not waiting and sources:
        st.text("No flagged value shows anywhere else.")
