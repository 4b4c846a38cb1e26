"""What every export step shares: the error type, the key, pseudonyms and the flags that apply."""

from __future__ import annotations

import hashlib
import hmac

from viewer.review.fields import TEXT_PLACES

KEY_ENV = "VIEWER_EXPORT_KEY"
EVENT_SCOPES = ("events", "both")
PIXEL_SCOPES = ("pixels", "both")


class ExportError(Exception):
    """Bad input for export/verify: the message is meant for the user (never holds trace content)."""


def pseudonym(user: str, key: bytes) -> str:
    return "u-" + hmac.new(key, str(user).encode(), hashlib.sha256).hexdigest()[:16]


def scope(flag) -> str:
    return _data(flag).get("scope", "both")


def span(flag) -> tuple[float, float]:
    d = _data(flag)
    return float(d["t_start"]), float(d["t_end"])


def spans(flags, scopes) -> list[tuple[float, float]]:
    """Spans of the flags in `scopes`; a derived text place is no span (its value is replaced, nothing dropped)."""
    return [span(f) for f in flags if scope(f) in scopes and _data(f).get("place") not in TEXT_PLACES]


def title_spans(flags, keep: set[str]) -> list[tuple[float, float]]:
    """Spans whose window titles become "[redacted]": those of events flags whose value is not known (`keep`:
    ids of flags whose value was replaced inside the title instead)."""
    return spans([f for f in flags if flag_id(f) not in keep and not _data(f).get("value_known")], EVENT_SCOPES)


def flag_id(flag) -> str | None:
    return flag.get("id") if isinstance(flag, dict) else getattr(flag, "id", None)


def accepted(store, session_id: str) -> list:
    return [f for f in store.flags(session_id) if f.data.get("status") == "accepted" and not f.deleted]


def accepted_by_session(store) -> dict[str, list]:
    """Every live accepted flag, by session, in one query."""
    found: dict[str, list] = {}
    for f in store.find("flag"):
        if f.data.get("status") == "accepted":
            found.setdefault(f.session_id, []).append(f)
    return found


def flag_summary(flag, value_known: bool = False) -> dict:
    """What the manifest says about an applied flag: identity, scope, span (never its note or category text);
    for a derived flag its source and place; whether its value was known (replaced inside text fields)."""
    a, b = span(flag)
    out = {"id": flag.id, "version": flag.version, "scope": scope(flag), "t_start": a, "t_end": b}
    d = _data(flag)
    if d.get("derived_from"):
        out.update(derived_from=d["derived_from"], place=d.get("place"))
    if value_known:
        out["value_known"] = True
    return out


def _data(flag) -> dict:
    """A store Record, or a manifest flag summary (a plain dict)."""
    return flag if isinstance(flag, dict) else flag.data
