"""ScreenAgent (VNC agent) sessions -> trace/1.

A session is a directory of step files `<date>_<time>_<kind>.json` (e.g. `2023-12-20_19-31-31-255913_translate.json`),
each with the task, the model's response, `actions[]` and the screenshot it saw (`saved_image_name`, a JPEG
under `images/`), and `video_width`/`video_height` (the VNC screen). The tool's `session_id` (a UUID hex) is the
session id; the folder name is never used. The person a session names (identity fields, e-mails in the
folder's, files' and images' names or in the step texts) becomes `user` and is scrubbed everywhere else.

Time: the only clock is the file names (a local wall clock without UTC offset, microseconds). A step's screenshot
and its marker (the model's response as the agent's reasoning) are at the file's time; its actions run from
ACTION_DELAY seconds later, EVENT_GAP apart (the tool does not log when it executed them). `started_at` is the first
step's time, written without offset, and `timezone` is "unknown".

Actions: `MouseAction` (click, double_click, down, up, move, drag, scroll_up/down at `mouse_position {width: x,
height: y}`), `KeyboardAction` (press/down/up of X11 keysym names, one or a list for a combination, mapped to W3C
names with the X11 name kept in `src_key`; `text`, a typed string, as a `text` event), `PlanAction` and
`EvaluateSubTaskAction` as markers. Step files that repeat another step's time with another kind (the dataset's
`_neg_plan` training variants) are not steps that ran: kept under `source/` and named in `source_metadata`.
Scrolls: one wheel notch per `scroll_repeat`, dy +1 up / -1 down (pyautogui's sign).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import orjson

from .common import SIDE_DIR, UNKNOWN, Built, extra_value, generated_id, image_size, inferred_screen, random_id
from .identity import Identity, find_identity, strings_in
from .keys import w3c_button
from .report import ImportReport
from .x11_keys import x11_key

STEP_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-\d{6})_(.+)\.json$")
TIME_FORMAT = "%Y-%m-%d_%H-%M-%S-%f"
ACTION_DELAY = 1.0
EVENT_GAP = 0.05
STEP_KEYS = ("actions", "saved_image_name", "video_width", "video_height", "session_id")
KEPT_TEXT = ("task_prompt_en", "LLM_response_editer_en", "LLM_response_en", "LLM_response", "LLM_response_editer")


def is_session(path: Path) -> bool:
    """A directory holding at least one ScreenAgent step file (named by time, with `actions` and a screen size)."""
    if not path.is_dir():
        return False
    for name in sorted(p.name for p in path.iterdir())[:50]:
        if STEP_FILE.match(name):
            try:
                data = orjson.loads((path / name).read_bytes())
            except (OSError, orjson.JSONDecodeError):
                continue
            return isinstance(data, dict) and isinstance(data.get("actions"), list) and "video_width" in data
    return False


def read(src: Path, report: ImportReport):
    built = build(src, report)
    if built is not None:
        yield built


def build(src: Path, report: ImportReport) -> Built | None:
    steps, variants = _step_files(src, report)
    if not steps:
        report.add(src, 0, "no-steps", "no readable ScreenAgent step file; nothing imported")
        return None
    ctx = _Session(src, steps[0][0], report)
    ctx.built.identity = identity_of(src, steps, variants)
    for when, path, data in steps:
        ctx.step(when, path, data)
    return ctx.finish([path for _, path, _ in steps] + variants, [p.name for p in variants])


def identity_of(src: Path, steps: list, variants: list[Path]) -> Identity:
    """The person a session names: identity fields and e-mails in the step files (the task, the model's
    responses, any extra field, plan and pointer actions; not keyboard actions, whose typed text may be anyone's),
    e-mails in the folder's, the step files' and the images' names."""
    meta = [{k: v for k, v in data.items() if k != "actions"} for _, _, data in steps]
    actions = [a for _, _, d in steps if isinstance(d.get("actions"), list) for a in d["actions"]
               if isinstance(a, dict) and a.get("action_type") != "KeyboardAction"]
    images = src / "images"
    names = [src.name, *(p.name for _, p, _ in steps), *(p.name for p in variants)]
    names += [str(d.get("saved_image_name")) for _, _, d in steps if d.get("saved_image_name")]
    names += sorted(p.name for p in images.iterdir()) if images.is_dir() else []
    return find_identity(meta, names, strings_in(meta) + strings_in(actions))


def _step_files(src: Path, report: ImportReport):
    """(time, path, data) of each step in time order, and the variant files (a second file for a step's time)."""
    steps, variants, seen = [], [], set()
    for path in sorted(src.iterdir()):
        m = STEP_FILE.match(path.name)
        if not m or not path.is_file():
            continue
        try:
            when = datetime.strptime(m.group(1), TIME_FORMAT)
            data = orjson.loads(path.read_bytes())
        except ValueError as exc:  # a bad date in the name, or bad JSON (orjson's error is a ValueError)
            report.add(path, 0, "bad-json" if isinstance(exc, orjson.JSONDecodeError) else "bad-name", str(exc))
            continue
        except OSError as exc:
            report.add(path, 0, "unreadable", str(exc))
            continue
        if not isinstance(data, dict):
            report.add(path, 0, "bad-step", "not a JSON object; skipped")
            continue
        if when in seen:
            variants.append(path)
            continue
        seen.add(when)
        steps.append((when, path, data))
    return sorted(steps, key=lambda s: s[0]), variants


class _Session:
    """The session being converted: events, screenshots, the pointer position and the screen size."""

    def __init__(self, src: Path, start: datetime, report: ImportReport):
        self.src, self.start, self.report = src, start, report
        self.events: list[dict] = []
        self.built = Built("", "screenagent", {})
        self.size: tuple[int, int] | None = None
        self.pos: tuple[int, int] | None = None
        self.source_ids: set[str] = set()
        self.task: str | None = None
        self.shots = self.steps = 0

    def step(self, when: datetime, path: Path, data: dict) -> None:
        t = round((when - self.start).total_seconds(), 6)
        number, self.steps = self.steps, self.steps + 1
        if data.get("session_id") is not None:
            self.source_ids.add(str(data["session_id"]))
        self.task = self.task or data.get("task_prompt_en") or data.get("task_prompt")
        self._screen_size(path, data)
        self._screenshot(path, data, t, number)
        self.events.append(_marker(data, number, t))
        actions = data.get("actions")
        if not isinstance(actions, list):
            self.report.add(path, 0, "bad-step", "'actions' is not a list; no actions imported")
            return
        produced = []
        for i, action in enumerate(actions):
            produced += self._action(path, i, action)
        for i, event in enumerate(produced):
            self.events.append({"t": round(t + ACTION_DELAY + i * EVENT_GAP, 6), **event, "step": number})

    def _screen_size(self, path: Path, data: dict) -> None:
        w, h = data.get("video_width"), data.get("video_height")
        if isinstance(w, int) and isinstance(h, int) and w > 0 and h > 0:
            if self.size is not None and (w, h) != self.size:
                self.report.warn(path, 0, "resolution-change", f"video size {w}x{h} differs from {self.size[0]}x"
                                 f"{self.size[1]} of an earlier step; the first is the session's screen")
            self.size = self.size or (w, h)

    def _screenshot(self, path: Path, data: dict, t: float, number: int) -> None:
        name = data.get("saved_image_name")
        image = next((p for p in (self.src / "images" / str(name), self.src / str(name))
                      if isinstance(name, str) and name and p.is_file()), None)
        if image is None:
            self.report.warn(path, 0, "missing-screenshot", f"step {number}: its image is not in images/")
            return
        size = image_size(image)
        if size is None:
            self.report.warn(image, 0, "bad-image", "cannot be read as an image; not used")
            return
        if self.size is not None and size != self.size:
            self.report.warn(image, 0, "resolution-mismatch", f"image {size[0]}x{size[1]} differs from the video "
                             f"size {self.size[0]}x{self.size[1]}")
        rel = f"screenshots/{self.shots:06d}{image.suffix.lower()}"
        self.shots += 1
        self.built.add_file(rel, image)
        self.events.append({"t": t, "type": "screenshot", "file": rel, "screen": 0, "step": number})

    def _action(self, path: Path, index: int, action) -> list[dict]:
        kind = action.get("action_type") if isinstance(action, dict) else None
        handler = {"MouseAction": self._mouse, "KeyboardAction": self._keyboard}.get(kind)
        try:
            if handler is not None:
                return handler(action)
            if kind in ("PlanAction", "EvaluateSubTaskAction", "WaitAction"):
                return [_action_marker(kind, action)]
            raise ValueError(f"unknown action type {kind!r}" if kind else "not an object with action_type")
        except (ValueError, TypeError, KeyError) as exc:
            self.report.add(path, 0, "unknown-action", f"actions[{index}]: {exc}; skipped")
            return []

    # -- pointer --
    def _mouse(self, action: dict) -> list[dict]:
        kind = str(action.get("mouse_action_type", "")).lower()
        button = w3c_button(action.get("mouse_button")) or "left"
        target = _position(action.get("mouse_position"))
        if kind in ("click", "double_click"):
            out = self._move_to(target)
            return out + [self._button(e, button) for _ in range(2 if kind == "double_click" else 1)
                          for e in ("down", "up")]
        if kind in ("down", "up"):
            return self._move_to(target) + [self._button(kind, button)]
        if kind == "move":
            if target is None:
                raise ValueError("move without mouse_position")
            return self._move_to(target)
        if kind == "drag":
            if target is None:
                raise ValueError("drag without mouse_position")
            out = self._move_to(None) + [self._button("down", button)]
            return out + self._move_to(target) + [self._button("up", button)]
        if kind in ("scroll_up", "scroll_down"):
            repeat = action.get("scroll_repeat") or 1
            if not isinstance(repeat, int) or isinstance(repeat, bool):
                raise ValueError("scroll_repeat is not an integer")
            out = self._move_to(target)
            dy = repeat if kind == "scroll_up" else -repeat
            return out + [{"type": "scroll", "x": self.pos[0], "y": self.pos[1], "dx": 0, "dy": dy}]
        raise ValueError(f"unknown mouse_action_type {kind!r}")

    def _move_to(self, target: tuple[int, int] | None) -> list[dict]:
        """A move to `target`; with none, nothing if the position is known, else the screen centre (assumed)."""
        if target is not None:
            self.pos = target
            return [{"type": "move", "x": target[0], "y": target[1]}]
        if self.pos is not None:
            return []
        w, h = self.size or (2, 2)
        self.pos = (w // 2, h // 2)
        return [{"type": "move", "x": self.pos[0], "y": self.pos[1], "position_assumed": True}]

    def _button(self, kind: str, button: str) -> dict:
        return {"type": kind, "x": self.pos[0], "y": self.pos[1], "button": button}

    # -- keyboard --
    def _keyboard(self, action: dict) -> list[dict]:
        kind = str(action.get("keyboard_action_type", "")).lower()
        if kind in ("text", "input"):
            text = action.get("keyboard_text", action.get("keyboard_input"))
            if not isinstance(text, str):
                raise ValueError("text action without keyboard_text")
            return [{"type": "text", "text": text}]
        keys = action.get("keyboard_key")
        keys = [keys] if isinstance(keys, str) else keys
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            raise ValueError("key action without keyboard_key")
        if kind == "press":
            return [_key("key_down", k) for k in keys] + [_key("key_up", k) for k in reversed(keys)]
        if kind in ("down", "up"):
            return [_key(f"key_{kind}", k) for k in keys]
        raise ValueError(f"unknown keyboard_action_type {kind!r}")

    def finish(self, files: list[Path], variants: list[str]) -> Built:
        ids = {i for i in map(generated_id, self.source_ids) if i}
        if len(ids) > 1:
            self.report.warn(self.src, 0, "several-ids", "step files name more than one session_id; the first kept")
        self.built.session_id = sorted(ids)[0] if ids else random_id("screenagent")
        for path in files:
            self.built.add_file(f"{SIDE_DIR}/{path.name}", path)
        self.built.events = sorted(self.events, key=lambda e: e["t"])
        self.built.manifest = self._manifest(variants)
        return self.built

    def _manifest(self, variants: list[str]) -> dict:
        last = max(e["t"] for e in self.events)
        if self.size:
            screen = {"id": 0, "x": 0, "y": 0, "width": self.size[0], "height": self.size[1], "scale": 1.0}
        else:
            screen = inferred_screen(self.events)
        manifest = {
            "session_id": self.built.session_id,
            "started_at": self.start.isoformat(timespec="milliseconds"),  # local wall clock, offset unknown
            "user": self.built.identity.user or UNKNOWN,
            "recorder": {"name": "screenagent", "version": UNKNOWN},
            "os": "Linux",  # a VNC desktop: the tool's prompts say so (`send_prompt_en`)
            "timezone": UNKNOWN,
            "screens": [screen],
            "coords": "pixels",
            "clock": {"t_zero": "the first step file's time", "action_delay": ACTION_DELAY,
                      "note": "times are the step files' names (a local wall clock without UTC offset); actions "
                      f"are placed {ACTION_DELAY} s after their step's screenshot, {EVENT_GAP} s apart"},
            "import": {"source_format": "screenagent"},
            "source_metadata": {"step_variants": variants} if variants else {},
        }
        if self.task:
            manifest["tasks"] = [{"t_start": 0.0, "t_end": round(last, 3), "instruction": self.task}]
        return manifest


def _position(value) -> tuple[int, int] | None:
    if not isinstance(value, dict):
        return None
    x, y = value.get("width"), value.get("height")  # ScreenAgent names x "width" and y "height"
    if isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool):
        return round(x), round(y)
    return None


def _key(kind: str, name: str) -> dict:
    key = x11_key(name)
    event = {"type": kind, "key": key}
    if len(name) > 1 and name != key:
        event["src_key"] = name
    return event


def _action_marker(kind: str, action: dict) -> dict:
    if kind == "PlanAction":
        label = f"plan: {action.get('element', '')}"
    elif kind == "EvaluateSubTaskAction":
        label = f"evaluate: {action.get('situation', '')}"
    else:
        label = "wait"
    rest = {k: extra_value(v) for k, v in action.items() if k != "action_type" and v is not None}
    return {"type": "marker", "label": label, "action_type": kind, **rest}


def _marker(data: dict, number: int, t: float) -> dict:
    """The step: the model's response (the agent's reasoning), kept in English where the dataset translated it."""
    event = {"t": t, "type": "marker", "label": f"step {number}", "step": number}
    for key in KEPT_TEXT:
        if isinstance(data.get(key), str):
            event[key] = data[key]
    return event

