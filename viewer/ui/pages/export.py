"""The Export page: a researcher chooses sessions (approved by default; by task label; by quality), says how
undecided suggestions of those sessions are treated (the export stays blocked until they are decided or a
choice is made), chooses the format (trace, or hf with the command line's split options), and starts a
redacted export into a new directory under VIEWER_EXPORT_DIR. The export is the command line's
(viewer.export.run: flagged values followed first) run as the app's background job, so every browser session
sees the one running, its progress and a Cancel button; when done: manifest.json to download, what was
redacted (counts and spans, never content) and, for hf, the counts per split and the dataset card."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from viewer import jobs
from viewer.export import KEY_ENV, ExportError
from viewer.export import pending as undecided
from viewer.export.hf import SplitError, hf_options
from viewer.export.hf.card import read_card
from viewer.export.hf.splits import DEFAULT
from viewer.export.job import ExportResult, export_job, job_name
from viewer.export.run import ExportProgress, ExportRequest, consent_note, undecided_note
from viewer.export.selection import Criteria, candidates, export_root, new_export_dir, redaction_summary, select
from viewer.quality.report import read_report
from viewer.review.errors import ReviewError
from viewer.review.fields import REVIEW_STATUSES
from viewer.sensitive.config import ConfigError, load_config
from viewer.sensitive.pending import describe_counts, pending_counts
from viewer.ui import auth, state, tables
from viewer.ui.pages.quality import report_path

FORMATS = {"trace": "trace (redacted session directories)",
           "hf": "hf (Hugging Face datasets: Parquet shards and a dataset card)"}
DEFAULT_SPLIT = ",".join(f"{name}={ratio:g}" for name, ratio in DEFAULT.items())
TABLE_COLUMNS = ["session_id", "status", "undecided", "instructions", "outcomes", "tags", "problems"]
TABLE_LABELS = {"session_id": "Session", "status": "Review status", "undecided": "Undecided suggestions",
                "instructions": "Task instructions", "outcomes": "Outcomes", "tags": "Tags",
                "problems": "Quality problems"}
PENDING_OPTIONS = {"Redact them as if accepted": undecided.APPLY,
                   "Export without them (recorded in the manifest and the access log)": undecided.IGNORE}


@st.cache_data(show_spinner=False, max_entries=2)
def _read_report(path: str, stamp: tuple) -> pd.DataFrame:
    return read_report(path)


def _report() -> pd.DataFrame | None:
    path = report_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read_report(str(path), (stat.st_size, stat.st_mtime_ns))


def _statuses() -> tuple[str, ...]:
    others = [s for s in REVIEW_STATUSES if s != "approved"]
    if not st.checkbox("Also export sessions that are not approved", key="export_unapproved"):
        return ("approved",)
    extra = st.multiselect("Not-approved statuses to include", others, key="export_extra_statuses")
    if extra:
        st.warning(f"Sessions with status {', '.join(extra)} were not approved by a reviewer: their flags may be "
                   "incomplete.")
    return ("approved", *extra)


def _label_filters(frame: pd.DataFrame) -> dict:
    cols = st.columns(3)
    outcomes = sorted({o for found in frame["outcomes"] for o in found})
    tags = sorted({t for ts in frame["tags"] for t in ts})
    return {"instruction": cols[0].text_input("Task instruction contains", key="export_instruction").strip(),
            "outcomes": frozenset(cols[1].multiselect("Outcome", outcomes, key="export_outcomes")),
            "tags": frozenset(cols[2].multiselect("Tags (any)", tags, key="export_tags"))}


def _quality_filters(report: pd.DataFrame | None) -> dict:
    if report is None:
        st.info("No quality report for this dataset yet (run `python -m viewer qa` or open the Quality page): "
                "quality filters are off.")
        return {}
    cols = st.columns(3)
    codes = sorted({c for ps in report["problems"] for c in ps})
    return {"exclude_errors": cols[0].checkbox("Leave out sessions with error-level problems", value=True,
                                               key="export_no_errors"),
            "exclude_codes": frozenset(cols[1].multiselect("Leave out sessions with", codes, key="export_codes")),
            "max_problems": cols[2].number_input("At most this many problems", min_value=0, value=None, step=1,
                                                 key="export_max_problems")}


def _criteria(frame: pd.DataFrame, report: pd.DataFrame | None) -> Criteria:
    st.subheader("Sessions")
    statuses = _statuses()
    labels = _label_filters(frame)
    quality = _quality_filters(report)
    if quality.get("max_problems") is not None:
        quality["max_problems"] = int(quality["max_problems"])
    return Criteria(statuses=statuses, **labels, **quality)


def _pending_choice(counts: dict[str, dict[str, int]]) -> str | None:
    """How the export treats undecided suggestions: "refuse" when there are none (nothing to treat), the
    researcher's choice when there are, None until they choose (the export stays blocked)."""
    if not counts:
        return undecided.REFUSE
    total = sum(sum(c.values()) for c in counts.values())
    st.warning(f"{len(counts)} chosen session(s) have {total} suggestion(s) nobody decided. Accept or reject "
               "them on the Replay page, or choose how this export treats them.")
    st.dataframe(pd.DataFrame([{"session_id": sid, "undecided": sum(c.values()), "by category": describe_counts(c)}
                               for sid, c in sorted(counts.items())]),
                 hide_index=True, width="stretch", key="export_pending_table")
    picked = st.radio("Undecided suggestions", list(PENDING_OPTIONS), index=None, key="export_pending")
    return PENDING_OPTIONS.get(picked)


