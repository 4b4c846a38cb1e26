"""OSWorld-style agent runs -> trace/1.

A run is the directory OSWorld's runner (`lib_run_single.py`) writes per task, named by the task's UUID:
`traj.jsonl` (one line per executed action: `step_num`, `action_timestamp` as `YYYYMMDD@HHMMSS` with optional
microseconds, `action`, `response`, `reward`, `done`, `info`, `screenshot_file`), the screenshot after each action
(`step_<N>_<timestamp>.png`; `step_0.png` or `initial_state.png` before the first when the runner saves it),
`recording.mp4` when the runner recorded the screen, `result.txt` (the evaluator's score) and sometimes
`instruction.txt` and `runtime.log`. The task UUID is the session id; a folder name that is not one is never used.
The person a run names (identity fields of its lines, e-mails in its folder's and files' names, the instruction,
the responses) becomes `user` and is scrubbed everywhere else.

Actions: pyautogui code (parsed with ast, never executed: `import` lines dropped, `time.sleep` kept as a wait
marker), `WAIT`/`DONE`/`FAIL`, or a dict: `{"command": code}` of newer agents, or OSWorld's computer_13 action
space (`{"action_type": "CLICK", "parameters": {...}}`). Coordinates are screen pixels.

Time: `action_timestamp` is the harness's local wall clock (no UTC offset). Each line's events start at its
timestamp (lines within the same second spread ACTION_SPACING apart), EVENT_GAP apart; its screenshot follows
at SHOT_DELAY (sooner when the next action comes first). The step's marker holds the model's response (its
reasoning). With a video, its start on this axis is found by matching its frames to the screenshots
(video_align); t = 0 is the earliest of the video's start and the first event. `result.txt`'s score becomes the
task's `score` and `outcome` (1 success, 0 failure, between partial).
"""

from __future__ import annotations

import ast
import re
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

from .common import (SIDE_DIR, UNKNOWN, Built, extra_value, generated_id, image_size, inferred_screen, random_id,
                     video_size)
from .identity import Identity, find_identity, recording_uuid, strings_in
from .jsonl import read_jsonl
from .pyautogui_actions import Call, Expander, parse
from .report import ImportReport
from .video_align import video_t0

TRAJ, RESULT, VIDEO, INSTRUCTION = "traj.jsonl", "result.txt", "recording.mp4", "instruction.txt"
INITIAL = ("step_0.png", "initial_state.png")
SIDE_FILES = (TRAJ, RESULT, INSTRUCTION, "runtime.log")
ACTION_SPACING = 0.2
EVENT_GAP = 0.05
SHOT_DELAY = 1.0
MAPPED = ("step_num", "action_timestamp", "screenshot_file", "action")  # not repeated on the marker
_TYPING = re.compile(r"\b(write|typewrite)\s*\(|TYPING")
SPECIAL = ("WAIT", "DONE", "FAIL")  # the runner's special actions: the step's marker names them
_STAMP = re.compile(r"^(\d{8})@(\d{6})(?:_?(\d{1,6}))?$")


def is_run(path: Path) -> bool:
    """A directory with a traj.jsonl whose first line looks like an OSWorld step."""
    if not (path.is_dir() and (path / TRAJ).is_file()):
        return False
    try:
        with open(path / TRAJ, "rb") as f:
            head = f.read(65536)
    except OSError:
        return False
    return b'"step_num"' in head or b'"action_timestamp"' in head


def read(src: Path, report: ImportReport):
    built = build(src, report)
    if built is not None:
        yield built


def build(src: Path, report: ImportReport) -> Built | None:
    lines = list(read_jsonl(src / TRAJ, report))
    steps = []
    for number, row in lines:
        when = _stamp(row.get("action_timestamp"))
        if when is None:
            report.add(src / TRAJ, number, "bad-time", "action_timestamp is not YYYYMMDD@HHMMSS; line skipped")
            continue
        steps.append((number, when, row))
    if not steps:
        report.add(src / TRAJ, 0, "no-steps", "no usable step; nothing imported")
        return None
    run = _Run(src, report)
    run.built.identity = identity_of(src, [row for _, _, row in steps])
    return run.convert(steps)


