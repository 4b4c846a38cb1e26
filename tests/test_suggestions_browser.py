"""The suggestions list in a real Chromium: jump to one, accept one, reject a category, reload: the decisions
persist in the store and the list shows them."""

from __future__ import annotations

import shutil
import time

import pytest

from tests.app_server import running_app
from viewer.review.store import Store
from viewer.sensitive.decide import find_in_session, suggestions
from viewer.trace import load_session

pytestmark = pytest.mark.browser

SESSION = "sample-7-0"
PLAYER = '[data-testid="replay-player"]'


def _wait(cond, timeout=20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.1)
    return cond()


def _button(page, key: str):
    return page.locator(f".st-key-{key} button")


def test_decide_suggestions_in_the_browser(chromium, tmp_path, sample_data):
    data = tmp_path / "data"
    shutil.copytree(sample_data, data)
    url = f"sqlite:///{tmp_path / 'ann.db'}"
    session = load_session(data / SESSION, tmp_path / "cache")
    with Store.open(url) as db:
        find_in_session(db, session)
        pending = suggestions(db, SESSION, session.content_hash)
    email = next(s for s in pending if s.category == "email")
    cards = [s for s in pending if s.category == "credit_card"]
    assert len(cards) == 2 and len(pending) >= 5
    env = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(tmp_path / "cache"), "VIEWER_DB_URL": url,
           "VIEWER_USER": "alice"}
    with running_app(env) as app:
        page = chromium.new_page(viewport={"width": 1500, "height": 1400})
        page.goto(f"{app}/replay?session={SESSION}&t=2")
        page.wait_for_selector(PLAYER, timeout=60_000)
        page.get_by_text(f"{len(pending)} pending suggestion(s)").wait_for(timeout=60_000)
        player = page.locator(PLAYER)

        _button(page, f"sg_go_{email.id}").click()
        assert _wait(lambda: abs(float(player.get_attribute("data-t")) - email.t_start) < 0.5)

        _button(page, f"sg_accepted_{email.id}").click()
        page.get_by_text("Suggestion accepted.").wait_for(timeout=30_000)

        page.get_by_test_id("stSelectbox").filter(has_text="Decide a whole category").click()
        page.get_by_role("option", name="credit_card (2)").click()
        _button(page, "sg_all_rejected").get_by_text("Reject all 2").wait_for(timeout=30_000)
        _button(page, "sg_all_rejected").click()
        page.get_by_text("Reject all 2 credit_card suggestion(s)?").wait_for(timeout=30_000)
        _button(page, "sg_confirm_yes").click()
        page.get_by_text("2 credit_card suggestion(s) rejected.").wait_for(timeout=30_000)

        page.reload()
        page.get_by_text(f"{len(pending) - 3} pending suggestion(s)").wait_for(timeout=60_000)
        page.get_by_text("Decided suggestions (3)").wait_for(timeout=30_000)
        assert _button(page, f"sg_accepted_{email.id}").count() == 0
        assert all(_button(page, f"sg_go_{c.id}").count() == 0 for c in cards)
        assert "Traceback" not in page.content()
    with Store.open(url) as db:
        assert db.get("flag", email.id).status == "accepted"
        assert {db.get("flag", c.id).status for c in cards} == {"rejected"}
        assert {a.who for c in [email, *cards] for a in db.audit(entity_id=c.id) if a.action == "update"} == {"alice"}
