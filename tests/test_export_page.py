"""The Export page under AppTest: the role gate, choosing sessions (status, labels, quality), a missing key,
and a whole export with its progress, manifest download and redaction summary."""

from __future__ import annotations

import shutil

import orjson
import pytest
from streamlit.testing.v1 import AppTest

from viewer.export import verify_export
from viewer.quality import scan_dataset
from viewer.quality.config import from_env
from viewer.quality.report import write_report
from viewer.review import Store
from viewer.sample import generate_dataset
from viewer.team import access
from viewer.export.job import job_name
from viewer.trace import load_session
from viewer.ui import state
from viewer.ui.auth import KEY, SignedIn

KEY_VALUE = "page-test-key"


def _page():
    from viewer.ui.pages import export

    export.render()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Three sessions: 0 approved (labelled "shop", no screen video: following its flag reads screenshots
    only), 1 in review (labelled "mail"), 2 approved but a screenshot is missing (an error-level problem in
    the quality report). One OCR cache for the module: a value is followed once."""
    tmp = tmp_path_factory.mktemp("export-page")
    data = tmp / "data"
    paths = generate_dataset(data, 3, 0.3, 11)
    url = f"sqlite:///{tmp / 'ann.db'}"
    s0, s1, s2 = (load_session(p) for p in (paths[1], paths[0], paths[2]))
    with Store.open(url) as store:
        store.set_review(s0.session_id, s0.content_hash, "approved", reviewer="r")
        store.set_review(s1.session_id, s1.content_hash, "in_review", reviewer="r")
        store.set_review(s2.session_id, s2.content_hash, "approved", reviewer="r")
        store.add_label(s0.session_id, s0.content_hash, reviewer="r", t_start=0.0, t_end=5.0,
                        instruction="Buy the sweater", outcome="success", tags=["shop"])
        store.add_label(s1.session_id, s1.content_hash, reviewer="r", t_start=0.0, t_end=5.0,
                        instruction="Answer the mail", outcome="failure", tags=["mail"])
        store.add_flag(s0.session_id, s0.content_hash, reviewer="r", t_start=2.0, t_end=6.0, scope="both",
                       category="password", status="accepted",
                       regions=[{"screen": 0, "x": 50, "y": 60, "w": 300, "h": 40}])
    next(p for p in sorted((paths[2] / "screenshots").iterdir())).unlink()
    report = tmp / "report.parquet"
    write_report(scan_dataset(data, from_env(), workers=1).report, report)
    return {"tmp": tmp, "data": data, "url": url, "report": report, "cache": tmp / "cache",
            "ids": [s0.session_id, s1.session_id, s2.session_id]}


@pytest.fixture
def env(world, monkeypatch, tmp_path):
    monkeypatch.setenv("VIEWER_DATA", str(world["data"]))
    monkeypatch.setenv("VIEWER_DB_URL", world["url"])
    monkeypatch.setenv("VIEWER_QA_REPORT", str(world["report"]))
    monkeypatch.setenv("VIEWER_EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.setenv("VIEWER_EXPORT_KEY", KEY_VALUE)
    monkeypatch.setenv("VIEWER_CACHE", str(world["cache"]))
    return tmp_path / "exports"


def _run(role: str = "researcher") -> AppTest:
    at = AppTest.from_function(_page, default_timeout=120)
    at.session_state[KEY] = SignedIn("rita", role)
    at.run()
    assert not at.exception, at.exception
    return at


def _count(at) -> int:
    return int(next(m.value for m in at.metric if m.label == "Sessions to export"))


def _chosen(at) -> list[str]:
    return sorted(at.dataframe[0].value["session_id"])


def test_a_reviewer_is_refused(env):
    at = _run("reviewer")
    assert "Not allowed" in at.error[0].value
    assert not at.title and not at.button


def test_approved_only_by_default_and_error_level_problems_left_out(env, world):
    at = _run()
    s0, s1, s2 = world["ids"]
    assert _count(at) == 1 and _chosen(at) == [s0]
    at.checkbox(key="export_no_errors").uncheck().run()
    assert _chosen(at) == [s0, s2]
    at.multiselect(key="export_codes").set_value(["screenshot-missing"]).run()
    assert _chosen(at) == [s0]


def test_other_statuses_only_by_an_explicit_choice_that_says_so(env, world):
    at = _run()
    s0, s1, _ = world["ids"]
    assert [w for w in at.warning if "not approved" in w.value] == []
    at.checkbox(key="export_unapproved").check().run()
    assert _chosen(at) == [s0]  # ticking alone adds nothing: the statuses must be named
    at.multiselect(key="export_extra_statuses").set_value(["in_review"]).run()
    assert _chosen(at) == sorted([s0, s1])
    assert any("in_review were not approved" in w.value for w in at.warning)


def test_filter_by_task_label(env, world):
    at = _run()
    at.checkbox(key="export_unapproved").check().run()
    at.multiselect(key="export_extra_statuses").set_value(["in_review"]).run()
    at.multiselect(key="export_tags").set_value(["mail"]).run()
    assert _chosen(at) == [world["ids"][1]]
    at.multiselect(key="export_tags").set_value([]).run()
    at.text_input(key="export_instruction").input("SWEATER").run()
    assert _chosen(at) == [world["ids"][0]]
    at.text_input(key="export_instruction").input("").run()
    at.multiselect(key="export_outcomes").set_value(["failure"]).run()
    assert _chosen(at) == [world["ids"][1]]


def test_without_a_key_the_page_says_so_and_cannot_start(env, monkeypatch):
    monkeypatch.delenv("VIEWER_EXPORT_KEY")
    at = _run()
    assert any("VIEWER_EXPORT_KEY is not set" in w.value for w in at.warning)
    assert at.button(key="export_start").disabled
    assert not env.exists()


def test_without_a_report_quality_filters_are_off(env, world, monkeypatch, tmp_path):
    monkeypatch.setenv("VIEWER_QA_REPORT", str(tmp_path / "none.parquet"))
    at = _run()
    assert "quality filters are off" in at.info[0].value
    assert _chosen(at) == [world["ids"][0], world["ids"][2]]


def _finished(at: AppTest, world) -> AppTest:
    """Waits for the export job the page started, then runs the page again (as its progress fragment does)."""
    job = state.jobs().get(job_name(world["data"]))
    assert job is not None and job.wait(300), "the export job did not finish"
    at.run()
    assert not at.exception, at.exception
    return at


def test_export_from_the_page(env, world):
    at = _run()
    at.button(key="export_start").click().run()
    assert not at.exception, at.exception
    _finished(at, world)
    (out,) = [p for p in env.iterdir()]
    assert out.name.startswith("export-") and not [p for p in env.iterdir() if p.name.startswith(".")]
    assert "Exported 1 session(s)" in at.success[0].value
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert list(manifest["sessions"]) == [world["ids"][0]]
    with Store.open(world["url"]) as store:
        assert verify_export(out, store) == []
        logged = access.entries(store, action="export")
    assert logged and logged[-1].who == "rita" and out.name in logged[-1].detail
    metrics = {m.label: m.value for m in at.metric}
    flags = manifest["sessions"][world["ids"][0]]["flags"]
    derived = [f for f in flags if f.get("derived_from")]
    assert len(flags) == 1 + len(derived) and derived  # the page follows the flagged value, as the CLI does
    assert metrics["Flags applied"] == str(len(flags)) and int(metrics["Events removed"]) > 0
    summary = at.dataframe[1].value
    row = summary.set_index("session_id").loc[world["ids"][0]]
    assert row["spans"].startswith("both 2.0–6.0 s; pixels ")
    assert row["events_removed"] == int(metrics["Events removed"])
    assert at.get("download_button")
    shutil.rmtree(out)
