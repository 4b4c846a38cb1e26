"""One screen in, findings out: the entry point for a single screenshot (or video frame) and its window title.

    detect_screen("shot.png", title="Maria Cruz Lopez - Messages")  ->  [Finding, ...]

Pixel findings carry one region per value, [0, x, y, w, h] in the image's pixels, scope `pixels`, detector
`ocr:<name>`; title findings carry no region, scope `events`, detector `title:<name>`. Session fields
(session_id, t_start, t_end) are empty/zero: the caller places them. Offline: Tesseract and the shipped lists only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from .config import Config, default_config
from .findings import Finding, mask
from .ocr import image_hits
from .titles import title_hits, with_title


def _image(image) -> Image.Image:
    """A PIL image from a path, a PIL image, or an array (H x W grey, or H x W x 3/4 in RGB order)."""
    if isinstance(image, Image.Image):
        return image
    if isinstance(image, (str, Path)):
        with Image.open(image) as im:
            im.load()
            return im.convert("RGB")
    arr = np.asarray(image)
    if arr.dtype != np.uint8:
        raise ValueError("an image array must be uint8")
    if arr.ndim == 2 or (arr.ndim == 3 and arr.shape[2] in (3, 4)):
        return Image.fromarray(arr)
    raise ValueError(f"an image array must be H x W, H x W x 3 or H x W x 4, not {arr.shape}")


def detect_screen(image, title: str | None = None, config: Config | None = None, app: str = "",
                  in_title: bool = True, words=None) -> list[Finding]:
    """Findings on one screen image and, when given, in its window title (values found in the title are also
    looked for on the image, so the title bar gets its region). `in_title=False`: the title's own findings are
    left out (a session reports them once per focus period, not per screenshot). `words`: the image's words
    when already read (the OCR cache)."""
    config = config or default_config()
    img = _image(image)
    out = [Finding("", 0.0, 0.0, "pixels", hit.category, f"ocr:{hit.detector}", hit.confidence, [[0, *box]],
                   preview)
           for hit, box, preview in image_hits(img, with_title(config, title, app), words)]
    if title and in_title:
        out += [Finding("", 0.0, 0.0, "events", h.category, f"title:{h.detector}", h.confidence, [],
                        mask(title[h.start:h.end], h.category)) for h in title_hits(title, app, config)]
    return out
