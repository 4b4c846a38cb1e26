"""What a consent covers, decided from a session's facts alone (pure functions, no database, no files).

A grant covers a session when it was valid on the session's start date (in the session's time zone) and was
not withdrawn since. Inside a covered session, the stretches outside the grant's scope are returned: an app
or window title outside its patterns, a weekday or hour outside its window, the time after its last valid
day. The export removes those stretches as if a whole-screen flag had been accepted.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Grant:
    """One consent grant, as recorded (dates inclusive, in the session's local time)."""

    purpose: str
    apps: tuple[str, ...] = ()  # case-insensitive globs over the focused app; () = every app
    titles: tuple[str, ...] = ()  # globs over the title; "APP=GLOB" narrows only apps matching APP
    weekdays: tuple[int, ...] | None = None  # 0 = Monday; None = every day
    hours: tuple[str, str] | None = None  # ("09:00", "18:00"); None = all day
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class Stretch:
    """Seconds since the session's start, and why that stretch is outside the consent (no content)."""

    t_start: float
    t_end: float
    reason: str


@dataclass(frozen=True)
class Coverage:
    covered: bool
    reason: str  # why not, or "covered"
    out_of_scope: tuple[Stretch, ...] = field(default_factory=tuple)
    records: tuple[int, ...] = ()  # ids of the consent records that cover it (set by viewer.consent.check)


@dataclass(frozen=True)
class Window:
    """A focused window from `t_start` to `t_end` (app and title as recorded; None when unknown)."""

    t_start: float
    t_end: float
    app: str | None
    title: str | None


def zone(name: str) -> ZoneInfo:
    """The session's time zone; UTC when the manifest names none (or one this machine does not know)."""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _match(value: str | None, patterns: tuple[str, ...]) -> bool:
    text = (value or "").casefold()
    return any(fnmatch.fnmatchcase(text, p.casefold()) for p in patterns)


def window_reason(grant: Grant, app: str | None, title: str | None) -> str | None:
    """Why this window is outside the grant's app/title scope, or None when it is inside."""
    if grant.apps and not _match(app, grant.apps):
        return "app outside the consent" if app else "no app recorded"
    narrowing = [p.split("=", 1) for p in grant.titles]
    applicable = [t for a, t in (n for n in narrowing if len(n) == 2) if _match(app, (a,))]
    applicable += [n[0] for n in narrowing if len(n) == 1]
    if applicable and not _match(title, tuple(applicable)):
        return "window outside the consent"
    return None


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _allowed_local(grant: Grant, day: date) -> list[tuple[datetime, datetime]]:
    """The allowed local intervals of one day (naive local datetimes)."""
    if grant.weekdays is not None and day.weekday() not in grant.weekdays:
        return []
    if grant.valid_until is not None and day > grant.valid_until:
        return []
    if grant.valid_from is not None and day < grant.valid_from:
        return []
    start, end = datetime.combine(day, time()), datetime.combine(day + timedelta(days=1), time())
    if grant.hours is None:
        return [(start, end)]
    a, b = _clock(grant.hours[0]), _clock(grant.hours[1])
    if a <= b:
        return [(datetime.combine(day, a), datetime.combine(day, b))]
    return [(start, datetime.combine(day, b)), (datetime.combine(day, a), end)]  # overnight window


def time_outside(grant: Grant, started_at: datetime, duration: float, tz: ZoneInfo) -> list[Stretch]:
    """Stretches of [0, duration] outside the grant's days, hours and validity (local time)."""
    begin = started_at.astimezone(tz)
    finish = begin + timedelta(seconds=duration)
    allowed: list[tuple[float, float]] = []
    day = begin.date()
    while day <= finish.date():
        for a, b in _allowed_local(grant, day):
            lo = (a.replace(tzinfo=tz) - begin).total_seconds()
            hi = (b.replace(tzinfo=tz) - begin).total_seconds()
            lo, hi = max(lo, 0.0), min(hi, duration)
            if hi > lo:
                allowed.append((lo, hi))
        day += timedelta(days=1)
    out, at = [], 0.0
    for lo, hi in sorted(allowed):
        if lo > at:
            out.append(Stretch(at, lo, _time_reason(grant, begin + timedelta(seconds=at))))
        at = max(at, hi)
    if at < duration:
        out.append(Stretch(at, duration, _time_reason(grant, begin + timedelta(seconds=at))))
    return [s for s in out if s.t_end > s.t_start]


def _time_reason(grant: Grant, local: datetime) -> str:
    if grant.valid_until is not None and local.date() > grant.valid_until:
        return "after the consent ended"
    if grant.weekdays is not None and local.weekday() not in grant.weekdays:
        return "day outside the consent"
    return "hours outside the consent"


def windows_outside(grant: Grant, windows: list[Window]) -> list[Stretch]:
    out = []
    for w in windows:
        why = window_reason(grant, w.app, w.title)
        if why and w.t_end > w.t_start:
            out.append(Stretch(w.t_start, w.t_end, why))
    return out


def merge(stretches: list[Stretch]) -> tuple[Stretch, ...]:
    """Overlapping or touching stretches joined (the first reason kept), in time order."""
    merged: list[Stretch] = []
    for s in sorted(stretches, key=lambda s: (s.t_start, s.t_end)):
        if merged and s.t_start <= merged[-1].t_end:
            last = merged[-1]
            merged[-1] = Stretch(last.t_start, max(last.t_end, s.t_end), last.reason)
        else:
            merged.append(s)
    return tuple(merged)


def coverage(grant: Grant | None, withdrawn: bool, started_at: datetime, duration: float, timezone: str,
             windows: list[Window]) -> Coverage:
    """The verdict for one session under the grant that was valid at its start (None: there was none)."""
    if withdrawn:
        return Coverage(False, "consent withdrawn")
    if grant is None:
        return Coverage(False, "no consent for this purpose at the session's start")
    tz = zone(timezone)
    start_day = started_at.astimezone(tz).date()
    if grant.valid_from is not None and start_day < grant.valid_from:
        return Coverage(False, "the session was recorded before the consent started")
    if grant.valid_until is not None and start_day > grant.valid_until:
        return Coverage(False, "the session was recorded after the consent ended")
    stretches = time_outside(grant, started_at, duration, tz) + windows_outside(grant, windows)
    return Coverage(True, "covered", merge(stretches))


def parse_weekdays(text: str | None) -> tuple[int, ...] | None:
    """"mon-fri", "mon,wed,fri" or "sat-sun" -> day numbers; None/empty: every day."""
    if not text:
        return None
    days: set[int] = set()
    for part in text.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise ValueError(f"unknown weekday in {part!r}: use {', '.join(WEEKDAYS)}")
        a, b = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return tuple(sorted(days))


def parse_hours(text: str | None) -> tuple[str, str] | None:
    """"09:00-18:00" -> ("09:00", "18:00"); an overnight window such as "22:00-06:00" is allowed."""
    if not text:
        return None
    try:
        a, b = text.replace(" ", "").split("-")
        return (_clock(a).strftime("%H:%M"), _clock(b).strftime("%H:%M"))
    except ValueError:
        raise ValueError(f"hours {text!r}: expected HH:MM-HH:MM") from None
