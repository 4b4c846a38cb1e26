"""Team mode core on SQLite and PostgreSQL: accounts, password checks, the failed-login slow-down across
processes' engines, the access log; the roles matrix and the bind decision table."""

from datetime import timedelta

import pytest

from viewer.review import Store
from viewer.review.models import now
from viewer.team import access, accounts, bind, roles
from viewer.team.accounts import AccountError, AccountExists, NoSuchAccount

pytest_plugins = ["tests.pg_server"]

PW = "correct horse battery"


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as opened:
        yield opened


def test_add_list_set_role_disable(store):
    ana = accounts.add(store, "Ana", "admin", PW)
    assert (ana.name, ana.role, ana.disabled, ana.failed_logins) == ("ana", "admin", False, 0)
    accounts.add(store, "bob", "reviewer", PW)
    accounts.add(store, "cy", "researcher", PW)
    assert [(u.name, u.role) for u in accounts.list_accounts(store)] == [
        ("ana", "admin"), ("bob", "reviewer"), ("cy", "researcher")]
    with pytest.raises(AccountExists):
        accounts.add(store, "ANA", "reviewer", PW)
    assert accounts.set_role(store, "bob", "researcher").role == "researcher"
    assert accounts.disable(store, "cy").disabled
    assert accounts.get(store, "cy").disabled and accounts.get(store, "nobody") is None
    with pytest.raises(NoSuchAccount):
        accounts.set_role(store, "nobody", "admin")
    with pytest.raises(AccountError, match="last active admin"):
        accounts.set_role(store, "ana", "reviewer")
    with pytest.raises(AccountError, match="last active admin"):
        accounts.disable(store, "ana")
    accounts.set_role(store, "bob", "admin")
    assert accounts.disable(store, "ana").disabled  # another admin is left


@pytest.mark.parametrize("name", ["", " ", "-x", "a b", "x" * 65, "é"])
def test_bad_names_are_refused(store, name):
    with pytest.raises(AccountError):
        accounts.add(store, name, "reviewer", PW)


def test_bad_role_and_weak_password_are_refused(store):
    with pytest.raises(AccountError, match="role"):
        accounts.add(store, "ana", "root", PW)
    with pytest.raises(AccountError, match="at least"):
        accounts.add(store, "ana", "reviewer", "short")
    assert accounts.list_accounts(store) == []


def test_password_is_hashed_and_verified(store):
    accounts.add(store, "ana", "reviewer", PW)
    from sqlalchemy import text
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM accounts")).scalar()
    assert stored.startswith("$argon2id$") and PW not in stored
    ok = accounts.verify(store, "ANA ", PW)
    assert ok.ok and ok.user.name == "ana" and ok.user.role == "reviewer"
    for name, password in [("ana", PW + "x"), ("ana", ""), ("nobody", PW), ("", PW)]:
        result = accounts.verify(store, name, password)
        assert not result.ok and result.message == accounts.BAD_LOGIN


def test_disabled_account_cannot_log_in(store):
    accounts.add(store, "ana", "admin", PW)
    accounts.add(store, "bob", "reviewer", PW)
    accounts.disable(store, "bob")
    result = accounts.verify(store, "bob", PW)
    assert not result.ok and result.message == accounts.BAD_LOGIN  # reads like a wrong password


def test_failures_lock_the_account_across_engines(db_url):
    """The count lives in the database: two Store instances (two engines, as two processes) share it."""
    with Store.open(db_url) as first, Store.open(db_url) as second:
        accounts.add(first, "ana", "reviewer", PW)
        t0 = now()
        for i in range(accounts.FREE_FAILURES - 1):
            assert accounts.verify(first if i % 2 else second, "ana", "wrong password", now=t0).reason == "bad"
        locked = accounts.verify(second, "ana", "wrong password", now=t0)
        assert locked.reason == "locked" and locked.retry_after == accounts.LOCK_BASE.total_seconds()
        # even the right password is refused while locked, on the other engine too
        refused = accounts.verify(first, "ana", PW, now=t0 + timedelta(seconds=10))
        assert not refused.ok and refused.reason == "locked" and "Try again in 20 s" in refused.message
        # after the lock one more failure doubles it
        later = t0 + accounts.LOCK_BASE + timedelta(seconds=1)
        again = accounts.verify(first, "ana", "still wrong", now=later)
        assert again.reason == "locked" and again.retry_after == 2 * accounts.LOCK_BASE.total_seconds()
        assert accounts.get(second, "ana").failed_logins == accounts.FREE_FAILURES + 1
        # the right password after the lock passes and resets the count
        assert accounts.verify(second, "ana", PW, now=later + 2 * accounts.LOCK_BASE).ok
        assert accounts.get(first, "ana").failed_logins == 0


