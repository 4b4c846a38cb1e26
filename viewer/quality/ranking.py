"""Ranking a quality report for people: outliers per metric, a status and a severity per session, worst first."""

from __future__ import annotations

import pandas as pd

OUTLIER_METRICS = {"duration_s": "duration", "events_per_s": "events/s", "idle_fraction": "idle",
                   "longest_gap_s": "longest gap"}
MIN_FOR_OUTLIERS = 8  # fewer sessions than this with a value: no meaningful quartiles


def outliers(frame: pd.DataFrame) -> pd.Series:
    """Metric names on which a session lies far out (beyond 3 IQR from the quartiles), per session."""
    marks = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    for column, label in OUTLIER_METRICS.items():
        if column not in frame or frame[column].notna().sum() < MIN_FOR_OUTLIERS:
            continue
        values = pd.to_numeric(frame[column], errors="coerce")
        q1, q3 = values.quantile(0.25), values.quantile(0.75)
        spread = max(q3 - q1, 1e-9 * max(abs(q3), 1.0))
        far = (values < q1 - 3 * spread) | (values > q3 + 3 * spread)
        marks[far] = marks[far] + (label + ", ")
    return marks.str.rstrip(", ")


def rank(frame: pd.DataFrame) -> pd.DataFrame:
    """The report with `outlier`, `codes`, `status`, `severity` (and `minutes`) added, worst session first
    (unreadable, then by problem count, then outliers; ties by session id)."""
    frame = frame.copy()
    frame["outlier"] = outliers(frame)
    frame["codes"] = frame["problems"].map(", ".join)
    unreadable = ~frame["readable"] if "readable" in frame else frame["problem_count"] < 0
    frame["status"] = [("⛔ unreadable" if bad else f"⚠ {n} problem{'s' * (n != 1)}" if n else
                        "◆ outlier" if out else "✓ clean")
                       for bad, n, out in zip(unreadable, frame["problem_count"], frame["outlier"], strict=True)]
    frame["severity"] = unreadable.astype(int) * 1000 + frame["problem_count"] * 10 + (frame["outlier"] != "")
    if "duration_s" in frame:
        frame["minutes"] = (frame["duration_s"] / 60).round(2)
    return frame.sort_values(["severity", "session_id"], ascending=[False, True], kind="stable") \
        .reset_index(drop=True)
