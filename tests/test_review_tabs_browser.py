"""Two reviewers, each in their own Chromium tab, edit the same label: the second save, based on the version
it was shown, is refused naming who changed it and when; the store keeps the first save; nothing is lost."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.app_server import running_app
from viewer.review import Store
from viewer.team import accounts
from viewer.trace import load_session

pytestmark = pytest.mark.browser

SESSION = "sample-7-0"
PW = {"rita": "rita-password", "ross": "ross-password"}
# Source files edited while a test runs must not be re-imported into the running app: a re-imported
# module would raise exception classes that the still-cached store's code does not catch, and vice versa.
NO_RELOAD = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}


def open_label_editor(browser, url: str, user: str):
    """A tab of its own (own cookies, own Streamlit session), logged in on the Replay page, the label
    editor open."""
    page = browser.new_context(viewport={"width": 1500, "height": 1400}).new_page()
    page.goto(f"{url}/replay?session={SESSION}&t=2")
    page.get_by_label("Username", exact=True).fill(user)
    page.get_by_label("Password", exact=True).fill(PW[user])
    page.get_by_role("button", name="Log in").click()
    page.get_by_text(f"Signed in as {user} (reviewer)").wait_for(timeout=60_000)
    page.get_by_role("link", name="Replay").click()  # logging in lands on the Sessions page
    expect(page).to_have_url(re.compile(f"/replay\\?session={SESSION}"), timeout=60_000)
    page.get_by_text("Edit a label").click(timeout=60_000)  # the panels wait for the player's first frame
    editor = page.get_by_test_id("stExpander").filter(has_text="Edit a label")
    editor.get_by_label("Instruction").wait_for(timeout=60_000)
    return page, editor


def test_a_stale_tab_is_refused_and_names_who_changed_it(chromium, tmp_path, sample_data):
    data = tmp_path / "data"
    shutil.copytree(sample_data, data)
    db = f"sqlite:///{tmp_path / 'ann.db'}"
    chash = load_session(data / SESSION, tmp_path / "cache").content_hash
    with Store.open(db) as store:
        for name, password in PW.items():
            accounts.add(store, name, "reviewer", password)
        label = store.add_label(SESSION, chash, reviewer="ann", t_start=1, t_end=5, instruction="the original")
    env = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(tmp_path / "cache"), "VIEWER_DB_URL": db,
           "VIEWER_AUTH": "on", **NO_RELOAD}
    with running_app(env) as url:
        tab_a, editor_a = open_label_editor(chromium, url, "rita")
        tab_b, editor_b = open_label_editor(chromium, url, "ross")
        expect(editor_b.get_by_label("Instruction")).to_have_value("the original")

        editor_a.get_by_label("Instruction").fill("rita's instruction")
        editor_a.get_by_role("button", name="Save label").click()
        tab_a.get_by_text("Saved.").wait_for(timeout=30_000)

        expect(editor_b.get_by_label("Instruction")).to_have_value("the original")  # tab B still shows v1
        editor_b.get_by_label("Instruction").fill("ross's instruction")
        editor_b.get_by_role("button", name="Save label").click()
        refusal = tab_b.get_by_text(f"label {label.id} was changed by rita at ")
        refusal.wait_for(timeout=30_000)
        text = refusal.inner_text()
        assert "your edit was based on version 1" in text and "now version 2" in text
        assert "nothing was overwritten" in text and "ross's instruction" not in text
        assert tab_b.get_by_text("Saved.").count() == 0
        expect(tab_b.locator("code").filter(has_text="ross's instruction")).to_have_count(1)  # not lost
        html = tab_b.content()
        assert "Traceback" not in html, tab_b.get_by_test_id("stException").inner_text()

    with Store.open(db) as store:
        stored = store.get("label", label.id)
        history = store.audit(entity_id=label.id)
    assert (stored.version, stored.instruction, stored.updated_by) == (2, "rita's instruction", "rita")
    assert stored.updated_at.isoformat(timespec="seconds") in text
    assert [(a.action, a.who) for a in history] == [("create", "ann"), ("update", "rita")]
    assert history[1].before["instruction"] == "the original"
    assert history[1].after["instruction"] == "rita's instruction"
    assert "ross's instruction" not in str([(a.before, a.after) for a in history])
