"""The bank site: sign-in form, accounts dashboard and the saved-cards page (card number on screen).

Every page module offers `layout(page, area)` (click targets), `draw(draw, page, area)` and
`marks(page, area)` (where each tagged sensitive value shows), all in the same coordinates.
"""

from __future__ import annotations

from PIL import ImageDraw

from . import paint, widgets
from .geometry import Rect
from .state import Cards, Dashboard, Login
from .texts import TRANSACTIONS
from .widgets import INK, MUTED

NAV = ("Accounts", "Cards", "Payments", "Settings")
PUBLIC_NAV = ("Personal", "Business", "Help")
CARD_NUMBER_SIZE = 22


def _card_box(area: Rect) -> Rect:
    return Rect(area.x + (area.w - 400) // 2, area.y + 92, 400, 390)


def login_layout(page: Login, area: Rect) -> dict[str, Rect]:
    c = _card_box(area)
    return {"card": c, "email": Rect(c.x + 32, c.y + 126, 336, 40),
            "password": Rect(c.x + 32, c.y + 204, 336, 40), "remember": Rect(c.x + 32, c.y + 262, 18, 18),
            "signin": Rect(c.x + 32, c.y + 298, 336, 44), "forgot": Rect(c.x + 130, c.y + 352, 140, 20)}


def login_draw(draw: ImageDraw.ImageDraw, page: Login, area: Rect) -> None:
    draw.rectangle(area.box(), fill=(244, 246, 249))
    widgets.header(draw, area, page.site.name, page.site.color, PUBLIC_NAV)
    lay = login_layout(page, area)
    c = lay["card"]
    paint.rounded(draw, c, 10, fill=(255, 255, 255), outline=(222, 226, 232))
    paint.text(draw, (c.x + 32, c.y + 28), "Sign in", 26, INK, bold=True)
    paint.text(draw, (c.x + 32, c.y + 66), f"Welcome back to {page.site.name}", 14, MUTED)
    widgets.field(draw, lay["email"], "Email", page.email, page.focus == "email", placeholder="name@example.com")
    widgets.field(draw, lay["password"], "Password", "x" * page.pw_len, page.focus == "password", secret=True)
    draw.rounded_rectangle(lay["remember"].box(), 3, outline=(150, 155, 165))
    paint.text(draw, (lay["remember"].right + 8, lay["remember"].y + 1), "Remember me", 14, INK)
    widgets.button(draw, lay["signin"], "Sign in", page.site.color)
    paint.text_centered(draw, lay["forgot"], "Forgot password?", 14, page.site.color)


def login_marks(page: Login, area: Rect) -> dict[str, list[Rect]]:
    if page.email_tag and page.email:
        return {page.email_tag: [login_layout(page, area)["email"]]}
    return {}


def nav_layout(area: Rect) -> dict[str, Rect]:
    return widgets.header_links(Rect(area.x, area.y, area.w, 56), NAV)


def dashboard_draw(draw: ImageDraw.ImageDraw, page: Dashboard, area: Rect) -> None:
    draw.rectangle(area.box(), fill=(244, 246, 249))
    widgets.header(draw, area, page.site.name, page.site.color, NAV)
    x, y = area.x + 48, area.y + 84
    paint.text(draw, (x, y), f"Good morning, {page.first_name}", 26, INK, bold=True)
    for i, (name, amount) in enumerate(page.balances):
        tile = Rect(x + i * 300, y + 56, 280, 110)
        paint.rounded(draw, tile, 10, fill=(255, 255, 255), outline=(222, 226, 232))
        paint.text(draw, (tile.x + 20, tile.y + 18), name, 14, MUTED)
        paint.text(draw, (tile.x + 20, tile.y + 48), amount, 28, INK, bold=True)
    _transactions(draw, Rect(x, y + 196, min(area.w - 96, 880), 260))


def _transactions(draw: ImageDraw.ImageDraw, box: Rect) -> None:
    paint.rounded(draw, box, 10, fill=(255, 255, 255), outline=(222, 226, 232))
    paint.text(draw, (box.x + 20, box.y + 16), "Recent transactions", 16, INK, bold=True)
    for i, (what, amount) in enumerate(TRANSACTIONS[:6]):
        y = box.y + 52 + i * 34
        if y + 30 > box.bottom:
            break
        draw.line([(box.x + 20, y - 6), (box.right - 20, y - 6)], fill=(236, 238, 242))
        paint.text(draw, (box.x + 20, y), what, 14, INK)
        color = (22, 128, 60) if amount.startswith("+") else INK
        paint.text(draw, (box.right - 20 - paint.width(amount, 14), y), amount, 14, color)


def _tile(area: Rect, i: int) -> Rect:
    return Rect(area.x + 48 + i * 380, area.y + 140, 340, 210)


def cards_layout(page: Cards, area: Rect) -> dict[str, Rect]:
    lay = {f"toggle{i}": Rect(_tile(area, i).x, _tile(area, i).bottom + 20, 200, 38) for i in range(len(page.cards))}
    return {**lay, **nav_layout(area)}


def _number_box(area: Rect, i: int, number: str) -> Rect:
    t = _tile(area, i)
    return Rect(t.x + 24, t.y + 104, paint.width(number, CARD_NUMBER_SIZE), CARD_NUMBER_SIZE + 6)


def cards_draw(draw: ImageDraw.ImageDraw, page: Cards, area: Rect) -> None:
    draw.rectangle(area.box(), fill=(244, 246, 249))
    widgets.header(draw, area, page.site.name, page.site.color, NAV)
    paint.text(draw, (area.x + 48, area.y + 84), "Your cards", 26, INK, bold=True)
    for i, card in enumerate(page.cards):
        _card_tile(draw, page, area, i, card)
        label = "Hide details" if page.revealed and i == 0 else "Show card details"
        widgets.button(draw, cards_layout(page, area)[f"toggle{i}"], label, page.site.color, filled=False)


def _card_tile(draw: ImageDraw.ImageDraw, page: Cards, area: Rect, i: int, card) -> None:
    brand, number, exp = card
    t = _tile(area, i)
    color = page.site.color if i == 0 else (40, 44, 52)
    paint.rounded(draw, t, 14, fill=color)
    draw.rounded_rectangle((t.x + 24, t.y + 56, t.x + 64, t.y + 86), 5, fill=(222, 190, 110))
    paint.text(draw, (t.right - 24 - paint.width(brand, 18), t.y + 20), brand, 18, (255, 255, 255), bold=True)
    if page.revealed and i == 0:
        paint.text(draw, (t.x + 24, t.y + 104), number, CARD_NUMBER_SIZE, (255, 255, 255))
    else:
        for g in range(3):
            paint.dots(draw, (t.x + 24 + g * 64, t.y + 118), 4, (255, 255, 255), r=3, gap=12)
        paint.text(draw, (t.x + 24 + 192, t.y + 104), number[-4:], CARD_NUMBER_SIZE, (255, 255, 255))
    paint.text(draw, (t.x + 24, t.y + 160), page.holder.upper(), 14, (235, 235, 240))
    paint.text(draw, (t.right - 80, t.y + 160), exp, 14, (235, 235, 240))


def cards_marks(page: Cards, area: Rect) -> dict[str, list[Rect]]:
    if page.tag and page.revealed:
        return {page.tag: [_number_box(area, 0, page.cards[0][1])]}
    return {}
