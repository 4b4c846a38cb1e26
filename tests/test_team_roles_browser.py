"""Roles in a real Chromium with VIEWER_AUTH=on: a reviewer, a researcher and an admin each log in and see
what their role allows, are refused the rest, and each opening of a session lands in the access log."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.app_server import running_app
from viewer.review import Store
from viewer.team import access, accounts

PW = {"rita": "reviewer-password", "remy": "researcher-password", "adam": "admin-password"}
ROLE = {"rita": "reviewer", "remy": "researcher", "adam": "admin"}
SESSION = "sample-7-0"
WAIT = 60_000


def _login(browser, url: str, path: str, user: str):
    """A fresh tab at `path`, logged in there (the login keeps the page and its link)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/{path}")
    page.get_by_label("Username", exact=True).fill(user)
    page.get_by_label("Password", exact=True).fill(PW[user])
    page.get_by_role("button", name="Log in").click()
    page.get_by_text(f"Signed in as {user} ({ROLE[user]})").wait_for(timeout=WAIT)
    return context, page


def _open_by_link(page, link: str, heading: str, tries: int = 3) -> None:
    """Click the navigation link `link` until the page's `heading` shows. On a loaded machine a click that lands
    while the page's own run is still going can be dropped by Streamlit; the same click again is what a user does."""
    for _ in range(tries - 1):
        page.get_by_role("link", name=link).click()
        try:
            page.get_by_role("heading", name=heading).wait_for(timeout=WAIT // 3)
            return
        except PlaywrightTimeout:
            continue
    page.get_by_role("link", name=link).click()
    page.get_by_role("heading", name=heading).wait_for(timeout=WAIT)


def _no_traceback(page) -> None:
    assert "Traceback" not in page.content()


@pytest.mark.browser
def test_each_role_sees_what_it_may_and_is_refused_the_rest(chromium, tmp_path, sample_data):
    db = f"sqlite:///{tmp_path / 'team.db'}"
    with Store.open(db) as store:
        for name, password in PW.items():
            accounts.add(store, name, ROLE[name], password)
    env = {"VIEWER_AUTH": "on", "VIEWER_DB_URL": db, "VIEWER_DATA": str(sample_data),
           "VIEWER_QA_REPORT": str(tmp_path / "no-report.parquet")}
    with running_app(env) as url:
        for user in ("rita", "remy"):
            context, page = _login(chromium, url, f"replay?session={SESSION}", user)
            page.get_by_role("heading", name="Replay").wait_for(timeout=WAIT)
            page.get_by_text("Sensitive flags", exact=True).first.wait_for(timeout=WAIT)
            annotate = page.get_by_role("button", name="Save status")
            if user == "rita":
                annotate.wait_for(timeout=WAIT)  # the reviewer annotates
            else:
                page.get_by_text("Review status:").first.wait_for(timeout=WAIT)
                expect(annotate).to_have_count(0)  # the researcher only reads
            expect(page.get_by_role("link", name="Admin")).to_have_count(0)
            page.wait_for_timeout(1500)  # let the player's reruns happen: they must not log more views
            _no_traceback(page)
            context.close()

            context, page = _login(chromium, url, "quality", user)
            page.get_by_role("heading", name="Quality").wait_for(timeout=WAIT)
            page.get_by_text("No quality report").wait_for(timeout=WAIT)
            scan = page.get_by_role("button", name="Scan now")
            if user == "remy":
                scan.wait_for(timeout=WAIT)
            else:
                page.get_by_text("Scanning needs the researcher or admin role").wait_for(timeout=WAIT)
                expect(scan).to_have_count(0)
            context.close()

            context, page = _login(chromium, url, "export", user)
            if user == "remy":
                page.get_by_role("heading", name="Export").wait_for(timeout=WAIT)
            else:
                page.get_by_text("(allowed: researcher, admin)").wait_for(timeout=WAIT)
                expect(page.get_by_role("heading", name="Export")).to_have_count(0)
            _no_traceback(page)
            context.close()

            context, page = _login(chromium, url, "admin", user)
            page.get_by_text("Not allowed:").wait_for(timeout=WAIT)
            page.get_by_text("(allowed: admin)").wait_for(timeout=WAIT)
            expect(page.get_by_text("Access log")).to_have_count(0)
            _no_traceback(page)
            context.close()

        context, page = _login(chromium, url, "", "adam")
        _open_by_link(page, "Admin", "Access log")
        page.get_by_role("heading", name="Users").wait_for(timeout=WAIT)
        page.get_by_role("heading", name="Erase a data subject").wait_for(timeout=WAIT)
        page.get_by_text("entries; page 1 of 1").wait_for(timeout=WAIT)
        _no_traceback(page)
        context.close()

    with Store.open(db) as store:
        views = [(e.who, e.session_id) for e in access.entries(store, action="view_session")]
    assert sorted(views) == [("remy", SESSION), ("rita", SESSION)]
