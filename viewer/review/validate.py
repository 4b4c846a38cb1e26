"""Field validation: turns caller values into clean stored values or raises InvalidField naming the field.

Error messages never repeat the offending value (it may be text a reviewer typed or a trace contained).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping

from viewer.review import fields as F
from viewer.review.errors import InvalidField

REGION_KEYS = {"screen", "x", "y", "w", "h"}
FIELD_NAME = re.compile(r"[A-Za-z0-9_.\[\]-]{1,64}")


def field_label(name: object) -> str:
    """A field name from input, safe to print (anything odd is not echoed)."""
    return name if isinstance(name, str) and FIELD_NAME.fullmatch(name) else "<field>"


def number(value: object, field: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidField(field, "must be a number", "wrong-type")
    if not math.isfinite(value):
        raise InvalidField(field, "must be finite")
    return value


def time(value: object, field: str) -> float:
    value = number(value, field)
    if value < 0:
        raise InvalidField(field, "must be >= 0")
    return float(value)


def string(value: object, field: str, max_len: int = F.MAX_TEXT, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise InvalidField(field, "must be a string", "wrong-type")
    if not empty and not value.strip():
        raise InvalidField(field, "must not be empty", "missing")
    if len(value) > max_len:
        raise InvalidField(field, f"must be at most {max_len} characters", "too-long")
    if "\x00" in value:
        raise InvalidField(field, "must not contain NUL characters")
    return value


def name(value: object, field: str) -> str:
    return string(value, field, F.MAX_NAME, empty=False)


def choice(choices: tuple[str, ...], nullable: bool = False) -> Callable[[object, str], str | None]:
    def check(value: object, field: str) -> str | None:
        if value is None and nullable:
            return None
        if value not in choices:
            allowed = ", ".join(choices) + (" or null" if nullable else "")
            raise InvalidField(field, f"must be one of {allowed}")
        return value

    return check


def quality(value: object, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidField(field, "must be an integer 1..5 or null", "wrong-type")
    if not 1 <= value <= 5:
        raise InvalidField(field, "must be between 1 and 5")
    return value


def tags(value: object, field: str) -> list[str]:
    if not isinstance(value, list):
        raise InvalidField(field, "must be a list of strings", "wrong-type")
    clean = [name(tag, f"{field}[{i}]") for i, tag in enumerate(value)]
    return list(dict.fromkeys(clean))  # drop repeats, keep order


def region(value: object, field: str) -> dict[str, object]:
    if isinstance(value, list):
        if len(value) != 4:
            raise InvalidField(field, "must be [x, y, w, h] or {screen, x, y, w, h}")
        value = {"screen": 0, **dict(zip("xywh", value))}  # the list form is on the first screen
    if not isinstance(value, dict):
        raise InvalidField(field, "must be [x, y, w, h] or {screen, x, y, w, h}", "wrong-type")
    unknown = set(value) - REGION_KEYS
    if unknown:
        raise InvalidField(f"{field}.{field_label(sorted(map(str, unknown))[0])}", "is not a region field",
                           "unknown-field")
    return {"screen": screen(value.get("screen"), f"{field}.screen"), **box(value, field)}


def box(value: dict, field: str) -> dict[str, int | float]:
    out = {}
    for key in "xywh":
        if key not in value:
            raise InvalidField(f"{field}.{key}", "is required", "missing")
        out[key] = number(value[key], f"{field}.{key}")
        if out[key] < 0 or (key in "wh" and out[key] == 0):
            raise InvalidField(f"{field}.{key}", "must be > 0" if key in "wh" else "must be >= 0")
    return out


def screen(value: object, field: str) -> int | str | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return name(value, field)


def regions(value: object, field: str) -> list[dict[str, object]]:
    if not isinstance(value, list):
        raise InvalidField(field, "must be a list of regions", "wrong-type")
    return [region(item, f"{field}[{i}]") for i, item in enumerate(value)]


def optional_id(value: object, field: str) -> str | None:
    """A flag id or a value key: short letters and digits, or null."""
    if value is None:
        return None
    text = string(value, field, 64, empty=False)
    if not text.isalnum():
        raise InvalidField(field, "must be letters and digits")
    return text


CHECKS: dict[str, dict[str, Callable[[object, str], object]]] = {
    "label": {"t_start": time, "t_end": time, "instruction": string, "outcome": choice(F.OUTCOMES, True),
              "quality": quality, "tags": tags, "note": string},
    "flag": {"t_start": time, "t_end": time, "regions": regions, "scope": choice(F.SCOPES),
             "category": name, "status": choice(F.FLAG_STATUSES), "source": name, "note": string,
             "derived_from": optional_id, "value_key": optional_id, "place": choice(F.DERIVED_PLACES, True)},
    "comment": {"t": time, "text": lambda v, f: string(v, f, empty=False)},
    "review": {"status": choice(F.REVIEW_STATUSES)},
}


def kind(value: object) -> str:
    if value not in F.KINDS:
        raise InvalidField("type", f"must be one of {', '.join(F.KINDS)}")
    return value


def version(value: object, field: str = "version") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidField(field, "must be an integer", "wrong-type")
    if value < 1:
        raise InvalidField(field, "must be >= 1")
    return value


def key(field: str, value: object) -> str:
    """session_id, content_hash, reviewer: non-empty short strings."""
    return string(value, field, F.MAX_KEY[field], empty=False)


def values(kind_: str, given: Mapping[str, object], current: Mapping[str, object] | None = None) -> dict:
    """Clean `given` for a new row (current is None: defaults filled, required fields checked) or for an
    edit of `current` (only the given fields are returned; cross-field rules see the merged row)."""
    checks = CHECKS[kind(kind_)]
    for field in given:
        if field not in checks:
            raise InvalidField(field_label(field), f"is not a {kind_} field", "unknown-field")
    if current is None:
        for field in F.REQUIRED[kind_]:
            if field not in given:
                raise InvalidField(field, "is required", "missing")
        given = {**F.defaults(kind_, dict(given)), **given}
    clean = {field: checks[field](value, field) for field, value in given.items()}
    merged = {**(current or {}), **clean}
    if "t_start" in merged and "t_end" in merged and merged["t_end"] < merged["t_start"]:
        raise InvalidField("t_end", "must be >= t_start")
    return clean
