"""Reviewers' task labels and flags as bands on the player's timeline (viewer.spans.Span)."""

from __future__ import annotations

from collections.abc import Iterable

from viewer.spans import Span

HIDDEN_STATUSES = ("rejected",)  # deleted rows never come out of the store's reads


def _region(r) -> tuple:
    """A stored region ({screen, x, y, w, h} or [x, y, w, h]) as (screen, x, y, w, h); no screen means 0."""
    if isinstance(r, (list, tuple)):
        r = dict(zip("xywh", r))
    return (int(r.get("screen") or 0), float(r["x"]), float(r["y"]), float(r["w"]), float(r["h"]))


def label_span(rec) -> Span:
    d = rec.data
    return Span(float(d["t_start"]), float(d["t_end"]), "label", d.get("instruction") or "(no instruction)",
                id=rec.id)


def flag_span(rec) -> Span:
    d = rec.data
    return Span(float(d["t_start"]), float(d["t_end"]), "flag", f"{d.get('category')} ({d.get('status')})",
                id=rec.id, status=d.get("status") or "", scope=d.get("scope") or "",
                regions=tuple(_region(r) for r in d.get("regions") or ()))


def review_spans(labels: Iterable, flags: Iterable) -> list[Span]:
    """Bands of the live labels and of the flags that are not rejected."""
    return [label_span(r) for r in labels] + [flag_span(r) for r in flags
                                              if r.data.get("status") not in HIDDEN_STATUSES]
