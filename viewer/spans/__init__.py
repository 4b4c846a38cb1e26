"""Annotation types shared by the player and the review code: neither imports the other for them.

`Span` is a stretch of the timeline shown as a band: the recorder's tasks (viewer.replay), reviewers' labels and
flags (viewer.review.bands).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A stretch of the timeline to show as a band (task labels, flags...): the hook other pages fill."""

    t_start: float
    t_end: float
    kind: str  # "task" (the recorder's), "label" (a reviewer's task label), "flag" (the player colours by kind)
    label: str = ""
    id: str = ""  # the annotation's id, empty for the recorder's tasks
    status: str = ""  # a flag's status: "suggested" flags are drawn paler and dashed
    scope: str = ""  # a flag's scope: events | pixels | both
    regions: tuple = ()  # a flag's pixel regions, (screen, x, y, w, h) in that screen's pixels

    def to_json(self) -> dict:
        return {"t0": round(self.t_start, 3), "t1": round(self.t_end, 3), "kind": self.kind, "label": self.label,
                "id": self.id, "status": self.status, "scope": self.scope, "regions": [list(r) for r in self.regions]}
