"""The consent and access-report commands, run as a user runs them (a real process, a real database)."""

import json
import os
import subprocess
import sys

import pytest

from tests.app_server import ROOT
from tests.trace_factory import make_session
from viewer.review import Store
from viewer.team import access, erase

SUBJECT = "maria.lopez@example.org"
FOCUS = [
    {"t": 0.0, "type": "focus", "app": "Firefox", "title": "Jira"},
    {"t": 0.5, "type": "key_down", "key": "a"},
    {"t": 2.0, "type": "focus", "app": "Signal <beta>", "title": "Chat with Ana"},
    {"t": 4.0, "type": "marker", "label": "end"},
]


@pytest.fixture
def world(tmp_path):
    data = tmp_path / "data"
    make_session(data, "s1", events=FOCUS, manifest={"user": SUBJECT})
    make_session(data, "s2", events=FOCUS, manifest={"user": "u-other"})
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    return data, url


def cli(*args, user="adam"):
    done = subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={**os.environ, "VIEWER_USER": user})
    assert "Traceback" not in done.stderr
    return done


def test_grant_check_withdraw_list(world):
    data, url = world
    done = cli("consent", "check", str(data), "--db", url, "--purpose", "agent-training")
    assert done.returncode == 1 and "s1: not covered: no consent" in done.stdout
    assert cli("consent", "grant", SUBJECT, "--db", url, "--apps", "firefox", "--from", "2026-01-01",
               "--evidence", "form 12").returncode == 0
    done = cli("consent", "check", str(data), "--db", url)  # purpose from the setting's default
    assert done.returncode == 1  # s2 still has no consent
    assert "s1: covered; 1 stretch(es) out of scope (2 s); flags +1 -0" in done.stdout
    assert "s2: not covered" in done.stdout and "1 of 2 session(s) covered" in done.stderr
    with Store.open(url) as store:
        (flag,) = store.flags("s1")
        assert (flag.category, flag.source, flag.t_start, flag.t_end) == ("out_of_scope", "consent", 2.0, 4.0)
        assert [e.action for e in access.entries(store, action="consent")] == ["consent"]
    assert cli("consent", "withdraw", SUBJECT, "--db", url).returncode == 0
    listed = cli("consent", "list", SUBJECT, "--db", url).stdout.splitlines()
    assert [line.split()[4] for line in listed] == ["grant", "withdraw"] and "apps=firefox" in listed[0]
    done = cli("consent", "check", str(data), "--db", url)
    assert "s1: not covered: consent withdrawn" in done.stdout
    assert f"listed for erasure (consent withdrawn): {SUBJECT}: 1 session(s)" in done.stderr
    with Store.open(url) as store:
        assert store.flags("s1") == []  # a withdrawn session is left out whole; its stretch flags go


def test_bad_input_gets_a_clear_error(world):
    data, url = world
    done = cli("consent", "grant", SUBJECT, "--db", url, "--weekdays", "funday")
    assert done.returncode == 1 and "unknown weekday" in done.stderr
    done = cli("consent", "withdraw", "nobody", "--db", url)
    assert done.returncode == 1 and "was ever granted" in done.stderr
    done = cli("access-report", SUBJECT, "--data", str(data), "--db", url, "--out", str(data.parent / "r.txt"))
    assert done.returncode == 1 and ".html or .json" in done.stderr


def test_only_admins_manage_consent(world, tmp_path):
    data, url = world
    with Store.open(url) as store:
        from viewer.team import accounts

        accounts.add(store, "adam", "admin", "correct horse")
        accounts.add(store, "rita", "reviewer", "correct horse")
    done = cli("consent", "grant", SUBJECT, "--db", url, user="rita")
    assert done.returncode == 1 and "not allowed" in done.stderr
    assert cli("consent", "grant", SUBJECT, "--db", url, user="adam").returncode == 0


def test_access_report_lists_facts_and_never_content(world, tmp_path):
    data, url = world
    cli("consent", "grant", SUBJECT, "--db", url, "--apps", "firefox,signal*", "--evidence", "form 12")
    with Store.open(url) as store:
        store.add_label("s1", "h", reviewer="rita", t_start=0, t_end=1, instruction="secret task text")
        store.add_flag("s1", "h", reviewer="rita", t_start=0, t_end=1, category="password")
        access.record(store, "rita", "view_session", "s1")
        access.record(store, "rita", "view_session", "s2")
    out = tmp_path / "report.json"
    assert cli("access-report", SUBJECT, "--data", str(data), "--db", url, "--out", str(out)).returncode == 0
    body = json.loads(out.read_text())
    (held,) = body["sessions"]
    assert held["session_id"] == "s1" and held["apps"] == ["Firefox", "Signal <beta>"]
    assert held["annotations"] == {"label": 1, "flag": 1, "comment": 0}
    assert [(v["who"], v["session_id"]) for v in body["views"]] == [("rita", "s1")]
    assert [c["action"] for c in body["consent"]] == ["grant"] and body["erasures"] == []
    assert "secret task text" not in out.read_text()

    html = tmp_path / "report.html"
    assert cli("access-report", SUBJECT, "--data", str(data), "--db", url, "--out", str(html)).returncode == 0
    page = html.read_text()
    assert "What we hold about you" in page and "opened the session" in page and "rita" in page
    assert "Signal &lt;beta&gt;" in page and "<beta>" not in page and "secret task text" not in page and "form 12" in page


def test_an_erasure_shows_in_the_report(world, tmp_path):
    data, url = world
    with Store.open(url) as store:
        erase.erase(data, SUBJECT, store, tmp_path / "cache", "adam")
    out = tmp_path / "report.json"
    assert cli("access-report", SUBJECT, "--data", str(data), "--db", url, "--out", str(out)).returncode == 0
    body = json.loads(out.read_text())
    assert body["sessions"] == [] and len(body["erasures"]) == 1 and body["erasures"][0]["sessions"] == 1


def test_qa_purpose_adds_consent_codes_joined_afresh(world, tmp_path):
    import pandas as pd

    data, url = world
    out = tmp_path / "qa.csv"

    def scan():
        done = cli("qa", str(data), "--out", str(out), "--db", url, "--purpose", "agent-training")
        assert done.returncode == 0, done.stderr
        frame = pd.read_csv(out, keep_default_na=False).set_index("session_id")
        return {sid: (frame.loc[sid, "consent"] if "consent" in frame else None, frame.loc[sid, "problems"].split())
                for sid in ("s1", "s2")}

    before = scan()  # no consent record yet: not enforced, no codes
    assert all(c is None and "no-consent" not in p for c, p in before.values())
    assert cli("consent", "grant", SUBJECT, "--db", url, "--apps", "firefox").returncode == 0
    after = scan()  # the cached rows are reused; consent is joined afresh
    assert after["s1"][0] == "covered, with stretches out of scope" and "out-of-scope" in after["s1"][1]
    assert after["s2"][0].startswith("not covered") and "no-consent" in after["s2"][1]
