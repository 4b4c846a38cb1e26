"""The Queue and Team pages under AppTest, on SQLite and PostgreSQL, with the shipped sample sessions."""

import re
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from viewer.review import Store
from viewer.team import dashboard, queue
from viewer.ui.auth import KEY, SignedIn

pytest_plugins = ["tests.pg_server"]

FIRST = "sample-7-0"


def _navigation():
    import streamlit as st

    from viewer.ui.pages import dashboard, queue, replay

    st.navigation([st.Page(queue.render, title="Queue", url_path="queue", default=True),
                   st.Page(replay.render, title="Replay", url_path="replay"),
                   st.Page(dashboard.render, title="Team", url_path="team")]).run()


@pytest.fixture
def team(db_url, monkeypatch, sample_data):
    monkeypatch.setenv("VIEWER_DB_URL", db_url)
    monkeypatch.setenv("VIEWER_DATA", str(sample_data))
    monkeypatch.setenv("VIEWER_DOUBLE_REVIEW", "0")
    with Store.open(db_url) as store:
        yield store


def _dashboard_page():
    from viewer.ui.pages import dashboard

    dashboard.render()


def _app(name: str, role: str, page=_navigation) -> AppTest:
    at = AppTest.from_function(page, default_timeout=120)
    at.session_state[KEY] = SignedIn(name, role)
    at.run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_next_session_takes_a_lease_and_opens_the_replay(team):
    at = _app("rita", "reviewer")
    assert "You hold no session." in _texts(at)
    _button(at, "Next session to review").click().run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Replay"]
    assert at.query_params["session"] == FIRST
    held = queue.current(team, "rita")
    assert held.session_id == FIRST and held.round == 1


def test_the_queue_shows_my_lease_and_releases_it(team):
    queue.next_session(team, "rita", [FIRST], 30)
    at = _app("rita", "reviewer")
    shown = [t for t in _texts(at) if t.startswith("Your session:")]
    assert len(shown) == 1 and FIRST in shown[0] and "min left" in shown[0]
    _button(at, "Release").click().run()
    assert not at.exception, at.exception
    assert queue.current(team, "rita") is None and "You hold no session." in _texts(at)


def test_another_reviewer_gets_the_next_session(team):
    queue.next_session(team, "rita", [FIRST], 30)
    at = _app("ravi", "reviewer")
    _button(at, "Next session to review").click().run()
    assert at.query_params["session"] == "sample-7-1"


def test_nothing_left_to_review(team):
    for sid in ("sample-7-0", "sample-7-1", "sample-7-2"):
        team.set_review(sid, "h", "approved", reviewer="zed")
    at = _app("rita", "reviewer")
    _button(at, "Next session to review").click().run()
    assert any("Nothing left to review" in i.value for i in at.info)
    assert queue.current(team, "rita") is None


def test_a_researcher_gets_no_queue(team):
    at = _app("remy", "researcher")
    assert not [b for b in at.button if b.label == "Next session to review"]
    assert any("reviewers and admins" in i.value for i in at.info)


def test_a_bad_setting_is_shown_not_raised(team, monkeypatch):
    monkeypatch.setenv("VIEWER_LEASE_MINUTES", "forever")
    at = _app("rita", "reviewer")
    assert any("VIEWER_LEASE_MINUTES must be a number" in e.value for e in at.error)


def test_team_dashboard(team):
    held = queue.next_session(team, "rita", ["sample-7-0", "sample-7-1"], 30)
    team.add_label(held.session_id, "h", reviewer="rita", t_start=0, t_end=5, outcome="success")
    team.set_review(held.session_id, "h", "approved", reviewer="rita")
    queue.next_session(team, "ravi", ["sample-7-0", "sample-7-1"], 30)
    at = _app("adam", "admin", _dashboard_page)
    assert [t.value for t in at.title] == ["Team"]
    charts = {c.proto.id: c for c in at.get("plotly_chart")}
    assert len(charts) == 3  # statuses, sessions reviewed, annotations
    status_figure = next(c for c in at.get("plotly_chart") if '"sessions"' in c.proto.spec)
    assert '"approved"' in status_figure.proto.spec
    leases = at.dataframe[-1].value
    assert list(leases["Session"]) == ["sample-7-1"] and list(leases["Reviewer"]) == ["ravi"]
    assert list(leases["Round"]) == ["review"] and re.fullmatch(r"(30|2\d):\d\d", leases["Time left"][0])
    assert "No double review is finished yet." in _texts(at)


def _double_review(store: Store, sid: str) -> None:
    """ann approves with a label and a flag; bob reviews blind, with a different outcome, and rejects."""
    assert queue.next_session(store, "ann", [sid], 30, double_share=1.0).round == 1
    store.add_label(sid, "h", reviewer="ann", t_start=0, t_end=10, outcome="success")
    store.add_flag(sid, "h", reviewer="ann", t_start=2, t_end=4, category="password")
    store.set_review(sid, "h", "approved", reviewer="ann")
    assert queue.next_session(store, "bob", [sid], 30, double_share=1.0).round == 2
    store.add_label(sid, "h", reviewer="bob", t_start=0, t_end=9, outcome="failure")
    store.add_flag(sid, "h", reviewer="bob", t_start=3, t_end=4, category="password")
    assert queue.finish(store, "bob", sid, "rejected")


