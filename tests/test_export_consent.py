"""Consent enforced at export: a session without consent is left out, an app outside the scope is removed
from events and screenshots, consent ending mid-session cuts the rest, and the export records whom it
included and to whom it went."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import orjson
import pytest
from click.testing import CliRunner
from PIL import Image

from tests.trace_factory import make_session
from viewer.cli import cli
from viewer.consent import records
from viewer.consent.scope import Grant
from viewer.review import Store
from viewer.trace import load_session

KEY = "consent-test-key-123"
EVENTS = [
    {"t": 0.0, "type": "focus", "app": "Firefox", "title": "Jira board"},
    {"t": 0.5, "type": "screenshot", "file": "screenshots/0001.png"},
    {"t": 1.0, "type": "key_down", "key": "a"},
    {"t": 1.1, "type": "key_up", "key": "a"},
    {"t": 2.0, "type": "focus", "app": "Signal", "title": "Chat with Ana"},
    {"t": 2.0, "type": "screenshot", "file": "screenshots/0002.jpg"},
    {"t": 3.0, "type": "key_down", "key": "b"},
    {"t": 3.1, "type": "key_up", "key": "b"},
    {"t": 4.0, "type": "marker", "label": "done"},
]


def _bright(d: Path) -> None:
    for name in ("0001.png", "0002.jpg"):
        Image.new("RGB", (80, 60), (230, 230, 230)).save(d / "screenshots" / name)


def _events(d: Path) -> list[dict]:
    return [orjson.loads(x) for x in (d / "events.jsonl").read_bytes().splitlines() if x.strip()]


@pytest.fixture
def world(tmp_path):
    data, url = tmp_path / "data", f"sqlite:///{tmp_path / 'db.sqlite'}"
    sessions = {
        "scoped": {"user": "u-scoped", "started_at": "2026-03-02T09:00:00Z"},
        "nobody": {"user": "u-nobody", "started_at": "2026-03-02T09:00:00Z"},
        # starts 23:59:58 on the consent's last day: everything after midnight (2 s in) is cut
        "ending": {"user": "u-ending", "started_at": "2026-03-31T23:59:58Z"},
    }
    with Store.open(url) as store:
        for name, manifest in sessions.items():
            d = make_session(data, name, events=EVENTS, manifest=manifest)
            _bright(d)
            s = load_session(d)
            store.set_review(s.session_id, s.content_hash, "approved", reviewer="rita")
    return data, url


def export(data: Path, url: str, out: Path, *extra: str):
    return CliRunner().invoke(cli, ["export", str(data), str(out), "--db", url, *extra],
                              env={"VIEWER_EXPORT_KEY": KEY, "VIEWER_USER": "adam"})


def test_without_consent_records_consent_is_not_enforced(world, tmp_path):
    data, url = world
    r = export(data, url, tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert "consent is not enforced" in r.output
    body = orjson.loads((tmp_path / "out" / "manifest.json").read_bytes())
    assert sorted(body["sessions"]) == ["ending", "nobody", "scoped"] and body["consent"]["enforced"] is False


def test_consent_leaves_out_cuts_scope_and_records_recipients(world, tmp_path):
    data, url = world
    with Store.open(url) as store:
        records.grant(store, "adam", "u-scoped", "agent-training", Grant("agent-training", apps=("firefox",)))
        records.grant(store, "adam", "u-ending", "agent-training", Grant("agent-training", valid_until=_day(3, 31)))
    out = tmp_path / "out"
    r = export(data, url, out, "--recipient", "Lab A")
    assert r.exit_code == 0, r.output
    assert "1 session(s) left out: no consent for this purpose at the session's start" in r.output
    body = orjson.loads((out / "manifest.json").read_bytes())
    assert sorted(body["sessions"]) == ["ending", "scoped"] and not (out / "nobody").exists()
    assert body["consent"]["enforced"] and body["consent"]["out_of_scope_stretches"] == 2
    assert body["recipient"] == "Lab A" and "u-nobody" not in (out / "manifest.json").read_text()

    # the chat app's stretch (2 s to the end) is gone from the events and its screenshot is black
    kept = _events(out / "scoped")
    assert [e["key"] for e in kept if e["type"] == "key_down"] == ["a"]
    assert all(e.get("title") != "Chat with Ana" for e in kept)
    chat = cv2.imread(str(out / "scoped" / "screenshots" / "0002.jpg"))
    board = cv2.imread(str(out / "scoped" / "screenshots" / "0001.png"))
    assert chat.max() < 20 and board.min() > 200
    # consent ended at midnight, 2 s into the session: the rest is cut
    assert [e["key"] for e in _events(out / "ending") if e["type"] == "key_down"] == ["a"]

    with Store.open(url) as store:
        flags = store.flags("scoped")
        assert [(f.category, f.source, f.t_start) for f in flags] == [("out_of_scope", "consent", 2.0)]
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from viewer.consent.consent_models import ExportRecord, ExportSubject
        with Session(store.engine) as s:
            (rec,) = s.scalars(select(ExportRecord)).all()
            people = {(x.subject, x.sessions) for x in s.scalars(select(ExportSubject))}
    assert (rec.recipient, rec.purpose, rec.sessions, rec.id) == ("Lab A", "agent-training", 2, body["export_id"])
    assert people == {("u-scoped", 1), ("u-ending", 1)}


def test_withdrawn_consent_leaves_the_person_out(world, tmp_path):
    data, url = world
    with Store.open(url) as store:
        for person in ("u-scoped", "u-nobody", "u-ending"):
            records.grant(store, "adam", person, "agent-training", Grant("agent-training"))
        records.withdraw(store, "adam", "u-nobody", "agent-training")
    r = export(data, url, tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert "1 session(s) left out: consent withdrawn" in r.output
    assert not (tmp_path / "out" / "nobody").exists()


def _day(month: int, day: int):
    from datetime import date

    return date(2026, month, day)
