"""Deciding on suggested flags: list a session's suggestions, accept or reject one or all of a category, and
find suggestions in one open session (stored once, as `suggest` does).

Every decision is a store update (versioned and audited under the deciding reviewer's name) checked against
the version the reviewer saw, so a suggestion someone else decided meanwhile is refused, never overwritten.
A suggestion is shown by span, category, detector, confidence, scope and at most its masked preview.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from viewer.review.errors import ReviewError

from .config import Config
from .suggest import store_findings, suggest_session

DECISIONS = ("accepted", "rejected")
PENDING = "suggested"
# store_findings writes the note as "suggested by DETECTOR (0.95) PREVIEW"; the preview is already masked.
NOTE = re.compile(r"^suggested by \S+ \((?P<confidence>\d+(?:\.\d+)?)\)\s*(?P<preview>.*)$")
MASKED = re.compile(r"^•••• (\d{4}|\(\d+ chars\))$")


class NotASuggestion(ReviewError):
    """The flag was not a pending suggestion (a reviewer's own flag, or one decided already)."""


@dataclass(frozen=True)
class Suggestion:
    id: str
    version: int
    t_start: float
    t_end: float
    category: str
    detector: str
    confidence: float | None
    scope: str
    regions: int
    preview: str  # masked ("•••• 1234", "•••• (12 chars)") or empty; never the value
    status: str
    decided_by: str | None


@dataclass(frozen=True)
class RunResult:
    found: int
    added: int


def _note_parts(note: str) -> tuple[float | None, str]:
    """Confidence and masked preview from the note the suggester wrote; a preview that does not look masked
    (an edited note) is dropped rather than shown."""
    match = NOTE.match(note or "")
    if not match:
        return None, ""
    preview = match["preview"].strip()
    return float(match["confidence"]), preview if MASKED.match(preview) else ""


def suggestion_of(rec) -> Suggestion:
    confidence, preview = _note_parts(rec.note)
    decided = rec.updated_by if rec.status != PENDING else None
    return Suggestion(id=rec.id, version=rec.version, t_start=float(rec.t_start), t_end=float(rec.t_end),
                      category=rec.category, detector=rec.source, confidence=confidence, scope=rec.scope,
                      regions=len(rec.regions or []), preview=preview, status=rec.status, decided_by=decided)


def suggestions(store, session_id: str, content_hash: str, status: str | None = PENDING) -> list[Suggestion]:
    """The session's detector-made flags on this trace version, in time order (status None: all of them)."""
    rows = store.flags(session_id, content_hash=content_hash)
    return [suggestion_of(r) for r in rows if r.source != "human" and (status is None or r.status == status)]


def by_category(pending: list[Suggestion]) -> dict[str, int]:
    """How many pending suggestions each category has, most first."""
    return dict(Counter(s.category for s in pending).most_common())


def _check_decision(decision: str) -> None:
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")


def _decide_in(tx, flag_id: str, version: int, decision: str):
    """One decision inside a transaction: refused when stale (StaleEdit) or not a pending suggestion."""
    current = tx.current("flag", flag_id)
    if current is not None and current.version == version and (current.status != PENDING
                                                                or current.source == "human"):
        raise NotASuggestion(f"flag {flag_id} is not a pending suggestion (status {current.status}); "
                             "nothing was changed")
    return tx.update("flag", flag_id, version, {"status": decision})


def decide(store, flag_id: str, version: int, decision: str, *, reviewer: str):
    """Accept or reject one suggestion the reviewer saw at `version`. Returns the updated flag record."""
    _check_decision(decision)
    with store.transaction(reviewer) as tx:
        return _decide_in(tx, flag_id, version, decision)


def decide_all(store, seen: list[tuple[str, int]], decision: str, *, reviewer: str) -> int:
    """Accept or reject every suggestion in `seen` ((id, version) pairs as shown, e.g. one category) in one
    transaction: if any of them changed since, none is decided. Returns how many were decided."""
    _check_decision(decision)
    with store.transaction(reviewer) as tx:
        for flag_id, version in seen:
            _decide_in(tx, flag_id, version, decision)
    return len(seen)


def seen_in_category(pending: list[Suggestion], category: str) -> list[tuple[str, int]]:
    return [(s.id, s.version) for s in pending if s.category == category]


def find_in_session(store, session, *, ocr: bool = False, config: Config | None = None,
                    workers: int | None = None) -> RunResult:
    """Run the detectors on one loaded session (OCR on changed screenshots when asked) and store each
    finding once as a suggestion; running again adds nothing twice. Raises OcrUnavailable without Tesseract."""
    found = suggest_session(session, config, ocr=ocr, workers=workers)
    return RunResult(found=len(found), added=store_findings(store, session, found))


def describe(s: Suggestion) -> str:
    """One line for a reviewer: span, category, detector, confidence, scope, masked preview; no value."""
    confidence = f"{s.confidence:.2f}" if s.confidence is not None else "?"
    regions = f" ({s.regions} region{'s' if s.regions != 1 else ''})" if s.regions else ""
    preview = f" · {s.preview}" if s.preview else ""
    return (f"{s.t_start:.1f}–{s.t_end:.1f} s · {s.category} · {s.detector} · {confidence} · "
            f"{s.scope}{regions}{preview}")
