"""Rendering a desktop snapshot to an image: wallpaper, icons, the shown window, shell.

What lies under the shown window (wallpaper, desktop icons, the window's shadow) never changes
for a given screen and window, so callers may pass a dict to keep those backdrops in.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from . import apps, chrome, shell
from .state import Desktop, Env
from .wallpaper import wallpaper


def backdrop(env: Env, screen: int, kind: str | None) -> Image.Image:
    """Wallpaper, desktop icons and the shadow of `kind`'s window (if any)."""
    s = env.screens[screen]
    img = wallpaper(env.wallpaper, s.width, s.height).copy()
    shell.draw_desktop_icons(ImageDraw.Draw(img), env, screen)
    if kind is not None:
        chrome.draw_shadow(img, env, kind)
    return img


def render_screen(env: Env, desk: Desktop, screen: int, t_ms: int,
                  backdrops: dict | None = None) -> Image.Image:
    """What `screen` shows at `t_ms` (the time only moves the clock); no cursor."""
    kind = desk.shown[screen]
    backdrops = {} if backdrops is None else backdrops
    if (screen, kind) not in backdrops:
        backdrops[(screen, kind)] = backdrop(env, screen, kind)
    img = backdrops[(screen, kind)].copy()
    if kind is not None:
        apps.draw(img, env, kind, desk.views[kind])
    shell.draw_shell(img, env, screen, desk, t_ms)
    return img
