"""On the Sessions page: "Find suggestions in every session" as a background job (viewer.jobs, the runner the Quality
page's scan uses, so every browser session sees the running job) on local worker
processes, with its progress (sessions, screenshots, rate, time left) and a Cancel button. Annotate role only.
The job is `suggest --engine local` (viewer.sensitive.batch): unchanged sessions are skipped."""

from __future__ import annotations

import streamlit as st

from viewer import jobs
from viewer.ui import auth, state


def _start(ocr: bool) -> None:
    from viewer.engine import EngineOptions
    from viewer.sensitive.batch import SuggestOptions, SuggestState
    from viewer.sensitive.batch_command import job_name, start_job
    from viewer.sensitive.config import load_config
    from viewer.sensitive.suggest import session_dirs

    conf = state.current_settings()
    dirs, _ = session_dirs([conf.data])
    options = SuggestOptions(ocr=ocr, config=load_config(conf.config), cache_dir=str(conf.cache))
    start_job(state.jobs(), dirs, options, EngineOptions("local"), conf.db_url,
              SuggestState.for_job(conf.cache, conf.data, conf.db_url), name=job_name(conf.data))


def _job():
    from viewer.sensitive.batch_command import job_name

    return state.jobs().get(job_name(state.current_settings().data))


def _status(job) -> None:
    from viewer.sensitive.batch_command import describe

    if job.detail is not None:
        st.caption(describe(job.detail))
    if job.state == jobs.RUNNING:
        st.button("Cancel", key="ds_cancel", on_click=job.cancel)
    elif job.state == jobs.DONE:
        p = job.result.progress
        st.success(f"Done: {p.sessions_total} session(s) ({p.skipped} unchanged), {p.findings} finding(s), "
                   f"{p.added} new suggestion(s) stored.")
    elif job.state == jobs.CANCELLED:
        st.warning("Cancelled: the sessions finished before are stored; run it again to go on.")
    else:
        st.error(f"Stopped: {job.error}" if str(job.error) else f"Stopped ({type(job.error).__name__}).")


@st.fragment(run_every=2)
def _progress() -> None:
    job = _job()
    if job is not None:
        _status(job)


def render() -> None:
    if not auth.can("annotate"):
        return
    with st.expander("Find suggestions in every session"):
        job = _job()
        running = job is not None and job.state == jobs.RUNNING
        ocr = st.checkbox("Also read the screenshots (OCR, slower)", key="ds_ocr")
        st.button("Find suggestions in every session", key="ds_find", on_click=_start, args=(ocr,),
                  disabled=running)
        _progress()
