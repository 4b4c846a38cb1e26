"""Roles on the command line (SQLite and PostgreSQL): each role-bound command refused for the wrong role
(exit 1, a message naming the roles that may), run for the right one; no accounts = the local admin."""

import json
import os
import subprocess
import sys

import pytest

from tests.app_server import ROOT
from tests.trace_factory import make_session
from viewer.review import Store
from viewer.team import access, accounts

pytest_plugins = ["tests.pg_server"]

PW = "a-long-enough-password"
PEOPLE = {"rita": "reviewer", "remy": "researcher", "adam": "admin", "dora": "reviewer"}


def viewer(*args, who=None, stdin="", env=None):
    extra = {"VIEWER_EXPORT_KEY": "k" * 32, **(env or {})}
    if who:
        extra["VIEWER_USER"] = who
    done = subprocess.run([sys.executable, "-m", "viewer", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env={**os.environ, **extra})
    assert "Traceback" not in done.stderr and PW not in done.stdout + done.stderr
    return done


def refused(done, *roles_allowed) -> bool:
    return (done.returncode == 1 and done.stderr.startswith("not allowed:")
            and f"(allowed: {', '.join(roles_allowed)})" in done.stderr)


@pytest.fixture
def team(db_url, tmp_path):
    data = tmp_path / "data"
    make_session(data, "s1", manifest={"user": "u-1"})
    make_session(data, "s2", manifest={"user": "u-2"})
    with Store.open(db_url) as store:
        for name, role in PEOPLE.items():
            accounts.add(store, name, role, PW)
        accounts.disable(store, "dora")
    return db_url, data


def _labels_file(tmp_path) -> str:
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"type": "label", "session_id": "s1", "content_hash": "h", "reviewer": "x",
                                "t_start": 0.0, "t_end": 1.0, "instruction": "Log in"}) + "\n")
    return str(path)


def _labels(url) -> int:
    with Store.open(url) as store:
        return len(store.labels("s1"))


def test_annotations_import_needs_annotate(team, tmp_path):
    url, _ = team
    jsonl = _labels_file(tmp_path)
    done = viewer("annotations", "import", jsonl, "--db", url, "--as", "remy")
    assert refused(done, "reviewer", "admin") and "remy" in done.stderr and _labels(url) == 0
    done = viewer("annotations", "import", jsonl, "--db", url, "--as", "rita")
    assert done.returncode == 0, done.stderr
    assert _labels(url) == 1
    exported = viewer("annotations", "export", "-", "--db", url, who="remy")  # reading needs only view
    assert exported.returncode == 0 and "Log in" in exported.stdout


def test_unknown_or_disabled_names_are_refused(team, tmp_path):
    url, _ = team
    for who in ("nobody", "dora"):
        done = viewer("annotations", "export", "-", "--db", url, who=who)
        assert done.returncode == 1 and "is not an active account" in done.stderr and not done.stdout


def test_qa_needs_qa(team, tmp_path):
    url, data = team
    out = tmp_path / "report.csv"
    done = viewer("qa", str(data), "--out", str(out), "--db", url, "--workers", "1", who="rita")
    assert refused(done, "researcher", "admin") and not out.exists()
    done = viewer("qa", str(data), "--out", str(out), "--db", url, "--workers", "1", who="remy")
    assert done.returncode == 0, done.stderr
    assert out.exists()


def test_export_needs_export(team, tmp_path):
    url, data = team
    with Store.open(url) as store:
        store.set_review("s1", "h", "approved", reviewer="rita")
    out = tmp_path / "out"
    done = viewer("export", str(data), str(out), "--db", url, "--as", "rita")
    assert refused(done, "researcher", "admin") and not out.exists()
    done = viewer("export", str(data), str(out), "--db", url, "--as", "remy")
    assert done.returncode == 0, done.stderr
    assert (out / "s1").is_dir() and not (out / "s2").exists()


def test_suggest_stores_flags_so_needs_annotate(team):
    url, data = team
    done = viewer("suggest", str(data / "s1"), "--db", url, who="remy")
    assert refused(done, "reviewer", "admin")
    assert viewer("suggest", str(data / "s1"), "--db", url, "--no-store", who="remy").returncode == 0


def test_users_commands_need_manage_users(team):
    url, _ = team
    for args in (["users", "add", "eve", "--role", "reviewer"], ["users", "list"],
                 ["users", "set-role", "rita", "admin"], ["users", "disable", "rita"]):
        done = viewer(*args, "--db", url, who="remy", stdin=PW)
        assert refused(done, "admin"), args
    with Store.open(url) as store:
        assert accounts.get(store, "eve") is None and accounts.get(store, "rita").role == "reviewer"
    assert viewer("users", "add", "eve", "--role", "reviewer", "--db", url, who="adam", stdin=PW).returncode == 0
    assert viewer("users", "set-role", "eve", "researcher", "--db", url, "--as", "adam").returncode == 0
    with Store.open(url) as store:
        assert accounts.get(store, "eve").role == "researcher"
        assert [(e.who, e.action) for e in access.entries(store)][:2] == [("adam", "user_set_role"),
                                                                          ("adam", "user_add")]


def test_erase_user_needs_delete(team):
    url, data = team
    done = viewer("erase-user", "u-1", "--data", str(data), "--db", url, "--yes", who="remy")
    assert refused(done, "admin") and (data / "s1").is_dir()
    done = viewer("erase-user", "u-1", "--data", str(data), "--db", url, who="adam")  # a preview
    assert done.returncode == 0 and "1 session(s): s1" in done.stdout and (data / "s1").is_dir()


def test_without_accounts_the_local_user_is_admin(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    data = tmp_path / "data"
    make_session(data, "s1")
    out = tmp_path / "r.csv"
    assert viewer("qa", str(data), "--out", str(out), "--workers", "1", who="anyone").returncode == 0
    assert not (tmp_path / "data.annotations.db").exists()  # checking the role created no database
    first = viewer("users", "add", "rita", "--role", "reviewer", "--db", url, who="anyone", stdin=PW)
    assert first.returncode == 1 and "first account must be an admin" in first.stderr
    assert viewer("users", "add", "adam", "--role", "admin", "--db", url, who="anyone", stdin=PW).returncode == 0
    now_refused = viewer("users", "list", "--db", url, who="anyone")
    assert now_refused.returncode == 1 and "'anyone' is not an active account" in now_refused.stderr
