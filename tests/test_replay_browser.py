"""The Replay page in a real Chromium: play, seek on the timeline, shortcuts, moment links, text never HTML."""

import json
import shutil
import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.app_server import running_app
from tests.trace_factory import make_session

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
PLAYER = '[data-testid="replay-player"]'


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, sample_data):
    data = tmp_path_factory.mktemp("replay") / "data"
    shutil.copytree(sample_data, data)
    moves = [{"t": 0.2 + 0.1 * i, "type": "move", "x": 10 + 5 * i, "y": 20 + 3 * i} for i in range(40)]
    make_session(data, "xss", events=[{"t": 0.0, "type": "focus", "app": XSS, "title": XSS},
                                      {"t": 0.1, "type": "screenshot", "file": "screenshots/0001.png"},
                                      *moves, {"t": 4.5, "type": "text", "text": XSS},
                                      {"t": 5.0, "type": "screenshot", "file": "screenshots/0002.jpg"},
                                      {"t": 6.0, "type": "screenshot", "file": "screenshots/gone.png"},
                                      {"t": 7.0, "type": "move", "x": 1, "y": 1}])
    gap = [{"t": 0.1 * i, "type": "move", "x": 10 * i, "y": 10} for i in range(10)]
    gap += [{"t": 120 + 0.1 * i, "type": "move", "x": 300 - 10 * i, "y": 50} for i in range(10)]
    make_session(data, "gap", events=[{"t": 0.0, "type": "screenshot", "file": "screenshots/0001.png"}, *gap])
    cache = tmp_path_factory.mktemp("replay-cache")
    with running_app({"VIEWER_DATA": str(data), "VIEWER_CACHE": str(cache)}) as url:
        yield url


def _sample(sample_data, want) -> str:
    """The name of a shipped sample session whose manifest satisfies `want` (video, several screens...)."""
    for d in sorted(sample_data.iterdir()):
        if (d / "session.json").is_file() and want(json.loads((d / "session.json").read_text())):
            return d.name
    pytest.skip("no such sample session")


def _open(chromium, url):
    page = chromium.new_page(viewport={"width": 1500, "height": 1000})
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_selector(PLAYER, timeout=60_000)
    page.wait_for_selector('canvas.rp-screen:not([data-image="pending"])', timeout=30_000)
    return page, page.locator(PLAYER), dialogs


def _t(player) -> float:
    return float(player.get_attribute("data-t"))


def _url_t(page) -> float:
    return float(parse_qs(urlparse(page.url).query).get("t", ["nan"])[0])


