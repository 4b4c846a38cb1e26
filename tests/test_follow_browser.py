"""Following in a real Chromium: a reviewer marks the keystrokes of a typed e-mail and flags them (events
only), asks for the other places, sees "+N places" and the derived regions outlined on the player at a later
screen, approves; the export then has neither the e-mail nor the card typed in that span readable by OCR."""

import re

import pytest
import pytesseract
from click.testing import CliRunner
from PIL import Image
from playwright.sync_api import expect

from tests.app_server import running_app
from tests.follow_helpers import CARD_TYPED, EMAIL, build, events_of
from viewer.cli import cli
from viewer.review.store import Store
from viewer.sensitive import match

pytestmark = pytest.mark.browser
SESSION = "follow-1"


def _wait_attr(page, name, expected, timeout=30_000):
    expect(page.get_by_test_id("replay-player")).to_have_attribute(f"data-{name}", expected, timeout=timeout)


def test_flag_keystrokes_see_places_on_the_player_approve_export_nothing_readable(chromium, tmp_path):
    data = tmp_path / "data"
    _, info = build(data, SESSION)
    db_url = f"sqlite:///{tmp_path / 'ann.db'}"
    env = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(tmp_path / "cache"), "VIEWER_DB_URL": db_url,
           "VIEWER_USER": "alice"}
    start = info["email_span"][0]
    with running_app(env) as url:
        page = chromium.new_page(viewport={"width": 1500, "height": 1400})
        page.goto(f"{url}/replay?session={SESSION}&t={start}")
        player = page.get_by_test_id("replay-player")
        try:
            player.wait_for(timeout=90_000)
        except Exception:
            page.screenshot(path=str(tmp_path / "follow.png"), full_page=True)
            print("screenshot:", tmp_path / "follow.png")
            raise
        _wait_attr(page, "t", f"{start:.3f}")
        player.focus()
        page.keyboard.press("i")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("o")
        _wait_attr(page, "mark", f"{start:.3f},{start + 5:.3f}")
        page.wait_for_function(f"() => [...document.querySelectorAll('input')].some(i => i.value === "
                               f"'{start + 5:.2f}')", timeout=30_000)
        category = page.get_by_role("combobox", name="Category").first  # a fixed list, typed to filter
        category.click()
        page.keyboard.type("email")
        page.keyboard.press("Enter")
        expect(category).to_have_value("email", timeout=30_000)
        scope = page.get_by_test_id("stSelectbox").filter(has_text="Scope").first
        scope.scroll_into_view_if_needed()
        scope.locator("input").click()
        page.keyboard.type("events")
        page.keyboard.press("Enter")
        expect(scope.locator("input")).to_have_value("events", timeout=30_000)
        page.get_by_role("button", name="Add flag").click()
        page.get_by_text("Flag added.").wait_for(timeout=30_000)

        page.get_by_role("button", name="Find other places of flagged values").click()
        page.get_by_text(re.compile(r"email .* · \+\d+ places")).wait_for(timeout=120_000)
        with Store.open(db_url) as db:
            places = [f for f in db.flags(SESSION) if f.derived_from]
        assert {f.place for f in places} >= {"screen", "title", "task"}
        assert all(f.status == "accepted" for f in places)

        confirm = info["shots"]["03-confirm.png"]
        page.goto(f"{url}/replay?session={SESSION}&t={confirm + 0.3:.1f}")
        player.wait_for(timeout=60_000)
        canvas = page.locator("canvas.rp-screen").first
        expect(canvas).to_have_attribute("data-flagged", "1", timeout=30_000)
        expect(canvas).to_have_attribute("data-outlined", re.compile(r"^[1-9]"), timeout=30_000)
        assert EMAIL not in page.content()

        page.get_by_role("button", name="Approve").click()
        page.get_by_text("Review status: approved").wait_for(timeout=60_000)

    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["export", str(data), str(out), "--db", db_url],
                           env={"VIEWER_EXPORT_KEY": "k" * 32, "VIEWER_CACHE": str(tmp_path / "cache")})
    assert r.exit_code == 0, r.output
    for shot in sorted((out / SESSION / "screenshots").iterdir()):
        read = match.fold(pytesseract.image_to_string(Image.open(shot).convert("L").resize((2000, 1280)))).text
        assert match.folded_value(EMAIL) not in read and "costa91" not in read and CARD_TYPED[:8] not in read
    titles = " ".join(e.get("title", "") for e in events_of(out / SESSION / "events.jsonl"))
    assert EMAIL not in titles and "[email]" in titles
