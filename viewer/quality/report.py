"""Report files (Parquet or CSV), the last report of a dataset kept under VIEWER_CACHE, and the
annotation columns (label coverage, flags, review status) joined from the annotation database."""

from __future__ import annotations

import json
import math
import os
import uuid
from pathlib import Path

import pandas as pd

from viewer.trace.cache import cached_report_path, dataset_key  # noqa: F401 (re-exported for callers)

FORMATS = (".parquet", ".csv")
ANNOTATION_COLUMNS = ("labels", "label_coverage", "flags", "flags_suggested", "flags_accepted",
                      "flags_rejected", "review_status", "annotations_stale")


def write_report(frame: pd.DataFrame, path: Path | str) -> None:
    """Atomically: a reader never sees half a report. CSV joins the problem codes with spaces."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.suffix.lower() == ".csv":
            out = frame.copy()
            out["problems"] = out["problems"].map(" ".join)
            out.to_csv(tmp, index=False)
        else:
            frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_report(path: Path | str) -> pd.DataFrame:
    """A report as written (either format), with `problems` as lists of codes."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        frame = pd.read_csv(path, keep_default_na=False, na_values=[""],
                            dtype={"problems": str, "session_id": str, "dir": str, "first_problem": str})
        frame["problems"] = frame["problems"].map(lambda v: str(v).split() if isinstance(v, str) else [])
    else:
        frame = pd.read_parquet(path)
        frame["problems"] = frame["problems"].map(lambda v: [str(c) for c in v] if v is not None else [])
    if "first_problem" in frame:
        frame["first_problem"] = frame["first_problem"].fillna("").astype(str)
    return frame


def _coverage(intervals: list[tuple[float, float]], lo: float, hi: float) -> float:
    if hi <= lo or not intervals:
        return 0.0
    covered, end = 0.0, lo
    for a, b in sorted((max(a, lo), min(b, hi)) for a, b in intervals):
        if b <= end:
            continue
        covered += b - max(a, end)
        end = b
    return round(min(1.0, covered / (hi - lo)), 4)


# Codes that come from the database (annotations, consent), not from the trace: joined afresh on every run,
# so a cached row never carries a stale one.
JOINED_CODES = ("annotations-stale", "no-consent", "out-of-scope")
JOINED_COLUMNS = ("consent",)


def without_annotations(row: dict) -> dict:
    """A row of an earlier report as the scan alone made it (annotations and consent are joined afresh)."""
    row = {k: v for k, v in row.items() if k not in ANNOTATION_COLUMNS and k not in JOINED_COLUMNS}
    codes = [str(c) for c in row.get("problems", [])]
    if any(c in JOINED_CODES for c in codes):
        codes = [c for c in codes if c not in JOINED_CODES]
        when = {k: v for k, v in json.loads(row.get("problem_t") or "{}").items() if k not in JOINED_CODES}
        first = min(when, key=when.get) if when else ""
        row.update(problem_t=json.dumps(when, sort_keys=True), problem_count=len(codes), first_problem=first,
                   first_problem_t=when[first] if first else math.nan)
    row["problems"] = codes
    return row


def add_annotations(frame: pd.DataFrame, store) -> pd.DataFrame:
    """Label coverage, flag counts and review status per session, read in three queries."""
    frame = frame.drop(columns=[c for c in ANNOTATION_COLUMNS if c in frame.columns])
    if not len(frame):
        return frame
    labels, flags = {}, {}
    for rec in store.find("label"):
        labels.setdefault(rec.session_id, []).append(rec)
    for rec in store.find("flag"):
        flags.setdefault(rec.session_id, []).append(rec)
    reviews = {rec.session_id: rec for rec in store.find("review")}
    cols = {c: [] for c in ANNOTATION_COLUMNS}
    problem_lists, times = [], []
    for row in frame.to_dict("records"):
        sid, chash = row["session_id"], row.get("content_hash")
        ls, fs = labels.get(sid, []), flags.get(sid, [])
        lo, hi = row.get("t_min"), row.get("t_max")
        ok = isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and not math.isnan(lo) and not math.isnan(hi)
        cols["labels"].append(len(ls))
        cols["label_coverage"].append(_coverage([(r.t_start, r.t_end) for r in ls], lo, hi) if ok else math.nan)
        cols["flags"].append(len(fs))
        for status in ("suggested", "accepted", "rejected"):
            cols[f"flags_{status}"].append(sum(1 for r in fs if r.data.get("status") == status))
        review = reviews.get(sid)
        cols["review_status"].append(review.data.get("status", "unreviewed") if review else "unreviewed")
        stale = [r for r in (*ls, *fs) if chash and r.content_hash != chash]
        cols["annotations_stale"].append(len(stale))
        codes = [c for c in row["problems"] if c != "annotations-stale"]  # recomputed on every scan
        when = {k: v for k, v in json.loads(row.get("problem_t") or "{}").items() if k != "annotations-stale"}
        if stale and "annotations-stale" not in codes:
            codes.append("annotations-stale")
            when["annotations-stale"] = round(float(min(getattr(r, "t_start", lo or 0.0) for r in stale)), 3)
        problem_lists.append(codes)
        times.append(when)
    for name, values in cols.items():
        frame[name] = values
    frame["problems"] = problem_lists
    frame["problem_count"] = [len(c) for c in problem_lists]
    frame["problem_t"] = [json.dumps(w, sort_keys=True) for w in times]
    firsts = [min(w, key=w.get) if w else "" for w in times]
    frame["first_problem"] = firsts
    frame["first_problem_t"] = [w[f] if f else math.nan for w, f in zip(times, firsts, strict=True)]
    return frame
