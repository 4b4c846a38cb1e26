"""A small OSWorld agent run, built in the layout OSWorld's runner writes (no published run is small enough to ship).

OSWorld's `lib_run_single.run_single_example` writes, per task, under
`results/<action_space>/<observation_type>/<model>/<domain>/<example_id>/`: for each executed action a line of
`traj.jsonl` (`step_num`, `action_timestamp` as `%Y%m%d@%H%M%S`, `action`, `response`, `reward`, `done`, `info`,
`screenshot_file`) and the screenshot taken after it (`step_<N>_<timestamp>.png`); the screen recording started
before the first action and ended after the evaluation (`recording.mp4`); and `result.txt` with the score.
`build_run` writes exactly that, with screens drawn here and a video whose frames show them at known times.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import orjson

TASK_ID = "bb5e4c0d-f964-439c-97b6-bdb9747de3f4"
W, H = 640, 400
START = datetime(2024, 3, 5, 14, 20, 10)  # the first action's wall clock
VIDEO_LEAD = 6.5  # the recording starts this long before the first action (the model's first answer)
FPS = 5
CHANGE = 0.3  # the screen changes this long after an action starts
VIDEO_TAIL = 4.0  # the recording goes on this long after the last action (the evaluation)
# (seconds after START, action, the model's response)
STEPS = [
    (0, "import pyautogui\nimport time\npyautogui.click(320, 200)\ntime.sleep(0.5)\n",
     "The search box is in the middle of the page. I will click it."),
    (4, "pyautogui.typewrite('hello world', interval=0.05)", "Now I type the query."),
    (9, "pyautogui.hotkey('ctrl', 's')", "Save the document with the shortcut."),
    (13, "pyautogui.scroll(-3, x=300, y=250)", "Scroll down to see the result."),
    (17, "WAIT", "The page is loading; wait."),
    (20, "DONE", "The task is complete."),
]


def screen(k: int) -> np.ndarray:
    """The screen after k actions: a distinct layout per state (BGR)."""
    img = np.full((H, W, 3), 235, np.uint8)
    cv2.rectangle(img, (0, 0), (W, 28), (60, 60, 60), -1)
    x = 40 + 70 * k
    cv2.rectangle(img, (x, 60 + 25 * k), (x + 220, 300 + 10 * k), (40 * k % 200, 120, 200 - 20 * k), -1)
    cv2.putText(img, f"state {k}", (20, 380), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2, cv2.LINE_AA)
    return img


def build_run(root: Path, video: bool = True, score: str = "0.5") -> Path:
    """Write the run under root in OSWorld's results layout; returns the task's directory."""
    run = Path(root) / "pyautogui" / "screenshot" / "test-model" / "chrome" / TASK_ID
    run.mkdir(parents=True)
    lines = []
    for k, (offset, action, response) in enumerate(STEPS, start=1):
        stamp = (START + timedelta(seconds=offset)).strftime("%Y%m%d@%H%M%S")
        shot = f"step_{k}_{stamp}.png"
        cv2.imwrite(str(run / shot), screen(k))
        lines.append(orjson.dumps({"step_num": k, "action_timestamp": stamp, "action": action, "response": response,
                                   "reward": 0, "done": k == len(STEPS), "info": {}, "screenshot_file": shot}))
    (run / "traj.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (run / "result.txt").write_text(f"{score}\n")
    if video:
        _video(run / "recording.mp4")
    return run


FRAMES = round((VIDEO_LEAD + STEPS[-1][0] + VIDEO_TAIL) * FPS)
VIDEO_SECONDS = FRAMES / FPS


def _video(path: Path) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (W, H))
    for i in range(FRAMES):
        t = i / FPS - VIDEO_LEAD  # seconds after the first action
        writer.write(screen(sum(1 for offset, _, _ in STEPS if offset + CHANGE <= t)))
    writer.release()
