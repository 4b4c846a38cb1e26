"""suggest end to end: stored once as suggested flags, no value in any output, exit codes."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from tests.sensitive_helpers import Typist, session_of
from tests.trace_factory import make_session
from viewer.review.store import Store
from viewer.sensitive import store_findings, suggest_session
from viewer.sensitive.commands import suggest

ROOT = Path(__file__).resolve().parents[1]
EMAIL = "zed.quarry91@example.net"
PASSWORD = "Zq!plover2931"
CARD = "4233886087359231"
TOKEN = "ghp_McgDA7680TZE9PMfBiBX55cPO9ss67lhWceP"
VALUES = [EMAIL, PASSWORD, CARD, TOKEN, "plover2931", "McgDA7680TZE9P"]


def _events() -> list[dict]:
    k = Typist()
    k.focus("Firefox", "Sign in – Acme Bank")
    k.click()
    k.type(EMAIL)
    k.press("Tab")
    k.type(PASSWORD)
    k.press("Enter")
    k.focus("Firefox", "Checkout – Shop")
    k.click()
    k.type(CARD)
    k.click()
    k.focus("Terminal", "bash")
    k.type("export GITHUB_TOKEN=")
    k.paste(TOKEN)
    k.press("Enter")
    return k.events


def _dataset(tmp: Path) -> Path:
    data = tmp / "data"
    make_session(data, "s1", events=_events(), images=False)
    return data


def test_suggest_stores_once_and_is_idempotent(tmp_path):
    data = _dataset(tmp_path)
    from viewer.trace import load_session

    session = load_session(data / "s1", tmp_path / "cache")
    found = suggest_session(session)
    assert {f.category for f in found} >= {"email", "password", "credit_card", "secret", "banking"}
    with Store.open(f"sqlite:///{tmp_path}/a.db") as store:
        assert store_findings(store, session, found) == len(found)
        assert store_findings(store, session, suggest_session(session)) == 0
        flags = store.flags("s1")
    assert len(flags) == len(found)
    assert all(f.status == "suggested" and f.source == g.detector for f, g in
               zip(sorted(flags, key=lambda r: (r.t_start, r.category)), sorted(found, key=lambda g: (g.t_start, g.category))))
    assert not any(v in json.dumps([f.data for f in flags], default=str) for v in VALUES)


def test_cli_function_twice_adds_nothing_twice_and_leaks_nothing(tmp_path, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    data = _dataset(tmp_path)
    db = f"sqlite:///{tmp_path}/b.db"
    assert suggest([data], False, True, db, None) == 0
    first = capsys.readouterr()
    assert suggest([data / "s1"], False, True, db, None) == 0
    second = capsys.readouterr()
    lines = [json.loads(x) for x in first.out.splitlines()]
    assert lines and set(lines[0]) == {"session_id", "t_start", "t_end", "scope", "regions", "category", "detector",
                                       "confidence"}
    assert "new flag(s) stored" in first.err and ", 0 new flag(s) stored" in second.err
    assert suggest([data], False, False, db, None) == 0  # the human-readable form
    third = capsys.readouterr()
    everything = first.out + first.err + second.out + second.err + third.out + third.err + caplog.text
    for value in VALUES:
        assert value not in everything
    with Store.open(db) as store:
        assert len(store.flags("s1")) == len(lines)


def _run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "viewer", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=300)


def test_cli_exit_codes_and_no_leak(tmp_path):
    data = _dataset(tmp_path)
    db = f"sqlite:///{tmp_path}/c.db"
    env = {"VIEWER_CACHE": str(tmp_path / "cache")}
    ok = _run("suggest", str(data), "--json", "--db", db, env_extra=env)
    assert ok.returncode == 0, ok.stderr
    assert len(ok.stdout.splitlines()) >= 5
    for value in VALUES:
        assert value not in ok.stdout + ok.stderr
    missing = _run("suggest", str(tmp_path / "nope"), "--db", db, env_extra=env)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    usage = _run("suggest", env_extra=env)
    assert usage.returncode == 2
    bad_cfg = tmp_path / "bad.toml"
    bad_cfg.write_text("[[pattern]]\nname='x'\n")
    cfg = _run("suggest", str(data), "--config", str(bad_cfg), "--db", db, env_extra=env)
    assert cfg.returncode == 1 and "bad.toml" in cfg.stderr and "Traceback" not in cfg.stderr


def test_on_sample_data_every_typed_value_is_found(sample_data, tmp_path):
    from viewer.trace import load_session

    for d in sorted(sample_data.iterdir()):
        truth = json.loads((d / "truth.json").read_text())
        found = suggest_session(load_session(d, tmp_path / "cache"))
        for row in truth["sensitive"]:
            if row["scope"] in ("events", "both") and row["value"] and row["kind"] != "card_on_screen":
                assert any(f.t_start < row["t_end"] and row["t_start"] < f.t_end and f.scope != "pixels"
                           for f in found), (d.name, row["kind"])


def test_json_prints_regions_in_the_annotations_object_form():
    from viewer.sensitive.findings import Finding

    f = Finding("s1", 1.0, 2.0, "pixels", "email", "ocr:presidio", 0.9, regions=[[0, 10, 20, 30, 40]])
    assert f.to_json()["regions"] == [{"screen": 0, "x": 10, "y": 20, "w": 30, "h": 40}]
