"""The subject role in a real Chromium: a recorded person logs in, sees only their own sessions and their
access report, replays their own session, withdraws a consent and asks for erasure; another person's session
is unreachable by page, link or image route (a validly signed token for it included)."""

import shutil
import time
import urllib.error
import urllib.request

import orjson
import pytest
from playwright.sync_api import expect

from tests.app_server import running_app
from viewer.consent import erasures, records
from viewer.consent.scope import Grant
from viewer.replay import media_tokens
from viewer.review import Store
from viewer.team import access, accounts
from viewer.ui.media_route import PATH as MEDIA_PATH

PERSON, OTHER = "maria.lopez@example.org", "jonas.keller@example.org"
SECRET = "subject-test-media-secret-123"
WAIT = 60_000


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.browser
def test_a_subject_reaches_only_their_own_data(chromium, tmp_path, sample_data):
    data = tmp_path / "data"
    shutil.copytree(sample_data, data)
    for name, user in (("sample-7-0", PERSON), ("sample-7-1", OTHER), ("sample-7-2", OTHER)):
        manifest = orjson.loads((data / name / "session.json").read_bytes())
        manifest["user"] = user
        (data / name / "session.json").write_bytes(orjson.dumps(manifest))
    db = f"sqlite:///{tmp_path / 'team.db'}"
    with Store.open(db) as store:
        accounts.add(store, "adam", "admin", "admin-password")
        accounts.add(store, "maria", "subject", "maria-password", person=PERSON)
        records.grant(store, "adam", PERSON, "agent-training", Grant("agent-training"), "form 12")
        access.record(store, "rita", "view_session", "sample-7-0")
    env = {"VIEWER_AUTH": "on", "VIEWER_DB_URL": db, "VIEWER_DATA": str(data), "VIEWER_MEDIA_SECRET": SECRET,
           "VIEWER_QA_REPORT": str(tmp_path / "no-report.parquet")}
    with running_app(env) as url:
        context = chromium.new_context(viewport={"width": 1366, "height": 768})

        def login_at(path: str):
            """A login lives in the tab: a typed address is a new one, so log in there (the link is kept)."""
            page = context.new_page()
            page.goto(f"{url}/{path}")
            page.get_by_label("Username", exact=True).fill("maria")
            page.get_by_label("Password", exact=True).fill("maria-password")
            page.get_by_role("button", name="Log in").click()
            page.get_by_text("Signed in as maria (subject)").wait_for(timeout=WAIT)
            return page

        page = login_at("my-data")
        page.get_by_role("heading", name="My data").wait_for(timeout=WAIT)
        page.get_by_text("Your recorded sessions").wait_for(timeout=WAIT)
        page.get_by_role("link", name="Replay sample-7-0").wait_for(timeout=WAIT)
        page.get_by_text("opened the session").wait_for(timeout=WAIT)  # rita's view, from the access log
        body = page.locator('[data-testid="stMain"]').inner_text()
        assert "sample-7-0" in body and "sample-7-1" not in body and "sample-7-2" not in body
        expect(page.get_by_role("link", name="Admin")).to_have_count(0)
        expect(page.get_by_role("link", name="Quality")).to_have_count(0)

        page.get_by_role("button", name="Withdraw my consent for agent-training").click()
        page.get_by_text("Your consent for agent-training is withdrawn").wait_for(timeout=WAIT)
        page.wait_for_timeout(1000)  # the page settles after the withdrawal's rerun
        page.get_by_role("button", name="Ask for my sessions to be erased").click()
        try:
            page.get_by_text("an administrator carries it out").first.wait_for(timeout=WAIT)
        except Exception:
            page.screenshot(path=str(tmp_path / "erase.png"), full_page=True)
            print("screenshot:", tmp_path / "erase.png")
            raise

        page.get_by_role("link", name="Replay sample-7-0").click()  # in the app: the login stays
        page.get_by_role("heading", name="Replay").wait_for(timeout=WAIT)
        page.wait_for_selector('canvas.rp-screen:not([data-image="pending"])', timeout=WAIT)
        expect(page.get_by_text("Not allowed")).to_have_count(0)
        page.close()
        page = login_at("replay?session=sample-7-1")  # another person's session, by link
        page.get_by_text("No session sample-7-1").wait_for(timeout=WAIT)
        expect(page.get_by_role("link", name="sample-7-1")).to_have_count(0)
        assert OTHER not in page.content()
        page.close()
        for other in ("quality", "export", "admin", "sessions"):
            page = login_at(other)
            page.get_by_text("Not allowed").first.wait_for(timeout=WAIT)
            page.close()

        # the image route: her own session's token works; a validly signed token for another person's session,
        # and a forged one, do not
        key = media_tokens.key({"VIEWER_MEDIA_SECRET": SECRET})
        mine = media_tokens.issue(key, "sample-7-0", "maria", 600, time.time())
        theirs = media_tokens.issue(key, "sample-7-1", "maria", 600, time.time())
        forged = theirs.split(".")[0] + "." + mine.split(".")[1]  # another session, her token's signature
        base = f"{url}{MEDIA_PATH}"
        assert _status(f"{base}/{mine}/s:0?w=320") == 200
        assert _status(f"{base}/{theirs}/s:0?w=320") == 403
        assert _status(f"{base}/{forged}/s:0?w=320") == 403
    with Store.open(db) as store:
        assert [r.action for r in records.history(store, PERSON)] == ["grant", "withdraw"]
        assert [e.subject for e in erasures.open_requests(store)] == [PERSON]
