"""Small vector app icons drawn with Pillow: browser, terminal, chat, notes, folder and trash."""

from __future__ import annotations

from PIL import ImageDraw

from . import paint
from .geometry import Rect

WHITE = (255, 255, 255)


def app_icon(draw: ImageDraw.ImageDraw, rect: Rect, kind: str, color: tuple[int, int, int]) -> None:
    """Draw the icon of an app kind (or 'folder' / 'trash') filling `rect`."""
    {"browser": _browser, "terminal": _terminal, "chat": _chat, "notes": _notes,
     "folder": _folder, "trash": _trash}[kind](draw, rect, color)


def _browser(draw: ImageDraw.ImageDraw, r: Rect, color) -> None:
    draw.ellipse(r.inset(2).box(), fill=color)
    draw.ellipse(r.inset(r.w // 4).box(), fill=paint.blend(color, WHITE, 0.55))
    draw.arc(r.inset(2).box(), 200, 320, fill=paint.blend(color, (255, 200, 0), 0.6), width=max(2, r.w // 8))


def _terminal(draw: ImageDraw.ImageDraw, r: Rect, color) -> None:
    paint.rounded(draw, r.inset(2), r.w // 5, fill=(32, 34, 40))
    s = r.w / 40
    x, y = r.x + 10 * s, r.y + 13 * s
    draw.line([(x, y), (x + 7 * s, y + 6 * s), (x, y + 12 * s)], fill=(120, 220, 120), width=max(2, int(2 * s)))
    draw.line([(x + 10 * s, y + 13 * s), (x + 20 * s, y + 13 * s)], fill=WHITE, width=max(2, int(2 * s)))


def _chat(draw: ImageDraw.ImageDraw, r: Rect, color) -> None:
    paint.rounded(draw, r.inset(2), r.w // 5, fill=color)
    b = Rect(r.x + r.w // 5, r.y + r.h // 4, r.w * 3 // 5, r.h * 2 // 5)
    draw.ellipse(b.box(), fill=WHITE)
    draw.polygon([(b.x + b.w // 4, b.bottom - 3), (b.x + b.w // 6, b.bottom + r.h // 8),
                  (b.x + b.w // 2, b.bottom - 2)], fill=WHITE)


def _notes(draw: ImageDraw.ImageDraw, r: Rect, color) -> None:
    paint.rounded(draw, r.inset(2), r.w // 5, fill=(250, 250, 246))
    draw.rectangle(Rect(r.x + 2, r.y + 2, r.w - 4, r.h // 4).box(), fill=color)
    for i in range(3):
        y = r.y + r.h * (45 + 15 * i) // 100
        draw.line([(r.x + r.w // 5, y), (r.right - r.w // 5, y)], fill=(150, 150, 150), width=max(1, r.w // 24))


def _folder(draw: ImageDraw.ImageDraw, r: Rect, color) -> None:
    tab = Rect(r.x + 3, r.y + r.h // 5, r.w // 2, r.h // 4)
    paint.rounded(draw, tab, 3, fill=(230, 170, 40))
    paint.rounded(draw, Rect(r.x + 3, r.y + r.h // 3, r.w - 6, r.h * 3 // 5), 4, fill=(250, 200, 70))


def _trash(draw: ImageDraw.ImageDraw, r: Rect, color) -> None:
    body = Rect(r.x + r.w // 4, r.y + r.h // 4, r.w // 2, r.h * 3 // 5)
    paint.rounded(draw, body, 4, fill=(214, 222, 232), outline=(150, 160, 175))
    draw.rectangle(Rect(r.x + r.w // 5, r.y + r.h // 6, r.w * 3 // 5, r.h // 12).box(), fill=(150, 160, 175))
    for i in (1, 2, 3):
        x = body.x + body.w * i // 4
        draw.line([(x, body.y + 5), (x, body.bottom - 6)], fill=(150, 160, 175), width=1)
