"""Double review: which sessions, and the blind second review (what each person sees through the panel's view
of the store), on SQLite and PostgreSQL."""

import re

import pytest

from viewer.review import ReviewError, Store
from viewer.team import blind, double, queue

pytest_plugins = ["tests.pg_server"]

SID, HASH = "s000", "h1"


@pytest.fixture
def store(db_url, monkeypatch):
    monkeypatch.setenv("VIEWER_DOUBLE_REVIEW", "1")  # every session is double-reviewed
    with Store.open(db_url) as opened:
        yield opened


def test_the_share_is_deterministic_and_grows_by_adding_sessions():
    ids = [f"session-{i}" for i in range(2000)]
    tenth = {s for s in ids if double.is_double(s, 0.1)}
    fifth = {s for s in ids if double.is_double(s, 0.2)}
    assert 140 <= len(tenth) <= 260 and tenth < fifth
    assert tenth == {s for s in ids if double.is_double(s, 0.1)}
    assert not any(double.is_double(s, 0.0) for s in ids) and all(double.is_double(s, 1.0) for s in ids)


def _first_review(store: Store) -> None:
    """ann takes the session from the queue, annotates it through the panel's view and approves it."""
    assert queue.next_session(store, "ann", [SID], 30, double_share=1.0).round == 1
    ann = blind.view(store, SID, "ann")
    ann.add_label(SID, HASH, reviewer="ann", t_start=0, t_end=10, outcome="success")
    ann.add_flag(SID, HASH, reviewer="ann", t_start=2, t_end=3, category="password")
    ann.add_comment(SID, HASH, reviewer="ann", t=1, text="looks fine")
    ann.set_review(SID, HASH, "approved", reviewer="ann")


def test_nothing_is_hidden_before_the_first_review_is_done(store):
    assert queue.next_session(store, "ann", [SID], 30, double_share=1.0)
    store.add_label(SID, HASH, reviewer="ann", t_start=0, t_end=1)
    assert double.hidden_reviewers(store, SID, "bob", 1.0) == set()
    assert len(blind.view(store, SID, "bob").labels(SID)) == 1


def test_the_second_reviewer_reviews_blind(store):
    _first_review(store)
    assert queue.current(store, "ann") is None  # the final status released ann's lease
    assert queue.next_session(store, "bob", [SID], 30, double_share=1.0).round == 2
    bob = blind.view(store, SID, "bob")
    assert bob.hidden == {"ann"}
    assert (bob.labels(SID), bob.flags(SID), bob.comments(SID), bob.review(SID)) == ([], [], [], None)
    assert [a.who for a in bob.audit(session_id=SID)] == []
    assert bob.on_other_hash(SID, "h2") == []
    bob.add_label(SID, HASH, reviewer="bob", t_start=0, t_end=9, outcome="failure")
    assert [r.reviewer for r in bob.labels(SID)] == ["bob"]
    ann = blind.view(store, SID, "ann")  # the first reviewer is not blinded
    assert sorted(r.reviewer for r in ann.labels(SID)) == ["ann", "bob"] and ann.review(SID).status == "approved"
    assert double.hidden_reviewers(store, SID, "admin") == {"ann"}  # nobody else sees ann's work yet
    assert double.hidden_reviewers(store, SID, "admin", share=0.0) == set()  # the share, if given, decides


def test_the_second_verdict_is_a_pass_and_ends_the_blind_phase(store):
    _first_review(store)
    queue.next_session(store, "bob", [SID], 30, double_share=1.0)
    bob = blind.view(store, SID, "bob")
    status_before = store.review(SID)
    in_review = bob.set_review(SID, HASH, "in_review", reviewer="bob")
    assert in_review.status == "in_review" and queue.current(store, "bob").session_id == SID
    verdict = bob.set_review(SID, HASH, "rejected", reviewer="bob", version=None)
    assert verdict.status == "rejected" and queue.current(store, "bob") is None
    after = store.review(SID)
    assert (after.status, after.version, after.updated_by) == ("approved", status_before.version, "ann")
    pair = double.finished_pairs(store, SID)
    assert [(p.first, p.first_status, p.second, p.second_status) for p in pair] == [
        ("ann", "approved", "bob", "rejected")]
    bob = blind.view(store, SID, "bob")
    assert bob.hidden == set() and len(bob.labels(SID)) == 1 and bob.review(SID).status == "approved"


def test_without_the_second_lease_no_verdict_is_taken(store):
    _first_review(store)
    carl = blind.view(store, SID, "carl")
    with pytest.raises(ReviewError, match="blind second review"):
        carl.set_review(SID, HASH, "approved", reviewer="carl")
    assert store.review(SID).updated_by == "ann"


def test_writes_through_the_view_renew_the_lease(store):
    held = queue.next_session(store, "ann", [SID], 1, double_share=1.0)
    view = blind.view(store, SID, "ann")  # VIEWER_LEASE_MINUTES unset: 30
    view.add_comment(SID, HASH, reviewer="ann", t=0, text="x")
    assert queue.current(store, "ann").expires_at > held.expires_at


