"""The shop site: product page, checkout form (e-mail, address, card number, CVC) and confirmation."""

from __future__ import annotations

from PIL import ImageDraw

from . import paint, widgets
from .geometry import Rect
from .state import CHECKOUT_FIELDS, Checkout, Confirmation, Product
from .widgets import INK, MUTED

SHOP_NAV = ("Men", "Women", "Sale", "Cart")
LABELS = {"email": "Email", "name": "Full name", "address": "Street address", "city": "City",
          "zip": "ZIP code", "card": "Card number", "expiry": "Expiry (MM/YY)", "cvc": "CVC"}
HEADINGS = (("Contact", ("email",)), ("Shipping address", ("name", "address", ("city", "zip"))),
            ("Payment", ("card", ("expiry", "cvc"))))


def product_layout(page: Product, area: Rect) -> dict[str, Rect]:
    x = area.x + 96 + 420
    return {"buy": Rect(x, area.y + 300, 220, 46), "cart": Rect(x + 236, area.y + 300, 160, 46)}


def product_draw(draw: ImageDraw.ImageDraw, page: Product, area: Rect) -> None:
    draw.rectangle(area.box(), fill=(255, 255, 255))
    widgets.header(draw, area, page.site.name, page.site.color, SHOP_NAV)
    img = Rect(area.x + 96, area.y + 96, 380, 380)
    paint.rounded(draw, img, 12, fill=(236, 240, 245))
    draw.ellipse(img.inset(90, 150).box(), fill=paint.blend(page.site.color, (255, 255, 255), 0.35))
    x = img.right + 44
    paint.text(draw, (x, area.y + 100), page.name, 26, INK, bold=True)
    paint.text(draw, (x, area.y + 146), f"${page.price:.2f}", 22, page.site.color, bold=True)
    widgets.paragraph(draw, x, area.y + 196, "Free shipping and returns within 30 days. "
                      "Ships in 1-2 business days.", 15, 420, MUTED)
    lay = product_layout(page, area)
    widgets.button(draw, lay["buy"], "Buy now", page.site.color)
    widgets.button(draw, lay["cart"], "Add to cart", page.site.color, filled=False)


def checkout_layout(page: Checkout, area: Rect) -> dict[str, Rect]:
    """Input boxes by field name, headings as 'h:<title>', and the pay button."""
    lay, x, y = {}, area.x + 64, area.y + 76
    for title, rows in HEADINGS:
        lay[f"h:{title}"] = Rect(x, y, 300, 24)
        y += 30
        for row in rows:
            names = row if isinstance(row, tuple) else (row,)
            w = (480 - 16 * (len(names) - 1)) // len(names)
            for i, name in enumerate(names):
                lay[name] = Rect(x + i * (w + 16), y + 20, w, 34)
            y += 60
    lay["pay"] = Rect(x, y + 6, 480, 44)
    return lay


def checkout_draw(draw: ImageDraw.ImageDraw, page: Checkout, area: Rect) -> None:
    draw.rectangle(area.box(), fill=(255, 255, 255))
    widgets.header(draw, area, page.site.name, page.site.color, ("Secure checkout",))
    lay = checkout_layout(page, area)
    for title, _ in HEADINGS:
        paint.text(draw, lay[f"h:{title}"][:2], title, 17, INK, bold=True)
    for i, name in enumerate(CHECKOUT_FIELDS):
        widgets.field(draw, lay[name], LABELS[name], page.values[i], page.focus == i)
    widgets.button(draw, lay["pay"], f"Pay ${page.price:.2f}", page.site.color)
    _summary(draw, page, Rect(area.x + 620, area.y + 96, min(340, area.w - 660), 200))


def _summary(draw: ImageDraw.ImageDraw, page: Checkout, box: Rect) -> None:
    paint.rounded(draw, box, 10, fill=(247, 248, 250), outline=(226, 229, 234))
    paint.text(draw, (box.x + 20, box.y + 18), "Order summary", 16, INK, bold=True)
    widgets.paragraph(draw, box.x + 20, box.y + 56, page.product, 14, box.w - 40, INK, 1.4)
    for i, (what, amount) in enumerate((("Subtotal", page.price), ("Shipping", 0.0), ("Total", page.price))):
        y = box.y + 110 + 26 * i
        paint.text(draw, (box.x + 20, y), what, 14, MUTED if i < 2 else INK, bold=i == 2)
        s = f"${amount:.2f}"
        paint.text(draw, (box.right - 20 - paint.width(s, 14), y), s, 14, INK, bold=i == 2)


def checkout_marks(page: Checkout, area: Rect) -> dict[str, list[Rect]]:
    lay = checkout_layout(page, area)
    return {tag: [lay[name]] for name, tag, value in zip(CHECKOUT_FIELDS, page.tags, page.values)
            if tag and value}


def _receipt_line(page: Confirmation, area: Rect) -> tuple[str, Rect]:
    prefix = "A receipt was sent to "
    x, y = area.x + (area.w - 520) // 2, area.y + 290
    box = Rect(x + paint.width(prefix, 15), y, paint.width(page.email, 15) + 2, 22)
    return prefix, box


def confirmation_draw(draw: ImageDraw.ImageDraw, page: Confirmation, area: Rect) -> None:
    draw.rectangle(area.box(), fill=(255, 255, 255))
    widgets.header(draw, area, page.site.name, page.site.color, SHOP_NAV)
    cx = area.x + area.w // 2
    draw.ellipse((cx - 32, area.y + 100, cx + 32, area.y + 164), fill=(34, 160, 90))
    draw.line([(cx - 14, area.y + 133), (cx - 4, area.y + 144), (cx + 16, area.y + 120)], fill=(255, 255, 255), width=5)
    paint.text_centered(draw, Rect(area.x, area.y + 186, area.w, 34), "Thank you for your order!", 26, INK, True)
    paint.text_centered(draw, Rect(area.x, area.y + 236, area.w, 24), f"Order {page.order_no}: {page.product}", 15, MUTED)
    prefix, box = _receipt_line(page, area)
    paint.text(draw, (box.x - paint.width(prefix, 15), box.y), prefix + page.email, 15, INK)


def confirmation_marks(page: Confirmation, area: Rect) -> dict[str, list[Rect]]:
    return {page.email_tag: [_receipt_line(page, area)[1]]} if page.email_tag else {}
