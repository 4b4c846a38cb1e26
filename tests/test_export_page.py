"""The Export page under AppTest: the role gate, choosing sessions (status, labels, quality), a missing key,
the format and its hf options (a bad one said on the page), a running export seen from every browser session
with its progress and Cancel, and whole exports (trace; hf with its card and counts per split)."""

from __future__ import annotations

import shutil
import threading

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
from viewer.export.hf import SplitError
from viewer.export.job import job_name
from viewer.export.run import READING, ExportProgress
from viewer.jobs import Cancelled
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
    yield tmp_path / "exports"
    state.jobs().forget(job_name(world["data"]))  # the next test starts with no export on the page


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
    assert metrics["Flags applied"] == "1" and int(metrics["Events removed"]) > 0
    summary = at.dataframe[1].value
    row = summary.set_index("session_id").loc[world["ids"][0]]
    assert row["spans"] == "both 2.0–6.0 s" and row["events_removed"] == int(metrics["Events removed"])
    assert at.get("download_button")
    shutil.rmtree(out)


def test_hf_options_are_checked_on_the_page(env):
    at = _run()
    at.radio(key="export_format").set_value("hf").run()
    assert not at.error and not at.button(key="export_start").disabled
    at.text_input(key="export_split").input("train=0.5,test=0.2").run()
    assert [e.value for e in at.error] == ["--split: the ratios add up to 0.7, not 1"]
    assert at.button(key="export_start").disabled
    at.text_input(key="export_split").input("train=0.8,test=0.2").run()
    at.text_input(key="export_unknown_split").input("holdout").run()
    assert [e.value for e in at.error] == ["--unknown-split holdout: not one of the splits (train, test)"]
    assert at.button(key="export_start").disabled
    at.text_input(key="export_unknown_split").input("test").run()
    assert not at.error and not at.button(key="export_start").disabled
    assert not env.exists()


def test_a_running_export_is_shown_to_every_browser_session_and_cancelled(env, world):
    release = threading.Event()

    def held(job):  # stands in for a long export: reports, then waits until cancelled or released
        job.report(ExportProgress(READING, 1, 3, "s1", 4, 10, "screenshots"))
        while not release.wait(0.05):
            job.progress(1, 3)

    job = state.jobs().start(job_name(world["data"]), held)
    try:
        first, second = _run(), _run()
        for at in (first, second):
            (bar,) = at.get("progress")
            assert bar.text == "Exporting… reading screens: 1 of 3 session(s) · s1 · 4 of 10 screenshots"
            assert bar.value == 33 and at.button(key="export_start").disabled
            assert any("An export of this dataset is running" in i.value for i in at.info)
        second.button(key="export_cancel").click().run()
        assert job.wait(60) and job.state == "cancelled"
        first.run()
        assert "The export was cancelled: nothing was written" in first.warning[0].value
        assert not first.button(key="export_start").disabled and not env.exists()
    finally:
        release.set()


def test_a_refused_export_is_said_on_the_page(env, world):
    def refused(job):  # what run_export raises when people cannot be placed in a split
        raise SplitError("2 session(s) have no known person, so they cannot be kept out of other splits: name "
                         "the split they go to (--unknown-split NAME) or leave them out")

    job = state.jobs().start(job_name(world["data"]), refused)
    assert job.wait(60) and job.state == "failed"
    at = _run()
    assert at.error[0].value.startswith("The export failed: 2 session(s) have no known person")
    assert not at.button(key="export_start").disabled


def test_hf_export_from_the_page_shows_the_card_and_the_counts_per_split(env, world):
    at = _run()
    at.radio(key="export_format").set_value("hf").run()
    at.button(key="export_start").click().run()
    assert not at.exception, at.exception
    _finished(at, world)
    (out,) = list(env.iterdir())
    assert "Exported 1 session(s)" in at.success[0].value and (out / "data" / "steps").is_dir()
    counts = next(d.value for d in at.dataframe if "split" in d.value.columns).set_index("split")
    assert counts.loc["train", "sessions"] == 1 and counts.loc["validation", "sessions"] == 0
    assert counts.loc["train", "steps"] > 0 and counts.loc["test", "steps"] == 0
    assert "config_name: steps" in at.code[0].value  # the YAML header, shown as code
    card = next(m.value for m in at.markdown if "## Splits" in m.value)
    assert card.startswith("# Reviewed computer-use sessions") and "## Consent" in card
    assert "| train | 1 | 1 |" in card
