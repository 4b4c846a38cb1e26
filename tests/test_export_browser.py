"""A researcher exports from the page in a real Chromium (one app server for the module): the trace format with
manifest.json downloaded; the hf format, watching the export's progress (the flagged e-mail's later places
are followed first, reading the screens) and then the dataset card with its counts per split."""

from __future__ import annotations

import re
import shutil

import orjson
import pytest
from playwright.sync_api import expect

from tests.app_server import running_app
from viewer.export import verify_export
from viewer.review import Store
from viewer.team import accounts
from viewer.trace import load_session

pytestmark = pytest.mark.browser
PASSWORD = "researcher-pass-1"
WAIT = 60_000


@pytest.fixture(scope="module")
def app(tmp_path_factory, sample_data):
    """sample-7-1 approved with two accepted flags: the first seconds (both scopes), and the keystrokes of the
    e-mail typed at 9-13 s (its value is then followed onto the screens that show it)."""
    tmp = tmp_path_factory.mktemp("export-browser")
    data = tmp / "data"
    shutil.copytree(sample_data, data)
    url_db = f"sqlite:///{tmp / 'ann.db'}"
    session = load_session(data / "sample-7-1")
    with Store.open(url_db) as store:
        store.set_review(session.session_id, session.content_hash, "approved", reviewer="ana")
        store.add_flag(session.session_id, session.content_hash, reviewer="ana", t_start=1.0, t_end=8.0,
                       scope="both", category="password", status="accepted")
        store.add_flag(session.session_id, session.content_hash, reviewer="ana", t_start=9.0, t_end=13.3,
                       scope="events", category="email", status="accepted")
        accounts.add(store, "rita", "researcher", PASSWORD)
    exports = tmp / "exports"
    env = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(tmp / "cache"), "VIEWER_DB_URL": url_db,
           "VIEWER_AUTH": "on", "VIEWER_EXPORT_KEY": "browser-key", "VIEWER_EXPORT_DIR": str(exports)}
    with running_app(env) as url:
        yield {"url": url, "db": url_db, "exports": exports, "session": session.session_id}


def _export_page(chromium, app):
    page = chromium.new_page(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    page.goto(f"{app['url']}/export")
    name = page.get_by_role("textbox", name="Username")
    name.wait_for(timeout=WAIT)
    name.fill("rita")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Start export").wait_for(timeout=90_000)
    page.get_by_text("Sessions to export").wait_for(timeout=WAIT)
    return page


def _exports(app, layout: str) -> list:
    found = []
    for out in sorted(app["exports"].iterdir()) if app["exports"].is_dir() else []:
        body = orjson.loads((out / "manifest.json").read_bytes())
        if body.get("layout", "trace") == layout:
            found.append((out, body))
    return found


def test_researcher_exports_hf_sees_the_progress_then_the_card(chromium, app):
    page = _export_page(chromium, app)
    page.get_by_text("hf (Hugging Face datasets").click()
    page.get_by_role("textbox", name="Splits (--split)").wait_for(timeout=WAIT)
    page.get_by_role("button", name="Start export").click()
    page.get_by_text(re.compile(r"^Exporting… .*session\(s\)")).wait_for(timeout=WAIT)
    page.get_by_role("button", name="Cancel export").wait_for(timeout=WAIT)
    page.get_by_text("Exported 1 session(s)").wait_for(timeout=180_000)
    page.get_by_role("heading", name="Counts per split").wait_for(timeout=WAIT)
    page.get_by_role("heading", name="Dataset card (README.md)").wait_for(timeout=WAIT)
    page.get_by_text("YAML header: configs, splits and features").wait_for(timeout=WAIT)
    rows = page.locator("[data-testid=stMarkdownContainer] table tr")
    cells = {r.locator("td").first.inner_text(): r.locator("td").all_inner_texts() for r in rows.all()
             if r.locator("td").count()}
    assert cells["train"][:3] == ["train", "1", "1"] and cells["validation"][:3] == ["validation", "0", "0"]
    assert page.get_by_role("heading", name=re.compile(r"^Consent")).count() == 1
    assert page.get_by_role("button", name="Cancel export").count() == 0
    ((out, body),) = _exports(app, "hf")
    flags = body["sessions"][app["session"]]["flags"]
    assert any(f.get("derived_from") for f in flags)  # the e-mail's places on screen, followed by the export
    assert body["splits"]["sessions"] == {"train": 1, "validation": 0, "test": 0}
    with Store.open(app["db"]) as store:
        assert verify_export(out, store) == []


def test_researcher_exports_and_downloads_the_manifest(chromium, app, tmp_path):
    page = _export_page(chromium, app)
    page.get_by_role("button", name="Start export").click()
    # an earlier export's outcome (shown to every session) goes as this one starts
    expect(page.get_by_role("heading", name="Counts per split")).to_have_count(0, timeout=WAIT)
    page.get_by_text("Exported 1 session(s)").wait_for(timeout=180_000)
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Download manifest.json").click()
    downloaded = tmp_path / "manifest.json"
    info.value.save_as(downloaded)
    ((out, manifest),) = _exports(app, "trace")
    assert downloaded.read_bytes() == (out / "manifest.json").read_bytes()
    assert list(manifest["sessions"]) == [app["session"]]
    assert manifest["sessions"][app["session"]]["events_removed"] > 0
    with Store.open(app["db"]) as store:
        assert verify_export(out, store) == []
