"""A span (and pixel regions) marked in the player, checked before the review forms use it.

The player sends {t0, t1, regions: [[screen, x, y, w, h], ...]}; anything malformed is dropped, times are
clamped to the session and ordered, regions clamped to their screen (screens: {id: (width, height)})."""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_REGIONS = 32


@dataclass(frozen=True)
class Mark:
    t0: float | None
    t1: float | None
    regions: tuple = ()  # (screen, x, y, w, h) in that screen's pixels

    @property
    def has_span(self) -> bool:
        return self.t0 is not None and self.t1 is not None

    def store_regions(self) -> list[dict]:
        """The regions as the store takes them."""
        return [{"screen": s, "x": x, "y": y, "w": w, "h": h} for s, x, y, w, h in self.regions]


def _number(v) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return None
    return float(v)


def _region(value, screens: dict) -> tuple | None:
    if not isinstance(value, (list, tuple)) or len(value) != 5:
        return None
    nums = [_number(v) for v in value]
    if any(n is None for n in nums) or int(nums[0]) not in screens:
        return None
    screen = int(nums[0])
    width, height = screens[screen]
    x, y = min(max(0, round(nums[1])), width - 1), min(max(0, round(nums[2])), height - 1)
    w, h = min(round(nums[3]), width - x), min(round(nums[4]), height - y)
    return (screen, x, y, w, h) if w >= 1 and h >= 1 else None


def parse(value, start: float, end: float, screens: dict) -> Mark | None:
    """A Mark from the player's message, or None when it holds nothing usable."""
    if not isinstance(value, dict):
        return None
    t0, t1 = _number(value.get("t0")), _number(value.get("t1"))
    if t0 is not None and t1 is not None:
        t0, t1 = sorted((min(max(t0, start), end), min(max(t1, start), end)))
        t0, t1 = round(t0, 3), round(t1, 3)
    else:
        t0 = t1 = None
    raw = value.get("regions") if isinstance(value.get("regions"), list) else []
    regions = tuple(r for r in (_region(v, screens) for v in raw[:MAX_REGIONS]) if r is not None)
    if t0 is None and not regions:
        return None
    return Mark(t0, t1, regions)
