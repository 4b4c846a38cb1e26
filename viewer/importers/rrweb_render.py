"""Screens of an rrweb recording: its events replayed with rrweb's own Replayer in the real Chromium.

`render_frames(events, offsets_ms, size, options)` loads rrweb's browser bundle (the pinned npm package that
`make node` installs under node_modules/) into a blank page of the recording's viewport size, builds a
`rrweb.Replayer` over the events and, for each offset (ms after the first event), pauses the replay there and
takes a PNG of the page. rrweb replays into a sandboxed iframe without scripts, and every network request of
the replayed page is refused, so nothing of the recorded site runs or is fetched. Text the recorder masked
(`*`) is replayed as it was recorded: masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPLAYER_DIR = Path(__file__).resolve().parents[2] / "node_modules" / "rrweb" / "dist"
BUNDLE, STYLE = "rrweb.umd.min.cjs", "style.css"
PAGE = "<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>"
# The replayer's own cursor is hidden: the viewer draws the pointer from the trace's events.
EXTRA_CSS = ("html,body{margin:0;padding:0;overflow:hidden;background:#fff}"
             ".replayer-wrapper{position:absolute;left:0;top:0}.replayer-wrapper iframe{border:0}"
             ".replayer-mouse,.replayer-mouse-tail{display:none!important}")
SETTLE_MS = 30  # lets the page lay out what the replayer just applied before the picture is taken


class RenderError(Exception):
    """The screens cannot be rendered (no Chromium, no replayer bundle, the replay failed): the message says."""


@dataclass(frozen=True)
class RenderOptions:
    chromium: str  # the Chromium executable (settings: VIEWER_CHROMIUM)
    replayer_dir: Path = REPLAYER_DIR


def render_frames(events: list[dict], offsets_ms: list[int], size: tuple[int, int],
                  options: RenderOptions) -> list[bytes]:
    """One PNG per offset, in order; raises RenderError (never a browser traceback) when it cannot."""
    bundle, style = Path(options.replayer_dir) / BUNDLE, Path(options.replayer_dir) / STYLE
    if not bundle.is_file():
        raise RenderError(f"rrweb's replayer is not installed ({bundle.name} not found; run `make node`)")
    if not Path(options.chromium).is_file():
        raise RenderError(f"no Chromium at {options.chromium} (set VIEWER_CHROMIUM)")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise RenderError(f"Playwright is not installed ({exc})") from None
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=options.chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
            try:
                page = browser.new_page(viewport={"width": size[0], "height": size[1]}, device_scale_factor=1)
                page.route("**/*", lambda route: route.abort())  # the replayed site fetches nothing
                page.set_content(PAGE)
                page.add_style_tag(content=style.read_text(encoding="utf-8") if style.is_file() else "")
                page.add_style_tag(content=EXTRA_CSS)
                page.add_script_tag(content=bundle.read_text(encoding="utf-8"))
                page.evaluate("""(events) => {
                    window.__replayer = new rrweb.Replayer(events, {root: document.body, showWarning: false,
                        showDebug: false, mouseTail: false, triggerFocus: false, skipInactive: false,
                        UNSAFE_replayCanvas: false, speed: 1});
                }""", events)
                frames = []
                for offset in offsets_ms:
                    page.evaluate("(ms) => window.__replayer.pause(ms)", int(offset))
                    page.wait_for_timeout(SETTLE_MS)
                    frames.append(page.screenshot(type="png"))
                return frames
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise RenderError(f"the replay in Chromium failed: {str(exc).splitlines()[0]}") from None
