"""Drawing primitives on top of Pillow: the bundled font, text, monospace text and rounded shapes.

Pillow's bundled font (`ImageFont.load_default(size=...)`) covers ASCII only, so text is mapped to
ASCII look-alikes before drawing and bullets are drawn as dots.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageDraw, ImageFont

from .geometry import Rect

Color = tuple[int, int, int] | tuple[int, int, int, int]

_ASCII = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u2018": "'", "\u201c": '"',
                        "\u201d": '"', "\u2022": "*", "\u00a0": " ", "\u2026": "...", "\u00d7": "x"})


@lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled font at `size` pixels (no system fonts needed)."""
    return ImageFont.load_default(size=size)


def ascii_text(s: str) -> str:
    return s.translate(_ASCII)


def width(s: str, size: int) -> int:
    return int(round(font(size).getlength(ascii_text(s))))


def text(draw: ImageDraw.ImageDraw, xy: tuple[int, int], s: str, size: int, fill: Color,
         bold: bool = False) -> int:
    """Draw `s` with its top-left at `xy`; bold is faked with a one-pixel double strike. Returns the width."""
    s = ascii_text(s)
    draw.text(xy, s, font=font(size), fill=fill)
    if bold:
        draw.text((xy[0] + 1, xy[1]), s, font=font(size), fill=fill)
    return width(s, size) + (1 if bold else 0)


def text_centered(draw: ImageDraw.ImageDraw, rect: Rect, s: str, size: int, fill: Color,
                  bold: bool = False) -> None:
    x = rect.x + (rect.w - width(s, size)) // 2
    y = rect.y + (rect.h - size) // 2 - 1
    text(draw, (x, y), s, size, fill, bold)


def cell_width(size: int) -> int:
    """The fixed advance used for monospace text at `size`."""
    return max(6, round(size * 0.62))


def mono(draw: ImageDraw.ImageDraw, xy: tuple[int, int], s: str, size: int, fill: Color) -> None:
    """Draw `s` on a fixed character grid so the proportional bundled font reads as monospace."""
    cw, f = cell_width(size), font(size)
    for i, ch in enumerate(ascii_text(s)):
        if ch != " ":
            offset = (cw - f.getlength(ch)) / 2
            draw.text((xy[0] + i * cw + offset, xy[1]), ch, font=f, fill=fill)


def rounded(draw: ImageDraw.ImageDraw, rect: Rect, radius: int, fill: Color | None = None,
            outline: Color | None = None, line: int = 1) -> None:
    draw.rounded_rectangle(rect.box(), radius=radius, fill=fill, outline=outline, width=line)


def dots(draw: ImageDraw.ImageDraw, xy: tuple[int, int], count: int, fill: Color, r: int = 4,
         gap: int = 12) -> None:
    """Password bullets: `count` filled dots starting at `xy` (their left edge, vertical centre)."""
    x, y = xy
    for i in range(count):
        cx = x + r + i * gap
        draw.ellipse((cx - r, y - r, cx + r, y + r), fill=fill)


def wrap(s: str, size: int, max_width: int) -> list[str]:
    """Greedy word wrap to `max_width` pixels; keeps explicit newlines as paragraph breaks."""
    lines: list[str] = []
    for para in s.split("\n"):
        lines.extend(_wrap_paragraph(para, size, max_width))
    return lines


def _wrap_paragraph(para: str, size: int, max_width: int) -> list[str]:
    words, lines, line = para.split(" "), [], ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and width(candidate, size) > max_width:
            lines.append(line)
            candidate = word
        line = candidate
    lines.append(line)
    return lines


def blend(a: Color, b: Color, k: float) -> tuple[int, int, int]:
    """Mix colour `a` towards `b` by `k` (0..1)."""
    return tuple(int(round(a[i] + (b[i] - a[i]) * k)) for i in range(3))
