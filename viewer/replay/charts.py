"""Per-second series over a session for the charts beside the player: cursor speed, keys, the active app."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .timeline import Timeline


def per_second(tl: Timeline) -> pd.DataFrame:
    """One row per second: mean cursor speed (px/s) and key presses."""
    n = int(np.ceil(tl.duration)) + 1
    seconds = np.arange(n, dtype=float)
    speed = np.zeros(n)
    if len(tl.ptr_t) > 1:
        dist = np.hypot(np.diff(tl.ptr_x), np.diff(tl.ptr_y))
        bins = np.clip(tl.ptr_t[1:].astype(int), 0, n - 1)
        speed = np.bincount(bins, weights=dist, minlength=n)[:n]
    presses = [t for t, k in zip(tl.key_t, tl.key_kind) if k in ("key_down", "key", "text")]
    keys = np.bincount(np.clip(np.asarray(presses, dtype=float).astype(int), 0, n - 1), minlength=n)[:n]
    return pd.DataFrame({"t": seconds, "cursor_px_s": speed, "keys_s": keys})


def app_bands(tl: Timeline) -> list[tuple[float, float, str]]:
    """(start, end, app) for every stretch one app had the focus."""
    switches = tl.app_switches()
    ends = [t for t, _ in switches[1:]] + [tl.duration]
    return [(t, end, app) for (t, app), end in zip(switches, ends)]


def event_rows(events: pd.DataFrame) -> pd.DataFrame:
    """Every event except pointer moves, with a one-line description (for the event log)."""
    ev = events[events["type"] != "move"]
    detail = pd.Series("", index=ev.index, dtype=object)
    xy = ev["x"].notna()
    detail[xy] = "(" + ev.loc[xy, "x"].astype(str) + ", " + ev.loc[xy, "y"].astype(str) + ")"
    for col in ("button", "key", "mods", "app", "title", "text", "file", "label"):
        if col in ev:
            has = ev[col].notna()
            detail[has] = detail[has] + " " + ev.loc[has, col].astype(str)
    return pd.DataFrame({"t": ev["t"].round(3).to_numpy(), "type": ev["type"].astype(str).to_numpy(),
                         "detail": detail.str.strip().str.slice(0, 120).to_numpy()})
