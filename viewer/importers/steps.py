"""Step trajectories (AgentNetBench, OSWorld-style agent logs) -> trace/1.

A trajectory is a JSON file: task descriptions and `steps[]`, each with a screenshot (`image`, found
beside the JSON, under `images/` or under `<task_id>/`), pyautogui `action` code and the agent's
`inner_monologue`. The source has no clock, so times are synthetic and stated in the manifest:
step n's screenshot is at t = n * STEP_SECONDS (step numbers kept, so a missing step shows as a gap),
its marker (the step's instruction and reasoning) at the same t, and its actions from ACTION_DELAY
seconds later, EVENT_GAP apart (closer if many, so a step never runs into the next).
"""

from __future__ import annotations

import re
from pathlib import Path

import orjson

from .common import (PLACEHOLDER_START, SIDE_DIR, UNKNOWN, Built, extra_value, extras, image_size,
                     inferred_screen, os_name, safe_id)
from .identity import IDENTITY_KEYS, Identity, content_id, find_identity, session_id_for
from .pyautogui_actions import Expander, needs_screen, parse
from .report import ImportReport

STEP_SECONDS = 5.0
ACTION_DELAY = 1.0
EVENT_GAP = 0.05
STEP_KEYS = ("step_num", "image", "action", "inner_monologue")
TOP_KEYS = ("task_id", "user_task_description", "high_level_task_description", "steps", "meta_info")


def is_trajectory(path: Path) -> bool:
    if not (path.is_file() and path.suffix.lower() == ".json"):
        return False
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    return isinstance(data, dict) and isinstance(data.get("steps"), list) and any(
        isinstance(s, dict) and "action" in s for s in data["steps"])


def read(src: Path, report: ImportReport):
    built = build(src, report)
    if built is not None:
        yield built


def build(path: Path, report: ImportReport) -> Built | None:
    try:
        text = path.read_text(encoding="utf-8")
        data = orjson.loads(text)
    except (OSError, UnicodeDecodeError, orjson.JSONDecodeError) as exc:
        report.add(path, 0, "bad-json", str(exc))
        return None
    steps = data.get("steps") if isinstance(data, dict) else None
    if not isinstance(steps, list) or not steps:
        report.add(path, 0, "no-steps", "no steps[]; nothing imported")
        return None
    ctx = _Context(path, data, text, report)
    for index, step in enumerate(steps):
        ctx.step(index, step)
    if not ctx.events:
        report.add(path, 0, "no-events", "no usable step; nothing imported")
        return None
    return ctx.finish()


