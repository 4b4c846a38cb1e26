"""Desktop wallpapers: smooth two-colour gradients with a few soft glows, rendered once and cached."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image

PALETTES = [
    ((16, 44, 110), (84, 150, 226), (180, 214, 250)),  # blue bloom
    ((58, 26, 88), (222, 110, 96), (250, 190, 120)),  # dusk
    ((12, 72, 78), (64, 160, 150), (200, 236, 220)),  # teal
    ((40, 40, 52), (98, 104, 128), (190, 196, 214)),  # graphite
]


@lru_cache(maxsize=8)
def wallpaper(index: int, width: int, height: int) -> Image.Image:
    """A deterministic wallpaper for palette `index` at the given size (RGB)."""
    dark, mid, light = (np.array(c, dtype=np.float32) for c in PALETTES[index % len(PALETTES)])
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    k = (0.65 * xx / width + 0.35 * yy / height)[..., None]
    img = dark * (1 - k) + mid * k
    for cx, cy, r, w in ((0.72, 0.38, 0.33, 0.75), (0.25, 0.85, 0.28, 0.45)):
        d2 = ((xx - cx * width) ** 2 + (yy - cy * height) ** 2) / (r * width) ** 2
        glow = (w * np.exp(-d2))[..., None]
        img = img * (1 - glow) + light * glow
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