def test_a_bad_setting_is_a_clear_error(store, monkeypatch):
    monkeypatch.setenv("VIEWER_DOUBLE_REVIEW", "lots")
    with pytest.raises(ReviewError, match="VIEWER_DOUBLE_REVIEW must be a number from 0 to 1"):
        blind.view(store, SID, "ann")


def test_single_review_sessions_hide_nothing(store, monkeypatch):
    monkeypatch.setenv("VIEWER_DOUBLE_REVIEW", "0")
    _first_review(store)
    assert double.hidden_reviewers(store, SID, "bob", 0.0) == set()
    assert len(blind.view(store, SID, "bob").labels(SID)) == 1


# -- the Review panel on the Replay page -------------------------------------------------------------------------
def _replay_page():
    from viewer.ui.pages import replay

    replay.render()


def _replay(name: str, role: str = "reviewer"):
    from streamlit.testing.v1 import AppTest

    from viewer.ui.auth import KEY, SignedIn

    at = AppTest.from_function(_replay_page, default_timeout=120)
    at.query_params["session"] = PANEL_SID
    at.session_state[KEY] = SignedIn(name, role)
    at.session_state["replay_player_live"] = True  # as the browser player does once its first frame is drawn
    at.run()
    assert not at.exception, at.exception
    return at


PANEL_SID = "sample-7-0"


def _authors(at) -> set[str]:
    """Who wrote what the panel lists: the flags table's "By", the label and comment lines' "by NAME"."""
    lines = {m.group(1) for t in at.text if (m := re.search(r" · by (\S+) · v\d+ · id ", t.value))}
    return lines | {by for frame in at.dataframe if "By" in frame.value.columns for by in frame.value["By"]}


def _shown_status(at) -> str:
    return next(s.value for s in at.selectbox if s.label == "Review status")


@pytest.fixture
def panel_env(store, db_url, monkeypatch, sample_data):
    monkeypatch.setenv("VIEWER_DB_URL", db_url)
    monkeypatch.setenv("VIEWER_DATA", str(sample_data))
    assert queue.next_session(store, "ann", [PANEL_SID], 30, double_share=1.0)
    store.add_label(PANEL_SID, HASH, reviewer="ann", t_start=0, t_end=10, outcome="success", instruction="x")
    store.add_comment(PANEL_SID, HASH, reviewer="ann", t=1, text="first look")
    store.set_review(PANEL_SID, HASH, "approved", reviewer="ann")
    assert queue.next_session(store, "bob", [PANEL_SID], 30, double_share=1.0).round == 2
    return store


def test_the_panel_hides_the_first_review_from_the_second_reviewer(panel_env):
    bob = _replay("bob")
    assert "ann" not in _authors(bob) and _shown_status(bob) == "unreviewed"
    ann = _replay("ann")
    assert "ann" in _authors(ann) and _shown_status(ann) == "approved"


def test_the_second_verdict_from_the_panel_keeps_the_first_status(panel_env):
    bob = _replay("bob")
    next(s for s in bob.selectbox if s.label == "Review status").select("rejected")
    next(b for b in bob.button if b.label == "Save status").click().run()
    assert not bob.exception, bob.exception
    assert panel_env.review(PANEL_SID).status == "approved"
    assert [(p.first, p.second, p.second_status) for p in double.finished_pairs(panel_env, PANEL_SID)] == [
        ("ann", "bob", "rejected")]
    bob.run()
    assert "ann" in _authors(bob)  # the blind phase is over
    assert {m.label: m.value for m in bob.metric}["Review status"] == "differs"


def _bands_page():
    import streamlit as st

    from viewer.ui import replay_data, review_bands

    dirs, _ = replay_data.session_dirs()
    session, tl = replay_data.load(dirs["sample-7-0"])
    data = review_bands.player_payload(session.session_id, session, tl, 5.0)
    st.session_state["seen"] = {"spans": [s["kind"] for s in data["spans"] if s.get("id")], "keys": data["keys"]}


def _bands(name: str) -> dict:
    from streamlit.testing.v1 import AppTest

    from viewer.ui.auth import KEY, SignedIn

    at = AppTest.from_function(_bands_page, default_timeout=120)
    at.session_state[KEY] = SignedIn(name, "reviewer")
    at.run()
    assert not at.exception, at.exception
    return at.session_state["seen"]


def test_the_player_bands_are_blind_but_the_masking_is_not(panel_env):
    """The second reviewer's timeline shows none of the first review's bands, yet the first reviewer's flag
    still masks the typed text in the player: blindness never unmasks anything."""
    unflagged = _bands("bob")["keys"]
    panel_env.add_flag(PANEL_SID, HASH, reviewer="ann", t_start=0, t_end=10_000, category="password",
                       scope="events")
    bob, ann = _bands("bob"), _bands("ann")
    assert bob["spans"] == [] and sorted(ann["spans"]) == ["flag", "label"]
    assert bob["keys"] == ann["keys"] != unflagged
