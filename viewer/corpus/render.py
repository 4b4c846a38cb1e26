"""Render a page in the real Chromium (Playwright) and read each sensitive span's box from the DOM.

Boxes are in device pixels (CSS pixels times the device scale), clipped to the window and to every
ancestor that clips its content; a span less than half visible is dropped (its text cannot be read).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

BOXES_JS = """
(dpr) => {
  const out = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  for (const el of document.querySelectorAll('[data-cat]')) {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) continue;
    let x0 = Math.max(r.left, 0), y0 = Math.max(r.top, 0), x1 = Math.min(r.right, vw), y1 = Math.min(r.bottom, vh);
    for (let a = el.parentElement; a; a = a.parentElement) {
      const st = getComputedStyle(a);
      if (st.overflowX !== 'visible' || st.overflowY !== 'visible') {
        const q = a.getBoundingClientRect();
        x0 = Math.max(x0, q.left); y0 = Math.max(y0, q.top); x1 = Math.min(x1, q.right); y1 = Math.min(y1, q.bottom);
      }
    }
    if (x1 <= x0 || y1 <= y0) continue;
    if ((x1 - x0) * (y1 - y0) < 0.5 * r.width * r.height) continue;
    const X0 = Math.floor(x0 * dpr), Y0 = Math.floor(y0 * dpr);
    out.push({category: el.dataset.cat, text: el.textContent,
              where: el.closest('.titlebar') ? 'title' : 'body',
              box: [X0, Y0, Math.ceil(x1 * dpr) - X0, Math.ceil(y1 * dpr) - Y0]});
  }
  return out;
}
"""

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--font-render-hinting=none"]


class BrowserUnavailable(RuntimeError):
    """Playwright is not installed or the Chromium executable cannot start."""


@dataclass
class Rendered:
    png: bytes
    boxes: list[dict]  # {category, text, where, box: [x, y, w, h]}


class Renderer:
    """One Chromium for many screens; a context per device scale. Use as a context manager."""

    def __init__(self, executable: str):
        self.executable = executable
        self._stack = contextlib.ExitStack()
        self._pages: dict[int, object] = {}

    def __enter__(self) -> "Renderer":
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError:
            raise BrowserUnavailable("playwright is not installed (pip install -r requirements-dev.txt)") from None
        p = self._stack.enter_context(sync_playwright())
        try:
            self._browser = p.chromium.launch(executable_path=self.executable, args=CHROMIUM_ARGS)
        except Error as exc:
            self._stack.close()
            raise BrowserUnavailable(f"{self.executable}: cannot start Chromium: {str(exc).splitlines()[0]}") from None
        self._stack.callback(self._browser.close)
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def _page(self, scale: int):
        if scale not in self._pages:
            ctx = self._browser.new_context(device_scale_factor=scale, viewport={"width": 1280, "height": 800},
                                            java_script_enabled=True, offline=True)
            self._pages[scale] = ctx.new_page()
        return self._pages[scale]

    def render(self, html: str, width: int, height: int, scale: int) -> Rendered:
        """The page at width x height CSS pixels and `scale` device pixels per CSS pixel."""
        page = self._page(scale)
        page.set_viewport_size({"width": width, "height": height})
        page.set_content(html, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        boxes = page.evaluate(BOXES_JS, scale)
        png = page.screenshot(type="png", full_page=False, animations="disabled", caret="hide")
        return Rendered(png, boxes)
