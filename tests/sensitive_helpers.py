"""Building typed-text sessions for the sensitive tests."""

from __future__ import annotations

from pathlib import Path

from tests.trace_factory import make_session
from viewer.trace import load_session

SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')


class Typist:
    """Emits key events like a recorder would (W3C key names), keeping the clock."""

    def __init__(self, t: float = 0.0) -> None:
        self.t = t
        self.events: list[dict] = []

    def emit(self, type_: str, **fields) -> float:
        t = round(self.t, 3)
        self.events.append({"t": t, "type": type_, **fields})
        return t

    def wait(self, dt: float) -> None:
        self.t += dt

    def focus(self, app: str, title: str) -> None:
        self.emit("focus", app=app, title=title)
        self.wait(0.3)

    def click(self, x: int = 100, y: int = 100) -> None:
        self.emit("down", x=x, y=y, button="left")
        self.wait(0.05)
        self.emit("up", x=x, y=y, button="left")
        self.wait(0.2)

    def press(self, key: str) -> tuple[float, float]:
        t0 = self.emit("key_down", key=key)
        self.wait(0.06)
        t1 = self.emit("key_up", key=key)
        self.wait(0.05)
        return t0, t1

    def type(self, text: str) -> tuple[float, float]:
        """Types text; returns (first key down, last key up)."""
        start = end = round(self.t, 3)
        for ch in text:
            shift = ch.isupper() or ch in SHIFTED
            if shift:
                self.emit("key_down", key="Shift")
                self.wait(0.02)
            _, end = self.press(ch)
            if shift:
                self.emit("key_up", key="Shift")
                self.wait(0.02)
        return start, end

    def paste(self, text: str, mod: str = "Control") -> tuple[float, float]:
        t0 = self.emit("key", key="v", mods=[mod])
        self.wait(0.02)
        t1 = self.emit("text", text=text)
        self.wait(0.1)
        return t0, t1


def session_of(tmp: Path, events: list[dict], name: str = "s1", images: bool = False, manifest: dict | None = None):
    events = sorted(events, key=lambda e: e["t"])
    d = make_session(tmp, name, events=events, images=images, manifest=manifest)
    return load_session(d, tmp / "cache")
