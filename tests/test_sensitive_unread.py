"""Ink the page read left unread: found where no read word covers text, and read again with its line (the middle
of an e-mail, a dropped first name), while an avatar's initials beside a name stay out of the name's line."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from viewer.sensitive.ocr import Word, _unread_again
from viewer.sensitive.unread import unread_ink

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
FONT = ImageFont.load_default(size=22)
INK = (30, 30, 30)


def _line(text: str, x: int = 20, y: int = 18, size: tuple[int, int] = (640, 60)):
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    draw.text((x, y), text, font=FONT, fill=INK)
    return img, draw


def _part(draw, text: str, a: int, b: int, x: int = 20, y: int = 18) -> Word:
    """A word read over characters a..b of `text` drawn at (x, y)."""
    x0 = x + round(draw.textlength(text[:a], font=FONT))
    x1 = x + round(draw.textlength(text[:b], font=FONT))
    _l, top, _r, bottom = draw.textbbox((x, y), text, font=FONT)
    return Word(text[a:b], x0, top, x1 - x0, bottom - top, 90, (1, 1, 1))


def test_ink_under_no_word_is_found_and_ink_under_words_is_not():
    text = "esmyrniotis@balogh.io"
    img, draw = _line(text)
    grey = np.asarray(img.convert("L"))
    read = [_part(draw, text, 0, 7), _part(draw, text, 14, 21)]  # "esmyrni" ... "logh.io"
    found = unread_ink(grey, [(w.x, w.y, w.w, w.h) for w in read])
    assert len(found) == 1
    x, _y, w, _h, level = found[0]
    gap_left, gap_right = read[0].x + read[0].w, read[1].x
    assert gap_left - 4 <= x and x + w <= gap_right + 4 and w >= 0.6 * (gap_right - gap_left)
    assert level >= 250  # on the page's white (the background is taken at half size)
    whole = _part(draw, text, 0, 21)
    assert unread_ink(grey, [(whole.x, whole.y, whole.w, whole.h)]) == []
    assert unread_ink(grey, []) == []


@needs_tesseract
def test_the_middle_of_an_email_the_page_read_dropped_is_read_again():
    text = "esmyrniotis@balogh.io"
    img, draw = _line(text)
    words = _unread_again(img, [_part(draw, text, 0, 7), _part(draw, text, 14, 21)])
    assert [w.text for w in words] == [text]


@needs_tesseract
def test_a_dropped_first_name_is_read_again_and_an_avatar_beside_a_name_is_not_read_into_it():
    text = "Samuli Rinne"
    img, draw = _line(text, x=80)
    words = _unread_again(img, [_part(draw, text, 7, 12, x=80)])
    assert [w.text for w in sorted(words, key=lambda w: w.x)] == ["Samuli", "Rinne"]
    # a coloured avatar with white initials just before a name read whole: the name stays as read
    img, draw = _line(text, x=80)
    draw.rectangle((40, 14, 72, 46), fill=(40, 110, 200))
    draw.text((44, 18), "SR", font=FONT, fill="white")
    read = [_part(draw, text, 0, 6, x=80), _part(draw, text, 7, 12, x=80)]
    assert [w.text for w in _unread_again(img, read)] == ["Samuli", "Rinne"]
