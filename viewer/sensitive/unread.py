"""Ink the page read left unread: marks on the screen that look like text and lie under no word Tesseract
returned (a sparse-text read drops the middle of a light-grey e-mail, the first name of a bold author line, the
last letters of a label: "esmyrni" ... "logh.io", "Passv").

Pure image analysis, no OCR: `unread_ink` gives the places; the OCR module reads them again with their line.
"""

from __future__ import annotations

import statistics

import cv2
import numpy as np

INK_CONTRAST = 60  # grey levels from the local background: text, not a panel's shading
BACKGROUND_KERNEL = 15  # pixels: wider than a letter's stroke, so the median is the background around it
COVER_PAD = 2  # pixels round a read word that count as read
MIN_DENSITY, MAX_DENSITY = 0.08, 0.6  # share of ink in a text run's box: not a rule, not a filled shape


def background(grey: np.ndarray) -> np.ndarray:
    """The background level around every pixel (a median over a window wider than a letter), taken at half size
    (a quarter of the work) and enlarged back."""
    h, w = grey.shape
    half = cv2.resize(grey, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    return cv2.resize(cv2.medianBlur(half, BACKGROUND_KERNEL // 2), (w, h), interpolation=cv2.INTER_NEAREST)


def unread_ink(grey: np.ndarray, boxes: list[tuple[int, int, int, int]], bg: np.ndarray | None = None
               ) -> list[tuple[int, int, int, int, int]]:
    """(x, y, w, h, background level) of each run of text-like ink outside every box in `boxes` (the words read,
    [x, y, w, h] in the image's pixels): marks far from their background, joined letter to letter across
    half a text height, of text height (0.6 to 2.2 times the read words' median height), at least about as wide
    as tall, neither a thin rule nor a filled shape."""
    if not boxes:
        return []
    bg = background(grey) if bg is None else bg
    ink = (np.abs(grey.astype(np.int16) - bg.astype(np.int16)) > INK_CONTRAST).astype(np.uint8)
    for x, y, w, h in boxes:
        ink[max(0, y - COVER_PAD):y + h + COVER_PAD, max(0, x - COVER_PAD):x + w + COVER_PAD] = 0
    text_h = statistics.median(h for *_, h in boxes)
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(text_h) // 2), 1)))
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:n]:
        if not 0.6 * text_h <= h <= 2.2 * text_h or w < 0.8 * h:
            continue
        if not MIN_DENSITY <= ink[y:y + h, x:x + w].mean() <= MAX_DENSITY:
            continue
        out.append((int(x), int(y), int(w), int(h), int(np.median(bg[y:y + h, x:x + w]))))
    return out
