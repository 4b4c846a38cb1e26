"""`python -m viewer users ...` and `auth-check` as a user runs them: password via stdin, exit codes, and the
password never echoed."""

import os
import subprocess
import sys

import pytest

from tests.app_server import ROOT
from viewer.review import Store
from viewer.team import accounts

pytest_plugins = ["tests.pg_server"]

PW = "s3cret-Passw0rd"


def viewer(*args, stdin="", env=None):
    done = subprocess.run([sys.executable, "-m", "viewer", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ, "VIEWER_USER": "ana", **(env or {})})
    assert "Traceback" not in done.stderr
    assert PW not in done.stdout and PW not in done.stderr
    return done


def test_users_commands(db_url):
    added = viewer("users", "add", "Ana", "--role", "admin", "--db", db_url, stdin=PW + "\n")
    assert added.returncode == 0, added.stderr
    assert "added ana (admin)" in added.stderr
    assert viewer("users", "add", "bob", "--role", "reviewer", "--db", db_url, stdin=PW).returncode == 0
    listed = viewer("users", "list", "--db", db_url)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["name", "role", "status", "created"]
    assert [line.split()[:3] for line in lines[1:]] == [["ana", "admin", "active"], ["bob", "reviewer", "active"]]
    assert viewer("users", "set-role", "bob", "researcher", "--db", db_url).returncode == 0
    assert viewer("users", "disable", "bob", "--db", db_url).returncode == 0
    assert "bob researcher disabled" in " ".join(viewer("users", "list", "--db", db_url).stdout.split())
    with Store.open(db_url) as store:
        assert accounts.verify(store, "ana", PW).ok  # the password went in exactly, newline stripped
        assert not accounts.verify(store, "bob", PW).ok


def test_bad_input_exits_1(db_url):
    assert viewer("users", "add", "ana", "--role", "admin", "--db", db_url, stdin=PW).returncode == 0
    again = viewer("users", "add", "ana", "--role", "reviewer", "--db", db_url, stdin=PW)
    assert again.returncode == 1 and "already exists" in again.stderr
    weak = viewer("users", "add", "bob", "--role", "reviewer", "--db", db_url, stdin="short\n")
    assert weak.returncode == 1 and "at least" in weak.stderr and "short" not in weak.stderr.split("at least")[0]
    assert viewer("users", "add", "a b", "--role", "reviewer", "--db", db_url, stdin=PW).returncode == 1
    assert viewer("users", "set-role", "nobody", "admin", "--db", db_url).returncode == 1
    last = viewer("users", "disable", "ana", "--db", db_url)
    assert last.returncode == 1 and "last active admin" in last.stderr


def test_usage_errors_exit_2(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert viewer("users", "add", "ana", "--db", db, stdin=PW).returncode == 2  # no --role
    assert viewer("users", "add", "ana", "--role", "root", "--db", db, stdin=PW).returncode == 2
    assert viewer("users", "set-role", "ana", "--db", db).returncode == 2
    assert viewer("users", "frobnicate").returncode == 2


def test_unreachable_database_exits_1_without_leaking_its_password(tmp_path):
    url = "postgresql://u:dbpw-hidden@127.0.0.1:1/x"
    done = viewer("users", "list", "--db", url)
    assert done.returncode == 1 and "dbpw-hidden" not in done.stderr


def test_auth_check(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert viewer("auth-check", "--address", "127.0.0.1", "--db", db, env={"VIEWER_AUTH": ""}).returncode == 0
    refused = viewer("auth-check", "--address", "0.0.0.0", "--db", db, env={"VIEWER_AUTH": "off"})
    assert refused.returncode == 1 and "Refusing to start" in refused.stderr
    empty = viewer("auth-check", "--address", "0.0.0.0", "--db", db, env={"VIEWER_AUTH": "on"})
    assert empty.returncode == 1 and "no active account" in empty.stderr
    viewer("users", "add", "ana", "--role", "admin", "--db", db, stdin=PW)
    assert viewer("auth-check", "--address", "0.0.0.0", "--db", db, env={"VIEWER_AUTH": "on"}).returncode == 0


@pytest.mark.postgres
def test_run_team_script_serves_with_login_and_cleans_up(tmp_path):
    """`make run-team`'s script: throwaway PostgreSQL, first admin, app up with login; Ctrl-C removes it all."""
    import signal

    from tests.app_server import _wait_healthy, free_port
    from tests.pg_server import PG_BIN

    if not (PG_BIN / "initdb").is_file():
        pytest.skip("no PostgreSQL binaries")
    port = free_port()
    env = {**os.environ, "ADDRESS": "127.0.0.1", "PORT": str(port), "PY": sys.executable,
           "VIEWER_ADMIN_PASSWORD": PW}
    proc = subprocess.Popen(["bash", "scripts/run-team.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", proc, timeout=120)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    assert "added admin (admin)" in out and "login required; 1 active account(s)" in out
    assert PW not in out and "Traceback" not in out
    import re

    pg_root = re.search(r"PostgreSQL \(throwaway, in (\S+)\)", out).group(1)
    assert pg_root.startswith("/tmp/viewer-team-pg.") and not os.path.exists(pg_root)


def test_on_a_terminal_the_password_is_prompted_twice_and_not_echoed(tmp_path):
    import pty
    import select
    import time

    db = f"sqlite:///{tmp_path / 'a.db'}"
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command on a terminal
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "viewer", "users", "add", "ana", "--role", "admin",
                                  "--db", db])
    out = b""

    def read_until(token: bytes) -> None:
        nonlocal out
        end = time.monotonic() + 60
        while token not in out and time.monotonic() < end:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    out += os.read(fd, 1024)
                except OSError:
                    return

    read_until(b"Password")
    os.write(fd, PW.encode() + b"\n")
    read_until(b"Repeat")
    os.write(fd, PW.encode() + b"\n")
    read_until(b"added")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"added ana (admin)" in out and PW.encode() not in out
    with Store.open(db) as store:
        assert accounts.verify(store, "ana", PW).ok
