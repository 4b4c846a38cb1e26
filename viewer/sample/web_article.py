"""Reading pages: a long article that scrolls, and the browser's new-tab page."""

from __future__ import annotations

from PIL import ImageDraw

from . import paint, widgets
from .geometry import Rect
from .state import Article, NewTab
from .widgets import INK, MUTED

COLUMN, BODY, LEADING = 680, 17, 1.65


def _blocks(page: Article, area: Rect) -> list[tuple[str, int, int, int]]:
    """(text, size, y, colour index) of each text line at scroll 0, relative to the page top."""
    out, y = [], 96
    for line in paint.wrap(page.title, 32, COLUMN):
        out.append((line, 32, y, 0))
        y += 44
    out.append((page.byline, 14, y + 4, 1))
    y += 48
    for para in page.paragraphs:
        for line in paint.wrap(para, BODY, COLUMN):
            out.append((line, BODY, y, 0))
            y += int(BODY * LEADING)
        y += 16
    return out


def article_height(page: Article, area: Rect) -> int:
    return _blocks(page, area)[-1][2] + 80


def max_scroll(page: Article, area: Rect) -> int:
    return max(0, article_height(page, area) - area.h)


def body_lines(page: Article, area: Rect) -> list[int]:
    """Indices of the body-text lines (the ones a reader might select)."""
    return [i for i, b in enumerate(_blocks(page, area)) if b[1] == BODY and b[0].strip()]


def line_text(page: Article, area: Rect, index: int) -> str:
    return _blocks(page, area)[index][0]


def line_box(page: Article, area: Rect, index: int) -> Rect:
    """Where text line `index` is drawn at the page's current scroll."""
    line, size, y, _ = _blocks(page, area)[index]
    x = area.x + (area.w - COLUMN) // 2
    return Rect(x, area.y + y - page.scroll - 3, paint.width(line, size), int(size * LEADING))


def article_draw(draw: ImageDraw.ImageDraw, page: Article, area: Rect) -> None:
    draw.rectangle(area.box(), fill=(255, 255, 255))
    x = area.x + (area.w - COLUMN) // 2
    if page.selected is not None:
        draw.rectangle(line_box(page, area, page.selected).box(), fill=(179, 212, 252))
    for line, size, y, color in _blocks(page, area):
        y = area.y + y - page.scroll
        if area.y < y + size * 2 and y < area.bottom:
            paint.text(draw, (x, y), line, size, INK if color == 0 else MUTED, bold=size > 20)
    top = Rect(area.x, area.y - min(page.scroll, 56), area.w, 56)
    widgets.header(draw, top, page.site.name, page.site.color, ("Recipes", "Guides", "About", "Subscribe"))


def newtab_draw(draw: ImageDraw.ImageDraw, page: NewTab, area: Rect) -> None:
    draw.rectangle(area.box(), fill=(248, 249, 251))
    box = Rect(area.x + (area.w - 560) // 2, area.y + area.h // 3, 560, 46)
    paint.text_centered(draw, Rect(area.x, box.y - 80, area.w, 40), "Search the web", 28, (90, 96, 110))
    paint.rounded(draw, box, 23, fill=(255, 255, 255), outline=(210, 214, 222))
    paint.text(draw, (box.x + 24, box.y + 14), "Search or enter address", 15, (150, 154, 164))
    for i, (name, color) in enumerate((("Mail", (200, 60, 50)), ("News", (40, 90, 170)),
                                       ("Maps", (40, 150, 80)), ("Video", (220, 40, 40)))):
        tile = Rect(box.x + 30 + i * 130, box.bottom + 50, 64, 64)
        paint.rounded(draw, tile, 14, fill=(255, 255, 255), outline=(224, 226, 232))
        draw.ellipse(tile.inset(18).box(), fill=color)
        paint.text_centered(draw, Rect(tile.x - 20, tile.bottom + 6, tile.w + 40, 20), name, 13, MUTED)