def test_lock_grows_exponentially_up_to_a_cap():
    assert accounts.lock_for(accounts.FREE_FAILURES - 1) is None
    steps = [accounts.lock_for(n) for n in range(accounts.FREE_FAILURES, accounts.FREE_FAILURES + 12)]
    assert steps[0] == accounts.LOCK_BASE and steps[1] == 2 * accounts.LOCK_BASE
    assert steps == sorted(steps) and steps[-1] == accounts.LOCK_MAX
    assert accounts.lock_for(10_000) == accounts.LOCK_MAX


def test_old_failures_are_forgotten(store):
    accounts.add(store, "ana", "reviewer", PW)
    t0 = now()
    for _ in range(accounts.FREE_FAILURES - 1):
        accounts.verify(store, "ana", "wrong password", now=t0)
    result = accounts.verify(store, "ana", "wrong password", now=t0 + accounts.RESET_AFTER + timedelta(hours=1))
    assert result.reason == "bad" and accounts.get(store, "ana").failed_logins == 1


def test_set_password_lifts_a_lock(store):
    accounts.add(store, "ana", "reviewer", PW)
    for _ in range(accounts.FREE_FAILURES):
        accounts.verify(store, "ana", "wrong password")
    assert accounts.verify(store, "ana", PW).reason == "locked"
    accounts.set_password(store, "ana", "a new long password")
    assert accounts.verify(store, "ana", "a new long password").ok


def test_access_log(store):
    access.record(store, "ana", "login")
    access.record(store, "ana", "view_session", "s1")
    access.record(store, "bob", "reveal_text", "s1", detail="flag 12")
    access.record(store, "cy", "export", detail="approved only")
    rows = access.entries(store)
    assert [(r.who, r.action, r.session_id) for r in rows] == [
        ("cy", "export", None), ("bob", "reveal_text", "s1"), ("ana", "view_session", "s1"), ("ana", "login", None)]
    assert rows[0].at.tzinfo is not None and rows[1].detail == "flag 12"
    assert [r.who for r in access.entries(store, session_id="s1")] == ["bob", "ana"]
    assert [r.action for r in access.entries(store, who="ana", action="login")] == ["login"]
    with pytest.raises(ValueError):
        access.record(store, "ana", "drop_tables")


ROLE_MATRIX = {
    "reviewer": {"view", "annotate", "reveal_text"},
    "researcher": {"view", "qa", "export"},
    "admin": set(roles.ACTIONS),
}


@pytest.mark.parametrize("role", roles.ROLES)
@pytest.mark.parametrize("action", sorted(roles.ACTIONS))
def test_roles_matrix(role, action):
    if action in ROLE_MATRIX[role]:
        roles.require(role, action)
        assert roles.allowed(role, action)
    else:
        with pytest.raises(roles.Forbidden, match=role):
            roles.require(role, action)


def test_no_role_may_do_nothing_and_unknown_actions_fail_loudly():
    for action in roles.ACTIONS:
        with pytest.raises(roles.Forbidden):
            roles.require(None, action)
    with pytest.raises(KeyError):
        roles.require("admin", "launch_missiles")


@pytest.mark.parametrize("address, auth, login, refused", [
    ("127.0.0.1", None, False, False),
    ("127.0.0.1", "", False, False),
    ("localhost", None, False, False),
    ("::1", None, False, False),
    ("[::1]", "off", False, False),
    ("127.0.0.2", "off", False, False),
    ("127.0.0.1", "on", True, False),
    ("127.0.0.1", "ON", True, False),
    ("0.0.0.0", None, True, False),
    ("0.0.0.0", "on", True, False),
    ("192.168.1.5", None, True, False),
    ("::", None, True, False),
    ("example.org", None, True, False),
    (None, None, True, False),
    ("", None, True, False),
    ("0.0.0.0", "off", True, True),
    ("10.0.0.1", "off", True, True),
    (None, "off", True, True),
    ("127.0.0.1", "maybe", True, True),
])
def test_bind_decision_table(address, auth, login, refused):
    decision = bind.decide(address, auth)
    assert (decision.login_required, decision.refused) == (login, refused)
    if refused:
        assert "VIEWER_AUTH" in decision.refusal
