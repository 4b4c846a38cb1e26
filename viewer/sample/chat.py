"""The chat app: conversation list, a private conversation in bubbles, and the message composer."""

from __future__ import annotations

from PIL import Image, ImageDraw

from . import paint
from .geometry import Rect
from .state import Chat, Env

SIDEBAR, HEADER, COMPOSER, SIZE = 260, 56, 60, 14
INK, MUTED = (24, 26, 32), (120, 124, 134)


def _main(content: Rect) -> Rect:
    return Rect(content.x + SIDEBAR, content.y, content.w - SIDEBAR, content.h)


def layout(view: Chat, env: Env, content: Rect) -> dict[str, Rect]:
    m = _main(content)
    lay = {"composer": Rect(m.x + 16, m.bottom - COMPOSER + 10, m.w - 76, 40)}
    for i, (name, _) in enumerate(_contacts(view)):
        lay[f"contact:{name}"] = Rect(content.x, content.y + 60 + i * 64, SIDEBAR, 64)
    return lay


def marks(view: Chat, env: Env, content: Rect) -> dict[str, list[Rect]]:
    """A private chat is sensitive as a whole: the whole client area; each name it shows (a contact, a company
    in a message preview) also where it is drawn."""
    out = {view.tag: [content]} if view.tag else {}
    for text, tag in view.names:
        out.setdefault(tag, []).extend(_name_boxes(view, content, text))
    return {tag: rects for tag, rects in out.items() if rects}


def _name_boxes(view: Chat, content: Rect, text: str) -> list[Rect]:
    """Where `text` is drawn: a contact's name in the sidebar and the header, or inside a message preview."""
    boxes = []
    for i, (name, preview) in enumerate(_contacts(view)):
        row = Rect(content.x, content.y + 60 + i * 64, SIDEBAR, 64)
        if name == text:
            boxes.append(Rect(row.x + 64, row.y + 14, paint.width(name, 14) + 1, 20))
        shown = _preview(preview)
        if i > 0 and text in shown:
            boxes.append(Rect(row.x + 64 + paint.width(shown[:shown.index(text)], 13), row.y + 36,
                              paint.width(text, 13), 18))
    if view.contact == text:
        m = _main(content)
        boxes.append(Rect(m.x + 64, m.y + 10, paint.width(text, 15) + 1, 21))
    return boxes


def _preview(preview: str) -> str:
    """A message preview as the sidebar shows it: cut with "..." to fit."""
    while preview and paint.width(preview, 13) > SIDEBAR - 80:
        preview = preview[:-4] + "..."
    return preview


def _contacts(view: Chat) -> list[tuple[str, str]]:
    last = view.messages[-1][1] if view.messages else ""
    return [(view.contact, last), *view.others]


def draw(img: Image.Image, view: Chat, env: Env, content: Rect) -> None:
    d = ImageDraw.Draw(img)
    d.rectangle(content.box(), fill=(255, 255, 255))
    _sidebar(d, view, content)
    m = _main(content)
    _header(d, view, m)
    _bubbles(d, view, Rect(m.x, m.y + HEADER, m.w, m.h - HEADER - COMPOSER))
    _composer(d, view, layout(view, env, content)["composer"])


def _avatar(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int, name: str) -> None:
    hue = sum(map(ord, name))
    color = (60 + hue * 37 % 150, 80 + hue * 53 % 120, 110 + hue * 71 % 120)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=color)
    initials = "".join(w[0] for w in name.split()[:2]).upper()
    paint.text_centered(d, Rect(cx - r, cy - r, 2 * r, 2 * r), initials, r - 4, (255, 255, 255), bold=True)


def _sidebar(d: ImageDraw.ImageDraw, view: Chat, content: Rect) -> None:
    side = Rect(content.x, content.y, SIDEBAR, content.h)
    d.rectangle(side.box(), fill=(245, 246, 248))
    d.line([(side.right, side.y), (side.right, side.bottom)], fill=(226, 228, 232))
    paint.rounded(d, Rect(side.x + 12, side.y + 14, SIDEBAR - 24, 32), 8, fill=(232, 234, 238))
    paint.text(d, (side.x + 24, side.y + 22), "Search", 13, MUTED)
    for i, (name, preview) in enumerate(_contacts(view)):
        row = Rect(side.x, side.y + 60 + i * 64, SIDEBAR, 64)
        if i == 0:
            d.rectangle(row.box(), fill=(222, 232, 250))
        _avatar(d, row.x + 34, row.y + 32, 20, name)
        paint.text(d, (row.x + 64, row.y + 14), name, 14, INK, bold=True)
        paint.text(d, (row.x + 64, row.y + 36), _preview(preview), 13, MUTED)


def _header(d: ImageDraw.ImageDraw, view: Chat, m: Rect) -> None:
    d.line([(m.x, m.y + HEADER), (m.right, m.y + HEADER)], fill=(226, 228, 232))
    _avatar(d, m.x + 36, m.y + 28, 18, view.contact)
    paint.text(d, (m.x + 64, m.y + 10), view.contact, 15, INK, bold=True)
    paint.text(d, (m.x + 64, m.y + 31), "online", 12, (40, 150, 80))


def _bubbles(d: ImageDraw.ImageDraw, view: Chat, box: Rect) -> None:
    """Messages bottom-up from the composer, wrapped to 60% of the width."""
    d.rectangle(box.box(), fill=(250, 251, 253))
    y, max_w = box.bottom - 12, int(box.w * 0.6)
    for mine, message in reversed(view.messages):
        lines = paint.wrap(message, SIZE, max_w - 28)
        h = 20 * len(lines) + 16
        w = max(paint.width(s, SIZE) for s in lines) + 28
        y -= h
        if y < box.y:
            break
        bubble = Rect(box.right - 20 - w if mine else box.x + 20, y, w, h)
        paint.rounded(d, bubble, 14, fill=(0, 122, 255) if mine else (232, 234, 238))
        for i, line in enumerate(lines):
            paint.text(d, (bubble.x + 14, bubble.y + 8 + 20 * i), line, SIZE, (255, 255, 255) if mine else INK)
        y -= 10


def _composer(d: ImageDraw.ImageDraw, view: Chat, box: Rect) -> None:
    paint.rounded(d, box, 20, fill=(255, 255, 255), outline=(210, 214, 222))
    text = view.draft
    while paint.width(text, SIZE) > box.w - 40:
        text = text[1:]
    end = box.x + 18 + paint.text(d, (box.x + 18, box.y + 11), text or "Message", SIZE, INK if text else MUTED)
    if text:
        d.line([(end + 1, box.y + 10), (end + 1, box.bottom - 10)], fill=INK)
    send = Rect(box.right + 12, box.y + 2, 36, 36)
    d.ellipse(send.box(), fill=(0, 122, 255))
    d.polygon([(send.x + 12, send.y + 10), (send.x + 27, send.y + 18), (send.x + 12, send.y + 26)], fill=(255, 255, 255))
