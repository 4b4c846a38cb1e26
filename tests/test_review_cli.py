"""`python -m viewer annotations export|import`: exit codes 0 ok / 1 bad input / 2 usage, no tracebacks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from viewer.cli import cli
from viewer.review import Store

pytest_plugins = ["tests.pg_server"]

ROOT = Path(__file__).resolve().parents[1]
SECRET = "s3cret-typed-text"


@pytest.fixture
def filled(db_url):
    with Store.open(db_url) as store:
        store.add_label("s1", "h1", reviewer="ann", t_start=0, t_end=5, instruction="write mail", tags=["x"])
        store.add_flag("s1", "h1", reviewer="ann", t_start=1, t_end=2, category="password", note=SECRET)
        store.add_comment("s2", "h2", reviewer="bob", t=3, text="hm")
        store.set_review("s1", "h1", "approved", reviewer="lead")
    return db_url


def invoke(*args, env=None):
    return CliRunner().invoke(cli, ["annotations", *args], env=env, catch_exceptions=False)


def lines(path):
    return [json.loads(line) for line in Path(path).read_text().splitlines()]


def test_export_and_import_with_clirunner(filled, tmp_path):
    out = tmp_path / "a.jsonl"
    result = invoke("export", str(out), "--db", filled)
    assert result.exit_code == 0, result.output
    assert "exported 4 annotation(s)" in result.stderr
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    result = invoke("import", str(out), "--db", target, "--as", "ops")
    assert result.exit_code == 0 and "4 created" in result.stderr
    copy = tmp_path / "b.jsonl"
    assert invoke("export", str(copy), "--db", target).exit_code == 0
    assert copy.read_bytes() == out.read_bytes()


def test_export_one_session_to_stdout(filled):
    result = invoke("export", "-", "--session", "s2", "--db", filled)
    assert result.exit_code == 0
    assert [(r["type"], r["text"]) for r in map(json.loads, result.stdout.splitlines())] == [("comment", "hm")]


def test_db_defaults_to_the_setting(tmp_path):
    env = {"VIEWER_DB_URL": f"sqlite:///{tmp_path / 'env.db'}"}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"type": "comment", "session_id": "s", "content_hash": "h", "t": 0, "text": "a"}))
    assert invoke("import", str(src), env=env).exit_code == 0
    with Store.open(env["VIEWER_DB_URL"]) as store:
        [comment] = store.comments("s")
    assert comment.reviewer == comment.updated_by != ""


def test_bad_input_exits_1_and_writes_nothing(filled, tmp_path):
    out = tmp_path / "a.jsonl"
    invoke("export", str(out), "--db", filled)
    rows = lines(out)
    rows[1]["note"] = "changed " + SECRET
    rows.append({"type": "label", "session_id": "s9", "content_hash": "h", "t_start": 2, "t_end": 1})
    out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = invoke("import", str(out), "--db", filled)
    assert result.exit_code == 1
    assert f"{out}:5: invalid: t_end: must be >= t_start" in result.stderr
    assert "nothing was imported" in result.stderr
    assert SECRET not in result.output and "Traceback" not in result.output
    with Store.open(filled) as store:
        assert store.flags("s1")[0].version == 1 and store.labels("s9") == []


def test_stale_import_exits_1(filled, tmp_path):
    out = tmp_path / "a.jsonl"
    invoke("export", str(out), "--db", filled)
    with Store.open(filled) as store:
        label = store.labels("s1")[0]
        store.update("label", label.id, label.version, reviewer="bob", note="newer")
    result = invoke("import", str(out), "--db", filled)
    assert result.exit_code == 1
    assert f"{out}:2: stale: version: label {label.id} was changed by bob" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert invoke("import").exit_code == 2
    assert invoke("import", str(tmp_path / "missing.jsonl")).exit_code == 2
    assert invoke("export", str(tmp_path / "x.jsonl"), "--bogus").exit_code == 2


def test_unreachable_database_exits_1_without_password(tmp_path):
    result = invoke("export", str(tmp_path / "x.jsonl"), "--db", "postgresql://u:hunter2@127.0.0.1:1/db")
    assert result.exit_code == 1
    assert "cannot open the annotation database postgresql+psycopg://u:***@127.0.0.1:1/db" in result.stderr
    assert "hunter2" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.jsonl").exists()


# -- the real command line, in a subprocess -------------------------------------------------------------------
def run(*args, env_db=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if env_db:
        env["VIEWER_DB_URL"] = env_db
    return subprocess.run([sys.executable, "-m", "viewer", "annotations", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


def test_subprocess_exit_codes(filled, tmp_path):
    out = tmp_path / "a.jsonl"
    done = run("export", str(out), "--db", filled)
    assert done.returncode == 0, done.stderr
    assert len(lines(out)) == 4
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run("import", str(out), env_db=empty).returncode == 0
    out.write_text(out.read_text() + '{"type": "flag"\n')
    bad = run("import", str(out), "--db", empty)
    assert bad.returncode == 1 and f"{out}:5: bad-json: line: " in bad.stderr
    assert "Traceback" not in bad.stderr
    usage = run("import", "--db", empty)
    assert usage.returncode == 2 and "Usage:" in usage.stderr
