"""The notes app: Notepad-style plain editor on Windows, Notes-style list plus editor on macOS."""

from __future__ import annotations

from PIL import Image, ImageDraw

from . import paint
from .geometry import Rect
from .state import Env, Notes

SIZE, LINE_H = 15, 22
INK, MUTED = (26, 26, 30), (120, 120, 128)


def body(env: Env, content: Rect) -> Rect:
    if env.style == "windows":
        return Rect(content.x + 12, content.y + 38, content.w - 24, content.h - 38 - 34)
    return Rect(content.x + 236, content.y + 20, content.w - 260, content.h - 30)


def layout(view: Notes, env: Env, content: Rect) -> dict[str, Rect]:
    return {"body": body(env, content)}


def marks(view: Notes, env: Env, content: Rect) -> dict[str, list[Rect]]:
    return {}


def draw(img: Image.Image, view: Notes, env: Env, content: Rect) -> None:
    d = ImageDraw.Draw(img)
    d.rectangle(content.box(), fill=(255, 255, 255))
    if env.style == "windows":
        _menu(d, content)
        _status(d, view, content)
    else:
        _list(d, view, content)
    _text(d, view, env, body(env, content))


def _menu(d: ImageDraw.ImageDraw, content: Rect) -> None:
    d.rectangle(Rect(content.x, content.y, content.w, 30).box(), fill=(249, 249, 249))
    x = content.x + 12
    for item in ("File", "Edit", "View"):
        x += paint.text(d, (x, content.y + 7), item, 13, INK) + 22


def _status(d: ImageDraw.ImageDraw, view: Notes, content: Rect) -> None:
    bar = Rect(content.x, content.bottom - 28, content.w, 28)
    d.rectangle(bar.box(), fill=(243, 243, 243))
    lines = view.body.split("\n")
    info = f"Ln {len(lines)}, Col {len(lines[-1]) + 1}"
    x = bar.x + 14
    for part in (info, "100%", "Windows (CRLF)", "UTF-8"):
        x += paint.text(d, (x, bar.y + 7), part, 12, (60, 60, 66)) + 48


def _list(d: ImageDraw.ImageDraw, view: Notes, content: Rect) -> None:
    side = Rect(content.x, content.y, 220, content.h)
    d.rectangle(side.box(), fill=(246, 244, 238))
    for i, title in enumerate((view.title, *view.others)):
        row = Rect(side.x + 8, side.y + 12 + i * 58, side.w - 16, 52)
        if i == 0:
            paint.rounded(d, row, 6, fill=(250, 222, 110))
        paint.text(d, (row.x + 12, row.y + 8), title, 14, INK, bold=True)
        paint.text(d, (row.x + 12, row.y + 28), "Today" if i == 0 else "Yesterday", 12, MUTED)


def _text(d: ImageDraw.ImageDraw, view: Notes, env: Env, box: Rect) -> None:
    """The note text wrapped to the box, scrolled so the caret line stays visible."""
    lines = paint.wrap(view.body, SIZE, box.w - 8)
    if env.style == "mac":
        paint.text(d, (box.x, box.y), view.title, 22, INK, bold=True)
        box = Rect(box.x, box.y + 40, box.w, box.h - 40)
    rows = box.h // LINE_H
    lines = lines[-rows:]
    for i, line in enumerate(lines):
        paint.text(d, (box.x, box.y + i * LINE_H), line, SIZE, INK)
    x = box.x + paint.width(lines[-1], SIZE) + 1
    y = box.y + (len(lines) - 1) * LINE_H
    d.line([(x, y + 1), (x, y + LINE_H - 3)], fill=INK, width=1)
