"""The suggestions list in a real Chromium: jump to one, accept one (its buttons named for it; the rows stay in
place), reject a category, reload: the decisions persist in the store and the list shows them."""

from __future__ import annotations

import re
import shutil
import time

import pytest
from playwright.sync_api import expect

from tests.app_server import running_app
from viewer.review.store import Store
from viewer.sensitive.decide import find_in_session, suggestions
from viewer.trace import load_session
from viewer.ui import tables

pytestmark = pytest.mark.browser

SESSION = "sample-7-0"
PLAYER = '[data-testid="replay-player"]'
# where an element sits within the suggestions list, in one read (the page itself may be scrolling)
# (null while the list is being drawn again: the button is then not yet back inside it)
IN_LIST = ("e => { const list = e.closest('.st-key-sg_rows'); "
           "return list ? e.getBoundingClientRect().top - list.getBoundingClientRect().top : null; }")
NAME = re.compile(r"^Accept [a-z_]+ at \d+:\d\d(–\d+:\d\d)?( \(\d+ of \d+\))?$")


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

        # each row's buttons say which suggestion (category and m:ss, never the value) to a screen reader,
        # while the row shows only "Go", "Accept", "Reject"
        tree = page.locator(".st-key-sg_rows").aria_snapshot()  # the accessibility tree Chromium computes
        names = re.findall(r'button "(Accept [^"]*)"', tree)
        assert len(set(names)) == len(pending), names
        assert all(NAME.match(n) for n in names), names
        assert not any(re.search(r"\d{4}", n) for n in names)  # the card's last digits stay in the preview
        accept = page.get_by_role("button", name=f"Accept email at {tables.mmss(email.t_start)}", exact=True)
        expect(accept).to_have_count(1)
        expect(accept).to_have_text("Accept email at " + tables.mmss(email.t_start))
        assert accept.bounding_box()["width"] < 120  # the name's part after "Accept" is drawn off-screen
        go = page.get_by_role("button", name=f"Go to email at {tables.mmss(email.t_start)}", exact=True)
        expect(go).to_have_count(1)
        expect(page.get_by_role("button", name="Accept", exact=True)).to_have_count(0)
        after = pending[pending.index(email) + 1]
        below = _button(page, f"sg_accepted_{after.id}").first
        where = below.evaluate(IN_LIST)

        accept.click()
        page.get_by_text("Suggestion accepted.").wait_for(timeout=30_000)
        expect(accept).to_be_disabled(timeout=30_000)  # the same row, decided, in place
        expect(below).to_be_enabled()
        page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=30_000)  # the run has ended
        moved = []
        assert _wait(lambda: moved.append(below.evaluate(IN_LIST)) or moved[-1] is not None)
        assert moved[-1] == pytest.approx(where, abs=0.5)  # the next row did not move

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
