"""The review panel in a real Chromium: label a task, reload, find it."""

import shutil

import pytest

from tests.app_server import running_app

pytestmark = pytest.mark.browser


def test_label_a_task_in_the_browser(chromium, tmp_path, sample_data):
    data = tmp_path / "data"
    shutil.copytree(sample_data, data)
    env = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(tmp_path / "cache"),
           "VIEWER_DB_URL": f"sqlite:///{tmp_path / 'ann.db'}", "VIEWER_USER": "alice"}
    with running_app(env) as url:
        page = chromium.new_page(viewport={"width": 1500, "height": 1400})
        page.goto(f"{url}/replay?session=sample-7-0&t=2")
        box = page.get_by_label("Instruction", exact=True).first
        box.wait_for(timeout=60_000)
        box.fill("check the <b>mail</b>")
        page.get_by_role("button", name="Add label").click()
        page.get_by_text("Label added.").wait_for(timeout=30_000)
        page.reload()
        page.get_by_text("Task labels", exact=True).first.wait_for(timeout=60_000)
        page.get_by_text("Edit a label").click()
        edit = page.get_by_test_id("stExpander").filter(has_text="Edit a label").get_by_label("Instruction")
        edit.wait_for(timeout=30_000)
        assert edit.input_value() == "check the <b>mail</b>"
        assert page.locator("b", has_text="mail").count() == 0  # text, never HTML
