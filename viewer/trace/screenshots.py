"""The screenshot index: which screenshot is on screen at time t, per screen, in O(log n)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Shot:
    t: float
    file: str
    screen: int | None


class ScreenshotIndex:
    """Screenshot events sorted by time (stable), one sorted array per screen."""

    def __init__(self, times: np.ndarray, files: np.ndarray, screens: np.ndarray):
        order = np.argsort(times, kind="stable")
        self.times, self.files, self.screens = times[order], files[order], screens[order]
        self._per_screen = {s: np.flatnonzero(self.screens == s) for s in np.unique(self.screens)}

    @classmethod
    def from_events(cls, events: pd.DataFrame) -> ScreenshotIndex:
        shots = events[events["type"] == "screenshot"]
        screens = shots["screen"].fillna(-1).to_numpy(dtype=np.int64)
        return cls(shots["t"].to_numpy(dtype=float), shots["file"].to_numpy(dtype=object), screens)

    def __len__(self) -> int:
        return len(self.times)

    @property
    def screen_ids(self) -> list[int | None]:
        return [None if s < 0 else int(s) for s in self._per_screen]

    def _shot(self, i: int) -> Shot:
        s = int(self.screens[i])
        return Shot(float(self.times[i]), str(self.files[i]), None if s < 0 else s)

    def at(self, t: float, screen: int | None = None) -> Shot | None:
        """The last screenshot taken at or before t (on `screen`, when given), or None before the first."""
        if screen is None:
            i = int(np.searchsorted(self.times, t, side="right")) - 1
            return self._shot(i) if i >= 0 else None
        rows = self._per_screen.get(screen, self._per_screen.get(-1))
        if rows is None or not len(rows):
            return None
        j = int(np.searchsorted(self.times[rows], t, side="right")) - 1
        return self._shot(int(rows[j])) if j >= 0 else None

    def between(self, start: float, end: float) -> list[Shot]:
        lo, hi = np.searchsorted(self.times, [start, end], side="left")
        return [self._shot(i) for i in range(int(lo), int(hi))]