def identity_of(src: Path, rows: list[dict]) -> Identity:
    """The person a run names: identity fields of the traj.jsonl lines (and one level below), e-mails in the
    folder's and files' names, the instruction, the model's responses and the actions, except typed text
    (which may be anyone's address)."""
    meta = [{k: v for k, v in row.items() if k != "action"} for row in rows]
    actions = [row.get("action") for row in rows if not _TYPING.search(str(row.get("action")))]
    texts = strings_in(meta) + strings_in(actions) + [_read_text(src / INSTRUCTION) or ""]
    names = [src.name, *sorted(p.name for p in src.iterdir())]
    return find_identity(meta, names, texts)


def _stamp(value) -> datetime | None:
    m = _STAMP.match(value) if isinstance(value, str) else None
    if not m:
        return None
    try:
        base = datetime.strptime(m[1] + m[2], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return base + timedelta(microseconds=int(m[3].ljust(6, "0"))) if m[3] else base


class _Run:
    """One run being converted: times on the action clock first, shifted to t = 0 at the end."""

    def __init__(self, src: Path, report: ImportReport):
        self.src, self.report = src, report
        self.path = src / TRAJ
        self.events: list[dict] = []
        self.shots: list[tuple[float, Path]] = []
        self.built = Built("", "osworld", {})
        self.size: tuple[int, int] | None = None
        self.expander: Expander | None = None
        self.video_t0: float | None = None  # on the action clock
        self.video_end: float | None = None
        self.score: float | None = None
        self.score_read = False
        self.t_zero = "the first event"

    def convert(self, steps: list) -> Built:
        start = steps[0][1]
        times = _spread([(when - start).total_seconds() for _, when, _ in steps])
        self._initial_screenshot(times[0])
        for i, (number, _, row) in enumerate(steps):
            following = times[i + 1] if i + 1 < len(times) else None
            self._step(number, row, times[i], following)
        offset = self._video(min(e["t"] for e in self.events))
        for event in self.events:
            event["t"] = round(event["t"] - offset, 6)
        self.events.sort(key=lambda e: e["t"])
        return self._finish(start + timedelta(seconds=offset), steps, offset)

    # -- steps --
    def _initial_screenshot(self, first: float) -> None:
        image = next((self.src / n for n in INITIAL if (self.src / n).is_file()), None)
        if image is not None:
            self._screenshot(image, first - SHOT_DELAY, 0)

    def _step(self, number: int, row: dict, t: float, following: float | None) -> None:
        step = row.get("step_num") if isinstance(row.get("step_num"), int) else None
        action = row.get("action")
        self.events.append(_marker(row, step, t))
        name = row.get("screenshot_file")
        image = self.src / Path(name).name if isinstance(name, str) and name else None
        if image is not None and image.is_file():
            self._remember_size(image)
        produced = self._action(number, action)
        for i, event in enumerate(produced):
            self.events.append({"t": round(t + i * EVENT_GAP, 6), **event, **({"step": step} if step else {})})
        if image is None:
            return
        if not image.is_file():
            self.report.warn(self.path, number, "missing-screenshot", f"screenshot_file {image.name!r} not found")
            return
        after = t + len(produced) * EVENT_GAP
        delay = SHOT_DELAY if following is None else min(SHOT_DELAY, max(following - after, 0.0) * 0.9)
        self._screenshot(image, after + delay, step)

    def _remember_size(self, image: Path) -> None:
        size = image_size(image)
        if size and size != self.size:
            if self.size is not None:
                self.report.warn(image, 0, "resolution-change", f"{size[0]}x{size[1]} after {self.size[0]}x"
                                 f"{self.size[1]}; the first is the session's screen")
                return
            self.size = size
            self.expander = Expander(size[0], size[1], self.expander.pos if self.expander else None)

    def _screenshot(self, image: Path, t: float, step: int | None) -> None:
        if image_size(image) is None:
            self.report.warn(image, 0, "bad-image", "cannot be read as an image; not used")
            return
        self._remember_size(image)
        rel = f"screenshots/{len(self.shots):06d}{image.suffix.lower()}"
        self.shots.append((t, image))
        self.built.add_file(rel, image)
        event = {"t": t, "type": "screenshot", "file": rel, "screen": 0}
        self.events.append({**event, "step": step} if step is not None else event)

    def _action(self, number: int, action) -> list[dict]:
        if isinstance(action, str) and action.strip().upper() in SPECIAL:
            return []  # the step's marker names it
        if isinstance(action, dict):
            if isinstance(action.get("command"), str):
                return self._code(number, action["command"])
            kind = str(action.get("action_type", "")).upper()
            if kind in SPECIAL:
                return []
            call = _computer13(kind, action.get("parameters") or {})
            if call is None:
                self.report.add(self.path, number, "unknown-action", f"action_type {kind!r} is not known; skipped")
                return []
            return self._expand(number, [call])
        if isinstance(action, str):
            return self._code(number, action)
        if action is not None:
            self.report.add(self.path, number, "unknown-action", "action is neither code nor an action object")
        return []

    def _code(self, number: int, code: str) -> list[dict]:
        """Statement by statement, in order: imports dropped, `time.sleep(s)` a wait marker, the rest parsed."""
        try:
            tree = ast.parse(code)
        except SyntaxError:
            tree = None
        statements = [code] if tree is None else [ast.get_source_segment(code, s) or "" for s in tree.body
                                                   if not isinstance(s, (ast.Import, ast.ImportFrom))]
        out = []
        for text in statements:
            seconds = _sleep(text)
            if seconds is not None:
                out.append({"type": "marker", "label": "wait", "seconds": seconds})
                continue
            calls, errors = parse(text)
            for message in errors:
                self.report.add(self.path, number, "bad-action", message)
            out += self._expand(number, calls)
        return out

    def _expand(self, number: int, calls: list[Call]) -> list[dict]:
        if self.expander is None:
            self.expander = Expander(*(self.size or (1920, 1080)))  # OSWorld's default VM screen
        out = []
        for call in calls:
            try:
                out += self.expander.expand(call)
            except (ValueError, TypeError) as exc:
                self.report.add(self.path, number, "unknown-action", f"{exc}; skipped")
        return out

    # -- video and manifest --
    def _video(self, first: float) -> float:
        """Place the video (if any) and return the offset that makes t = 0 the session's start."""
        video = self.src / VIDEO
        if not video.is_file():
            return first
        if video_size(video) is None:
            self.report.warn(video, 0, "bad-video", "cannot be decoded; the session has no video")
            return first
        found = video_t0(video, self.shots)
        if found is None:
            self.report.warn(video, 0, "video-unaligned", "its frames could not be matched to the screenshots; "
                             "it is taken to start with the first action")
            self.video_t0 = first
        else:
            self.video_t0, self.video_end = found.t0, found.t0 + found.duration
        self.built.add_file("screen.mp4", video)
        if self.video_t0 < first:
            self.t_zero = "the video's first frame"
        return min(first, self.video_t0)

    def _finish(self, started: datetime, steps: list, offset: float) -> Built:
        # the task's UUID, also when something else (an e-mail) shares the folder's name; never the rest
        found = recording_uuid(self.src.name)
        self.built.session_id = generated_id(self.src.name) or (str(UUID(found)) if found else random_id("osworld"))
        for name in SIDE_FILES:
            if (self.src / name).is_file():
                self.built.add_file(f"{SIDE_DIR}/{name}", self.src / name)
        self._evaluated(offset)
        self.built.events = self.events
        last = max(e["t"] for e in self.events)
        manifest = {
            "session_id": self.built.session_id,
            "started_at": started.isoformat(timespec="milliseconds"),  # the harness's local clock, offset unknown
            "user": self.built.identity.user or UNKNOWN,
            "recorder": {"name": "osworld", "version": UNKNOWN},
            "os": UNKNOWN,
            "timezone": UNKNOWN,
            "screens": [{"id": 0, "x": 0, "y": 0, "width": self.size[0], "height": self.size[1], "scale": 1.0}
                        if self.size else inferred_screen(self.events)],
            "coords": "pixels",
            "clock": {"t_zero": self.t_zero, "action_spacing": ACTION_SPACING, "screenshot_delay": SHOT_DELAY,
                      "note": "action_timestamp is a local wall clock without UTC offset; a screenshot is placed "
                      f"{SHOT_DELAY} s after its action (the runner saves it after the action ran)"},
            "import": {"source_format": "osworld"},
        }
        if self.video_t0 is not None:
            manifest["video"] = {"file": "screen.mp4", "t0": round(self.video_t0 - offset, 3)}
        task = self._task(last)
        if task:
            manifest["tasks"] = [task]
        self.built.manifest = manifest
        return self.built

    def _evaluated(self, offset: float) -> None:
        """A marker for the evaluation: the runner scores the run, writes result.txt, then stops the recording,
        so it is at the video's end (after the last event without a video)."""
        score = self._score()
        if score is None:
            return
        last = max(e["t"] for e in self.events)
        t = max(last, round(self.video_end - offset, 6)) if self.video_end is not None else last
        self.events.append({"t": t, "type": "marker", "label": f"evaluated: score {score:g}", "score": score})

    def _task(self, last: float) -> dict | None:
        score = self.score
        instruction = _read_text(self.src / INSTRUCTION)
        if not instruction and score is None:
            return None
        task = {"t_start": 0.0, "t_end": round(last, 3), "instruction": instruction or "OSWorld task"}
        if score is not None:
            task["score"] = score
            task["outcome"] = "success" if score >= 1 else "failure" if score <= 0 else "partial"
        return task

    def _score(self) -> float | None:
        """The score in result.txt (read once, problems reported once), or None."""
        if self.score is not None or self.score_read:
            return self.score
        self.score_read = True
        self.score = self._read_score()
        return self.score

    def _read_score(self) -> float | None:
        path = self.src / RESULT
        if not path.is_file():
            self.report.warn(self.src, 0, "no-result", f"no {RESULT}: the run was not evaluated (no score)")
            return None
        text = _read_text(path)
        try:
            score = float(text)
        except (TypeError, ValueError):
            self.report.add(path, 1, "bad-score", "not a number; no score kept")
            return None
        if not 0 <= score <= 1:
            self.report.warn(path, 1, "score-range", "the score is outside 0..1; kept, outcome from its sign")
        return score


def _spread(times: list[float]) -> list[float]:
    """Times made strictly increasing: lines stamped within the same second follow ACTION_SPACING apart."""
    out = []
    for t in times:
        out.append(max(t, out[-1] + ACTION_SPACING) if out else t)
    return out


def _sleep(statement: str) -> float | None:
    """The seconds of a `time.sleep(<number>)` statement, else None."""
    m = re.fullmatch(r"\s*time\.sleep\(\s*(\d+(?:\.\d*)?)\s*\)\s*", statement)
    return float(m[1]) if m else None


_C13 = {"MOVE_TO": "moveTo", "CLICK": "click", "RIGHT_CLICK": "rightClick", "DOUBLE_CLICK": "doubleClick",
        "MOUSE_DOWN": "mouseDown", "MOUSE_UP": "mouseUp", "DRAG_TO": "dragTo", "SCROLL": "scroll", "TYPING": "write",
        "PRESS": "press", "KEY_DOWN": "keyDown", "KEY_UP": "keyUp", "HOTKEY": "hotkey"}


def _computer13(kind: str, params: dict) -> Call | None:
    """OSWorld's computer_13 action as the equivalent pyautogui call (same expansion, same checks)."""
    name = _C13.get(kind)
    if name is None or not isinstance(params, dict):
        return None
    kwargs = {k: v for k, v in params.items() if k in ("x", "y", "button")}
    if kind == "CLICK" and isinstance(params.get("num_clicks"), int):
        kwargs["clicks"] = params["num_clicks"]
    if kind == "SCROLL":
        return Call("pyautogui", "hscroll" if params.get("dx") else "scroll", [params.get("dx") or params.get("dy")],
                    {}, "")
    if kind == "TYPING":
        kwargs = {"message": params.get("text")}
    if kind in ("PRESS", "KEY_DOWN", "KEY_UP"):
        kwargs = {"keys": params.get("key")}
    if kind == "HOTKEY":
        kwargs = {"keys": params.get("keys")}
    return Call("pyautogui", name, [], kwargs, "")


def _marker(row: dict, step: int | None, t: float) -> dict:
    """The line as a marker: the model's response (its reasoning) and the rest of the line as extra fields."""
    action = row.get("action")
    if isinstance(action, dict):
        summary = str(action.get("action_type") or "action")
    elif isinstance(action, str):
        summary = next((ln.strip() for ln in action.splitlines() if ln.strip() and not ln.startswith(("import ",
                        "from "))), "") or "action"
        summary = "typing" if re.search(r"\b(write|typewrite)\(", summary) else summary[:80]
    else:
        summary = "no action"
    event = {"t": t, "type": "marker", "label": f"step {step}: {summary}" if step is not None else summary}
    if step is not None:
        event["step"] = step
    if action is not None and not _TYPING.search(str(action)):  # typed text stays in input events only
        event["action"] = extra_value(action)
    for key, value in row.items():
        if key in MAPPED or value is None:
            continue
        event[f"src_{key}" if key in ("t", "type", "label", "step") else key] = extra_value(value)
    return event


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None
