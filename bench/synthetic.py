"""A large mixed-type events file for benchmarks: the mix of a real session (mostly moves)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson

KEYS = list("abcdefghijklmnopqrstuvwxyz ") + ["Shift", "Enter", "Backspace", "Tab"]
APPS = [("Firefox", "Inbox - Mail"), ("Terminal", "bash"), ("Code", "main.py"), ("Slack", "general")]


def _event(rng: np.random.Generator, t: float, i: int) -> dict:
    r = rng.random()
    x, y = int(rng.integers(0, 1920)), int(rng.integers(0, 1080))
    if r < 0.70:
        return {"t": t, "type": "move", "x": x, "y": y}
    if r < 0.76:
        return {"t": t, "type": "down" if r < 0.73 else "up", "x": x, "y": y, "button": "left"}
    if r < 0.80:
        return {"t": t, "type": "scroll", "x": x, "y": y, "dx": 0, "dy": int(rng.integers(-3, 4))}
    if r < 0.94:
        return {"t": t, "type": "key_down" if r < 0.87 else "key_up", "key": KEYS[int(rng.integers(len(KEYS)))]}
    if r < 0.95:
        return {"t": t, "type": "key", "key": "c", "mods": ["Control"]}
    if r < 0.96:
        return {"t": t, "type": "text", "text": "pasted text chunk"}
    if r < 0.97:
        app, title = APPS[int(rng.integers(len(APPS)))]
        return {"t": t, "type": "focus", "app": app, "title": title}
    if r < 0.99:
        return {"t": t, "type": "screenshot", "file": f"screenshots/{i:07d}.jpg"}
    return {"t": t, "type": "marker", "label": "task step"}


def write_events(path: Path, n: int, seed: int = 0) -> Path:
    """Write `n` events with increasing ms times to `path` (JSONL)."""
    rng = np.random.default_rng(seed)
    times = np.cumsum(rng.integers(1, 30, size=n)) / 1000.0
    with open(path, "wb") as out:
        for i, t in enumerate(times):
            out.write(orjson.dumps(_event(rng, round(float(t), 3), i)) + b"\n")
    return path
