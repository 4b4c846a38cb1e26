"""Checking one decoded event object against trace/1, naming fields but never echoing values."""

from __future__ import annotations

import math
import re

from .problems import WARNING
from .schema import BUTTONS, EVENT_FIELDS, Field

_KIND_WORDS = {"number": "a number", "int": "an integer", "string": "a string",
               "button": "left, right or middle", "strings": "a list of strings"}
_NON_FINITE = re.compile(rb'"([A-Za-z_][A-Za-z0-9_]{0,40})"\s*:\s*-?(NaN|Infinity\b|[0-9.]+[eE]\+?[0-9]{3,})')

Finding = tuple[str, str, str]  # code, message, severity


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _kind_ok(kind: str, v) -> bool:
    if kind == "number":
        return _is_number(v)
    if kind == "int":
        return isinstance(v, int) and not isinstance(v, bool)
    if kind == "string":
        return isinstance(v, str)
    if kind == "button":
        return isinstance(v, str) and v in BUTTONS
    return isinstance(v, list) and all(isinstance(i, str) for i in v)


def _field(obj: dict, f: Field, etype: str) -> list[Finding]:
    if f.name not in obj or (obj[f.name] is None and not f.required):
        return [] if not f.required else [("missing-field", f"'{f.name}' is required for a '{etype}' event", "error")]
    v = obj[f.name]
    if not _kind_ok(f.kind, v):
        code = "bad-value" if f.kind == "button" and isinstance(v, str) else "wrong-type"
        return [(code, f"'{f.name}' must be {_KIND_WORDS[f.kind]}", "error")]
    if f.kind == "number" and not math.isfinite(v):
        return [("non-finite", f"'{f.name}' is NaN or infinite", "error")]
    return []


def _time(obj: dict) -> list[Finding]:
    if "t" not in obj:
        return [("missing-field", "'t' is required", "error")]
    t = obj["t"]
    if not _is_number(t):
        return [("wrong-type", "'t' must be a number (seconds)", "error")]
    if not math.isfinite(t):
        return [("non-finite", "'t' is NaN or infinite", "error")]
    if t < 0:
        return [("bad-value", "'t' is negative", "error")]
    return []


def check_object(obj) -> list[Finding]:
    """All findings for one event; an empty list means the event is valid trace/1."""
    if not isinstance(obj, dict):
        return [("not-object", "line is not a JSON object", "error")]
    found = _time(obj)
    etype = obj.get("type")
    if etype is None:
        return found + [("missing-field", "'type' is required", "error")]
    if not isinstance(etype, str):
        return found + [("wrong-type", "'type' must be a string", "error")]
    if etype not in EVENT_FIELDS:
        return found + [("unknown-type", "unknown event type (kept, not checked)", WARNING)]
    for f in EVENT_FIELDS[etype]:
        found += _field(obj, f, etype)
    return found


def undecodable(line: bytes, pos: int | None, reason: str = "") -> Finding:
    """Why a line that does not decode fails: not UTF-8, NaN/Infinity, or broken JSON."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return ("not-utf8", "line is not valid UTF-8", "error")
    m = _NON_FINITE.search(line)
    if m and (m.group(2)[:1] in (b"N", b"I") or "infinity" in reason):
        name = m.group(1).decode()
        return ("non-finite", f"'{name}' is NaN or infinite (not allowed in JSON)", "error")
    where = f" (column {pos + 1})" if pos is not None else ""
    return ("invalid-json", f"line is not valid JSON{where}", "error")
