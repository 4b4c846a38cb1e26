"""The desktop shell around the windows: taskbar (Windows look) or menu bar and dock (macOS look),
desktop icons and the clock. Layout functions here are what the scenario clicks on."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PIL import Image, ImageDraw

from . import paint
from .geometry import Rect
from .icons import app_icon
from .state import Desktop, Env

LAUNCHERS = ("folder", "browser", "terminal", "chat", "notes")
SHORTCUTS = ("browser", "chat", "notes")  # apps with a desktop icon (double-click to open)
TASKBAR_H, MENUBAR_H, DOCK_H = 48, 25, 64
DARK = (32, 32, 36)


def local_time(env: Env, t_ms: int) -> datetime:
    when = env.started_at + timedelta(milliseconds=t_ms)
    try:
        return when.astimezone(ZoneInfo(env.timezone))
    except ZoneInfoNotFoundError:  # no tz database: show UTC rather than fail
        return when


def work_area(env: Env, screen: int) -> Rect:
    """The part of a screen windows may cover."""
    s = env.screens[screen]
    if env.style == "windows":
        return Rect(0, 0, s.width, s.height - TASKBAR_H)
    return Rect(0, MENUBAR_H, s.width, s.height - MENUBAR_H - DOCK_H - 8)


def launcher_rect(env: Env, screen: int, kind: str) -> Rect:
    """The taskbar/dock button of `kind` on `screen` (screen pixels)."""
    s = env.screens[screen]
    slot, size = (44, 40) if env.style == "windows" else (56, 48)
    first = 2 if env.style == "windows" else 0  # start and search buttons come first
    count = len(LAUNCHERS) + first
    x0 = (s.width - count * slot) // 2 + (LAUNCHERS.index(kind) + first) * slot
    y = s.height - TASKBAR_H + 4 if env.style == "windows" else s.height - DOCK_H - 4 + 8
    return Rect(x0 + (slot - size) // 2, y, size, size)


def desktop_icons(env: Env, screen: int) -> list[tuple[str, str, Rect]]:
    """(kind, label, icon rect) of the icons lying on `screen`'s desktop."""
    items = [("trash", "Recycle Bin" if env.style == "windows" else "Trash"), ("folder", "Projects")]
    items = items if screen == 0 else []
    items += [(k, env.apps[k].name) for k in SHORTCUTS if env.apps[k].screen == screen]
    s, area = env.screens[screen], work_area(env, screen)
    x = 22 if env.style == "windows" else s.width - 78
    return [(k, label, Rect(x, area.y + 14 + i * 92, 48, 48)) for i, (k, label) in enumerate(items)]


def draw_shell(img: Image.Image, env: Env, screen: int, desk: Desktop, t_ms: int) -> None:
    draw = ImageDraw.Draw(img)
    if env.style == "windows":
        _taskbar(img, draw, env, screen, desk, t_ms)
    else:
        _menubar(img, draw, env, screen, desk, t_ms)
        _dock(img, draw, env, screen, desk)


def draw_desktop_icons(draw: ImageDraw.ImageDraw, env: Env, screen: int) -> None:
    for kind, label, r in desktop_icons(env, screen):
        color = env.apps[kind].color if kind in env.apps else (0, 0, 0)
        app_icon(draw, r, kind, color)
        lx = r.x + (r.w - paint.width(label, 12)) // 2
        paint.text(draw, (lx + 1, r.bottom + 7), label, 12, (0, 0, 0))
        paint.text(draw, (lx, r.bottom + 6), label, 12, (255, 255, 255))


def _frost(img: Image.Image, rect: Rect, tint: tuple[int, int, int], k: float, radius: int = 0) -> None:
    """Blend a band of the image towards `tint` (a cheap translucent bar), optionally rounded."""
    region = img.crop(rect.box()[:2] + (rect.right, rect.bottom))
    mask = None
    if radius:
        mask = Image.new("L", region.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, rect.w - 1, rect.h - 1), radius, fill=255)
    img.paste(Image.blend(region, Image.new("RGB", region.size, tint), k), rect[:2], mask)


def _taskbar(img, draw, env: Env, screen: int, desk: Desktop, t_ms: int) -> None:
    s = env.screens[screen]
    bar = Rect(0, s.height - TASKBAR_H, s.width, TASKBAR_H)
    _frost(img, bar, (238, 240, 246), 0.88)
    draw.line([(0, bar.y), (s.width, bar.y)], fill=(205, 208, 216))
    first = launcher_rect(env, screen, LAUNCHERS[0])
    _start_button(draw, first.shift(-88, 0))
    _search_button(draw, first.shift(-44, 0))
    for kind in LAUNCHERS:
        _launcher(draw, env, screen, desk, kind)
    _tray(draw, env, s, bar, t_ms)


def _start_button(draw: ImageDraw.ImageDraw, r: Rect) -> None:
    c = r.inset(10)
    half = c.w // 2
    for dx in (0, half + 1):
        for dy in (0, half + 1):
            draw.rectangle((c.x + dx, c.y + dy, c.x + dx + half - 2, c.y + dy + half - 2), fill=(0, 120, 215))


