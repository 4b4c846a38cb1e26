"""Commands behind `@_with_store`: the role check and the command share one open database (one migration),
and refusals and database errors leave through the one error mechanism (exit 1, one line, no traceback)."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import event

from viewer import db
from viewer.cli import cli

pytest_plugins = ["tests.pg_server"]


def _cli(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def test_the_check_and_the_command_share_one_engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    assert _cli("users", "add", "root", "--role", "admin", "--db", url, "--as", "root",
                stdin="a long enough password\n").exit_code == 0
    engines = []
    original = db.engines.create

    def counting(u):  # the real engine, watched: each engine that connects is noted
        engine = original(u)
        event.listen(engine, "connect", lambda *_: engines.append(engine))
        return engine

    monkeypatch.setattr(db.engines, "create", counting)
    result = _cli("users", "list", "--db", url, "--as", "root")
    assert result.exit_code == 0 and "root" in result.stdout
    assert len({id(e) for e in engines}) == 1  # one engine for the role check and the command


def test_refusals_and_errors_are_one_line_and_exit_1(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    _cli("users", "add", "root", "--role", "admin", "--db", url, "--as", "root", stdin="a long enough password\n")
    _cli("users", "add", "rita", "--role", "reviewer", "--db", url, "--as", "root", stdin="another long password\n")
    refused = _cli("users", "list", "--db", url, "--as", "rita")
    assert (refused.exit_code, refused.stderr.strip().splitlines()[0]) == \
        (1, "not allowed: rita: a reviewer user may not manage users (allowed: admin)")
    missing = _cli("users", "disable", "nobody", "--db", url, "--as", "root")
    assert missing.exit_code == 1 and missing.stderr.startswith("error: ") and "Traceback" not in missing.output
    usage = _cli("users", "set-role", "rita", "wizard", "--db", url, "--as", "root")
    assert usage.exit_code == 2
