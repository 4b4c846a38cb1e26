"""Marking in a real Chromium: Shift+drag and I/O keys mark a span, a region is drawn on the screen, the span is
labelled and flagged, both come back after a reload (in the lists and as bands), and the typed text in the
flag is masked until revealed."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.app_server import running_app
from viewer.review.store import Store
from viewer.team import access

pytestmark = pytest.mark.browser
SESSION = "sample-7-0"


def _wait_attr(page, name, expected, timeout=30_000):
    """The player lives in a shadow root: Playwright's locators reach into it, document.querySelector does not."""
    expect(page.get_by_test_id("replay-player")).to_have_attribute(f"data-{name}", expected, timeout=timeout)


def _typed(page):
    return page.locator(".rp-keys-typed").text_content()


def test_mark_label_flag_region_reload_and_reveal(chromium, tmp_path, sample_data):
    data = tmp_path / "data"
    shutil.copytree(sample_data, data)
    db_url = f"sqlite:///{tmp_path / 'ann.db'}"
    env = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(tmp_path / "cache"), "VIEWER_DB_URL": db_url,
           "VIEWER_USER": "alice"}
    with running_app(env) as url:
        page = chromium.new_page(viewport={"width": 1500, "height": 1400})
        page.goto(f"{url}/replay?session={SESSION}&t=16.4")
        player = page.get_by_test_id("replay-player")
        player.wait_for(timeout=60_000)
        _wait_attr(page, "t", "16.400")

        # Shift+drag on the timeline marks a span without seeking
        box = page.get_by_test_id("replay-timeline").bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + 20)
        page.keyboard.down("Shift")
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + 20, steps=5)
        page.mouse.up()
        page.keyboard.up("Shift")
        start, end = (float(v) for v in player.get_attribute("data-mark").split(","))
        assert 50 < start < 65 < end < 80 and player.get_attribute("data-t") == "16.400"

        # I at the playhead, 5 s on, O: the mark is [16.4, 21.4]; the forms follow it
        player.focus()
        page.keyboard.press("i")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("o")
        _wait_attr(page, "mark", "16.400,21.400")
        page.wait_for_function("() => [...document.querySelectorAll('input')].some(i => i.value === '21.40')",
                               timeout=30_000)

        # draw a region on the screen image
        page.get_by_test_id("replay-draw-region").click()
        _wait_attr(page, "region-mode", "1")
        screen = page.locator("canvas.rp-screen").first.bounding_box()
        page.mouse.move(screen["x"] + screen["width"] * 0.2, screen["y"] + screen["height"] * 0.2)
        page.mouse.down()
        page.mouse.move(screen["x"] + screen["width"] * 0.5, screen["y"] + screen["height"] * 0.4, steps=5)
        page.mouse.up()
        _wait_attr(page, "regions", "1")
        page.get_by_text("1 region(s) drawn on the screen go with this flag.").wait_for(timeout=30_000)

        page.get_by_label("Instruction", exact=True).first.fill("fill in the address")
        page.get_by_role("button", name="Add label").click()
        page.get_by_text("Label added.").wait_for(timeout=30_000)
        expect(page.get_by_label("x", exact=True)).to_have_count(0)  # a drawn region: no hand-typed box
        category = page.get_by_role("combobox", name="Category").first  # a fixed list, typed to filter
        category.click()
        page.keyboard.type("email")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Add flag").click()
        page.get_by_text("Flag added.").wait_for(timeout=30_000)

        with Store.open(db_url) as db:
            (label,) = db.labels(SESSION)
            (flag,) = db.flags(SESSION)
        assert (label.t_start, label.t_end, flag.t_start, flag.t_end) == (16.4, 21.4, 16.4, 21.4)
        ((region),) = flag.regions
        assert region["screen"] == 0 and 200 < region["x"] < 300 and 350 < region["w"] < 420

        # after a reload: both in the lists and as bands; the typed text inside the flag is masked
        page.goto(f"{url}/replay?session={SESSION}&t=21")
        player.wait_for(timeout=60_000)
        _wait_attr(page, "bands", "task:3,label:1,flag:1")
        # the label's line, the flag table's cells (a canvas grid keeps an accessible copy in the DOM) and the
        # pick lists
        expect(page.locator(".st-key-rp_rows_label [data-testid=stText]")).to_have_text(
            [re.compile(r"^0:16–0:21 · fill in the address · ")], timeout=30_000)
        page.locator("td[role=gridcell]").filter(has_text="email").first.wait_for(state="attached", timeout=30_000)
        expect(page.get_by_role("combobox", name="Label")).to_have_value(
            re.compile("^16.4–21.4 s · fill in the address"), timeout=30_000)
        expect(page.get_by_role("combobox", name="Flag")).to_have_value(
            re.compile("^16.4–21.4 s · email accepted"), timeout=30_000)
        _wait_attr(page, "t", "21.000")
        canvas = page.locator("canvas.rp-screen").first
        assert canvas.get_attribute("data-flagged") == "1" and canvas.get_attribute("data-outlined") == "1"
        typed = _typed(page)
        assert "•" in typed and "costa" not in typed and "gmail" not in typed
        assert "costa" not in page.locator(".rp-log").text_content()
        assert "costa" not in player.text_content()

        page.get_by_role("button", name="Reveal typed text").click()
        expect(page.locator(".rp-keys-typed")).to_contain_text("costa", timeout=30_000)
        with Store.open(db_url) as db:
            (entry,) = access.entries(db, action="reveal_text")
        assert entry.detail == flag.id and "costa" not in entry.detail

        # a panel shortcut: Alt+A approves the session
        player.focus()
        page.keyboard.press("Alt+a")
        page.get_by_text("Review status: approved").wait_for(timeout=30_000)
        with Store.open(db_url) as db:
            assert db.review(SESSION).status == "approved"
