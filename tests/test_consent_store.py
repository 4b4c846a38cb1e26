"""Consent records on SQLite and PostgreSQL: append-only history, the governing grant, audit, flags in step."""

from datetime import date

import pytest

from tests.trace_factory import make_session
from viewer.consent import check, erasures, records
from viewer.consent.scope import Grant
from viewer.review import Store
from viewer.trace import load_session

pytest_plugins = ["tests.pg_server"]

FOCUS = [  # Firefox for 2 s, then a chat app for 2 s
    {"t": 0.0, "type": "focus", "app": "Firefox", "title": "Jira"},
    {"t": 0.5, "type": "move", "x": 10, "y": 20},
    {"t": 2.0, "type": "focus", "app": "Slack", "title": "#general"},
    {"t": 3.0, "type": "key_down", "key": "a"},
    {"t": 4.0, "type": "marker", "label": "end"},
]


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as s:
        yield s


def test_history_is_append_only_and_audited(store):
    assert not records.any_records(store)
    records.grant(store, "ada", "u-1", "agent-training", Grant("agent-training", apps=("firefox",)), "form 12")
    records.withdraw(store, "ada", "u-1", "agent-training", "mail of 3 March")
    records.grant(store, "ada", "u-2", "agent-training", Grant("agent-training"))
    assert records.any_records(store)
    mine = records.history(store, "u-1")
    assert [r.action for r in mine] == ["grant", "withdraw"] and mine[0].grant.apps == ("firefox",)
    assert mine[0].evidence == "form 12" and mine[0].recorded_by == "ada"
    audit = [a for a in store.audit() if a.entity_kind == "consent"]
    assert [a.action for a in audit] == ["grant", "withdraw", "grant"] and {a.who for a in audit} == {"ada"}
    assert all("u-1" not in str(a.after) for a in audit)


def test_refusals(store):
    with pytest.raises(records.ConsentError, match="was ever granted"):
        records.withdraw(store, "ada", "u-9", "agent-training")
    with pytest.raises(records.ConsentError, match="before"):
        records.grant(store, "ada", "u-1", "p", Grant("p", valid_from=date(2026, 5, 1), valid_until=date(2026, 4, 1)))
    with pytest.raises(records.ConsentError, match="empty"):
        records.grant(store, "ada", " ", "p", Grant("p"))


def test_the_newest_grant_valid_that_day_governs(store):
    records.grant(store, "ada", "u-1", "p", Grant("p", apps=("a",), valid_until=date(2026, 3, 31)))
    records.grant(store, "ada", "u-1", "p", Grant("p", apps=("b",), valid_from=date(2026, 4, 1)))
    history = records.history(store, "u-1")
    assert records.state(history, "p", date(2026, 3, 15)).grant.apps == ("a",)
    assert records.state(history, "p", date(2026, 4, 15)).grant.apps == ("b",)
    assert records.state(history, "other", date(2026, 4, 15)).grant is None
    records.withdraw(store, "ada", "u-1", "p")
    assert records.state(records.history(store, "u-1"), "p", date(2026, 3, 15)).withdrawn


def test_check_keeps_out_of_scope_flags_in_step_with_the_consent(store, tmp_path):
    session = load_session(make_session(tmp_path / "data", "s1", events=FOCUS, manifest={"user": "u-1"}))
    verdict = check.check_session(store, session, "p", "ada")
    assert not verdict.coverage.covered and verdict.flags_added == 0

    records.grant(store, "ada", "u-1", "p", Grant("p", apps=("firefox",)))
    verdict = check.check_session(store, session, "p", "ada")
    assert verdict.coverage.covered and (verdict.flags_added, verdict.flags_removed) == (1, 0)
    (flag,) = store.flags("s1")
    assert (flag.t_start, flag.t_end, flag.category, flag.source, flag.status, flag.scope, flag.regions) \
        == (2.0, 4.0, "out_of_scope", "consent", "accepted", "both", [])
    assert check.check_session(store, session, "p", "ada").flags_added == 0  # unchanged: nothing written

    records.grant(store, "ada", "u-1", "p", Grant("p"))  # widened to every app: the flag goes
    verdict = check.check_session(store, session, "p", "ada")
    assert (verdict.flags_added, verdict.flags_removed) == (0, 1) and store.flags("s1") == []


def test_erasure_register(store):
    asked = erasures.request(store, "u-1", "u-1")
    assert erasures.request(store, "u-1", "u-1").id == asked.id  # one open request per person
    assert [e.subject for e in erasures.open_requests(store)] == ["u-1"]
    erasures.carried_out(store, "u-1", "ada", "e" * 32, 2, 9)
    (done,) = erasures.for_subject(store, "u-1")
    assert done.done_at is not None and (done.erasure_id, done.sessions, done.rows) == ("e" * 32, 2, 9)
    assert erasures.open_requests(store) == []
