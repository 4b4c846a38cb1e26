"""The Quality page: what is broken across a dataset, at a glance, and a way into each problem's replay.

Reads the last report of the dataset (written by `python -m viewer qa`, kept under VIEWER_CACHE) or
the report file VIEWER_QA_REPORT names; the read is cached, so it opens fast on 10,000 sessions.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from viewer import jobs
from viewer.quality import scan_job
from viewer.quality.config import from_env
from viewer.quality.metrics import CODES
from viewer.quality.ranking import rank
from viewer.quality.report import cached_report_path, read_report
from viewer.ui import auth, state, tables

REPORT_ENV = "VIEWER_QA_REPORT"
TABLE_KEY = "quality_table"


def replay_url(session_id: str, t: float | None) -> str:
    """The Replay page (url_path "replay") at time t; it reads the query params `session` and `t`."""
    params = {"session": session_id}
    if t is not None and not (isinstance(t, float) and math.isnan(t)):
        params["t"] = f"{float(t):.3f}"
    return "./replay?" + urlencode(params)


def report_path() -> Path:
    s = state.current_settings()
    return s.qa_report or cached_report_path(s.data, s.cache)


@st.cache_data(show_spinner="Reading the quality report…", max_entries=4)
def load(path: str, stamp: tuple) -> pd.DataFrame:
    """The report with the columns the page shows (cached by the file's size and mtime)."""
    frame = rank(read_report(path))
    frame["replay"] = [replay_url(s, t) for s, t in zip(frame["session_id"], frame["first_problem_t"], strict=True)]
    if "duration_s" in frame:
        frame["minutes"] = (frame["duration_s"] / 60).round(2)
        frame["length"] = frame["duration_s"].map(tables.mmss)
    frame["at"] = frame["first_problem_t"].map(tables.mmss)
    return frame


def _headline(frame: pd.DataFrame) -> None:
    cols = st.columns(5)
    cols[0].metric("Sessions", f"{len(frame):,}")
    cols[1].metric("With problems", f"{int((frame['problem_count'] > 0).sum()):,}")
    cols[2].metric("Unreadable", f"{int(frame['status'].str.startswith('⛔').sum()):,}")
    cols[3].metric("Outliers", f"{int((frame['outlier'] != '').sum()):,}")
    hours = frame["duration_s"].sum() / 3600 if "duration_s" in frame else 0.0
    cols[4].metric("Hours recorded", f"{hours:,.1f}")


def _charts(frame: pd.DataFrame) -> None:
    import plotly.express as px

    def hist(column, title, container):
        if column in frame and frame[column].notna().any():
            fig = px.histogram(frame, x=column, nbins=40, title=title, height=260)
            fig.update_layout(margin=dict(l=10, r=10, t=40, b=10), showlegend=False, yaxis_title="sessions")
            container.plotly_chart(fig, width="stretch")

    top = st.columns(2)
    hist("minutes", "Duration (minutes)", top[0])
    hist("events_per_s", "Events per second", top[1])
    bottom = st.columns(2)
    hist("idle_fraction", "Idle fraction", bottom[0])
    codes = frame["problems"].explode().dropna()
    if len(codes):
        counts = codes.value_counts().rename_axis("problem").reset_index(name="sessions")
        fig = px.bar(counts, x="problem", y="sessions", title="Sessions by problem", height=260)
        fig.update_layout(margin=dict(l=10, r=10, t=40, b=10))
        bottom[1].plotly_chart(fig, width="stretch")
    else:
        bottom[1].success("No session has a problem.")


def _filters(frame: pd.DataFrame) -> pd.DataFrame:
    cols = st.columns([2, 2, 1])
    all_codes = sorted(set(frame["problems"].explode().dropna()))
    chosen = cols[0].multiselect("Problems", all_codes, placeholder="any problem")
    text = cols[1].text_input("Session contains", "")
    only = cols[2].selectbox("Show", ["all", "with problems", "outliers", "clean"])
    mask = pd.Series(True, index=frame.index)
    if chosen:
        mask &= frame["problems"].map(lambda ps: any(c in ps for c in chosen))
    if text:
        mask &= frame["session_id"].str.contains(text, case=False, regex=False)
    if only == "with problems":
        mask &= frame["problem_count"] > 0
    elif only == "outliers":
        mask &= frame["outlier"] != ""
    elif only == "clean":
        mask &= (frame["problem_count"] == 0) & (frame["outlier"] == "")
    return frame[mask].reset_index(drop=True)


TABLE_COLUMNS = ["status", "session_id", "codes", "at", "replay", "outlier", "length", "events",
                 "events_per_s", "idle_fraction", "longest_gap_s", "screenshot_gap_s", "review_status",
                 "label_coverage", "flags"]


def _table(frame: pd.DataFrame):
    shown = [c for c in TABLE_COLUMNS if c in frame]
    config = {
        "status": st.column_config.TextColumn("State", width="medium"),
        "session_id": st.column_config.TextColumn("Session"),
        "codes": st.column_config.TextColumn("Problems"),
        "at": st.column_config.TextColumn("First problem at"),
        "length": st.column_config.TextColumn("Length"),
        "events": st.column_config.NumberColumn("Events"),
        "review_status": st.column_config.TextColumn("Review status"),
        "flags": st.column_config.NumberColumn("Flags"),
        "replay": st.column_config.LinkColumn("Replay", display_text="open ▸"),
        "outlier": st.column_config.TextColumn("Outlier in"),
        "idle_fraction": st.column_config.ProgressColumn("Idle", min_value=0.0, max_value=1.0, format="percent"),
        "events_per_s": st.column_config.NumberColumn("Events/s", format="%.2f"),
        "longest_gap_s": st.column_config.NumberColumn("Longest gap (s)", format="%.1f"),
        "screenshot_gap_s": st.column_config.NumberColumn("Screenshot gap (s)", format="%.1f"),
        "label_coverage": st.column_config.ProgressColumn("Labelled", min_value=0.0, max_value=1.0,
                                                          format="percent"),
    }
    text = [c for c in shown if frame[c].dtype == object]
    table = frame[shown].assign(**{c: frame[c].map(tables.as_text) for c in text})  # no "None" cells
    return st.dataframe(table, hide_index=True, width="stretch", height=tables.height(len(table)),
                        column_config=config, on_select="rerun", selection_mode="single-row", key=TABLE_KEY)


def _details(row: pd.Series, chosen: bool) -> None:
    sid = row["session_id"]
    st.subheader(f"{'Selected' if chosen else 'Worst'}: {sid}")
    if not chosen:
        st.caption("Select a row of the table to see another session.")
    try:
        times = json.loads(row.get("problem_t") or "{}")
    except ValueError:
        times = {}
    if not times:
        st.write("No problems." + (f" Outlier in {row['outlier']}." if row.get("outlier") else ""))
        st.link_button("Open replay", replay_url(sid, None))
        return
    order = list(row["problems"]) if row.get("problems") is not None else []
    rank = {code: i for i, code in enumerate(order)}
    for code, t in sorted(times.items(), key=lambda item: (item[1], rank.get(item[0], len(rank)))):
        left, right = st.columns([4, 1])
        left.markdown(f"**{code}** at {t:.1f} s — {CODES.get(code, 'see the validator codes')}")
        right.link_button(f"Replay at {t:.1f} s", replay_url(sid, t), key=f"go-{code}")


def _no_report(path: Path) -> None:
    s = state.current_settings()
    st.info(f"No quality report for {s.data} yet. Run `python -m viewer qa {s.data} --out report.parquet` "
            f"(or set {REPORT_ENV} to a report file), or scan here.")
    if not auth.can("qa"):
        st.caption("Scanning needs the researcher or admin role.")
        return
    name = scan_job.job_name(s.data)
    job = state.jobs().get(name)
    if (job is None or job.finished) and st.button("Scan now"):
        job = state.jobs().start(name, scan_job.scan_to_report, s.data, from_env(s.env), s.cache, path)
    if job is not None:
        _scan_progress(job)


@st.fragment(run_every=1.0)
def _scan_progress(job: jobs.Job) -> None:
    """The running scan's progress, refreshed every second without rerunning the page; the page reloads once
    the report is written."""
    if job.state == jobs.RUNNING:
        total = f" of {job.total}" if job.total else ""
        st.progress(job.fraction, text=f"Scanning… {job.done}{total} session(s)")
        if st.button("Cancel scan"):
            job.cancel()
        return
    if job.state == jobs.FAILED:
        st.error(f"The scan failed ({type(job.error).__name__}).")
    elif job.state == jobs.CANCELLED:
        st.warning("The scan was cancelled; no report was written.")
    elif job.result is not None:
        for problem in job.result.problems:
            st.error(str(problem))
        if len(job.result.report) and report_path().is_file():
            st.rerun()


def render() -> None:
    st.title("Quality")
    auth.require("view")
    path = report_path()
    try:
        stat = path.stat()
    except OSError:
        _no_report(path)
        return
    try:
        frame = load(str(path), (stat.st_size, stat.st_mtime_ns))
    except Exception as exc:  # noqa: BLE001 - a bad report file is a message, never a traceback
        st.error(f"{path}: cannot read the quality report ({type(exc).__name__})")
        return
    st.caption(f"Report: {path}")
    _headline(frame)
    _charts(frame)
    shown = _filters(frame)
    event = _table(shown)
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if rows and rows[0] < len(shown):
        _details(shown.iloc[rows[0]], True)
    elif len(shown):
        _details(shown.iloc[0], False)
