"""The login gate: AppTest for its logic, a real Chromium for logging in as each role, the refusal to serve
on a non-loopback address with VIEWER_AUTH=off, and no screenshot over plain HTTP."""

import time
import tomllib
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from tests.app_server import ROOT, running_app
from viewer.review import Store
from viewer.team import access, accounts

APP = str(ROOT / "app.py")
PW = {"rita": "reviewer-password", "remy": "researcher-password", "adam": "admin-password"}
ROLE = {"rita": "reviewer", "remy": "researcher", "adam": "admin"}


def make_accounts(url: str) -> None:
    with Store.open(url) as store:
        for name, password in PW.items():
            accounts.add(store, name, ROLE[name], password)


@pytest.fixture
def team(monkeypatch, tmp_path, sample_data):
    url = f"sqlite:///{tmp_path / 'team.db'}"
    make_accounts(url)
    monkeypatch.setenv("VIEWER_AUTH", "on")
    monkeypatch.setenv("VIEWER_DB_URL", url)
    monkeypatch.setenv("VIEWER_DATA", str(sample_data))
    return url


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _login(at: AppTest, name: str, password: str) -> AppTest:
    inputs = {t.label: t for t in at.text_input}
    inputs["Username"].input(name)
    inputs["Password"].input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _login_form_shown(at: AppTest) -> bool:
    return [t.label for t in at.text_input] == ["Username", "Password"]


def test_login_required_when_auth_on(team):
    at = _app()
    assert _login_form_shown(at)
    assert at.text_input[1].proto.type == at.text_input[1].proto.PASSWORD
    assert not at.dataframe and "Sessions" not in [t.value for t in at.title]  # no page behind the form
    _login(at, "rita", "wrong password")
    assert "Wrong username or password" in at.error[0].value and _login_form_shown(at)
    _login(at, "nobody", "whatever-at-all")
    assert _login_form_shown(at)
    _login(at, "RITA", PW["rita"])
    assert not _login_form_shown(at)
    assert "Sessions" in [t.value for t in at.title] and at.dataframe  # the page renders
    assert "Signed in as rita (reviewer)" in [t.value for t in at.sidebar.text]
    with Store.open(team) as store:
        log = [(e.who, e.action) for e in access.entries(store)]
    assert log == [("rita", "login"), ("(unknown)", "login_failed"), ("rita", "login_failed")]
    assert all(PW["rita"] not in e.detail for e in access.entries(store))


def test_logout_ends_the_session(team):
    at = _login(_app(), "adam", PW["adam"])
    assert not _login_form_shown(at)
    at.sidebar.button(key="viewer_logout").click().run()
    assert _login_form_shown(at)
    with Store.open(team) as store:
        assert access.entries(store)[0].action == "logout"


def test_sessions_expire(team, monkeypatch):
    monkeypatch.setenv("VIEWER_SESSION_HOURS", str(1 / 3600))  # one second
    at = _login(_app(), "remy", PW["remy"])
    assert not _login_form_shown(at)
    time.sleep(1.2)
    at.run()
    assert _login_form_shown(at) and "expired" in at.info[0].value


def test_disabling_an_account_ends_its_session_and_role_changes_apply(team):
    at = _login(_app(), "rita", PW["rita"])
    with Store.open(team) as store:
        accounts.set_role(store, "rita", "researcher")
    at.run()
    assert "Signed in as rita (researcher)" in [t.value for t in at.sidebar.text]
    with Store.open(team) as store:
        accounts.disable(store, "rita")
    at.run()
    assert _login_form_shown(at)


def test_lockout_is_shown(team):
    at = _app()
    for _ in range(accounts.FREE_FAILURES):
        _login(at, "adam", "wrong password")
    _login(at, "adam", PW["adam"])
    assert _login_form_shown(at) and "Too many failed logins" in at.error[0].value


def test_no_login_on_loopback_by_default(monkeypatch, tmp_path, sample_data):
    monkeypatch.delenv("VIEWER_AUTH", raising=False)
    monkeypatch.setenv("VIEWER_USER", "zoe")
    monkeypatch.setenv("VIEWER_DB_URL", f"sqlite:///{tmp_path / 'a.db'}")
    monkeypatch.setenv("VIEWER_DATA", str(sample_data))
    at = _app()
    assert not _login_form_shown(at) and at.dataframe
    assert at.session_state["viewer_signed_in"].name == "zoe"
    assert at.session_state["viewer_signed_in"].role == "admin"


