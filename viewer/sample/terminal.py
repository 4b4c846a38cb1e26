"""The terminal app: dark theme, prompt, typed command line with a block cursor, scrolling output."""

from __future__ import annotations

from PIL import Image, ImageDraw

from . import paint
from .geometry import Rect
from .state import Env, Terminal

SIZE, LINE_H, PAD = 14, 19, 10
BG, FG = (18, 18, 20), (214, 216, 220)
USER, PATH = (108, 200, 92), (110, 160, 240)


def _tabs_h(env: Env) -> int:
    return 34 if env.style == "windows" else 0


def text_area(env: Env, content: Rect) -> Rect:
    top = content.y + _tabs_h(env)
    return Rect(content.x + PAD, top + PAD, content.w - 2 * PAD, content.bottom - top - 2 * PAD)


def columns(env: Env, content: Rect) -> int:
    return text_area(env, content).w // paint.cell_width(SIZE)


def current_prompt(view: Terminal) -> str:
    return view.prompt if view.ask is None else view.ask


def _visible(view: Terminal, area: Rect) -> tuple[int, list[str]]:
    """Index of the first visible line and the visible lines (the input line is the last one)."""
    lines = [*view.lines, current_prompt(view) + view.input]
    rows = area.h // LINE_H
    first = max(0, len(lines) - rows)
    return first, lines[first:]


def layout(view: Terminal, env: Env, content: Rect) -> dict[str, Rect]:
    return {"body": text_area(env, content)}


def marks(view: Terminal, env: Env, content: Rect) -> dict[str, list[Rect]]:
    area, cw = text_area(env, content), paint.cell_width(SIZE)
    first, shown = _visible(view, area)
    out: dict[str, list[Rect]] = {}
    for tag, line, c0, c1 in view.marks:
        row = line - first
        if 0 <= row < len(shown):
            out.setdefault(tag, []).append(Rect(area.x + c0 * cw, area.y + row * LINE_H, (c1 - c0) * cw, LINE_H))
    return out


def draw(img: Image.Image, view: Terminal, env: Env, content: Rect) -> None:
    d = ImageDraw.Draw(img)
    d.rectangle(content.box(), fill=BG)
    if env.style == "windows":
        _tab(d, content)
    area, cw = text_area(env, content), paint.cell_width(SIZE)
    first, shown = _visible(view, area)
    for row, line in enumerate(shown):
        _line(d, view.prompt, line, area.x, area.y + row * LINE_H)
    row = len(shown) - 1
    cx = area.x + len(shown[-1]) * cw
    d.rectangle((cx, area.y + row * LINE_H + 1, cx + cw - 1, area.y + row * LINE_H + LINE_H - 2), fill=FG)


def _tab(d: ImageDraw.ImageDraw, content: Rect) -> None:
    d.rectangle(Rect(content.x, content.y, content.w, 34).box(), fill=(32, 32, 34))
    tab = Rect(content.x + 8, content.y + 4, 200, 30)
    d.rounded_rectangle((tab.x, tab.y, tab.right, tab.bottom + 6), 6, fill=BG)
    d.rounded_rectangle((tab.x + 10, tab.y + 8, tab.x + 24, tab.y + 22), 3, fill=(233, 84, 32))
    paint.text(d, (tab.x + 32, tab.y + 8), "Ubuntu", 12, FG)
    paint.text(d, (tab.right + 12, tab.y + 2), "+", 18, FG)


def _line(d: ImageDraw.ImageDraw, prompt: str, line: str, x: int, y: int) -> None:
    """One terminal line; a line starting with the prompt gets the prompt's colours."""
    if not line.startswith(prompt):
        paint.mono(d, (x, y), line, SIZE, FG)
        return
    cw = paint.cell_width(SIZE)
    split = prompt.find(":") if ":" in prompt else prompt.find(" ")
    paint.mono(d, (x, y), prompt[:split], SIZE, USER)
    paint.mono(d, (x + split * cw, y), prompt[split:], SIZE, PATH)
    paint.mono(d, (x + len(prompt) * cw, y), line[len(prompt):], SIZE, FG)
