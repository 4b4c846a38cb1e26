"""The session being composed: events, the desktop's state over time, screenshots to take,
and what the truth needs (sensitive values and the spans of events that typed them, tasks).

Times are integer milliseconds since the session start while composing, so ordering and the
ms precision of the trace are exact; they become seconds only when written.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .state import Desktop, Env


@dataclass
class Secret:
    kind: str
    value: str | None
    typed: list[tuple[int, int]] = field(default_factory=list)  # spans of events producing it


def shot_file(t: int, screen: int, ext: str) -> str:
    return f"screenshots/{t:08d}_{screen}.{ext}"


class Timeline:
    def __init__(self, env: Env, desk: Desktop, pointer: tuple[int, int]) -> None:
        self.env, self.pointer, self.start_pointer, self.now = env, pointer, pointer, 0
        self.events: list[dict] = []
        self.states: list[tuple[int, Desktop]] = [(0, desk)]
        self.shots: list[tuple[int, int]] = []  # (t, screen)
        self.secrets: dict[str, Secret] = {}
        self.tasks: list[dict] = []
        self.last_t = 0

    @property
    def desk(self) -> Desktop:
        return self.states[-1][1]

    def emit(self, type_: str, t: int | None = None, **fields) -> int:
        t = self.now if t is None else t
        self.events.append({"t": t, "type": type_, **fields})
        self.last_t = max(self.last_t, t)
        return t

    def wait(self, ms: float) -> None:
        self.now += max(0, int(round(ms)))

    def catch_up(self) -> None:
        """Move `now` past every event emitted so far."""
        self.now = max(self.now, self.last_t)

    def set(self, desk: Desktop, t: int | None = None) -> None:
        """The desktop looks like `desk` from time `t` (default now) on."""
        t = self.now if t is None else t
        if t < self.states[-1][0]:
            raise ValueError("desktop states must be added in time order")
        self.states.append((t, desk))

    def state_at(self, t: int) -> Desktop:
        i = bisect_right(self.states, t, key=lambda s: s[0]) - 1
        return self.states[max(i, 0)][1]

    def shot(self, screen: int, t: int | None = None) -> None:
        """A screenshot of `screen` at `t` (default now); one per screen and millisecond."""
        t = self.now if t is None else t
        if (t, screen) not in self.shots[-4:]:
            self.shots.append((t, screen))
            where = {"screen": screen} if len(self.env.screens) > 1 else {}
            self.emit("screenshot", t, file=shot_file(t, screen, self.env.image_format), **where)

    def secret(self, kind: str, value: str | None) -> str:
        """Register a sensitive value; returns the tag views use to say they show it."""
        tag = f"s{len(self.secrets)}"
        self.secrets[tag] = Secret(kind, value)
        return tag

    def typed(self, tag: str, t0: int, t1: int) -> None:
        self.secrets[tag].typed.append((t0, t1))
