"""Drawing the replay overlays with OpenCV on a screenshot or video frame: one image per screen at time t."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from viewer.trace import Session
from viewer.trace.manifest import Screen

from . import media
from .timeline import State, Timeline

CURSOR = (0, 0, 255)  # BGR: the cursor dot is pure red with a white ring
BUTTON_COLOURS = {"left": (255, 140, 0), "right": (0, 140, 255), "middle": (0, 200, 0)}
TRAIL = (0, 215, 255)
TITLE_BAR = 30
FONT = cv2.FONT_HERSHEY_SIMPLEX


def ascii_text(s: str) -> str:
    """OpenCV's fonts draw ASCII only: anything else becomes '?'."""
    return "".join(c if 32 <= ord(c) < 127 else "?" for c in s)


@dataclass
class Frames:
    """What the renderer needs of a session: its screens, timeline, screenshots and optional video."""

    session: Session
    timeline: Timeline

    @classmethod
    def of(cls, session: Session) -> Frames:
        return cls(session, Timeline(session.events))

    def _video_screen(self) -> int | None:
        video = self.session.manifest.video
        if video is None:
            return None
        return video.screen if video.screen is not None else self.session.manifest.screens[0].id

    def base(self, t: float, screen: Screen) -> np.ndarray:
        """The screen at t: the video frame, else the screenshot on screen, else a grey placeholder."""
        img = None
        video = self.session.manifest.video
        if video is not None and self._video_screen() == screen.id:
            reader = media.open_video(self.session.path, video.file)
            if reader is not None:
                img = reader.frame(reader.index_at(t, video.t0))
        if img is None:
            shot = self.session.screenshots.at(t, screen.id)
            img = media.read_image(self.session.path, shot.file) if shot else None
        if img is None:
            return placeholder(screen.width, screen.height)
        if img.shape[1] != screen.width or img.shape[0] != screen.height:
            img = cv2.resize(img, (screen.width, screen.height), interpolation=cv2.INTER_LINEAR)
        return img.copy()

    def render(self, t: float, screen: Screen) -> np.ndarray:
        img = self.base(t, screen)
        draw_overlays(img, self.timeline.state_at(t), screen)
        return img

    def render_all(self, t: float) -> np.ndarray:
        """Every screen at t side by side (as the manifest lays them out left to right)."""
        screens = sorted(self.session.manifest.screens, key=lambda s: (s.x, s.y))
        images = [self.render(t, s) for s in screens]
        height = max(i.shape[0] for i in images)
        images = [cv2.copyMakeBorder(i, 0, height - i.shape[0], 0, 0, cv2.BORDER_CONSTANT) for i in images]
        return images[0] if len(images) == 1 else cv2.hconcat(images)


def placeholder(width: int, height: int) -> np.ndarray:
    img = np.full((height, width, 3), 60, np.uint8)
    cv2.putText(img, "no screenshot", (width // 2 - 110, height // 2), FONT, 1.0, (170, 170, 170), 2, cv2.LINE_AA)
    return img


def _local(screen: Screen, x: int, y: int) -> tuple[int, int]:
    return int(x - screen.x), int(y - screen.y)


def _on(screen: Screen, x: int, y: int) -> bool:
    return screen.x <= x < screen.x + screen.width and screen.y <= y < screen.y + screen.height


def draw_overlays(img: np.ndarray, state: State, screen: Screen) -> None:
    draw_trail(img, state, screen)
    draw_clicks(img, state, screen)
    draw_scrolls(img, state, screen)
    draw_title(img, state)
    draw_keys(img, state)
    if state.cursor and _on(screen, *state.cursor):
        draw_cursor(img, _local(screen, *state.cursor))


def draw_trail(img: np.ndarray, state: State, screen: Screen, seconds: float = 1.5) -> None:
    pts = [(t, *_local(screen, x, y)) for t, x, y in state.trail if _on(screen, x, y)]
    for (t0, x0, y0), (_, x1, y1) in zip(pts, pts[1:]):
        fade = max(0.0, 1.0 - (state.t - t0) / seconds)
        colour = tuple(int(c * fade + 40 * (1 - fade)) for c in TRAIL)
        cv2.line(img, (x0, y0), (x1, y1), colour, max(1, int(4 * fade)), cv2.LINE_AA)


def draw_clicks(img: np.ndarray, state: State, screen: Screen, seconds: float = 0.8) -> None:
    for c in state.clicks:
        colour = BUTTON_COLOURS.get(c.button, (255, 255, 255))
        if c.is_drag and _on(screen, c.x, c.y):
            end = (c.x2, c.y2) if c.t_end is not None and c.t_end <= state.t else state.cursor or (c.x, c.y)
            cv2.arrowedLine(img, _local(screen, c.x, c.y), _local(screen, *end), colour, 3, cv2.LINE_AA,
                            tipLength=0.05)
        if not _on(screen, c.x, c.y) or state.t - c.t > seconds:
            continue
        age = (state.t - c.t) / seconds
        centre = _local(screen, c.x, c.y)
        cv2.circle(img, centre, int(10 + 18 * age), colour, 3, cv2.LINE_AA)
        if c.count >= 2:
            cv2.circle(img, centre, int(4 + 10 * age), colour, 2, cv2.LINE_AA)


def draw_scrolls(img: np.ndarray, state: State, screen: Screen) -> None:
    for _, x, y, dx, dy in state.scrolls:
        if not _on(screen, x, y):
            continue
        cx, cy = _local(screen, x, y)
        sign = 1 if float(dy) > 0 else -1
        cv2.arrowedLine(img, (cx + 24, cy), (cx + 24, cy + sign * 30), (255, 255, 255), 3, cv2.LINE_AA, tipLength=0.4)


def draw_title(img: np.ndarray, state: State) -> None:
    if not (state.app or state.title):
        return
    cv2.rectangle(img, (0, 0), (img.shape[1], TITLE_BAR), (30, 30, 30), -1)
    text = ascii_text(f"{state.app} - {state.title}" if state.title else state.app)[:120]
    cv2.putText(img, text, (10, 21), FONT, 0.6, (255, 255, 255), 1, cv2.LINE_AA)


def draw_keys(img: np.ndarray, state: State) -> None:
    lines = []
    if state.keys:
        lines.append(ascii_text(" ".join(label for _, label in state.keys[-8:]))[:70])
    if state.typed:
        lines.append(ascii_text(state.typed)[-50:])
    if state.held:
        lines.append("held: " + "+".join(state.held))
    if not lines:
        return
    h = img.shape[0]
    top = h - 14 - 26 * len(lines)
    cv2.rectangle(img, (10, top), (620, h - 8), (20, 20, 20), -1)
    for i, line in enumerate(lines):
        cv2.putText(img, line, (20, top + 22 + 26 * i), FONT, 0.65, (255, 255, 255), 1, cv2.LINE_AA)


def draw_cursor(img: np.ndarray, xy: tuple[int, int]) -> None:
    cv2.circle(img, xy, 9, (255, 255, 255), -1, cv2.LINE_AA)
    cv2.circle(img, xy, 6, CURSOR, -1, cv2.LINE_8)
