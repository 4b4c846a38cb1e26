"""The Replay page's layout in a real Chromium: at 1366x768 the player, its controls and its timeline fit the
window with the review panels right under them; "Go" brings the player into view; theatre mode; two screens
drawn one large (following the pointer) and the other as a thumbnail; nothing on the page goes stale while
playing; "skipping idle" shows while a gap is skipped."""

from __future__ import annotations

import shutil
import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.app_server import running_app
from tests.trace_factory import make_session
from viewer.replay.timeline import Timeline
from viewer.review.store import Store
from viewer.sensitive.decide import find_in_session, suggestions
from viewer.trace import load_session

pytestmark = pytest.mark.browser

PLAYER = '[data-testid="replay-player"]'
ONE_SCREEN, TWO_SCREENS = "sample-7-0", "sample-7-1"


@pytest.fixture(scope="module")
def app(tmp_path_factory, sample_data):
    """One app for the module: the samples (suggestions stored for ONE_SCREEN) and a session with a long gap."""
    root = tmp_path_factory.mktemp("layout")
    data = root / "data"
    shutil.copytree(sample_data, data)
    gap = [{"t": 0.1 * i, "type": "move", "x": 10 * i, "y": 10} for i in range(10)]
    gap += [{"t": 120 + 0.1 * i, "type": "move", "x": 300 - 10 * i, "y": 50} for i in range(10)]
    make_session(data, "gap", events=[{"t": 0.0, "type": "screenshot", "file": "screenshots/0001.png"}, *gap])
    url = f"sqlite:///{root / 'ann.db'}"
    session = load_session(data / ONE_SCREEN, root / "cache")
    with Store.open(url) as db:
        find_in_session(db, session)
        pending = suggestions(db, ONE_SCREEN, session.content_hash)
    env = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(root / "cache"), "VIEWER_DB_URL": url}
    with running_app(env) as base:
        yield base, pending


