"""Window frames (title bar, close/minimise/maximise buttons, drop shadow) and the mouse cursor."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

from . import paint
from .geometry import Rect
from .icons import app_icon
from .state import Env

TITLE_H = {"windows": 32, "mac": 28}
CURSOR = [(0, 0), (0, 17), (4, 13), (7, 20), (10, 19), (7, 12), (12, 12)]  # arrow outline, hot spot at 0,0


def title_bar(env: Env, kind: str) -> Rect:
    f = env.apps[kind].rect
    return Rect(f.x + 1, f.y + 1, f.w - 2, TITLE_H[env.style])


def content(env: Env, kind: str) -> Rect:
    """The client area of `kind`'s window, in its screen's pixels."""
    f, bar = env.apps[kind].rect, title_bar(env, kind)
    return Rect(f.x + 1, bar.bottom, f.w - 2, f.bottom - 1 - bar.bottom)


def close_button(env: Env, kind: str) -> Rect:
    bar = title_bar(env, kind)
    if env.style == "windows":
        return Rect(bar.right - 46, bar.y, 46, bar.h)
    return Rect(bar.x + 8, bar.y + 8, 12, 12)


@lru_cache(maxsize=16)
def _shadow_mask(w: int, h: int, margin: int) -> Image.Image:
    mask = Image.new("L", (w + 2 * margin, h + 2 * margin), 0)
    ImageDraw.Draw(mask).rounded_rectangle((margin, margin + 4, margin + w, margin + h + 4), 10, fill=90)
    return mask.filter(ImageFilter.GaussianBlur(margin / 2))


def draw_shadow(img: Image.Image, env: Env, kind: str) -> None:
    """The soft drop shadow under `kind`'s window."""
    f, m = env.apps[kind].rect, 18
    img.paste((0, 0, 0), (f.x - m, f.y - m), _shadow_mask(f.w, f.h, m))


def draw_window(img: Image.Image, env: Env, kind: str, title: str) -> None:
    """Border and title bar of `kind`'s window (its shadow is drawn first); the app draws the content."""
    f = env.apps[kind].rect
    draw = ImageDraw.Draw(img)
    radius = 8 if env.style == "windows" else 10
    paint.rounded(draw, f, radius, fill=(255, 255, 255), outline=(160, 162, 170))
    if env.style == "windows":
        _windows_title(draw, env, kind, title)
    else:
        _mac_title(draw, env, kind, title)


def title_text_box(env: Env, kind: str, title: str, prefix: str, part: str) -> Rect:
    """Where `part`, following `prefix` at the start of `title`, is drawn in the title bar (as drawn below)."""
    bar = title_bar(env, kind)
    if env.style == "windows":
        size, x, y = 12, bar.x + 34, bar.y + 9
    else:
        size = 13
        x, y = bar.x + (bar.w - paint.width(title, size)) // 2, bar.y + (bar.h - size) // 2 - 1
    return Rect(x + paint.width(prefix, size), y, paint.width(part, size), size + 3)


def _windows_title(draw: ImageDraw.ImageDraw, env: Env, kind: str, title: str) -> None:
    bar = title_bar(env, kind)
    draw.rounded_rectangle(bar.box(), 7, fill=(243, 243, 243))
    draw.rectangle((bar.x, bar.y + 10, bar.right - 1, bar.bottom - 1), fill=(243, 243, 243))
    app_icon(draw, Rect(bar.x + 10, bar.y + 8, 16, 16), kind, env.apps[kind].color)
    paint.text(draw, (bar.x + 34, bar.y + 9), title, 12, (20, 20, 20))
    x, cy = bar.right - 46 * 3, bar.y + bar.h // 2
    draw.line([(x + 18, cy), (x + 28, cy)], fill=(30, 30, 30), width=1)
    draw.rectangle((x + 46 + 18, cy - 5, x + 46 + 28, cy + 5), outline=(30, 30, 30))
    c = x + 92 + 23
    draw.line([(c - 5, cy - 5), (c + 5, cy + 5)], fill=(30, 30, 30), width=1)
    draw.line([(c - 5, cy + 5), (c + 5, cy - 5)], fill=(30, 30, 30), width=1)


def _mac_title(draw: ImageDraw.ImageDraw, env: Env, kind: str, title: str) -> None:
    bar = title_bar(env, kind)
    draw.rounded_rectangle(bar.box(), 9, fill=(236, 236, 236))
    draw.rectangle((bar.x, bar.y + 10, bar.right - 1, bar.bottom - 1), fill=(236, 236, 236))
    draw.line([(bar.x, bar.bottom - 1), (bar.right, bar.bottom - 1)], fill=(210, 210, 210))
    for i, color in enumerate(((255, 95, 87), (254, 188, 46), (40, 200, 64))):
        cx = bar.x + 14 + 20 * i
        draw.ellipse((cx - 6, bar.y + 8, cx + 6, bar.y + 20), fill=color)
    paint.text_centered(draw, bar, title, 13, (60, 60, 60))
