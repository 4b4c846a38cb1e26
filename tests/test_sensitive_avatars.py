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


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_initials_the_page_read_took_for_a_word_stay_out_of_the_author_name(tmp_path):
    from viewer.sensitive import default_config
    from viewer.sensitive.ocr import Word, image_hits

    img = Image.new("RGB", (480, 80), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSans.ttf", 14)
    draw.rounded_rectangle((20, 20, 50, 50), radius=6, fill="#1264a3")
    draw.text((26, 27), "LS", fill="white", font=font)
    draw.text((60, 26), "Szabó, Lajos  yesterday", fill=(30, 30, 30), font=font)
    szabo, lajos = round(draw.textlength("Szabó, ", font=font)), round(draw.textlength("Szabó, Lajos  ", font=font))
    words = [Word("Ls", 26, 29, 18, 12, 60, (1, 1, 1)),  # the avatar's letters, as the page read can read them
             Word("Szabó,", 60, 28, szabo - 6, 14, 95, (2, 1, 1)),
             Word("Lajos", 60 + szabo, 28, round(draw.textlength("Lajos", font=font)), 14, 95, (2, 1, 1)),
             Word("yesterday", 60 + lajos, 28, round(draw.textlength("yesterday", font=font)), 14, 96, (2, 1, 1))]
    people = [box for hit, box, _ in image_hits(img, default_config(), words) if hit.category == "person"]
    name = next(b for b in people if b[0] >= 55)  # the author's name starts right of the avatar
    assert name[0] + name[2] <= 60 + lajos and any(b[0] >= 20 and b[0] + b[2] <= 52 for b in people), people
    assert not any(b[0] < 52 < b[0] + b[2] for b in people)  # no region runs from the avatar into the name