def _format_choice() -> tuple[object | None, bool]:
    """The format: (None for trace, or the hf options as `export --format hf` builds them; whether the choice is
    valid). A bad option is shown as the command line says it, and the export cannot start."""
    fmt = st.radio("Format", list(FORMATS), format_func=FORMATS.get, horizontal=True, key="export_format")
    if fmt != "hf":
        return None, True
    cols = st.columns([3, 1, 2, 1])
    split = cols[0].text_input("Splits (--split)", value=DEFAULT_SPLIT, key="export_split",
                               help="NAME=RATIO,...; all of one person's sessions land in one split")
    seed = cols[1].number_input("Seed (--seed)", min_value=0, value=0, step=1, key="export_seed")
    unknown = cols[2].text_input("Unknown person's split (--unknown-split)",
                                 key="export_unknown_split", help="empty: such sessions are refused")
    shard = cols[3].number_input("Shard size, MB", min_value=1, max_value=100_000, value=256, step=1,
                                 key="export_shard_mb")
    try:
        return hf_options(split, int(seed), unknown.strip() or None, int(shard)), True
    except SplitError as exc:
        st.error(f"{exc}")
        return None, False


def _start(s, key: bytes, criteria: Criteria, chosen: pd.DataFrame, pending: str, recipient: str, hf) -> None:
    """Starts the export as the app's background job (the running one, when another browser started it)."""
    try:
        config = load_config(s.config)
    except ConfigError as exc:
        st.error(f"The configuration cannot be used (VIEWER_CONFIG): {exc}")
        return
    user = auth.current_user()
    request = ExportRequest(s.data, new_export_dir(export_root(s.data, s.env)), criteria.statuses,
                            only=frozenset(chosen["session_id"]), pending=pending, config=config,
                            purpose=s.purpose, recipient=recipient, who=user.name if user else "?", cache=s.cache,
                            hf=hf)
    state.jobs().start(job_name(s.data), export_job, request, s.db_url, key)


@st.fragment(run_every=1.0)
def _progress(job: jobs.Job) -> None:
    """The running export's progress, refreshed every second without rerunning the page; once it has finished
    the whole page runs again and shows the outcome."""
    if job.finished:
        st.rerun()
    now = job.detail or ExportProgress()
    fraction = now.sessions_done / now.sessions_total if now.sessions_total else 0.0
    st.progress(min(fraction, 1.0), text=f"Exporting… {now.line()}")
    st.button("Cancel export", key="export_cancel", on_click=job.cancel)


def _outcome(job: jobs.Job) -> None:
    if job.state == jobs.CANCELLED:
        st.warning("The export was cancelled: nothing was written (an export appears only once it is complete).")
    elif job.state == jobs.FAILED:
        exc = job.error
        if isinstance(exc, (ExportError, ReviewError)):
            st.error(f"The export failed: {exc}")
        elif isinstance(exc, OSError):
            st.error(f"The export could not be written: {exc.strerror or type(exc).__name__}")
        else:
            st.error(f"The export failed ({type(exc).__name__}).")
    elif job.result is not None:
        _result(job.result)


