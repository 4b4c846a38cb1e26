"""Thresholds of the quality checks: a dataclass with defaults, overridable by env or CLI (NAME=VALUE)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ENV_PREFIX = "VIEWER_QA_"


@dataclass(frozen=True)
class Thresholds:
    """Each field: the limit beyond which a session gets the problem code named in the comment."""

    long_gap: float = 300.0  # s without any event -> long-gap
    clock_jump: float = 1800.0  # s forward in one step (implausible for a recording) -> clock-jump
    idle_gap: float = 5.0  # s without input (pointer/keys) counts as idle time
    max_idle_fraction: float = 0.8  # share of the session idle -> idle
    max_speed: float = 20000.0  # px/s between pointer events, over teleport_distance -> teleport
    teleport_distance: float = 300.0  # px: shorter hops are never teleports (timer jitter)
    max_off_screen: int = 0  # pointer events off every screen allowed -> off-screen
    max_duplicates: int = 0  # identical events allowed -> duplicate-events
    screenshot_gap: float = 60.0  # s without a fresh screenshot (and no screen video) -> stale-screenshot
    video_tolerance: float = 2.0  # s the screen video may miss or overrun the events' span -> video-length
    min_events_per_s: float = 0.0  # fewer events per second -> sparse (0: off)
    min_duration: float = 0.0  # shorter sessions -> too-short (0: off)
    check_images: bool = True  # decode every screenshot (False: only check that the files exist)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    def with_overrides(self, pairs: Mapping[str, str] | Iterable[tuple[str, str]]) -> Thresholds:
        """A copy with NAME=VALUE strings applied; ValueError names a bad name or value."""
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        types = {f.name: f.type for f in dataclasses.fields(self)}
        changes = {}
        for name, raw in items:
            key = name.strip().lower().replace("-", "_")
            if key not in types:
                raise ValueError(f"unknown threshold '{name}' (known: {', '.join(types)})")
            changes[key] = _parse(key, str(types[key]), raw)
        return dataclasses.replace(self, **changes)

    def fingerprint(self) -> str:
        return ",".join(f"{k}={v!r}" for k, v in sorted(dataclasses.asdict(self).items()))


def _parse(name: str, kind: str, raw: str):
    text = str(raw).strip()
    try:
        if kind == "bool":
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError
        value = int(text) if kind == "int" else float(text)
    except ValueError:
        raise ValueError(f"threshold '{name}' needs a {kind}, not '{text[:20]}'") from None
    if value != value or value < 0:
        raise ValueError(f"threshold '{name}' must be a non-negative number")
    return value


def from_env(environ: Mapping[str, str] | None = None) -> Thresholds:
    """Defaults, overridden by VIEWER_QA_<NAME> variables (e.g. VIEWER_QA_LONG_GAP=600) in `environ`
    (default: as viewer.settings reads them)."""
    if environ is None:
        from viewer import settings

        environ = settings.load().env
    env = environ
    pairs = [(name, env[ENV_PREFIX + name.upper()]) for name in Thresholds.names()
             if env.get(ENV_PREFIX + name.upper())]
    return Thresholds().with_overrides(pairs)


def parse_pairs(values: Iterable[str]) -> list[tuple[str, str]]:
    out = []
    for value in values:
        name, sep, raw = value.partition("=")
        if not sep or not name:
            raise ValueError(f"'{value}' is not NAME=VALUE")
        out.append((name, raw))
    return out