def _wait(cond, timeout=15.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def _open(chromium, url, width=1366, height=768, media=None):
    page = chromium.new_page(viewport={"width": width, "height": height})
    if media is not None:
        page.on("request", lambda r: media.append(r.url) if "/replay-media/" in r.url else None)
    page.goto(url)
    page.wait_for_selector(PLAYER, timeout=60_000)
    page.wait_for_selector('canvas.rp-screen:not([data-image="pending"])', timeout=30_000)
    return page, page.locator(PLAYER)


def _inside(box, width, height) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height


@pytest.mark.parametrize("width, height", [(1366, 768), (1920, 1080)])
def test_player_controls_and_timeline_fit_the_window_with_the_review_panel_under(chromium, app, width, height):
    media = []
    page, player = _open(chromium, f"{app[0]}/replay?session={ONE_SCREEN}&t=5", width, height, media)
    review = page.get_by_role("heading", name="Review")
    review.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # the player fits itself again once the panels have come
    assert page.evaluate("() => document.scrollingElement.scrollTop") == 0
    for part in ("canvas.rp-screen", ".rp-controls", '[data-testid="replay-timeline"]', ".rp-log"):
        box = player.locator(part).first.bounding_box()
        assert box and _inside(box, width, height), (part, box)
    screen = player.locator("canvas.rp-screen").first.bounding_box()
    assert screen["width"] >= 0.4 * width  # fitted, not shrunk to a stamp
    # images are asked for about as wide as the screen is shown (in steps of 160), not at full size
    widths = {int(parse_qs(urlparse(u).query)["w"][0]) for u in media}
    assert widths and max(widths) <= min(1280, -(-int(screen["width"]) // 160) * 160 + 160), widths
    # the review panel starts right under the player, a few lines below the timeline
    bottom = sum(player.locator('[data-testid="replay-timeline"]').bounding_box()[k] for k in ("y", "height"))
    assert bottom <= review.bounding_box()["y"] < bottom + 150


def test_go_brings_the_player_into_view_and_theatre_fills_the_window(chromium, app):
    base, pending = app
    page, player = _open(chromium, f"{base}/replay?session={ONE_SCREEN}&t=2")
    target = max(pending, key=lambda s: s.t_start)
    go = page.locator(f".st-key-sg_go_{target.id} button")
    go.wait_for(timeout=60_000)
    go.scroll_into_view_if_needed()
    assert player.bounding_box()["y"] + player.bounding_box()["height"] < 0  # scrolled away from the player
    go.click()
    assert _wait(lambda: abs(float(player.get_attribute("data-t")) - target.t_start) < 0.5, timeout=30)
    assert _wait(lambda: _inside(player.locator('[data-testid="replay-timeline"]').bounding_box(), 1366, 768))
    small = player.locator("canvas.rp-screen").first.bounding_box()
    player.get_by_role("button", name="Theatre").click()
    assert player.get_attribute("data-theatre") == "1"
    assert _wait(lambda: player.locator("canvas.rp-screen").first.bounding_box()["height"] > small["height"] * 1.2)
    box = player.bounding_box()
    assert box["x"] == 0 and box["y"] == 0 and box["width"] == 1366
    # on top of Streamlit's sidebar and header, not under them
    assert page.evaluate("""() => [[100, 400], [700, 20]].every(([x, y]) => { const e = document.elementFromPoint(x, y);
        return !e.closest('[data-testid=stSidebar], [data-testid=stHeader]'); })""")
    assert _inside(player.locator('[data-testid="replay-timeline"]').bounding_box(), 1366, 768)
    page.keyboard.press("Escape")
    assert player.get_attribute("data-theatre") == "0"


def _on_screen(tl: Timeline, screen_x: int, start: float, end: float) -> float:
    """A time when the pointer has rested on the screen starting at `screen_x` (1280 wide) for a while."""
    for t in tl.ptr_t:
        if start < t < end:
            x0, x1 = tl.cursor_at(t)[0], tl.cursor_at(t + 0.8)[0]
            if screen_x <= x0 < screen_x + 1280 and screen_x <= x1 < screen_x + 1280:
                return float(t) + 0.8
    pytest.skip("the pointer never rests on that screen")


def test_two_screens_one_large_following_the_pointer_the_other_a_thumbnail(chromium, app, sample_data):
    tl = Timeline(load_session(sample_data / TWO_SCREENS).events)
    on_left = _on_screen(tl, 0, tl.start, tl.duration)
    on_right = _on_screen(tl, 1280, tl.start, tl.duration)
    page, player = _open(chromium, f"{app[0]}/replay?session={TWO_SCREENS}&t={on_left:.1f}")
    large, thumb = player.locator('canvas[data-role="large"]'), player.locator('canvas[data-role="thumb"]')
    assert _wait(lambda: large.get_attribute("data-screen") == "0")
    assert large.bounding_box()["width"] > 3 * thumb.bounding_box()["width"]
    # the large screen follows the pointer onto the other screen
    page.evaluate("() => history.replaceState(null, '', location.href)")
    timeline = player.locator('[data-testid="replay-timeline"]')
    box = timeline.bounding_box()
    start, end = float(player.get_attribute("data-start")), float(player.get_attribute("data-end"))
    timeline.click(position={"x": box["width"] * (on_right - start) / (end - start), "y": 20})
    assert _wait(lambda: large.get_attribute("data-screen") == "1")
    assert thumb.get_attribute("data-screen") == "0"
    # choosing the thumbnail keeps it large wherever the pointer goes; choosing it again follows the pointer
    thumb.click()
    assert _wait(lambda: large.get_attribute("data-screen") == "0")
    page.keyboard.press("ArrowRight")
    assert large.get_attribute("data-screen") == "0"
    large.click()
    assert _wait(lambda: large.get_attribute("data-screen") == player.get_attribute("data-large"))


# Counts elements Streamlit marks stale (data-stale, drawn faded) while the player plays.
WATCH_STALE = """() => { window.__stale = 0;
  const player = () => { for (const h of document.querySelectorAll('*')) { const p = h.shadowRoot &&
    h.shadowRoot.querySelector('[data-testid=replay-player]'); if (p) return p; } return document.querySelector('[data-testid=replay-player]'); };
  const count = () => { if (player().dataset.playing !== "1") return;
    window.__stale = Math.max(window.__stale, document.querySelectorAll('[data-stale="true"]').length); };
  new MutationObserver(count).observe(document.body, {subtree: true, attributes: true, attributeFilter: ["data-stale"]});
  count(); }"""


def test_nothing_goes_stale_while_playing_and_skipping_idle_is_shown(chromium, app):
    page, player = _open(chromium, f"{app[0]}/replay?session=gap&t=0.2")
    page.get_by_role("heading", name="Review").wait_for(timeout=60_000)
    page.wait_for_timeout(2500)  # the page has settled after the player's first report
    page.evaluate(WATCH_STALE)
    skip = player.locator('[data-testid="replay-skipping"]')
    assert not skip.is_visible()
    player.get_by_role("button", name="Play").click()
    assert _wait(lambda: skip.is_visible(), timeout=5)
    assert "skipping idle" in skip.inner_text() and player.get_attribute("data-skipping") == "1"
    assert _wait(lambda: float(player.get_attribute("data-t")) > 120, timeout=6)
    assert _wait(lambda: player.get_attribute("data-playing") == "0", timeout=10)  # the end
    assert page.evaluate("() => window.__stale") == 0
    assert _wait(lambda: not skip.is_visible(), timeout=5)
