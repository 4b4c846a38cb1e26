"""The subject role: an account for a recorded person, mapped to the manifests' `user`, on both databases."""

import os
import subprocess
import sys

import pytest

from tests.app_server import ROOT
from viewer.review import Store
from viewer.team import accounts, roles

pytest_plugins = ["tests.pg_server"]


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as s:
        accounts.add(s, "adam", "admin", "correct horse")
        yield s


def test_a_subject_names_the_person_and_staff_do_not(store):
    maria = accounts.add(store, "maria", "subject", "correct horse", person="maria.lopez@example.org")
    assert (maria.role, maria.person) == ("subject", "maria.lopez@example.org")
    assert accounts.get(store, "maria").person == "maria.lopez@example.org"
    with pytest.raises(accounts.AccountError, match="needs --person"):
        accounts.add(store, "ana", "subject", "correct horse")
    with pytest.raises(accounts.AccountError, match="only a subject"):
        accounts.add(store, "rita", "reviewer", "correct horse", person="x")
    with pytest.raises(accounts.AccountError, match="stays a subject"):
        accounts.set_role(store, "maria", "reviewer")
    with pytest.raises(accounts.AccountError, match="cannot become one"):
        accounts.set_role(store, "adam", "subject")


def test_the_database_refuses_a_subject_without_a_person(store):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO accounts (name, role, password_hash, disabled, created_at, failed_logins) "
                              "VALUES ('x', 'subject', 'h', false, '2026-01-01', 0)"))


def test_a_subject_sees_only_their_own_sessions():
    assert roles.may_view_session("subject", "u-1", "u-1")
    assert not roles.may_view_session("subject", "u-1", "u-2")
    assert not roles.may_view_session("subject", None, "")
    assert roles.may_view_session("reviewer", None, "u-2") and not roles.may_view_session(None, None, "u-2")
    assert not any(roles.allowed("subject", action) for action in roles.ACTIONS)


def test_users_add_subject_on_the_command_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    env = {**os.environ, "VIEWER_USER": "adam"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "viewer", "users", *args, "--db", url], input="correct horse\n",
                              capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)

    assert run("add", "adam", "--role", "admin").returncode == 0
    done = run("add", "maria", "--role", "subject")
    assert done.returncode == 1 and "needs --person" in done.stderr
    assert run("add", "maria", "--role", "subject", "--person", "u-7").returncode == 0
    assert "maria" in run("list").stdout
