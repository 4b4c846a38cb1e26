"""A finding: a suggested sensitive span. It carries no value, only a masked preview."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

DIGIT_TAIL = {"credit_card", "iban", "phone", "national_id"}


@dataclass
class Finding:
    session_id: str
    t_start: float
    t_end: float
    scope: str  # events | pixels | both
    category: str
    detector: str
    confidence: float
    regions: list[list[int]] = field(default_factory=list)  # [screen, x, y, w, h]
    preview: str = ""  # masked, e.g. "•••• 1234"; never the value

    def region_objects(self) -> list[dict]:
        """The regions in the annotations' object form, {screen, x, y, w, h}, as every output prints them."""
        return [{"screen": r[0], "x": r[1], "y": r[2], "w": r[3], "h": r[4]} for r in self.regions]

    def to_json(self) -> dict:
        d = asdict(self)
        d.pop("preview")
        d["regions"] = self.region_objects()
        d["t_start"], d["t_end"] = round(self.t_start, 3), round(self.t_end, 3)
        d["confidence"] = round(self.confidence, 2)
        return {k: d[k] for k in ("session_id", "t_start", "t_end", "scope", "regions", "category", "detector",
                                  "confidence")}

    def key(self) -> tuple:
        return (self.session_id, self.detector, round(self.t_start, 3), round(self.t_end, 3), self.category)


def mask(value: str, category: str) -> str:
    """A preview that tells a reviewer what kind of thing it is without showing it."""
    if category in DIGIT_TAIL:
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 8:
            return f"•••• {digits[-4:]}"
    return f"•••• ({len(value)} chars)"
