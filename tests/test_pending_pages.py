"""Undecided suggestions on the pages: approving a session that has some asks first and shows the count (Replay
page), the Queue and Sessions pages show counts per session. AppTest for the logic, one real Chromium check."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_server import ROOT, running_app
from tests.replay_apptest import SESSION, replay_app, sample_env
from viewer.review.store import Store
from viewer.team import queue
from viewer.trace import load_session
from viewer.ui.auth import KEY, SignedIn


@pytest.fixture
def env(monkeypatch, tmp_path):
    url, data = sample_env(monkeypatch, tmp_path)
    chash = load_session(data / SESSION).content_hash
    with Store.open(url) as db:
        for t0, cat in ((1.0, "email"), (4.0, "email"), (6.0, "secret")):
            db.add_flag(SESSION, chash, reviewer="sensitive-suggest", t_start=t0, t_end=t0 + 1, category=cat,
                        source="presidio", status="suggested", scope="events")
        db.add_flag(SESSION, chash, reviewer="sensitive-suggest", t_start=8.0, t_end=9.0, category="phone",
                    source="presidio", status="rejected", scope="events")
    return url, data


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _status(url):
    with Store.open(url) as db:
        rec = db.review(SESSION)
    return rec.status if rec else "unreviewed"


def test_approving_with_undecided_suggestions_asks_first(env):
    url, _ = env
    at = replay_app()
    _button(at, "Approve").click().run()
    assert not at.exception, at.exception
    assert any("3 suggestion(s) nobody decided yet (email 2, secret 1)" in w.value for w in at.warning)
    assert _status(url) == "unreviewed"
    _button(at, "Cancel").click().run()
    assert not any("nobody decided yet" in w.value for w in at.warning) and _status(url) == "unreviewed"
    next(s for s in at.selectbox if s.label == "Review status").set_value("approved")
    _button(at, "Save status").click().run()  # saving "approved" asks the same
    _button(at, "Approve with 3 undecided").click().run()
    assert not at.exception, at.exception
    assert _status(url) == "approved"
    assert not any("nobody decided yet" in w.value for w in at.warning)


def test_other_statuses_and_sessions_without_suggestions_need_no_confirmation(env):
    url, _ = env
    at = replay_app()
    next(s for s in at.selectbox if s.label == "Review status").set_value("needs_changes")
    _button(at, "Save status").click().run()
    assert _status(url) == "needs_changes" and not any("nobody decided" in w.value for w in at.warning)
    with Store.open(url) as db:
        for f in db.flags(SESSION):
            if f.status == "suggested":
                db.update("flag", f.id, f.version, reviewer="alice", status="accepted")
    _button(at, "Approve").click().run()
    assert _status(url) == "approved"


def _queue_page():
    from viewer.ui.pages import queue as page

    page.render()


def test_the_queue_shows_undecided_counts(env):
    url, _ = env
    with Store.open(url) as db:
        queue.next_session(db, "alice", [SESSION], 30)
    at = AppTest.from_function(_queue_page, default_timeout=60)
    at.session_state[KEY] = SignedIn("alice", "reviewer")
    at.run()
    assert not at.exception, at.exception
    assert any(t.value == "Undecided suggestions: 3 (email 2, secret 1)" for t in at.text)
    table = at.dataframe[0].value
    assert table.to_dict("records") == [{"session": SESSION, "undecided": 3, "by category": "email 2, secret 1"}]


def test_the_sessions_page_shows_undecided_counts(env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value.set_index("Session")
    assert table.loc[SESSION, "Undecided suggestions"] == 3
    assert (table.drop(index=SESSION)["Undecided suggestions"] == 0).all()


@pytest.mark.browser
def test_approve_with_undecided_suggestions_in_the_browser(chromium, env, tmp_path):
    url_db, data = env
    environ = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(tmp_path / "cache"), "VIEWER_DB_URL": url_db,
               "VIEWER_USER": "alice"}
    with running_app(environ) as url:
        page = chromium.new_page(viewport={"width": 1500, "height": 1400})
        page.goto(f"{url}/replay?session={SESSION}&t=2")
        page.get_by_text("Task labels", exact=True).first.wait_for(timeout=90_000)
        approve = page.get_by_role("button", name=re.compile(r"^Approve"))
        approve.first.click()
        page.get_by_text("3 suggestion(s) nobody decided yet (email 2, secret 1)").wait_for(timeout=30_000)
        assert _status(url_db) == "unreviewed"
        page.get_by_role("button", name="Approve with 3 undecided").click()
        page.get_by_text("Review status: approved").wait_for(timeout=30_000)
    assert _status(url_db) == "approved"