def test_dashboard_frames(team):
    _double_review(team, FIRST)
    counts = dashboard.status_counts(team, [FIRST, "sample-7-1"])
    assert dict(zip(counts["status"], counts["sessions"])) == {
        "unreviewed": 1, "in_review": 0, "approved": 1, "rejected": 0, "needs_changes": 0}
    work = dashboard.throughput(team).set_index("reviewer")
    assert work.loc["ann", "sessions_reviewed"] == 1 and work.loc["ann", "annotations"] == 2
    assert work.loc["bob", "sessions_reviewed"] == 1 and work.loc["bob", "annotations"] == 2
    table = dashboard.agreements(team)
    row = table.iloc[0]
    assert (row["first"], row["second"], bool(row["status_agrees"])) == ("ann", "bob", False)
    assert row["flag_iou"] == pytest.approx(0.5) and row["label_agreement"] == 0.0
    by_day = dashboard.agreement_by_day(table)
    assert list(by_day["reviews"]) == [1] and list(by_day["status_agreement"]) == [0.0]


def test_dashboard_with_nothing_done(team):
    assert dashboard.throughput(team).empty and dashboard.agreements(team).empty
    assert dashboard.agreement_by_day(dashboard.agreements(team)).empty and dashboard.leases(team).empty


def test_team_page_charts_agreement(team):
    _double_review(team, FIRST)
    at = _app("adam", "admin", _dashboard_page)
    assert len(at.get("plotly_chart")) == 4
    agreement = at.dataframe[0].value
    assert list(agreement["Session"]) == [FIRST] and list(agreement["Same status"]) == ["no"]
    assert "Nobody holds a session." in _texts(at)


def _replay_page():
    from viewer.ui.pages import replay

    replay.render()


def test_replay_shows_the_agreement_of_a_finished_double_review(team):
    _double_review(team, FIRST)
    at = AppTest.from_function(_replay_page, default_timeout=120)
    at.query_params["session"] = FIRST
    at.session_state[KEY] = SignedIn("adam", "admin")
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Flag overlap (IoU)": "0.50", "Label agreement": "0.00", "Review status": "differs"}
    settle = at.dataframe[-1].value
    assert list(settle["what"]) == ["label-outcome", "status"]  # flag IoU 0.5 is close enough


def test_the_replay_page_renews_my_lease(team):
    held = queue.next_session(team, "rita", [FIRST], 1)
    at = AppTest.from_function(_replay_page, default_timeout=120)
    at.query_params["session"] = FIRST
    at.session_state[KEY] = SignedIn("rita", "reviewer")
    at.run()
    assert not at.exception, at.exception
    assert queue.current(team, "rita").expires_at > held.expires_at + timedelta(minutes=20)
    assert not [m for m in at.metric if m.label == "Review status"]  # no double review here


@pytest.mark.browser
def test_next_session_in_a_real_browser(chromium, tmp_path, sample_data):
    """The button leases a session and lands on its Replay page, address bar included."""
    from tests.app_server import running_app

    url_db = f"sqlite:///{tmp_path / 'queue.db'}"
    env = {"VIEWER_DATA": str(sample_data), "VIEWER_CACHE": str(tmp_path / "cache"), "VIEWER_DB_URL": url_db,
           "VIEWER_USER": "alice", "VIEWER_DOUBLE_REVIEW": "0"}
    with running_app(env) as url:
        page = chromium.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(f"{url}/queue")
        page.get_by_text("You hold no session.").wait_for(timeout=60_000)
        page.get_by_role("button", name="Next session to review").click()
        page.wait_for_url(f"**/replay?session={FIRST}", timeout=60_000)
        page.get_by_text("Task labels", exact=True).first.wait_for(timeout=60_000)
        page.goto(f"{url}/queue")
        page.get_by_text(f"Your session: {FIRST} (review)", exact=False).wait_for(timeout=60_000)
    with Store.open(url_db) as store:
        assert queue.current(store, "alice").session_id == FIRST


def test_detectors_are_not_reviewers(team):
    from viewer.sensitive.suggest import REVIEWER

    team.add_flag(FIRST, "h", reviewer=REVIEWER, t_start=1, t_end=2, category="password", status="suggested",
                  source="secrets")
    team.add_flag(FIRST, "h", reviewer="rita", t_start=3, t_end=4, category="email")
    work = dashboard.throughput(team)
    assert list(work["reviewer"]) == ["rita"] and list(work["annotations"]) == [1]


def test_a_session_that_does_not_load_is_never_offered_and_admins_see_why(team, tmp_path, monkeypatch,
                                                                             sample_data):
    import shutil

    from tests.trace_factory import make_session

    data = tmp_path / "data"
    shutil.copytree(sample_data, data)
    make_session(data, "a-broken", raw_lines=[b'{"t": 0, "type": "move", "x": 1}', b"{oops"])  # sorts first
    monkeypatch.setenv("VIEWER_DATA", str(data))
    at = _app("adam", "admin")
    unreadable = at.dataframe[0].value
    assert list(unreadable["Session"]) == ["a-broken"]
    assert unreadable["First problem"][0].startswith("a-broken/events.jsonl:")
    _button(at, "Next session to review").click().run()
    assert at.query_params["session"] == FIRST
    reviewer = _app("rita", "reviewer")
    assert not reviewer.dataframe  # the list is for admins
    assert "Not offered" not in " ".join(s.value for s in reviewer.subheader)


def test_release_then_next_moves_on(team):
    at = _app("rita", "reviewer")
    _button(at, "Next session to review").click().run()
    assert at.query_params["session"] == FIRST
    at = _app("rita", "reviewer")
    _button(at, "Release").click().run()
    _button(at, "Next session to review").click().run()
    assert at.query_params["session"] == "sample-7-1"