def _search_button(draw: ImageDraw.ImageDraw, r: Rect) -> None:
    c = r.inset(11)
    draw.ellipse((c.x, c.y, c.x + 12, c.y + 12), outline=DARK, width=2)
    draw.line([(c.x + 11, c.y + 11), (c.x + 17, c.y + 17)], fill=DARK, width=2)


def _launcher(draw: ImageDraw.ImageDraw, env: Env, screen: int, desk: Desktop, kind: str) -> None:
    r = launcher_rect(env, screen, kind)
    color = env.apps[kind].color if kind in env.apps else (0, 0, 0)
    active = kind in desk.shown and desk.shown[screen] == kind
    if env.style == "windows" and active:
        paint.rounded(draw, r, 5, fill=(255, 255, 255), outline=(222, 224, 230))
    app_icon(draw, r.inset(6) if env.style == "windows" else r, kind, color)
    if kind in desk.views:
        _running_mark(draw, env, r, active)


def _running_mark(draw: ImageDraw.ImageDraw, env: Env, r: Rect, active: bool) -> None:
    cx = r.x + r.w // 2
    if env.style == "windows":
        w = 16 if active else 6
        draw.rounded_rectangle((cx - w // 2, r.bottom - 3, cx + w // 2, r.bottom - 1), 1,
                               fill=(0, 103, 192) if active else (140, 140, 150))
    else:
        draw.ellipse((cx - 2, r.bottom + 3, cx + 2, r.bottom + 7), fill=(40, 40, 40))


def _tray(draw: ImageDraw.ImageDraw, env: Env, s, bar: Rect, t_ms: int) -> None:
    now = local_time(env, t_ms)
    twelve = env.timezone.startswith("America/")
    hhmm = now.strftime("%I:%M %p").lstrip("0") if twelve else now.strftime("%H:%M")
    date = f"{now.month}/{now.day}/{now.year}" if twelve else now.strftime("%d/%m/%Y")
    right = s.width - 14
    paint.text(draw, (right - paint.width(hhmm, 12), bar.y + 8), hhmm, 12, DARK)
    paint.text(draw, (right - paint.width(date, 12), bar.y + 26), date, 12, DARK)
    x = right - max(paint.width(hhmm, 12), paint.width(date, 12)) - 52
    _wifi(draw, x, bar.y + 18)
    _speaker(draw, x + 22, bar.y + 18)


def _wifi(draw: ImageDraw.ImageDraw, x: int, y: int, color=DARK) -> None:
    for r in (4, 8, 12):
        draw.arc((x - r, y - r + 6, x + r, y + r + 6), 225, 315, fill=color, width=2)


def _speaker(draw: ImageDraw.ImageDraw, x: int, y: int, color=DARK) -> None:
    draw.polygon([(x - 6, y - 3), (x - 2, y - 3), (x + 3, y - 8), (x + 3, y + 8), (x - 2, y + 3),
                  (x - 6, y + 3)], fill=color)
    draw.arc((x, y - 6, x + 10, y + 6), 300, 60, fill=color, width=2)


def _menubar(img, draw, env: Env, screen: int, desk: Desktop, t_ms: int) -> None:
    s = env.screens[screen]
    _frost(img, Rect(0, 0, s.width, MENUBAR_H), (246, 246, 248), 0.75)
    _apple(draw, 18, 12)
    app = env.apps[desk.focused].name if desk.focused in env.apps else "Finder"
    x = 40 + paint.text(draw, (40, 5), app, 13, DARK, bold=True) + 20
    for item in ("File", "Edit", "View", "Window", "Help"):
        x += paint.text(draw, (x, 5), item, 13, DARK) + 18
    now = local_time(env, t_ms)
    stamp = now.strftime("%a %b ") + str(now.day) + now.strftime("  %H:%M")
    right = s.width - 14 - paint.width(stamp, 13)
    paint.text(draw, (right, 5), stamp, 13, DARK)
    _battery(draw, right - 42, 7)
    _wifi(draw, right - 60, 6)


def _apple(draw: ImageDraw.ImageDraw, cx: int, cy: int) -> None:
    draw.ellipse((cx - 6, cy - 5, cx + 6, cy + 7), fill=DARK)
    draw.ellipse((cx + 3, cy - 4, cx + 9, cy + 2), fill=(246, 246, 248))
    draw.ellipse((cx - 1, cy - 10, cx + 3, cy - 5), fill=DARK)


def _battery(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    draw.rounded_rectangle((x, y, x + 22, y + 11), 3, outline=DARK, width=1)
    draw.rectangle((x + 2, y + 2, x + 15, y + 9), fill=DARK)
    draw.rectangle((x + 23, y + 4, x + 24, y + 7), fill=DARK)


def _dock(img, draw, env: Env, screen: int, desk: Desktop) -> None:
    s = env.screens[screen]
    first, last = launcher_rect(env, screen, LAUNCHERS[0]), launcher_rect(env, screen, LAUNCHERS[-1])
    dock = Rect(first.x - 12, s.height - DOCK_H - 8, last.right - first.x + 24, DOCK_H + 2)
    _frost(img, dock, (236, 238, 244), 0.55, radius=16)
    paint.rounded(draw, dock, 16, outline=(250, 250, 252))
    for kind in LAUNCHERS:
        _launcher(draw, env, screen, desk, kind)