def _result(done: ExportResult) -> None:
    out, body = done.out, done.manifest
    st.success(f"Exported {len(body['sessions'])} session(s) to {out}")
    if body.get("undecided_suggestions", {}).get("count"):
        st.info(f"Undecided suggestions: {undecided_note(body)}.")
    if "consent" in body:
        st.info(consent_note(body["consent"]).removeprefix("note: ").capitalize() + ".")
    try:
        manifest = (out / "manifest.json").read_bytes()
    except OSError:
        st.warning(f"{out / 'manifest.json'}: cannot be read any more (moved or deleted?)")
        return
    st.download_button("Download manifest.json", manifest, file_name="manifest.json",
                       mime="application/json", key="export_manifest")
    if done.format == "hf":
        _card(out, body)
    summary = redaction_summary(body)
    st.subheader("What was redacted")
    cols = st.columns(4)
    cols[0].metric("Flags applied", int(summary["flags"].sum()))
    cols[1].metric("Events removed", int(summary["events_removed"].sum()))
    cols[2].metric("Screenshots redacted", int(summary["screenshots_redacted"].sum()))
    cols[3].metric("Video frames redacted", int(summary["video_frames_redacted"].sum()))
    st.dataframe(summary, hide_index=True, width="stretch", key="export_summary")
    st.subheader("Left out (nobody reviewed it)")
    st.dataframe(_left_out(body), hide_index=True, width="stretch", key="export_left_out")


def _card(out: Path, body: dict) -> None:
    """The hf export's counts per split and its dataset card (markdown; the YAML header shown as code)."""
    st.subheader("Counts per split")
    counts = pd.DataFrame(body.get("splits") or {}).rename_axis("split").reset_index()
    st.dataframe(counts, hide_index=True, width="stretch", key="export_splits")
    try:
        header, text = read_card(out)
    except OSError:
        st.warning(f"{out / 'README.md'}: the dataset card cannot be read")
        return
    st.subheader("Dataset card (README.md)")
    with st.expander("YAML header: configs, splits and features as `datasets` reads them"):
        st.code(header, language="yaml")
    with st.container(border=True):
        st.markdown(text)


def _left_out(body: dict) -> pd.DataFrame:
    """Per session: what the export stripped (counts and field names, never values) and masked in labels."""
    rows = []
    for sid, info in sorted((body.get("sessions") or {}).items()):
        gone = info.get("stripped") or {}
        rows.append({"session_id": sid, "image_metadata": gone.get("image_metadata", 0),
                     "video": ", ".join(gone.get("video") or []), "files": gone.get("files", 0),
                     "manifest_entries": gone.get("manifest_entries", 0), "event_fields": gone.get("event_fields", 0),
                     "events": gone.get("events", 0), "names": ", ".join(gone.get("names") or []),
                     "masked_in_labels": info.get("reviewer_text_masked", 0)})
    return pd.DataFrame(rows)


def render() -> None:
    auth.require("export")
    st.title("Export")
    s = state.current_settings()
    key = s.value(KEY_ENV)
    report = _report()
    try:
        store = auth.store()
        frame = candidates(s.data, store, report)
    except (ExportError, ReviewError, OSError) as exc:
        st.error(f"The sessions cannot be listed: {exc}")
        return
    criteria = _criteria(frame, report)
    chosen = select(frame, criteria)
    try:
        counts = pending_counts(store, set(chosen["session_id"]))
    except ReviewError as exc:
        st.error(f"Undecided suggestions cannot be counted: {exc}")
        return
    chosen["undecided"] = [sum(counts.get(sid, {}).values()) for sid in chosen["session_id"]]
    st.metric("Sessions to export", len(chosen))
    st.dataframe(tables.tidy(chosen[TABLE_COLUMNS]), hide_index=True, width="stretch", key="export_chosen",
                 height=tables.height(len(chosen)), column_config=TABLE_LABELS)
    root = export_root(s.data, s.env)
    st.caption(f"Exports go to a new directory under {root} (set VIEWER_EXPORT_DIR to change it).")
    if not key:
        st.warning(f"{KEY_ENV} is not set: exports need a secret key to pseudonymise users. Set it where the app "
                   "runs, then reload this page.")
    pending = _pending_choice(counts)
    recipient = st.text_input("Recipient (recorded with whom the export included)", key="export_recipient",
                              help=f"Consent is checked for the purpose {s.purpose} (VIEWER_PURPOSE)").strip()
    hf, valid = _format_choice()
    job = state.jobs().get(job_name(s.data))
    running = job is not None and not job.finished
    if running:
        st.info("An export of this dataset is running (started here or in another browser): its progress is "
                "below. A new one can start when it has finished.")
    if st.button("Start export", type="primary", key="export_start",
                 disabled=not key or chosen.empty or pending is None or not valid or running):
        _start(s, key.encode(), criteria, chosen, pending, recipient, hf)
        job = state.jobs().get(job_name(s.data))
    if job is None:
        return
    if job.finished:
        _outcome(job)
    else:
        _progress(job)
