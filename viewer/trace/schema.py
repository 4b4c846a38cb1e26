"""Trace format v1: the event types, their fields and the loaded column dtypes.

This is the leaf module every other part depends on; it imports nothing of the package.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT = "trace/1"
MANIFEST_FILE = "session.json"
EVENTS_JSONL = "events.jsonl"
EVENTS_PARQUET = "events.parquet"
SCREENSHOT_DIR = "screenshots"

BUTTONS = ("left", "right", "middle")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
VIDEO_SUFFIXES = (".mp4", ".webm")


@dataclass(frozen=True)
class Field:
    """One field of an event type: its name, its kind and whether it must be present."""

    name: str
    kind: str  # "number" | "int" | "string" | "button" | "strings"
    required: bool = True


_XY = (Field("x", "number"), Field("y", "number"))

EVENT_FIELDS: dict[str, tuple[Field, ...]] = {
    "move": _XY,
    "down": (*_XY, Field("button", "button")),
    "up": (*_XY, Field("button", "button")),
    "click": (*_XY, Field("button", "button"), Field("count", "int", required=False)),
    "scroll": (*_XY, Field("dx", "number"), Field("dy", "number")),
    "key_down": (Field("key", "string"),),
    "key_up": (Field("key", "string"),),
    "key": (Field("key", "string"), Field("mods", "strings", required=False)),
    "text": (Field("text", "string"),),
    "focus": (Field("app", "string"), Field("title", "string", required=False)),
    "screenshot": (Field("file", "string"), Field("screen", "int", required=False)),
    "marker": (Field("label", "string"),),
}
EVENT_TYPES = tuple(EVENT_FIELDS)
POINTER_TYPES = ("move", "down", "up", "click", "scroll")
KEY_TYPES = ("key_down", "key_up", "key", "text")

# Loaded columns and their pandas dtypes, in this order; extra fields follow them.
COLUMNS: dict[str, str] = {
    "t": "float64",
    "type": "category",
    "x": "Int32",
    "y": "Int32",
    "button": "category",
    "count": "Int16",
    "dx": "float64",
    "dy": "float64",
    "key": "category",
    "mods": "category",  # modifier names joined with "+", e.g. "Control+Shift"
    "text": "str",
    "app": "category",
    "title": "category",
    "file": "str",
    "screen": "Int16",
    "label": "str",
}
CORE_FIELDS = frozenset(COLUMNS)