@pytest.fixture
def listen_everywhere():
    before = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    yield
    st_config.set_option("server.address", before)


def test_refuses_without_login_on_a_public_address(monkeypatch, tmp_path, sample_data, listen_everywhere):
    monkeypatch.setenv("VIEWER_AUTH", "off")
    monkeypatch.setenv("VIEWER_DB_URL", f"sqlite:///{tmp_path / 'a.db'}")
    monkeypatch.setenv("VIEWER_DATA", str(sample_data))
    at = _app()
    assert "Refusing to start" in at.error[0].value and "VIEWER_AUTH=off" in at.error[0].value
    assert not at.dataframe and not at.text_input


def test_public_address_without_setting_requires_login(monkeypatch, tmp_path, sample_data, listen_everywhere):
    monkeypatch.delenv("VIEWER_AUTH", raising=False)
    monkeypatch.setenv("VIEWER_DB_URL", f"sqlite:///{tmp_path / 'a.db'}")
    monkeypatch.setenv("VIEWER_DATA", str(sample_data))
    assert _login_form_shown(_app())


def test_static_serving_stays_off():
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert server.get("enableStaticServing", False) is False
    assert server["address"] == "127.0.0.1"


# -- a real browser -----------------------------------------------------------------------------------------
def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read()
    except urllib.error.HTTPError as exc:
        return exc.read()


@pytest.mark.browser
def test_browser_login_as_each_role_and_no_screenshot_over_http(chromium, tmp_path, sample_data):
    url_db = f"sqlite:///{tmp_path / 'team.db'}"
    make_accounts(url_db)
    env = {"VIEWER_AUTH": "on", "VIEWER_DB_URL": url_db, "VIEWER_DATA": str(sample_data)}
    shot = next(sample_data.glob("*/screenshots/*.png"))
    session, name = shot.parent.parent.name, shot.name
    with running_app(env) as url:
        for path in [f"app/static/{session}/screenshots/{name}", f"app/static/screenshots/{name}",
                     f"app/static/{name}", f"app/static/sample_data/{session}/screenshots/{name}",
                     f"static/{session}/screenshots/{name}", f"{session}/screenshots/{name}",
                     f"sample_data/{session}/screenshots/{name}", f"media/{name}", f"app/static/../../{name}"]:
            body = _get(f"{url}/{path}")
            assert not body.startswith(b"\x89PNG") and shot.read_bytes() not in body, path
        for user, password in PW.items():
            context = chromium.new_context()
            page = context.new_page()
            page.goto(url)
            page.get_by_label("Username", exact=True).fill(user)
            page.get_by_label("Password", exact=True).fill("not the password")
            page.get_by_role("button", name="Log in").click()
            page.get_by_text("Wrong username or password").wait_for(timeout=30_000)
            page.get_by_label("Password", exact=True).fill(password)
            page.get_by_role("button", name="Log in").click()
            page.get_by_role("heading", name="Sessions").wait_for(timeout=60_000)
            page.get_by_text(f"Signed in as {user} ({ROLE[user]})").wait_for(timeout=30_000)
            expect(page.get_by_label("Password", exact=True)).to_have_count(0, timeout=60_000)  # form gone
            html = page.content()
            at = html.find(password)
            assert at < 0, html[max(0, at - 600):at + 100]
            assert "Traceback" not in html
            page.get_by_role("button", name="Log out").click()
            page.get_by_label("Username", exact=True).wait_for(timeout=30_000)
            context.close()


@pytest.mark.browser
def test_browser_refusal_on_public_address_with_auth_off(chromium, tmp_path, sample_data):
    env = {"VIEWER_AUTH": "off", "VIEWER_DB_URL": f"sqlite:///{tmp_path / 'a.db'}", "VIEWER_DATA": str(sample_data)}
    with running_app(env, address="0.0.0.0") as url:
        page = chromium.new_page()
        page.goto(url)
        page.get_by_text("Refusing to start").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        html = page.content()
        assert "VIEWER_AUTH=off" in html
        for session in (p.name for p in sample_data.iterdir() if p.is_dir()):
            assert session not in html
        assert page.get_by_role("heading", name="Sessions").count() == 0
        assert page.get_by_label("Username", exact=True).count() == 0
