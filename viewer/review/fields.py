"""The entity kinds, their fields, allowed values and defaults: the single description the store,
the validation and the JSONL transfer all read."""

from __future__ import annotations

KINDS = ("label", "flag", "comment", "review")

OUTCOMES = ("success", "failure", "partial")
SCOPES = ("events", "pixels", "both")
FLAG_STATUSES = ("suggested", "accepted", "rejected")
REVIEW_STATUSES = ("unreviewed", "in_review", "approved", "rejected", "needs_changes")
# where a derived flag found its source's value: screenshots, video frames, or a text field
DERIVED_PLACES = ("screen", "video", "title", "text", "marker", "task")
TEXT_PLACES = ("title", "text", "marker", "task")  # a value inside a string: replaced there, nothing dropped
HUMAN = "human"

# Entity fields in export order; the common columns (id, version, session_id, content_hash, reviewer,
# timestamps) are not listed here.
FIELDS: dict[str, tuple[str, ...]] = {
    "label": ("t_start", "t_end", "instruction", "outcome", "quality", "tags", "note"),
    "flag": ("t_start", "t_end", "regions", "scope", "category", "status", "source", "note", "derived_from",
             "value_key", "place"),
    "comment": ("t", "text"),
    "review": ("status",),
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "label": ("t_start", "t_end"),
    "flag": ("t_start", "t_end"),
    "comment": ("t", "text"),
    "review": ("status",),
}

# Defaults for optional fields (lists are copied on use). A flag's status defaults by source: see defaults().
DEFAULTS: dict[str, dict[str, object]] = {
    "label": {"instruction": "", "outcome": None, "quality": None, "tags": [], "note": ""},
    "flag": {"regions": [], "scope": "both", "category": "other", "source": HUMAN, "note": "", "derived_from": None,
             "value_key": None, "place": None},
    "comment": {},
    "review": {},
}

MAX_KEY = {"session_id": 255, "content_hash": 128, "reviewer": 255}
MAX_NAME = 64  # category, source, each tag
MAX_TEXT = 100_000  # instruction, note, comment text


def defaults(kind: str, given: dict[str, object]) -> dict[str, object]:
    """The default value of every optional field of `kind` that `given` lacks."""
    out = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULTS[kind].items() if k not in given}
    if kind == "flag" and "status" not in given:
        out["status"] = "accepted" if given.get("source", HUMAN) == HUMAN else "suggested"
    return out
