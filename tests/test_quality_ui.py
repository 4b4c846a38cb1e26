"""The Quality page: AppTest for its logic and speed, a real Chromium for the link into the replay."""

import os
import time
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app_server import running_app
from tests.quality_dataset import THRESHOLDS, build, build_dataset, clean_events
from viewer.quality import scan_dataset
from viewer.quality.report import cached_report_path, write_report


def _page():
    from viewer.ui.pages import quality

    quality.render()


def _run(monkeypatch, report=None, data=None):
    if report is not None:
        monkeypatch.setenv("VIEWER_QA_REPORT", str(report))
    if data is not None:
        monkeypatch.setenv("VIEWER_DATA", str(data))
    at = AppTest.from_function(_page, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("qa") / "data"
    root.mkdir()
    build_dataset(root)
    path = root.parent / "report.parquet"
    write_report(scan_dataset(root, THRESHOLDS, workers=1).report, path)
    return path


def _links(at):
    return [(e.proto.label, e.proto.url) for e in at.get("link_button")]


def test_headline_table_and_the_worst_session(monkeypatch, report):
    at = _run(monkeypatch, report)
    frame = pd.read_parquet(report)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Sessions"] == str(len(frame))
    assert metrics["With problems"] == str(int((frame["problem_count"] > 0).sum()))
    assert metrics["Unreadable"] == "1"
    table = at.dataframe[0].value
    assert len(table) == len(frame) and table.iloc[0]["session_id"] == "unreadable"
    row = table.set_index("session_id").loc["teleport"]
    assert row["codes"] == "teleport" and row["replay"] == "./replay?session=teleport&t=15.200"
    assert "Worst: unreadable" in at.subheader[0].value
    assert ("Replay at 0.0 s", "./replay?session=unreadable&t=0.000") in _links(at)


def test_filter_by_problem_and_show(monkeypatch, report):
    at = _run(monkeypatch, report)
    at.multiselect[0].set_value(["stuck-key"]).run()
    table = at.dataframe[0].value
    assert list(table["session_id"]) == ["stuck-key"]
    assert ("Replay at 25.9 s", "./replay?session=stuck-key&t=25.900") in _links(at)
    at.multiselect[0].set_value([]).run()
    at.selectbox[0].set_value("clean").run()
    assert sorted(at.dataframe[0].value["session_id"]) == ["clean-a", "clean-video"]
    at.selectbox[0].set_value("outliers").run()  # the 0.5 s session among 40 s ones: highlighted, not a problem
    table = at.dataframe[0].value.set_index("session_id")
    assert table.loc["clean-tiny", "status"] == "◆ outlier" and "duration" in table.loc["clean-tiny", "outlier"]


def test_without_a_report_it_says_how_and_scans_on_request(monkeypatch, tmp_path):
    build(tmp_path / "data", "a")
    at = _run(monkeypatch, data=tmp_path / "data")
    assert "python -m viewer qa" in at.info[0].value
    at.button[0].click().run()  # starts the scan as a background job; the page shows its progress
    assert not at.exception
    from viewer.quality.scan_job import job_name
    from viewer.ui import state

    job = state.jobs().get(job_name(tmp_path / "data"))
    assert job is not None and job.wait(120) and job.state == "done"
    at.run()  # the next run finds the report the job wrote
    assert not at.exception
    assert at.dataframe[0].value["session_id"].tolist() == ["a"]
    assert cached_report_path(tmp_path / "data", os.environ["VIEWER_CACHE"]).is_file()


def test_opens_within_two_seconds_on_ten_thousand_sessions(monkeypatch, report, tmp_path):
    small = pd.read_parquet(report)
    big = pd.concat([small] * (10_000 // len(small) + 1), ignore_index=True).head(10_000)
    big["session_id"] = [f"s{i:05d}" for i in range(len(big))]
    big["dir"] = big["session_id"]
    path = tmp_path / "big.parquet"
    big.to_parquet(path)
    at = _run(monkeypatch, path)  # the first open reads the file and fills the cache
    assert at.metric[0].value == "10,000"
    took = []
    for _ in range(3):  # best of three: a shared CI machine should not fail it by a neighbour's load
        started = time.perf_counter()
        at.run()
        took.append(time.perf_counter() - started)
        assert not at.exception
    assert min(took) < 2.0


def test_a_broken_report_file_is_a_message(monkeypatch, tmp_path):
    (tmp_path / "r.parquet").write_bytes(b"not parquet")
    at = _run(monkeypatch, tmp_path / "r.parquet")
    assert "cannot read the quality report" in at.error[0].value


@pytest.mark.browser
def test_browser_follows_a_problem_link_into_the_replay(chromium, tmp_path):
    data = tmp_path / "data"
    build(data, "calm")
    events = clean_events()
    events.insert(30, {"t": events[29]["t"], "type": "move", "x": 3000, "y": 50})
    build(data, "wild", events=events)
    report = tmp_path / "report.parquet"
    write_report(scan_dataset(data, workers=1).report, report)
    with running_app({"VIEWER_DATA": str(data), "VIEWER_QA_REPORT": str(report)}) as url:
        page = chromium.new_page()
        page.goto(f"{url}/quality")
        page.get_by_role("heading", name="Quality").wait_for(timeout=60_000)
        link = page.get_by_role("link", name="Replay at").first
        link.wait_for(timeout=30_000)
        href = link.get_attribute("href")
        query = parse_qs(urlparse(href).query)
        assert query["session"] == ["wild"] and float(query["t"][0]) >= 0
        with page.context.expect_page() as opened:
            link.click()
        replay = opened.value
        replay.wait_for_load_state()
        final = urlparse(replay.url)
        assert final.path.endswith("/replay")
        assert parse_qs(final.query)["session"] == ["wild"] and "t" in parse_qs(final.query)
        assert "Traceback" not in page.content()
