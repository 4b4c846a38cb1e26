"""The Sessions page: AppTest for its logic, a real Chromium for what a user sees."""

import shutil

import pytest
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest

from tests.app_server import ROOT, running_app
from tests.trace_factory import make_session

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def _own_database(monkeypatch, tmp_path):
    """The page reads review status: never from (or beside) the shipped sample data."""
    monkeypatch.setenv("VIEWER_DB_URL", f"sqlite:///{tmp_path / 'own.db'}")


def _run(monkeypatch, data):
    monkeypatch.setenv("VIEWER_DATA", str(data))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_lists_every_sample_session(monkeypatch, sample_data):
    at = _run(monkeypatch, sample_data)
    table = at.dataframe[0].value
    names = sorted(p.name for p in sample_data.iterdir() if (p / "session.json").exists())
    assert sorted(table["Session"]) == names
    assert (table["Events"] > 0).all() and table["Length"].str.fullmatch(r"\d+:\d\d").all()
    assert set(table["Review status"]) == {"unreviewed"} and (table["Flags"] == 0).all()
    assert set(table["Held by"]) == {""}
    assert at.metric[0].value == str(len(names))


def test_broken_session_is_listed_with_its_problems_not_a_traceback(monkeypatch, tmp_path):
    make_session(tmp_path, "good")
    make_session(tmp_path, "broken", raw_lines=[b'{"t": 0, "type": "move", "x": 1}'])
    at = _run(monkeypatch, tmp_path)
    assert list(at.dataframe[0].value["Session"]) == ["good"]
    assert at.expander[0].label == "broken"
    assert "events.jsonl:1: missing-field" in at.expander[0].code[0].value


def test_empty_dataset_says_what_to_do(monkeypatch, tmp_path):
    at = _run(monkeypatch, tmp_path)
    assert "no-sessions" in at.error[0].value


@pytest.mark.browser
def test_browser_shows_the_sessions(chromium, sample_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(sample_data, data)
    with running_app({"VIEWER_DATA": str(data)}) as url:
        page = chromium.new_page()
        page.goto(url)
        page.get_by_role("heading", name="Sessions").wait_for(timeout=60_000)
        page.get_by_text("Hours recorded").wait_for(timeout=30_000)
        metric = page.locator('[data-testid="stMetricValue"]').first.inner_text()
        assert metric == str(len([p for p in data.iterdir() if p.is_dir()]))
        grid = page.locator('[data-testid="stDataFrame"]')
        for session in (p.name for p in data.iterdir() if p.is_dir()):
            expect(grid).to_contain_text(session, timeout=30_000)
        assert "Traceback" not in page.content()


def test_each_session_links_to_its_replay(monkeypatch, sample_data):
    table = _run(monkeypatch, sample_data).dataframe[0].value
    assert all(link == f"./replay?session={sid}" for sid, link in zip(table["Session"], table["replay"]))


def test_status_holder_flags_and_a_filter(monkeypatch, sample_data, tmp_path):
    from viewer.review import Store
    from viewer.team import queue

    url = f"sqlite:///{tmp_path / 'own.db'}"
    with Store.open(url) as db:
        db.set_review("sample-7-1", "h", "approved", reviewer="rita")
        db.add_flag("sample-7-1", "h", reviewer="rita", t_start=1, t_end=2, category="email")
        db.add_flag("sample-7-1", "h", reviewer="sensitive-suggest", t_start=3, t_end=4, category="email",
                    status="suggested", source="secrets")
        queue.next_session(db, "ravi", ["sample-7-2"], 30)
    at = _run(monkeypatch, sample_data)
    table = at.dataframe[0].value.set_index("Session")
    assert table.loc["sample-7-1", "Review status"] == "approved" and table.loc["sample-7-1", "Flags"] == 1
    assert table.loc["sample-7-2", "Held by"] == "ravi" and table.loc["sample-7-0", "Held by"] == ""
    at.multiselect(key="sessions_status").set_value(["approved"]).run()
    assert list(at.dataframe[0].value["Session"]) == ["sample-7-1"]
    assert "1 of 3 sessions match the filter." in [c.value for c in at.caption]


def test_open_goes_to_the_replay_in_this_tab(monkeypatch, sample_data):
    at = _run(monkeypatch, sample_data)
    at.selectbox(key="sessions_pick").set_value("sample-7-2").run()
    at.button(key="sessions_open").click().run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Replay"] and at.query_params["session"] in ("sample-7-2", ["sample-7-2"])


def test_finds_suggestions_in_every_session_as_a_background_job(monkeypatch, tmp_path):
    from viewer import jobs
    from viewer.sample import generate_dataset

    generate_dataset(tmp_path / "data", 2, 0.1, 3)
    monkeypatch.setenv("VIEWER_CACHE", str(tmp_path / "cache"))
    at = _run(monkeypatch, tmp_path / "data")
    at.button(key="ds_find").click().run()
    assert not at.exception, at.exception
    from viewer.sensitive.batch_command import job_name
    from viewer.ui import state

    job = state.jobs().get(job_name(tmp_path / "data"))  # the server's one runner, shared with the Quality scan
    assert job is not None and job.wait(120)
    assert job.state == jobs.DONE, job.error
    at.run()
    said = " ".join(s.value for s in at.success)
    assert "Done: 2 session(s) (0 unchanged)" in said and f"{job.result.progress.added} new suggestion(s)" in said
    assert job.result.progress.added > 0
    assert "2/2 session(s)" in " ".join(c.value for c in at.caption)