class _Context:
    """The trajectory being converted: its events, screenshots and pointer state across steps."""

    def __init__(self, path: Path, data: dict, text: str, report: ImportReport):
        self.path, self.data, self.report = path, data, report
        self.lines = {int(m.group(1)): text.count("\n", 0, m.start()) + 1
                      for m in re.finditer(r'"step_num"\s*:\s*(\d+)', text)}
        self.numbers = _step_numbers(data["steps"])
        self.events: list[dict] = []
        self.identity = _identity(path, data)
        task_id = str(data["task_id"]) if data.get("task_id") else None
        sid = session_id_for(task_id, self.identity, f"steps-{content_id(path)}")
        self.built = Built(sid, "steps", {}, identity=self.identity)
        self.size: tuple[int, int] | None = None
        self.expander: Expander | None = None
        self.sizeless = Expander(0, 0)  # key and computer.* calls before any screen size is known
        if self.numbers is None:
            report.warn(path, 0, "step-order", "step_num missing or not increasing; steps numbered in order")

    def line(self, number: int) -> int:
        return self.lines.get(number, 0)

    def step(self, index: int, step) -> None:
        number = self.numbers[index] if self.numbers else index
        if not isinstance(step, dict):
            self.report.add(self.path, 0, "bad-step", f"step {index} is not an object; skipped")
            return
        t = number * STEP_SECONDS
        self._screenshot(step, number, t)
        self.events.append(_marker(step, number, t))
        self._actions(step, number, t)

    def _screenshot(self, step: dict, number: int, t: float) -> None:
        image = self._image(step.get("image"))
        if image is None:
            self.report.warn(self.path, self.line(number), "missing-screenshot",
                             f"step {number}: image {step.get('image')!r} not found")
            return
        rel = f"screenshots/{number:06d}{image.suffix.lower()}"  # the source's name may hold a person's
        self.built.add_file(rel, image)
        self.events.append({"t": t, "type": "screenshot", "file": rel, "screen": 0, "step": number})
        size = image_size(image)
        if size is None:
            self.report.warn(image, 0, "bad-image", "cannot read its size")
        elif self.size is None or size != self.size:
            self.size = size
            self._expander_for(size)

    def _image(self, name) -> Path | None:
        if not isinstance(name, str) or not name:
            return None
        base = self.path.parent
        for folder in (base / "images", base, base / str(self.data.get("task_id", "")), base / self.path.stem):
            candidate = folder / Path(name).name
            if candidate.is_file():
                return candidate
        return None

    def _expander_for(self, size: tuple[int, int]) -> None:
        pos = self.expander.pos if self.expander else None
        self.expander = Expander(size[0], size[1], pos)

    def _fallback_size(self) -> None:
        res = (self.data.get("meta_info") or {}).get("screen_resolution") or {}
        w, h = res.get("width"), res.get("height")
        if isinstance(w, int) and isinstance(h, int) and w > 0 and h > 0:
            self.report.warn(self.path, 0, "size-from-metadata", "no readable screenshot before the first "
                             f"action; coordinates scaled to meta_info screen_resolution {w}x{h}")
            self._expander_for((w, h))

    def _actions(self, step: dict, number: int, t: float) -> None:
        code = step.get("action")
        if not isinstance(code, str) or not code.strip():
            return
        if self.expander is None:
            self._fallback_size()
        calls, errors = parse(code)
        for message in errors:
            self.report.add(self.path, self.line(number), "bad-action", f"step {number}: {message}")
        produced = []
        for call in calls:
            produced += self._expand(call, number)
        gap = min(EVENT_GAP, (STEP_SECONDS - ACTION_DELAY - 0.5) / max(len(produced), 1))
        for i, event in enumerate(produced):
            self.events.append({"t": t + ACTION_DELAY + i * gap, **event, "step": number})

    def _expand(self, call, number: int) -> list[dict]:
        expander = self.expander
        if expander is None and not needs_screen(call):
            expander = self.sizeless
        if expander is None:
            self.report.add(self.path, self.line(number), "no-screen-size",
                            f"step {number}: no screenshot size to place {call.label}; skipped")
            return []
        try:
            return expander.expand(call)
        except (ValueError, TypeError) as exc:
            self.report.add(self.path, self.line(number), "unknown-action", f"step {number}: {exc}; skipped")
            return []

    def finish(self) -> Built:
        self._report_gaps()
        last = max(e["t"] for e in self.events)
        self.built.events = self.events
        self.built.manifest = self._manifest(last)
        self.built.add_file(f"{SIDE_DIR}/{self.path.name}", self.path)
        return self.built

    def _report_gaps(self) -> None:
        if not self.numbers:
            return
        missing = sorted(set(range(self.numbers[0], self.numbers[-1] + 1)) - set(self.numbers))
        if missing:
            self.report.warn(self.path, 0, "missing-steps", "steps " + ", ".join(map(str, missing))
                             + " are not in the trajectory (left as gaps in time)")

    def _manifest(self, last: float) -> dict:
        data, meta = self.data, self.data.get("meta_info") or {}
        width, height = self.size or (None, None)
        self._check_resolution(meta)
        return {
            "session_id": self.built.session_id,
            "started_at": PLACEHOLDER_START,  # the source has no clock
            "user": self.identity.user or UNKNOWN,
            "recorder": {"name": "agentnetbench-steps", "version": UNKNOWN},
            "os": os_name(meta.get("system")) if isinstance(meta, dict) else UNKNOWN,
            "timezone": UNKNOWN,
            "screens": [{"id": 0, "x": 0, "y": 0, "width": width, "height": height, "scale": 1.0}
                        if self.size else inferred_screen(self.events)],
            "coords": "pixels",
            "tasks": self._tasks(last),
            "clock": {"t_zero": "step 0", "synthetic": True, "step_seconds": STEP_SECONDS,
                      "action_delay": ACTION_DELAY, "note": "the source has no clock: step n is at "
                      f"t = n * {STEP_SECONDS} s, its actions from {ACTION_DELAY} s later; "
                      "started_at is a placeholder (1970-01-01), the real time is unknown",
                      "started_at_known": False},
            "import": {"source_format": "steps", "source_name": self.path.name,
                       "previous_session_id": safe_id(str(data.get("task_id") or self.path.stem))},
            "source_metadata": {"meta_info": meta, **{k: v for k, v in data.items()
                                                      if k not in TOP_KEYS + IDENTITY_KEYS}},
        }

    def _check_resolution(self, meta) -> None:
        res = meta.get("screen_resolution") if isinstance(meta, dict) else None
        if isinstance(res, dict) and self.size and (res.get("width"), res.get("height")) != self.size:
            self.report.warn(self.path, 0, "resolution-mismatch", f"meta_info screen_resolution "
                             f"{res.get('width')}x{res.get('height')} differs from the screenshots' "
                             f"{self.size[0]}x{self.size[1]}; coordinates scaled to the screenshots")

    def _tasks(self, last: float) -> list[dict]:
        user, high = self.data.get("user_task_description"), self.data.get("high_level_task_description")
        instruction = user or high
        if not instruction:
            return []
        task = {"t_start": 0.0, "t_end": round(last, 3), "instruction": instruction}
        if high and high != instruction:
            task["high_level_instruction"] = high
        if self.data.get("task_id"):
            task["task_id"] = self.data["task_id"]
        notes = self.sizeless.notes + (self.expander.notes if self.expander else [])
        status = next((n.split(": ", 1)[1] for n in notes if n.startswith("terminate: ")), None)
        if status in ("success", "failure"):
            task["outcome"] = status
        return [task]


def _identity(path: Path, data: dict) -> Identity:
    """The person the trajectory names (top-level or meta_info fields, e-mails in its file names)."""
    steps = data.get("steps") or []
    images = [s["image"] for s in steps if isinstance(s, dict) and isinstance(s.get("image"), str)]
    return find_identity([{k: v for k, v in data.items() if k != "steps"}], [path.name, *images])


def _step_numbers(steps: list) -> list[int] | None:
    numbers = [s.get("step_num") if isinstance(s, dict) else None for s in steps]
    if all(isinstance(n, int) and not isinstance(n, bool) for n in numbers) and all(
            a < b for a, b in zip(numbers, numbers[1:])):
        return numbers
    return None


def _marker(step: dict, number: int, t: float) -> dict:
    """The step as a marker: its instruction as the label, the reasoning and the rest as extra fields."""
    mono = step.get("inner_monologue")
    mono = mono if isinstance(mono, dict) else ({"inner_monologue": mono} if mono else {})
    label = mono.get("low_level_instruction") or step.get("action") or f"step {number}"
    event = {"t": t, "type": "marker", "label": f"step {number}: {label}", "step": number,
             "action": step.get("action")}
    event.update({k: extra_value(v) for k, v in mono.items() if v is not None})
    event.update(extras(step, STEP_KEYS))
    return event
