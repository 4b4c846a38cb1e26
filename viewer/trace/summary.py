"""A one-screen summary of a loaded session: what `info` prints and the sessions page lists."""

from __future__ import annotations

import pandas as pd

from .session import Session


def _counts(column: pd.Series) -> dict[str, int]:
    counts = column.value_counts(dropna=True)
    return {str(k): int(v) for k, v in counts.items() if v}


def summarize(session: Session) -> dict:
    """Plain values only (no typed text): safe to print, log or show."""
    m, ev = session.manifest, session.events
    focus = ev[ev["type"] == "focus"]
    return {
        "session_id": m.session_id,
        "started_at": m.started_at.isoformat(),
        "user": m.user,
        "recorder": " ".join(str(v) for v in (m.recorder.get("name"), m.recorder.get("version")) if v),
        "os": m.os,
        "duration_s": round(session.duration, 3),
        "events": int(len(ev)),
        "events_by_type": _counts(ev["type"]),
        "screens": [f"{s.id}: {s.width}x{s.height}+{s.x}+{s.y} @{s.scale:g}" for s in m.screens],
        "apps": _counts(focus["app"]),
        "screenshots": len(session.screenshots),
        "video": m.video.file if m.video else None,
        "tasks": len(m.tasks),
        "warnings": len(session.problems),
        "content_hash": session.content_hash,
    }


def summary_row(summary: dict) -> dict:
    """The flat form for a table of sessions."""
    return {
        "session": summary["session_id"], "started": summary["started_at"][:19].replace("T", " "),
        "user": summary["user"], "minutes": round(summary["duration_s"] / 60, 1), "events": summary["events"],
        "clicks": summary["events_by_type"].get("down", 0) + summary["events_by_type"].get("click", 0),
        "keys": summary["events_by_type"].get("key_down", 0) + summary["events_by_type"].get("key", 0),
        "screenshots": summary["screenshots"], "screens": len(summary["screens"]),
        "apps": ", ".join(list(summary["apps"])[:4]), "video": bool(summary["video"]),
        "tasks": summary["tasks"], "warnings": summary["warnings"],
    }
