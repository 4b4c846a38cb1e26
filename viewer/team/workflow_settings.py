"""The review workflow's settings: how long a queue lease lasts, and which share of sessions is reviewed twice.
Read when asked (never at import time); a bad value raises ValueError naming the variable."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LEASE_MINUTES = 30.0
DEFAULT_DOUBLE_SHARE = 0.1


@dataclass(frozen=True)
class QueueSettings:
    lease_minutes: float = DEFAULT_LEASE_MINUTES
    double_share: float = DEFAULT_DOUBLE_SHARE


def settings(environ: dict[str, str] | None = None) -> QueueSettings:
    """VIEWER_LEASE_MINUTES (1 to 1440) and VIEWER_DOUBLE_REVIEW (0 to 1) in `environ` (default: as
    viewer.settings reads them)."""
    if environ is None:
        from viewer import settings as app_settings

        environ = app_settings.load().env
    env = environ
    minutes = _number(env, "VIEWER_LEASE_MINUTES", DEFAULT_LEASE_MINUTES, 1, 24 * 60)
    share = _number(env, "VIEWER_DOUBLE_REVIEW", DEFAULT_DOUBLE_SHARE, 0, 1)
    return QueueSettings(minutes, share)


def _number(env, name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # also false for nan
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}")
    return value
