"""On the Sessions page: "Find suggestions in every session" as a background job (viewer.jobs) on local worker
processes, with its progress (sessions, screenshots, rate, time left) and a Cancel button. Annotate role only.
The job is `suggest --engine local` (viewer.sensitive.batch): unchanged sessions are skipped."""

from __future__ import annotations

import streamlit as st

from viewer import jobs
from viewer.ui import auth, state

JOB = "dataset_suggest_job"


def _start(ocr: bool) -> None:
    from viewer.engine import EngineOptions
    from viewer.sensitive.batch import SuggestOptions, SuggestState
    from viewer.sensitive.batch_command import start_job
    from viewer.sensitive.config import load_config
    from viewer.sensitive.suggest import session_dirs

    conf = state.current_settings()
    dirs, _ = session_dirs([conf.data])
    options = SuggestOptions(ocr=ocr, config=load_config(conf.config), cache_dir=str(conf.cache))
    st.session_state[JOB] = start_job(dirs, options, EngineOptions("local"), conf.db_url,
                                      SuggestState.for_job(conf.cache, conf.data, conf.db_url))


def _status(job) -> None:
    from viewer.sensitive.batch_command import describe

    if job.progress is not None:
        st.caption(describe(job.progress))
    if job.state == jobs.RUNNING:
        st.button("Cancel", key="ds_cancel", on_click=jobs.cancel, args=(job.id,))
    elif job.state == jobs.DONE:
        p = job.result.progress
        st.success(f"Done: {p.sessions_total} session(s) ({p.skipped} unchanged), {p.findings} finding(s), "
                   f"{p.added} new suggestion(s) stored.")
    elif job.state == jobs.CANCELLED:
        st.warning("Cancelled: the sessions finished before are stored; run it again to go on.")
    else:
        st.error(f"Stopped: {job.error}")


@st.fragment(run_every=2)
def _progress() -> None:
    job = jobs.progress(st.session_state.get(JOB, ""))
    if job is not None:
        _status(job)


def render() -> None:
    if not auth.can("annotate"):
        return
    with st.expander("Find suggestions in every session"):
        job = jobs.progress(st.session_state.get(JOB, ""))
        running = job is not None and job.state == jobs.RUNNING
        ocr = st.checkbox("Also read the screenshots (OCR, slower)", key="ds_ocr")
        st.button("Find suggestions in every session", key="ds_find", on_click=_start, args=(ocr,),
                  disabled=running)
        _progress()
