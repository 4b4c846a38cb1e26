"""The web browser: tab strip, toolbar with the address bar, and the current page below.

Pages are drawn on their own canvas (origin 0, 0) and pasted, which clips scrolled content;
layouts and marks are shifted back into screen pixels here.
"""

from __future__ import annotations

import re

from PIL import Image, ImageDraw

from . import paint, web_article, web_bank, web_shop
from .geometry import Rect
from .state import Article, Browser, Cards, Checkout, Confirmation, Dashboard, Login, NewTab, Page, Product, Tag

CHROME_H, TABS_H = 76, 36
_NONE = lambda page, area: {}  # noqa: E731
PAGES = {  # type -> (draw, layout, marks)
    Login: (web_bank.login_draw, web_bank.login_layout, web_bank.login_marks),
    Dashboard: (web_bank.dashboard_draw, lambda p, a: web_bank.nav_layout(a), _NONE),
    Cards: (web_bank.cards_draw, web_bank.cards_layout, web_bank.cards_marks),
    Article: (web_article.article_draw, _NONE, _NONE),
    Product: (web_shop.product_draw, web_shop.product_layout, _NONE),
    Checkout: (web_shop.checkout_draw, web_shop.checkout_layout, web_shop.checkout_marks),
    Confirmation: (web_shop.confirmation_draw, _NONE, web_shop.confirmation_marks),
    NewTab: (web_article.newtab_draw, _NONE, _NONE),
}


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def page_title(page: Page, tab: bool = False) -> str:
    """The window title. A confirmation page names the buyer's e-mail there, as shops' receipts do, so a typed
    value also reaches a title (the tab's short title leaves it out: a tab would cut it half-way)."""
    if isinstance(page, NewTab):
        return "New Tab"
    name = {Login: "Sign in", Dashboard: "Accounts", Cards: "Cards", Checkout: "Checkout",
            Confirmation: "Order confirmed"}.get(type(page))
    if name is None:
        name = page.title if isinstance(page, Article) else page.name
    if isinstance(page, Confirmation) and not tab:
        return f"{name} for {page.email} \u2013 {page.site.name}"
    return f"{name} \u2013 {page.site.name}"


def title_value(page: Page) -> tuple[str, str, Tag] | None:
    """(the title's text before the value, the value, its tag) when the title shows a sensitive value."""
    if isinstance(page, Confirmation) and page.email_tag:
        return "Order confirmed for ", page.email, page.email_tag
    return None


def url(page: Page) -> str:
    if isinstance(page, NewTab):
        return ""
    path = {Login: "/login", Dashboard: "/accounts", Cards: "/cards", Checkout: "/checkout",
            Confirmation: "/checkout/thank-you"}.get(type(page))
    if path is None:
        path = f"/posts/{slug(page.title)}" if isinstance(page, Article) else f"/products/{slug(page.name)}"
    return f"https://{page.site.domain}{path}"


def to_screen(content: Rect, local: Rect) -> Rect:
    """A rectangle in page-canvas coordinates moved to screen pixels."""
    area = page_area(content)
    return local.shift(area.x, area.y)


def canvas(content: Rect) -> Rect:
    """The page canvas in its own coordinates (what page modules lay out in)."""
    area = page_area(content)
    return Rect(0, 0, area.w, area.h)


def page_area(content: Rect) -> Rect:
    return Rect(content.x, content.y + CHROME_H, content.w, content.h - CHROME_H)


def address_bar(content: Rect) -> Rect:
    return Rect(content.x + 120, content.y + TABS_H + 5, content.w - 200, 30)


def layout(view: Browser, content: Rect) -> dict[str, Rect]:
    area = page_area(content)
    local = PAGES[type(view.page)][1](view.page, Rect(0, 0, area.w, area.h))
    return {"address": address_bar(content), **{k: r.shift(area.x, area.y) for k, r in local.items()}}


def marks(view: Browser, content: Rect) -> dict[str, list[Rect]]:
    area = page_area(content)
    local = PAGES[type(view.page)][2](view.page, Rect(0, 0, area.w, area.h))
    out = {}
    for tag, rects in local.items():
        shown = [c for r in rects if (c := r.shift(area.x, area.y).clip(area)) is not None]
        if shown:
            out[tag] = shown
    return out


