"""Choosing what a researcher exports: review status, task labels (instruction, outcome, tags from the
annotation store) and the quality report; and where the export goes (VIEWER_EXPORT_DIR). No streamlit here."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from .dataset import review_statuses, session_dirs
from .session import session_id_of

EXPORT_DIR_ENV = "VIEWER_EXPORT_DIR"
# Problems that make a session unusable as training data (the rest are findings to weigh).
ERROR_CODES = frozenset({"unreadable", "scan-failed", "no-events", "time-backwards", "screenshot-missing",
                         "screenshot-undecodable", "screenshot-format", "path-escape", "video-missing",
                         "video-undecodable", "video-format"})


@dataclass(frozen=True)
class Criteria:
    statuses: tuple[str, ...] = ("approved",)
    instruction: str = ""                 # a label's instruction contains this (case-insensitive)
    outcomes: frozenset[str] = frozenset()  # a label has one of these outcomes
    tags: frozenset[str] = frozenset()      # a label has one of these tags
    exclude_errors: bool = False          # drop sessions with an error-level problem (needs a report)
    exclude_codes: frozenset[str] = frozenset()
    max_problems: int | None = None

    @property
    def quality(self) -> bool:
        """Whether any quality filter is on (then sessions missing from the report are left out)."""
        return bool(self.exclude_errors or self.exclude_codes or self.max_problems is not None)


def _labels(store) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for rec in store.find("label"):
        found.setdefault(rec.session_id, []).append(rec.data)
    return found


def _report_rows(report: pd.DataFrame | None) -> dict[str, list[str]]:
    if report is None or "session_id" not in report:
        return {}
    return {str(s): [str(c) for c in p] for s, p in zip(report["session_id"], report["problems"], strict=True)}


def candidates(dataset: Path, store, report: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per session: id, dir, review status, its labels' instructions/outcomes/tags, its problems."""
    status_of, labels, problems = review_statuses(store), _labels(store), _report_rows(report)
    rows = []
    for src in session_dirs(dataset):
        sid = session_id_of(src)
        ls = labels.get(sid, [])
        rows.append({
            "session_id": sid, "dir": src.name, "status": status_of.get(sid, "unreviewed"),
            "instructions": [str(x["instruction"]) for x in ls if x.get("instruction")],
            "outcomes": sorted({str(x["outcome"]) for x in ls if x.get("outcome")}),
            "tags": sorted({str(t) for x in ls for t in x.get("tags") or []}),
            "in_report": sid in problems, "problems": problems.get(sid, []),
        })
    frame = pd.DataFrame(rows, columns=["session_id", "dir", "status", "instructions", "outcomes", "tags",
                                        "in_report", "problems"])
    frame["problem_count"] = frame["problems"].map(len)
    return frame


def _matches(row: dict, c: Criteria) -> bool:
    if row["status"] not in c.statuses:
        return False
    if c.instruction and not any(c.instruction.lower() in i.lower() for i in row["instructions"]):
        return False
    if c.outcomes and not c.outcomes & set(row["outcomes"]):
        return False
    if c.tags and not c.tags & set(row["tags"]):
        return False
    if not c.quality:
        return True
    codes = set(row["problems"])
    return row["in_report"] and not (c.exclude_errors and codes & ERROR_CODES) \
        and not codes & c.exclude_codes and (c.max_problems is None or len(codes) <= c.max_problems)


def select(frame: pd.DataFrame, criteria: Criteria) -> pd.DataFrame:
    """The rows of `candidates` that pass; with a quality filter on, a session missing from the report fails."""
    keep = [_matches(row, criteria) for row in frame.to_dict("records")]
    return frame[pd.Series(keep, index=frame.index, dtype=bool)].reset_index(drop=True)


def export_root(data: Path, environ=None) -> Path:
    """VIEWER_EXPORT_DIR, or `<dataset>.exports` beside (never inside) the dataset."""
    if environ is None:
        from viewer import settings

        environ = settings.load().env
    env = environ
    if env.get(EXPORT_DIR_ENV):
        return Path(env[EXPORT_DIR_ENV])
    data = Path(data).resolve()
    return data.parent / f"{data.name}.exports"


def new_export_dir(root: Path, now: datetime | None = None) -> Path:
    """A directory name under `root` that does not exist yet: export-YYYYmmdd-HHMMSS[-N]."""
    stamp = (now or datetime.now(UTC)).strftime("export-%Y%m%d-%H%M%S")
    candidate, n = Path(root) / stamp, 1
    while candidate.exists() or (Path(root) / f".{candidate.name}").exists():
        n += 1
        candidate = Path(root) / f"{stamp}-{n}"
    return candidate


def redaction_summary(manifest: dict) -> pd.DataFrame:
    """Per exported session: counts and applied spans (times and scopes only, never content)."""
    rows = []
    for sid, info in sorted((manifest.get("sessions") or {}).items()):
        spans = [f"{f['scope']} {f['t_start']:.1f}–{f['t_end']:.1f} s" for f in info.get("flags", [])
                 if all(map(math.isfinite, (f["t_start"], f["t_end"])))]
        rows.append({"session_id": sid, "flags": len(info.get("flags", [])),
                     "events_removed": info.get("events_removed", 0), "titles_redacted": info.get("titles_redacted", 0),
                     "screenshots_redacted": info.get("screenshots_redacted", 0),
                     "video_frames_redacted": info.get("video_frames_redacted", 0), "spans": "; ".join(spans)})
    return pd.DataFrame(rows, columns=["session_id", "flags", "events_removed", "titles_redacted",
                                       "screenshots_redacted", "video_frames_redacted", "spans"])
