"""Avatars: the coloured square or disc with a person's initials in white letters that chat, mail and CRM screens
put beside a name. OCR does not read white letters on a colour; the avatar's place says whose initials they are:
right beside a name found as a person (a chat message's author, a contact's heading), they are that person's.
A bot's or an app's avatar sits beside a name that is no person, so it is left alone.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

MIN_SIDE, MAX_SIDE = 16, 100  # device pixels: 20-48 CSS px avatars at 1x and 2x
SATURATED = 70  # max - min of R, G, B: a coloured fill, not grey text or a grey panel
GLYPH_MIN_PIXELS = 8


def avatar_boxes(img: Image.Image) -> list[tuple[list[int], list[int]]]:
    """(avatar box, box of its white letters) for every filled, coloured, about square shape of avatar size with
    white marks inside; [x, y, w, h] in the image's pixels."""
    rgb = np.asarray(img.convert("RGB"))
    r, g, b = cv2.split(rgb)
    low = cv2.min(cv2.min(r, g), b)
    sat = cv2.subtract(cv2.max(cv2.max(r, g), b), low)
    _n, _labels, stats, _ = cv2.connectedComponentsWithStats(
        cv2.threshold(sat, SATURATED, 1, cv2.THRESH_BINARY)[1], connectivity=8)
    out = []
    for x, y, w, h, area in stats[1:].tolist():
        if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE and 0.8 <= w / h <= 1.25):
            continue
        if area < 0.45 * w * h:
            continue  # an outline or a ring, not a filled avatar
        ix, iy = max(2, round(w * 0.12)), max(2, round(h * 0.12))  # inside the rounded corners
        inside = np.s_[y + iy:y + h - iy, x + ix:x + w - ix]
        white = (low[inside] > 190) & (sat[inside] < 50)
        ys, xs = np.nonzero(white)
        if len(xs) < GLYPH_MIN_PIXELS:
            continue  # a plain colour: a status dot or an icon, no letters
        glyphs = [x + ix + int(xs.min()), y + iy + int(ys.min()), int(xs.max() - xs.min()) + 1,
                  int(ys.max() - ys.min()) + 1]
        out.append(([x, y, w, h], glyphs))
    return out


def beside_a_person(avatar: list[int], person_boxes: list[list[int]]) -> bool:
    """True when a person's name starts right of the avatar (within four avatar widths: OCR may miss the first
    name), level with it (its author line or heading)."""
    ax, ay, aw, ah = avatar
    for px, py, pw, ph in person_boxes:
        if ax + aw <= px <= ax + aw + 4 * aw and py < ay + ah and py + ph > ay - 0.3 * ah:
            return True
    return False