def draw(img: Image.Image, view: Browser, content: Rect) -> None:
    d = ImageDraw.Draw(img)
    _tabs(d, view, content)
    _toolbar(d, view, content)
    area = page_area(content)
    canvas = Image.new("RGB", (area.w, area.h), (255, 255, 255))
    PAGES[type(view.page)][0](ImageDraw.Draw(canvas), view.page, Rect(0, 0, area.w, area.h))
    img.paste(canvas, (area.x, area.y))


def _tabs(d: ImageDraw.ImageDraw, view: Browser, content: Rect) -> None:
    strip = Rect(content.x, content.y, content.w, TABS_H)
    d.rectangle(strip.box(), fill=(223, 226, 231))
    tab = Rect(strip.x + 8, strip.y + 6, 240, TABS_H - 6)
    d.rounded_rectangle((tab.x, tab.y, tab.right, tab.bottom + 8), 8, fill=(255, 255, 255))
    color = getattr(getattr(view.page, "site", None), "color", (120, 124, 134))
    d.rounded_rectangle((tab.x + 12, tab.y + 9, tab.x + 26, tab.y + 23), 3, fill=color)
    title = page_title(view.page, tab=True)
    while paint.width(title, 12) > tab.w - 64:
        title = title[:-2]
    paint.text(d, (tab.x + 34, tab.y + 9), title, 12, (30, 30, 30))
    _x_mark(d, tab.right - 18, tab.y + 16, 4)
    paint.text(d, (tab.right + 14, tab.y + 4), "+", 20, (60, 60, 60))


def _x_mark(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int) -> None:
    d.line([(cx - r, cy - r), (cx + r, cy + r)], fill=(80, 80, 80), width=1)
    d.line([(cx - r, cy + r), (cx + r, cy - r)], fill=(80, 80, 80), width=1)


def _toolbar(d: ImageDraw.ImageDraw, view: Browser, content: Rect) -> None:
    bar = Rect(content.x, content.y + TABS_H, content.w, CHROME_H - TABS_H)
    d.rectangle(bar.box(), fill=(255, 255, 255))
    d.line([(bar.x, bar.bottom - 1), (bar.right, bar.bottom - 1)], fill=(218, 220, 226))
    cy = bar.y + bar.h // 2
    for i, sign in enumerate((-1, 1)):
        cx = bar.x + 22 + 30 * i
        d.line([(cx - 7, cy), (cx + 7, cy)], fill=(70, 70, 70), width=2)
        tip = cx + 7 * sign
        d.line([(tip - 5 * sign, cy - 5), (tip, cy), (tip - 5 * sign, cy + 5)], fill=(70, 70, 70), width=2)
    d.arc((bar.x + 76, cy - 8, bar.x + 92, cy + 8), 40, 340, fill=(70, 70, 70), width=2)
    _address(d, view, address_bar(content))
    for i in range(3):
        d.line([(bar.right - 36, cy - 6 + 6 * i), (bar.right - 20, cy - 6 + 6 * i)], fill=(70, 70, 70), width=2)


def _address(d: ImageDraw.ImageDraw, view: Browser, box: Rect) -> None:
    editing = view.edit_url is not None
    paint.rounded(d, box, 15, fill=(255, 255, 255) if editing else (240, 242, 245),
                  outline=(37, 99, 235) if editing else None, line=2)
    text = view.edit_url if editing else url(view.page)
    if not editing and text:
        d.rounded_rectangle((box.x + 14, box.y + 13, box.x + 24, box.y + 22), 2, fill=(90, 90, 90))
        d.arc((box.x + 15, box.y + 6, box.x + 23, box.y + 17), 180, 360, fill=(90, 90, 90), width=2)
    x = box.x + (14 if editing else 34)
    end = x + paint.text(d, (x, box.y + 8), text or "Search or enter address", 14,
                         (30, 30, 30) if text else (140, 140, 150))
    end = end if text else x
    if editing:
        d.line([(end + 1, box.y + 7), (end + 1, box.bottom - 8)], fill=(30, 30, 30))
