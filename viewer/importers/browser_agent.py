"""Browser-agent results (Online-Mind2Web / BrowserGym-style evaluation output) -> trace/1.

A run is a directory `<task_id>/` with `result.json` (`task_id`, `task`, `result_status`, `action_history[]`
as English strings, `thoughts[]`, `final_result_response`) and, when kept, `trajectory/<N>_full_screenshot.png`.
The task id (a hex digest the harness generated) is the session id; folder names are never used. The person
a run names (identity fields, e-mails in the folder's name, the task, thoughts, answer or URLs) becomes `user`
and is scrubbed everywhere else.

The source has no clock, so times are synthetic and stated in the manifest: step n (action_history[n]) is at
t = n * STEP_SECONDS with its marker (the agent's thought for that step), its events from ACTION_DELAY later;
screenshot N is shown from step N's time. The final answer is a marker after the last step.

Actions: `Navigate to URL` -> a focus event (app "browser", the URL as title); `Click at (x, y)` (also
double/right/middle) -> move, down, up in viewport pixels; `Hover at (x, y)` -> move; `Type "text"` -> a text
event; `Press KEY` (or `A+B`) -> key_down/key_up with W3C names; `Scroll (delta_x=.., delta_y=..)` -> a scroll
at the pointer with the browser's deltas as recorded (positive dy: down the page); `Navigate back/forward`,
`Wait` and anything else -> a marker holding the string (unknown ones reported).
"""

from __future__ import annotations

import re
from pathlib import Path

import orjson

from .common import (PLACEHOLDER_START, SIDE_DIR, UNKNOWN, Built, extras, generated_id, image_size, inferred_screen,
                     random_id)
from .identity import Identity, find_identity, strings_in
from .keys import w3c_key
from .report import ImportReport

RESULT = "result.json"
SHOTS = "trajectory"
STEP_SECONDS = 5.0
ACTION_DELAY = 1.0
EVENT_GAP = 0.05
TOP_KEYS = ("task_id", "task", "result_status", "action_history", "thoughts", "final_result_response")
OUTCOMES = {"success": "success", "succeeded": "success", "failure": "failure", "failed": "failure",
            "fail": "failure", "partial": "partial"}
SHOT_NAME = re.compile(r"^(\d+)_full_screenshot\.(png|jpe?g|webp)$", re.I)
_XY = r"\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)"
_CLICK = re.compile(r"^(double |right |middle |left )?click (?:at )?" + _XY, re.I)
_HOVER = re.compile(r"^(?:hover|move)(?: mouse)? (?:at |to )?" + _XY, re.I)
_SCROLL = re.compile(r"^scroll\s*\(\s*delta_x\s*=\s*(-?[\d.]+)\s*,\s*delta_y\s*=\s*(-?[\d.]+)\s*\)", re.I)
_NAVIGATE = re.compile(r"^(?:navigate|go) to (\S+)\s*$", re.I)
_TYPE = re.compile(r'^type\s+"(.*)"\s*$', re.I | re.S)
_PRESS = re.compile(r"^press\s+(.+)$", re.I)


