"""Avatar initials (white letters on a coloured square, which OCR does not read): found beside a person's name on a
screen rendered by the real Chromium and read by the real Tesseract; a bot's avatar is left alone."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.screens_html import Screen, render_one, s
from viewer.sensitive.avatars import avatar_boxes, beside_a_person
from viewer.sensitive.ocr import _box_iou
from viewer.sensitive.screen import detect_screen

AVATAR = ('<span style="display:inline-flex;width:30px;height:30px;border-radius:6px;background:{bg};color:white;'
          'align-items:center;justify-content:center;font-weight:700;font-size:12px;vertical-align:top;'
          'margin-right:8px">{inner}</span>')
CHAT = Screen("avatars", "#team-updates - Chat", f"""
<div class="bar">Chat</div><div class="wrap"><div class="side">#general<br>#releases</div><div class="main">
<div class="msg">{AVATAR.format(bg="#e01e5a", inner=s("person", "IV"))}<span class="author">{s("person", "Ilmari Vaskelainen")}
</span><span class="time">10:42</span><div style="margin-left:38px">The nightly build passed on all platforms.</div></div>
<div class="msg">{AVATAR.format(bg="#2eb67d", inner="GI")}<span class="author">GitHub</span><span class="time">10:44</span>
<div style="margin-left:38px">Release notes are up for v4.2.0.</div></div>
</div></div>""")


def test_a_coloured_square_with_white_letters_is_an_avatar_and_plain_shapes_are_not():
    img = Image.new("RGB", (400, 120), "white")
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((20, 20, 50, 50), radius=6, fill="#7c3aed")
    draw.text((26, 27), "MB", fill="white", font=ImageFont.load_default(size=14))
    draw.rounded_rectangle((80, 20, 110, 50), radius=6, fill="#0891b2")  # no letters: an icon
    draw.rounded_rectangle((140, 25, 260, 45), radius=9, fill="#2f6feb")  # a badge: not square
    draw.rectangle((300, 20, 330, 50), outline="#e01e5a", width=2)  # an outline: not filled
    (square, glyphs), = avatar_boxes(img)
    assert square[:2] == [20, 20] and 28 <= square[2] <= 32
    gx, gy, gw, gh = glyphs
    assert 20 < gx and gx + gw < 50 and 20 < gy and gy + gh < 50 and gw >= 8
    assert beside_a_person(square, [[58, 22, 120, 14]])  # a name just right of it, level with it
    assert not beside_a_person(square, [[58, 90, 120, 14]]) and not beside_a_person(square, [[200, 22, 120, 14]])


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_initials_beside_a_person_are_found_and_a_bots_are_not(tmp_path):
    path, gold = render_one(CHAT, tmp_path)
    found = detect_screen(path, title=CHAT.title)
    initials = min((b for c, b in gold), key=lambda b: b[2])
    hits = [f for f in found if f.detector == "ocr:avatar"]
    assert [f.category for f in hits] == ["person"] and _box_iou(hits[0].regions[0][1:], initials) >= 0.3, found
    assert "IV" not in hits[0].preview
