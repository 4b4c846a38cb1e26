"""Deciding on suggestions through the store, on SQLite and PostgreSQL: one at a time, a whole category at
once, audit rows naming who decided, stale decisions refused, and finding suggestions twice adds nothing."""

from __future__ import annotations

import json

import pytest

from tests.sensitive_helpers import Typist, session_of
from viewer.review import StaleEdit, Store
from viewer.review.errors import NotFound
from viewer.sensitive.decide import (NotASuggestion, by_category, decide, decide_all, find_in_session,
                                     seen_in_category, suggestion_of, suggestions)

pytest_plugins = ["tests.pg_server"]

EMAILS = ["zed.quarry91@example.net", "lena.hart@example.com"]
PASSWORD = "Zq!plover2931"
CARD = "4233886087359231"
VALUES = [*EMAILS, PASSWORD, CARD, "plover2931"]


def _events() -> list[dict]:
    k = Typist()
    k.focus("Firefox", "Sign in – Acme Bank")
    k.click()
    k.type(EMAILS[0])
    k.press("Tab")
    k.type(PASSWORD)
    k.press("Enter")
    k.focus("Notepad", "notes.txt - Notepad")
    k.click()
    k.type("write to ")
    k.type(EMAILS[1])
    k.press("Enter")
    k.focus("Firefox", "Checkout – Shop")
    k.click()
    k.type(CARD)
    k.click()
    return k.events


@pytest.fixture
def session(tmp_path):
    return session_of(tmp_path, _events())


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture
def pending(store, session):
    result = find_in_session(store, session)
    assert result.found == result.added > 0
    return suggestions(store, session.session_id, session.content_hash)


def test_find_stores_each_once_and_shows_no_value(store, session, pending):
    assert by_category(pending)["email"] == 2
    assert {"email", "password", "credit_card", "banking"} <= set(by_category(pending))
    assert all(s.status == "suggested" and s.decided_by is None for s in pending)
    assert all(s.confidence is not None and 0 < s.confidence <= 1 for s in pending)
    assert any(s.preview == "•••• 9231" for s in pending if s.category == "credit_card")
    again = find_in_session(store, session)
    assert again.added == 0 and again.found == len(pending)
    assert len(store.flags(session.session_id)) == len(pending)
    shown = json.dumps([vars(s) for s in pending], default=str)
    assert not any(v in shown for v in VALUES)


def test_accept_one_keeps_the_detector_and_is_audited(store, session, pending):
    pick = next(s for s in pending if s.category == "password")
    done = decide(store, pick.id, pick.version, "accepted", reviewer="alice")
    assert (done.status, done.source, done.version, done.updated_by) == ("accepted", pick.detector, 2, "alice")
    left = suggestions(store, session.session_id, session.content_hash)
    assert pick.id not in {s.id for s in left} and len(left) == len(pending) - 1
    decided = [s for s in suggestions(store, session.session_id, session.content_hash, status=None)
               if s.id == pick.id]
    assert decided[0].status == "accepted" and decided[0].decided_by == "alice"
    (create, update) = store.audit(entity_id=pick.id)
    assert (create.action, update.action, update.who) == ("create", "update", "alice")
    assert update.before["status"] == "suggested" and update.after["status"] == "accepted"
    assert update.before["version"] == 1 and update.after["version"] == 2


def test_reject_one(store, session, pending):
    pick = next(s for s in pending if s.category == "banking")
    decide(store, pick.id, pick.version, "rejected", reviewer="alice")
    assert store.get("flag", pick.id).status == "rejected"
    assert store.audit(entity_id=pick.id)[-1].after["status"] == "rejected"


def test_reject_a_category_decides_exactly_that_category(store, session, pending):
    seen = seen_in_category(pending, "email")
    assert len(seen) == 2
    assert decide_all(store, seen, "rejected", reviewer="alice") == 2
    for flag_id, _ in seen:
        assert store.get("flag", flag_id).status == "rejected"
        assert [a.who for a in store.audit(entity_id=flag_id)] == ["sensitive-suggest", "alice"]
    left = suggestions(store, session.session_id, session.content_hash)
    assert "email" not in by_category(left) and len(left) == len(pending) - 2


def test_stale_decision_is_refused_and_keeps_the_other_decision(store, session, pending):
    pick = next(s for s in pending if s.category == "credit_card")
    decide(store, pick.id, pick.version, "accepted", reviewer="bob")
    with pytest.raises(StaleEdit, match="bob") as refused:
        decide(store, pick.id, pick.version, "rejected", reviewer="alice")
    assert "nothing was overwritten" in str(refused.value)
    assert store.get("flag", pick.id).status == "accepted"
    assert [a.who for a in store.audit(entity_id=pick.id)] == ["sensitive-suggest", "bob"]


def test_stale_category_decision_decides_none(store, session, pending):
    seen = seen_in_category(pending, "email")
    first = next(s for s in pending if s.id == seen[1][0])
    decide(store, first.id, first.version, "accepted", reviewer="bob")
    with pytest.raises(StaleEdit, match="bob"):
        decide_all(store, seen, "rejected", reviewer="alice")
    assert store.get("flag", seen[0][0]).status == "suggested"  # all or nothing
    assert store.get("flag", seen[1][0]).status == "accepted"
    assert not any(a.who == "alice" for a in store.audit(session_id=session.session_id))


def test_a_reviewers_own_flag_or_a_decided_one_is_not_a_suggestion(store, session, pending):
    own = store.add_flag(session.session_id, session.content_hash, reviewer="ann", t_start=1, t_end=2)
    with pytest.raises(NotASuggestion, match="not a pending suggestion"):
        decide(store, own.id, own.version, "rejected", reviewer="alice")
    assert store.get("flag", own.id).status == "accepted"
    done = decide(store, pending[0].id, pending[0].version, "rejected", reviewer="alice")
    with pytest.raises(NotASuggestion):
        decide(store, done.id, done.version, "accepted", reviewer="alice")
    with pytest.raises(NotFound):
        decide(store, "no-such-flag", 1, "accepted", reviewer="alice")
    with pytest.raises(ValueError, match="decision must be"):
        decide(store, pending[1].id, pending[1].version, "approved", reviewer="alice")
    assert store.get("flag", pending[1].id).status == "suggested"


def test_a_rejected_suggestion_is_not_suggested_again(store, session, pending):
    decide_all(store, [(s.id, s.version) for s in pending], "rejected", reviewer="alice")
    assert find_in_session(store, session).added == 0
    assert suggestions(store, session.session_id, session.content_hash) == []
    assert {f.status for f in store.flags(session.session_id)} == {"rejected"}


def test_suggestions_of_another_trace_version_are_not_listed(store, session, pending):
    assert suggestions(store, session.session_id, "0" * 64) == []


def test_an_edited_note_shows_no_preview(store, session, pending):
    pick = next(s for s in pending if s.category == "credit_card")
    rec = store.update("flag", pick.id, pick.version, reviewer="ann",
                       note=f"suggested by presidio (1.00) {CARD}")
    shown = suggestion_of(rec)
    assert shown.preview == "" and shown.confidence == 1.0
    assert suggestion_of(store.update("flag", rec.id, rec.version, reviewer="ann", note="")).confidence is None