def is_run(path: Path) -> bool:
    """A directory with a result.json holding `action_history`, a list of (mostly) strings."""
    if not (path.is_dir() and (path / RESULT).is_file()):
        return False
    try:
        data = orjson.loads((path / RESULT).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    history = data.get("action_history") if isinstance(data, dict) else None
    return isinstance(history, list) and any(isinstance(a, str) for a in history)


def read(src: Path, report: ImportReport):
    built = build(src, report)
    if built is not None:
        yield built


def build(src: Path, report: ImportReport) -> Built | None:
    path = src / RESULT
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        report.add(path, 0, "bad-json", str(exc))
        return None
    history = data.get("action_history") if isinstance(data, dict) else None
    if not isinstance(history, list) or not history:
        report.add(path, 0, "no-steps", "no action_history[]; nothing imported")
        return None
    run = _Run(src, data, report)
    for number, action in enumerate(history):
        run.step(number, action)
    return run.finish()


class _Run:
    """The run being converted: events, screenshots by step and the pointer position."""

    def __init__(self, src: Path, data: dict, report: ImportReport):
        self.src, self.data, self.report = src, data, report
        self.path = src / RESULT
        self.events: list[dict] = []
        self.pos: tuple[int, int] | None = None
        self.shots = _screenshots(src)
        self.built = Built("", "browser-agent", {}, identity=identity_of(src, data, self.shots))
        self.size: tuple[int, int] | None = None
        self.steps = 0
        thoughts = data.get("thoughts")
        self.thoughts = thoughts if isinstance(thoughts, list) else []

    def step(self, number: int, action) -> None:
        t = number * STEP_SECONDS
        self.steps = number + 1
        self._screenshot(number, t)
        label = _safe_label(action)
        marker = {"t": t, "type": "marker", "label": f"step {number}: {label}", "step": number}
        thought = self.thoughts[number] if number < len(self.thoughts) else None
        if isinstance(thought, str) and thought:
            marker["thought"] = thought
        self.events.append(marker)
        if not isinstance(action, str):
            self.report.add(self.path, 0, "bad-action", f"action_history[{number}] is not a string; skipped")
            return
        for i, event in enumerate(self._action(number, action.strip())):
            self.events.append({"t": round(t + ACTION_DELAY + i * EVENT_GAP, 6), **event, "step": number})

    def _screenshot(self, number: int, t: float) -> None:
        image = self.shots.get(number)
        if image is None:
            return
        size = image_size(image)
        if size is None:
            self.report.warn(image, 0, "bad-image", "cannot be read as an image; not used")
            return
        self.size = self.size or size
        rel = f"screenshots/{number:06d}{image.suffix.lower()}"
        self.built.add_file(rel, image)
        self.events.append({"t": t, "type": "screenshot", "file": rel, "screen": 0, "step": number})

    def _action(self, number: int, text: str) -> list[dict]:
        if m := _NAVIGATE.match(text):
            return [{"type": "focus", "app": "browser", "title": m[1]}]
        if m := _CLICK.match(text):
            button = (m[1] or "left").strip().lower()
            button, count = ("left", 2) if button == "double" else (button, 1)
            out = self._move(m[2], m[3])
            return out + [{"type": kind, "x": self.pos[0], "y": self.pos[1], "button": button}
                          for _ in range(count) for kind in ("down", "up")]
        if m := _HOVER.match(text):
            return self._move(m[1], m[2])
        if m := _TYPE.match(text):
            return [{"type": "text", "text": m[1]}]
        if m := _PRESS.match(text):
            keys = [k.strip() for k in re.split(r"\s*\+\s*", m[1].strip()) if k.strip()]
            downs = [_key("key_down", k) for k in keys]
            return downs + [_key("key_up", k) for k in reversed(keys)]
        if m := _SCROLL.match(text):
            at = self._here()
            return at + [{"type": "scroll", "x": self.pos[0], "y": self.pos[1], "dx": float(m[1]), "dy": float(m[2])}]
        if not re.match(r"^(navigate (back|forward)|go (back|forward)|wait|reload|refresh)\b", text, re.I):
            self.report.warn(self.path, 0, "unknown-action", f"action_history[{number}] is not a known action; "
                             "kept as a marker")
        return [{"type": "marker", "label": text}]

    def _move(self, x: str, y: str) -> list[dict]:
        self.pos = (round(float(x)), round(float(y)))
        return [{"type": "move", "x": self.pos[0], "y": self.pos[1]}]

    def _here(self) -> list[dict]:
        """Nothing if the pointer position is known; else a move to the viewport's centre, marked assumed."""
        if self.pos is not None:
            return []
        w, h = self.size or (1280, 720)  # the harness's usual viewport when nothing says otherwise
        self.pos = (w // 2, h // 2)
        return [{"type": "move", "x": self.pos[0], "y": self.pos[1], "position_assumed": True}]

    def finish(self) -> Built:
        last = max(e["t"] for e in self.events)
        final = self.data.get("final_result_response")
        if isinstance(final, str) and final:
            last = self.steps * STEP_SECONDS  # where the next step would have begun
            self.events.append({"t": last, "type": "marker", "label": "final answer", "answer": final})
        self.built.session_id = generated_id(self.data.get("task_id")) or random_id("browser-agent")
        self.built.events = sorted(self.events, key=lambda e: e["t"])
        self.built.manifest = self._manifest(last)
        self.built.add_file(f"{SIDE_DIR}/{RESULT}", self.path)
        if not self.shots:
            self.report.warn(self.src, 0, "no-screenshots", f"no {SHOTS}/<N>_full_screenshot.png; the session has "
                             "events and no screens")
        return self.built

    def _manifest(self, last: float) -> dict:
        if self.size:
            screen = {"id": 0, "x": 0, "y": 0, "width": self.size[0], "height": self.size[1], "scale": 1.0}
        else:
            screen = inferred_screen(self.events)
        manifest = {
            "session_id": self.built.session_id,
            "started_at": PLACEHOLDER_START,  # the source has no clock
            "user": self.built.identity.user or UNKNOWN,
            "recorder": {"name": "browser-agent", "version": UNKNOWN},
            "os": UNKNOWN,
            "timezone": UNKNOWN,
            "screens": [screen],
            "coords": "pixels",
            "clock": {"t_zero": "step 0", "synthetic": True, "step_seconds": STEP_SECONDS,
                      "action_delay": ACTION_DELAY, "started_at_known": False,
                      "note": f"the source has no clock: step n is at t = n * {STEP_SECONDS} s, its actions from "
                      f"{ACTION_DELAY} s later; started_at is a placeholder (1970-01-01)"},
            "import": {"source_format": "browser-agent"},
            "source_metadata": extras(self.data, TOP_KEYS),
        }
        task = self._task(last)
        if task:
            manifest["tasks"] = [task]
        return manifest

    def _task(self, last: float) -> dict | None:
        instruction = self.data.get("task")
        if not isinstance(instruction, str) or not instruction:
            return None
        task = {"t_start": 0.0, "t_end": round(last, 3), "instruction": instruction}
        status = self.data.get("result_status")
        if isinstance(status, str):
            task["result_status"] = status
            if status.lower() in OUTCOMES:
                task["outcome"] = OUTCOMES[status.lower()]
        return task


def identity_of(src: Path, data: dict, shots: dict[int, Path]) -> Identity:
    """The person a run names: identity fields of result.json (and one level below), e-mails in the folder's
    and screenshots' names, in the task, the thoughts, the final answer and the actions (URLs too), but not in
    what a `Type` action typed (that may be anyone's address)."""
    history = data.get("action_history") if isinstance(data.get("action_history"), list) else []
    actions = [a for a in history if isinstance(a, str) and not _TYPE.match(a.strip())]
    meta = {k: v for k, v in data.items() if k not in ("action_history", "thoughts")}
    texts = strings_in(meta) + strings_in(data.get("thoughts")) + actions
    return find_identity([meta], [src.name, *(p.name for p in shots.values())], texts)


def _screenshots(src: Path) -> dict[int, Path]:
    folder = src / SHOTS
    if not folder.is_dir():
        return {}
    found = {}
    for path in folder.iterdir():
        m = SHOT_NAME.match(path.name)
        if m and path.is_file():
            found[int(m[1])] = path
    return found


def _safe_label(action) -> str:
    """The action for a marker's label, without the text a `Type` action typed (only input events hold it,
    where a reviewer's flags redact it)."""
    if not isinstance(action, str):
        return "?"
    return "Type" if _TYPE.match(action.strip()) else action.strip()


def _key(kind: str, name: str) -> dict:
    key = w3c_key(name)
    event = {"type": kind, "key": key}
    if len(name) > 1 and name != key:
        event["src_key"] = name
    return event
