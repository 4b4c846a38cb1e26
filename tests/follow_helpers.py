"""A small session where a typed value shows again later: real rendered screenshots (Pillow's bundled font),
real key events, read by real Tesseract. Used by the follow and export tests."""

from __future__ import annotations

from pathlib import Path

import orjson
from PIL import Image, ImageDraw

from tests.sensitive_helpers import Typist
from tests.trace_factory import make_session
from viewer.sample import paint

EMAIL = "aisha.costa91@gmail.com"
CARD_TYPED = "4111111111111111"
CARD_SHOWN = "4111 1111 1111 1111"
SIZE = (1000, 640)


def screen(lines: list[tuple[int, int, str]], fields: list[tuple[int, int, int, str]] = ()) -> Image.Image:
    """A light page: text lines at (x, y), and input fields (x, y, width, text) with a border."""
    img = Image.new("RGB", SIZE, (250, 250, 250))
    d = ImageDraw.Draw(img)
    for x, y, s in lines:
        paint.text(d, (x, y), s, 20, (30, 30, 30))
    for x, y, w, s in fields:
        d.rounded_rectangle((x, y, x + w, y + 40), 4, fill=(255, 255, 255), outline=(140, 140, 150), width=1)
        paint.text(d, (x + 10, y + 10), s, 20, (20, 20, 20))
    return img


def build(root: Path, name: str = "follow-1") -> tuple[Path, dict]:
    """The session directory and what it holds: {"email_span", "card_span", "shots": {name: t}}."""
    k = Typist(0.0)
    k.focus("Browser", "Checkout - Shop")
    shots = {}
    k.emit("screenshot", file="screenshots/01-empty.png")
    shots["01-empty.png"] = screen([(60, 40, "Checkout")], [(60, 100, 480, ""), (60, 200, 480, "")])
    k.click(100, 120)
    email_span = k.type(EMAIL)
    k.press("Tab")
    k.wait(0.2)
    k.emit("screenshot", file="screenshots/02-email.png")
    shots["02-email.png"] = screen([(60, 40, "Checkout")], [(60, 100, 480, EMAIL), (60, 200, 480, "")])
    k.click(100, 220)
    card_span = k.type(CARD_TYPED)
    k.press("Enter")
    k.wait(0.5)
    k.emit("screenshot", file="screenshots/03-confirm.png")
    shots["03-confirm.png"] = screen([(60, 40, "Order confirmed"), (60, 120, f"Receipt sent to {EMAIL}"),
                                      (60, 200, f"Paid with card {CARD_SHOWN}")])
    k.wait(1.0)
    k.focus("Mail", f"Inbox - {EMAIL} - Mail")
    k.emit("marker", label="mail opened")
    k.emit("screenshot", file="screenshots/04-other.png")
    shots["04-other.png"] = screen([(60, 40, "Weather today"), (60, 120, "Sunny with light wind")])
    k.wait(1.0)
    k.emit("move", x=5, y=5)
    d = make_session(root, name, events=sorted(k.events, key=lambda e: e["t"]), images=False,
                     manifest={"screens": [{"id": 0, "x": 0, "y": 0, "width": SIZE[0], "height": SIZE[1],
                                            "scale": 1.0}],
                               "tasks": [{"t_start": 0.0, "t_end": 1.0,
                                          "instruction": f"Buy the sweater and mail {EMAIL} the receipt"}]})
    (d / "screenshots").mkdir()
    for file, img in shots.items():
        img.save(d / "screenshots" / file)
    times = {e["file"].split("/")[-1]: e["t"] for e in k.events if e["type"] == "screenshot"}
    return d, {"email_span": email_span, "card_span": card_span, "shots": times}


def events_of(path: Path) -> list[dict]:
    return [orjson.loads(x) for x in path.read_bytes().splitlines() if x.strip()]
