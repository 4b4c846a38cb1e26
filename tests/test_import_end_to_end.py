"""The importers end to end: the real samples, imported, validate, load, pass the quality scan and replay.

Each sample in tests/data is imported into one tmp dataset (viewer.importers.import_path), then
checked the way a user would meet it: `viewer validate`, the loader, `viewer qa` (its scan_dataset, local
engine, 1 worker) and the Replay page in a real Chromium. A problem the scan reports must be a real defect
of the source, listed below with why; anything else is a false problem of the importer or the metric.
"""

from __future__ import annotations

import pytest
from osworld_run import TASK_ID as OSWORLD_ID
from osworld_run import VIDEO_SECONDS, build_run
from test_import_support import BROWSER_AGENT, DUCKTRACK, OPENADAPT_SQL, RRWEB, SCREENAGENT, STEPS_JSON

from tests.app_server import running_app
from viewer.importers import import_path
from viewer.quality import Thresholds, scan_dataset
from viewer.trace import load_session, validate_paths

DUCKTRACK_ID, OPENADAPT_ID, STEPS_ID = "ducktrack-bc8ae8620e374c56", "openadapt-1-1689889605", "s_7f27a11115e596eb"
SCREENAGENT_ID = "02ea503d419c440cbda9e42263706d6a"  # the tool's own session UUID
JOBS_ID, WEATHER_ID = "0059adc6b12a3822305deb68929b2de8", "4e3f6a538cc1f7321cfc50260db9545d"  # task ids
RRWEB_ID = "rrweb-a087d4e350600304"  # from the recording's bytes

# (source, sessions it holds)
SOURCES = ((DUCKTRACK, 1), (OPENADAPT_SQL, 1), (STEPS_JSON.parent, 1), (SCREENAGENT, 1), (BROWSER_AGENT, 2), (RRWEB, 1))

# The quality scan's problem codes per imported sample: exactly these, each a real defect of the source.
EXPECTED_QA = {
    # The source has no duplicate, off-screen or stuck-key events; its video is not shipped (the importer
    # reports missing-video) and the scan does not ask for one, so nothing is wrong in the events.
    DUCKTRACK_ID: set(),
    # fixtures.sql: the window event is at 1690042703.7 and the key press at 1690049582.8, 1.9 h later in
    # one step (the press names a window event at 1690049556.2 that the fixture does not hold). The 42.5 h
    # from the recording timestamp to the first event (late-events on import) is before the first event,
    # which the scan does not measure; the corrupt PNG is kept aside (source/unreadable_screenshots/), not
    # as a screenshot, so it is no screenshot-undecodable.
    OPENADAPT_ID: {"clock-jump"},
    # AgentNetBench steps: a screenshot every step (10 s at most between them), a click or keys in most.
    STEPS_ID: set(),
    # ScreenAgent: a step every 20 s to 2 min (the model's and the annotator's time between steps: the tool
    # saves no screen between them), a few actions per step, so idle most of the time and screens over 60 s old.
    SCREENAGENT_ID: {"idle", "stale-screenshot"},
    # Browser-agent runs as shipped have no screenshots (Git LFS upstream): 24 steps of input with no screen.
    # The 4-step run ends before screenshot_gap (60 s).
    JOBS_ID: {"stale-screenshot"},
    WEATHER_ID: set(),
    # The OSWorld run built in OSWorld's layout: a screenshot after every action, the video aligned.
    OSWORLD_ID: set(),
    # rrweb: screens rendered at the snapshot and after each change, input all along: nothing wrong.
    RRWEB_ID: set(),
}

# Warnings `viewer validate` gives (never errors), each true of the source.
EXPECTED_WARNINGS = {
    DUCKTRACK_ID: set(),  # start_time is local time without a zone: warned once on import (local-time), not here
    OPENADAPT_ID: {"long-gap"},  # the same 1.9 h between the window event and the key press
    STEPS_ID: set(),
    SCREENAGENT_ID: {"naive-time"},  # the step files' names are a local wall clock without UTC offset
    JOBS_ID: set(),
    WEATHER_ID: set(),
    OSWORLD_ID: {"naive-time"},  # action_timestamp is the harness's local clock
    RRWEB_ID: set(),  # epoch milliseconds: started_at is UTC
}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e") / "data"
    osworld = build_run(tmp_path_factory.mktemp("osworld"))
    for src, sessions in (*SOURCES, (osworld, 1)):
        report = import_path(src, root)
        assert not report.errors, [str(p) for p in report.errors]
        assert len(report.sessions) == sessions, [str(p) for p in report.problems]
    assert sorted(p.name for p in root.iterdir()) == sorted(EXPECTED_QA)
    return root


def test_imported_sessions_validate(dataset):
    count, problems = validate_paths([dataset])
    assert count == len(EXPECTED_QA)
    assert not [str(p) for p in problems if p.is_error]
    warnings = {sid: {p.code for p in problems if f"/{sid}/" in p.path or p.path.endswith(f"/{sid}")}
                for sid in EXPECTED_WARNINGS}
    assert warnings == EXPECTED_WARNINGS, [str(p) for p in problems]


def test_imported_sessions_load(dataset, tmp_path):
    for sid in EXPECTED_QA:
        session = load_session(dataset / sid, tmp_path / "cache")
        assert session.manifest.session_id == sid
        assert len(session.events) > 0


def test_quality_scan_reports_only_real_source_defects(dataset, tmp_path):
    result = scan_dataset(dataset, Thresholds(), cache_dir=tmp_path / "cache", engine="local", workers=1)
    assert not result.problems
    rows = {r["session_id"]: r for r in result.report.to_dict("records")}
    assert set(rows) == set(EXPECTED_QA)
    assert all(r["readable"] for r in rows.values())
    assert {sid: set(r["problems"]) for sid, r in rows.items()} == EXPECTED_QA
    assert rows[DUCKTRACK_ID]["duplicates"] == 0  # moves below ms/pixel resolution merged on import


@pytest.fixture(scope="module")
def app(dataset, tmp_path_factory):
    cache = tmp_path_factory.mktemp("app-cache")
    with running_app({"VIEWER_DATA": str(dataset), "VIEWER_CACHE": str(cache)}) as url:
        yield url


# session, time to open at, its end, what the screen draws: a screenshot (s:), a video frame (v:) or nothing
REPLAYS = [(STEPS_ID, 12, 66.0, "s:"), (SCREENAGENT_ID, 120, 312.822, "s:"), (JOBS_ID, 20, 120.0, None),
           (OSWORLD_ID, 10, VIDEO_SECONDS, "v:"), (RRWEB_ID, 11, 16.0, "s:")]


@pytest.mark.browser
@pytest.mark.parametrize("sid, at, end, image", REPLAYS)
def test_imported_session_replays_in_the_browser(chromium, app, sid, at, end, image):
    page = chromium.new_page(viewport={"width": 1500, "height": 1000})
    page.goto(f"{app}/replay?session={sid}&t={at}")
    player = page.locator('[data-testid="replay-player"]')
    player.wait_for(timeout=40_000)
    if image:
        page.wait_for_selector(f'canvas.rp-screen[data-image^="{image}"]', timeout=20_000)  # the screen is drawn
    assert player.get_attribute("data-session") == sid
    assert abs(float(player.get_attribute("data-t")) - at) < 0.01
    assert float(player.get_attribute("data-end")) == pytest.approx(end, abs=0.01)
    assert page.locator('[data-testid="stException"], [data-testid="stAlert"]').count() == 0
    assert "Traceback" not in page.content() and "cannot be opened" not in page.content()