def _wait(cond, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def test_play_moves_the_playhead_and_the_cursor(chromium, app_url, sample_data):
    name = _sample(sample_data, lambda m: len(m["screens"]) == 2)
    page, player, _ = _open(chromium, f"{app_url}/replay?session={name}&t=0")
    assert _t(player) < 0.5 and player.get_attribute("data-playing") == "0"
    before = player.get_attribute("data-cursor")
    player.get_by_role("button", name="Play").click()
    assert _wait(lambda: _t(player) > 2.0)
    assert player.get_attribute("data-playing") == "1"
    assert player.get_attribute("data-cursor") != before
    assert int(player.get_attribute("data-frames")) > 20  # animated in the browser, not a rerun per frame
    assert page.locator('canvas.rp-screen[data-image^="s:"]').count() == 2  # two screens side by side
    assert "Traceback" not in page.content()
    page.keyboard.press(" ")  # after a click on Play, space pauses once (the button does not click again)
    assert _wait(lambda: player.get_attribute("data-playing") == "0")
    page.wait_for_timeout(300)
    assert player.get_attribute("data-playing") == "0"


def test_click_on_the_timeline_seeks_and_the_url_follows(chromium, app_url, sample_data):
    name = _sample(sample_data, lambda m: len(m["screens"]) == 1 and not m.get("video"))
    page, player, _ = _open(chromium, f"{app_url}/replay?session={name}")
    timeline = page.locator('[data-testid="replay-timeline"]')
    box = timeline.bounding_box()
    timeline.click(position={"x": box["width"] * 0.5, "y": 20})
    start, end = float(player.get_attribute("data-start")), float(player.get_attribute("data-end"))
    t = _t(player)
    assert abs(t - (start + end) / 2) < (end - start) * 0.02
    # the player writes the URL at once; a rerun still in flight from opening may write its own t back
    # (or fold the player's post away): the player, paused, then reports its t again
    assert _wait(lambda: abs(_url_t(page) - t) < 0.11, timeout=20), (page.url, t)
    # the image at the new playhead arrives (asked for lazily)
    assert _wait(lambda: page.locator('canvas.rp-screen[data-image^="s:"]').count() == 1)


def test_keyboard_shortcuts(chromium, app_url, sample_data):
    name = _sample(sample_data, lambda m: True)
    page, player, _ = _open(chromium, f"{app_url}/replay?session={name}&t=20")
    assert abs(_t(player) - 20) < 0.01
    page.keyboard.press("ArrowRight")
    assert _wait(lambda: abs(_t(player) - 25) < 0.01)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert _wait(lambda: abs(_t(player) - 15) < 0.01)
    page.keyboard.press("]")
    assert _wait(lambda: _t(player) > 15)
    after = _t(player)
    page.keyboard.press("[")
    assert _wait(lambda: _t(player) < after)
    page.keyboard.press(" ")
    assert _wait(lambda: player.get_attribute("data-playing") == "1")
    page.keyboard.press(" ")
    assert _wait(lambda: player.get_attribute("data-playing") == "0")
    page.keyboard.press("+")
    assert _wait(lambda: player.get_attribute("data-speed") == "2")
    help_box = page.locator(".rp-help")
    assert not help_box.is_visible()
    page.keyboard.press("?")
    assert help_box.is_visible() and "Keyboard shortcuts" in help_box.inner_text()
    page.keyboard.press("Escape")
    assert not help_box.is_visible()


def test_a_moment_link_opens_at_that_time(chromium, app_url, sample_data):
    import cv2

    name = _sample(sample_data, lambda m: bool(m.get("video")))
    manifest = json.loads((sample_data / name / "session.json").read_text())
    cap = cv2.VideoCapture(str(sample_data / name / manifest["video"]["file"]))
    fps = cap.get(cv2.CAP_PROP_FPS)
    cap.release()
    page, player, _ = _open(chromium, f"{app_url}/replay?session={name}&t=23.2")
    assert abs(_t(player) - 23.2) < 0.01
    assert player.get_attribute("data-session") == name
    frame = int((23.2 - manifest["video"].get("t0", 0)) * fps)
    # the screen video's frame at that time is shown (frames extracted server-side, sent lazily)
    assert _wait(lambda: page.locator("canvas.rp-screen").first.get_attribute("data-image") == f"v:{frame}")


def test_event_log_row_seeks_the_player_and_the_url(chromium, app_url):
    page, player, _ = _open(chromium, f"{app_url}/replay?session=xss&t=0")
    grid = page.locator('[class*="st-key-replay_log_"] [data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # the 4th data row: rows are 35px high under a 35px header; the first column is the row selector
    page.mouse.click(box["x"] + 14, box["y"] + 35 * 4 + 17)
    assert _wait(lambda: _t(player) > 0.2, timeout=20)
    assert _wait(lambda: abs(float(parse_qs(urlparse(page.url).query).get("t", ["-1"])[0]) - _t(player)) < 0.11)
    # a seek asked for on the page brings the player back into view
    assert _wait(lambda: page.evaluate("""(el) => { const r = el.getBoundingClientRect();
        return r.top > -5 && r.top < window.innerHeight / 2; }""", player.element_handle()))


def test_trace_text_is_shown_as_text_never_html(chromium, app_url):
    page, player, dialogs = _open(chromium, f"{app_url}/replay?session=xss&t=4.8")
    assert player.locator(".rp-title").text_content() == XSS
    assert player.locator(".rp-app").text_content() == XSS
    assert XSS[:24] in player.locator(".rp-keys-recent").text_content()
    assert player.locator(".rp-keys-typed").text_content() == XSS
    assert XSS in player.locator('[data-testid="replay-log"]').text_content()
    assert player.locator("img").count() == 0
    page.wait_for_timeout(500)
    assert not dialogs


def test_a_missing_screenshot_shows_a_placeholder(chromium, app_url):
    page, player, _ = _open(chromium, f"{app_url}/replay?session=xss&t=6.5")
    assert _wait(lambda: page.locator("canvas.rp-screen").first.get_attribute("data-image") == "missing")
    assert "Traceback" not in page.content()


def test_the_live_event_log_follows_the_playhead_and_seeks(chromium, app_url):
    page, player, _ = _open(chromium, f"{app_url}/replay?session=xss&t=0.05")
    log = player.locator('[data-testid="replay-log"]')
    assert "focus" in log.locator(".rp-now").text_content()
    log.locator(".rp-log-row", has_text="text").first.click()
    assert _wait(lambda: abs(_t(player) - 4.5) < 0.01)
    assert "text" in log.locator(".rp-now").text_content()


def test_skip_idle_passes_a_long_gap_quickly(chromium, app_url):
    page, player, _ = _open(chromium, f"{app_url}/replay?session=gap&t=0.5")
    page.keyboard.press(" ")
    assert _wait(lambda: _t(player) > 120, timeout=6)  # 2 minutes of nothing pass in well under a second
    page.keyboard.press("k")  # pause (it may have stopped at the end already)
    player.locator(".rp-idle input").uncheck()
    page.keyboard.press("[")
    page.keyboard.press("[")  # back before the gap
    assert _wait(lambda: _t(player) < 1)
    page.keyboard.press("l")  # play
    # the clock caps a slow frame at a quarter second, so under load play runs slower than the wall clock:
    # wait until it is past 1 s, then it must be near 1 s, not past the gap
    assert _wait(lambda: _t(player) > 1)
    assert player.get_attribute("data-playing") == "1"
    assert _t(player) < 5  # without skipping, the gap plays at 1x


def _chart_playhead(page) -> float | None:
    """Where the plotly chart beside the player draws its playhead line (plotly keeps the layout on its div)."""
    return page.evaluate("""() => { const gd = document.querySelector('.js-plotly-plot');
        const shapes = gd && gd.layout && gd.layout.shapes; return shapes && shapes.length ? shapes[0].x0 : null; }""")


def test_the_side_panel_follows_the_playhead_once_it_rests(chromium, app_url, sample_data):
    """While playing nothing reruns (the player's own log follows the playhead); once paused, the chart
    beside the player catches up."""
    name = _sample(sample_data, lambda m: len(m["screens"]) == 1 and not m.get("video"))
    page, player, _ = _open(chromium, f"{app_url}/replay?session={name}&t=1")
    assert _wait(lambda: _chart_playhead(page) is not None, timeout=30)
    assert abs(_chart_playhead(page) - 1) < 0.5
    player.get_by_role("button", name="Play").click()
    assert _wait(lambda: _t(player) > 4, timeout=20)
    assert abs(_chart_playhead(page) - 1) < 0.5  # no rerun while playing
    page.keyboard.press("k")
    assert _wait(lambda: player.get_attribute("data-playing") == "0")
    assert _wait(lambda: abs((_chart_playhead(page) or -99) - _t(player)) < 0.5, timeout=20)


def test_images_come_from_the_image_route_with_a_token(chromium, app_url, sample_data):
    name = _sample(sample_data, lambda m: len(m["screens"]) == 1 and not m.get("video"))
    page = chromium.new_page(viewport={"width": 1500, "height": 1000})
    seen = []
    page.on("response", lambda r: seen.append((r.url, r.status)) if "/replay-media/" in r.url else None)
    page.goto(f"{app_url}/replay?session={name}&t=10")
    page.wait_for_selector('canvas.rp-screen[data-image^="s:"]', timeout=60_000)
    assert seen and all(status == 200 for _, status in seen)
    url = seen[0][0]
    token = url.split("/replay-media/")[1].split("/")[0]
    assert len(token) > 40 and "." in token
    forged = url.replace(token, token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    assert page.request.get(forged).status == 403
