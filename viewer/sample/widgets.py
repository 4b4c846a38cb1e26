"""Web-page widgets shared by the synthetic sites: header bar, labelled input, button, caret."""

from __future__ import annotations

from PIL import ImageDraw

from . import paint
from .geometry import Rect

INK, MUTED, BORDER, FOCUS = (28, 30, 36), (110, 114, 124), (196, 200, 208), (37, 99, 235)
FIELD_TEXT = 15


def header(draw: ImageDraw.ImageDraw, area: Rect, name: str, color, links: tuple[str, ...]) -> dict[str, Rect]:
    """A coloured site header with a logo and nav links; returns the links' rects by name."""
    bar = Rect(area.x, area.y, area.w, 56)
    draw.rectangle(bar.box(), fill=color)
    draw.rounded_rectangle((bar.x + 32, bar.y + 14, bar.x + 60, bar.y + 42), 6, fill=paint.blend(color, (255, 255, 255), 0.7))
    paint.text(draw, (bar.x + 70, bar.y + 17), name, 18, (255, 255, 255), bold=True)
    rects = header_links(bar, links)
    for link, r in rects.items():
        paint.text(draw, (r.x + 6, r.y + 3), link, 14, (255, 255, 255))
    return rects


def header_links(area: Rect, links: tuple[str, ...]) -> dict[str, Rect]:
    """The same link rects `header` draws, without drawing (for click targets)."""
    rects, x = {}, area.right - 32
    for link in reversed(links):
        w = paint.width(link, 14)
        x -= w
        rects[link] = Rect(x - 6, area.y + 16, w + 12, 24)
        x -= 26
    return rects


def field(draw: ImageDraw.ImageDraw, box: Rect, label: str, value: str, focused: bool,
          secret: bool = False, placeholder: str = "") -> None:
    """A labelled text input: label above `box`, value (or bullets) inside, caret when focused."""
    paint.text(draw, (box.x, box.y - 20), label, 13, MUTED)
    paint.rounded(draw, box, 6, fill=(255, 255, 255), outline=FOCUS if focused else BORDER,
                  line=2 if focused else 1)
    tx, ty = box.x + 12, box.y + (box.h - FIELD_TEXT) // 2 - 1
    if secret and value:
        paint.dots(draw, (tx, box.y + box.h // 2), len(value), INK)
        end = tx + 12 * len(value)
    elif value:
        end = tx + paint.text(draw, (tx, ty), value, FIELD_TEXT, INK)
    else:
        paint.text(draw, (tx, ty), placeholder, FIELD_TEXT, (160, 164, 172))
        end = tx
    if focused:
        draw.line([(end + 1, box.y + 9), (end + 1, box.bottom - 10)], fill=INK, width=1)


def button(draw: ImageDraw.ImageDraw, box: Rect, label: str, color, filled: bool = True) -> None:
    if filled:
        paint.rounded(draw, box, 6, fill=color)
        paint.text_centered(draw, box, label, 15, (255, 255, 255), bold=True)
    else:
        paint.rounded(draw, box, 6, fill=(255, 255, 255), outline=color, line=1)
        paint.text_centered(draw, box, label, 15, color)


def paragraph(draw: ImageDraw.ImageDraw, x: int, y: int, s: str, size: int, width: int,
              fill=INK, leading: float = 1.6) -> int:
    """Wrapped text starting at (x, y); returns the y below it."""
    step = int(size * leading)
    for line in paint.wrap(s, size, width):
        paint.text(draw, (x, y), line, size, fill)
        y += step
    return y
