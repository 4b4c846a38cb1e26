"""A researcher exports from the page in a real Chromium: approved session in, manifest.json downloaded."""

from __future__ import annotations

import shutil

import orjson
import pytest

from tests.app_server import running_app
from viewer.export import verify_export
from viewer.review import Store
from viewer.team import accounts
from viewer.trace import load_session

pytestmark = pytest.mark.browser
PASSWORD = "researcher-pass-1"


def test_researcher_exports_and_downloads_the_manifest(chromium, tmp_path, sample_data):
    data = tmp_path / "data"
    shutil.copytree(sample_data, data)
    url_db = f"sqlite:///{tmp_path / 'ann.db'}"
    session = load_session(data / "sample-7-1")
    with Store.open(url_db) as store:
        store.set_review(session.session_id, session.content_hash, "approved", reviewer="ana")
        store.add_flag(session.session_id, session.content_hash, reviewer="ana", t_start=1.0, t_end=8.0,
                       scope="both", category="password", status="accepted")
        accounts.add(store, "rita", "researcher", PASSWORD)
    exports = tmp_path / "exports"
    env = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(tmp_path / "cache"), "VIEWER_DB_URL": url_db,
           "VIEWER_AUTH": "on", "VIEWER_EXPORT_KEY": "browser-key", "VIEWER_EXPORT_DIR": str(exports)}
    with running_app(env) as url:
        page = chromium.new_page(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
        page.goto(f"{url}/export")
        name = page.get_by_role("textbox", name="Username")
        name.wait_for(timeout=60_000)
        name.fill("rita")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        start = page.get_by_role("button", name="Start export")
        start.wait_for(timeout=90_000)
        page.get_by_text("Sessions to export").wait_for(timeout=30_000)
        start.click()
        page.get_by_text("Exported 1 session(s)").wait_for(timeout=120_000)
        with page.expect_download(timeout=30_000) as info:
            page.get_by_role("button", name="Download manifest.json").click()
        downloaded = tmp_path / "manifest.json"
        info.value.save_as(downloaded)
    (out,) = list(exports.iterdir())
    assert downloaded.read_bytes() == (out / "manifest.json").read_bytes()
    manifest = orjson.loads(downloaded.read_bytes())
    assert list(manifest["sessions"]) == [session.session_id]
    assert manifest["sessions"][session.session_id]["events_removed"] > 0
    with Store.open(url_db) as store:
        assert verify_export(out, store) == []
