"""Roles on every page (AppTest, on SQLite and PostgreSQL): each page as each role, the view_session trail,
and the Admin page's access log and account management."""

import pytest
from streamlit.testing.v1 import AppTest

from viewer.review import Store
from viewer.team import access, accounts
from viewer.ui.auth import KEY, SignedIn

pytest_plugins = ["tests.pg_server"]

SESSIONS = ["sample-7-0", "sample-7-1"]
ROLES = ("reviewer", "researcher", "admin")
PW = "a-long-enough-password"


def _sessions():
    from viewer.ui.pages import sessions

    sessions.render()


def _replay():
    from viewer.ui.pages import replay

    replay.render()


def _quality():
    from viewer.ui.pages import quality

    quality.render()


def _admin():
    from viewer.ui.pages import admin

    admin.render()


@pytest.fixture
def env(monkeypatch, db_url, sample_data, tmp_path):
    monkeypatch.setenv("VIEWER_DATA", str(sample_data))
    monkeypatch.setenv("VIEWER_DB_URL", db_url)
    monkeypatch.setenv("VIEWER_QA_REPORT", str(tmp_path / "no-report.parquet"))
    with Store.open(db_url) as store:
        accounts.add(store, "adam", "admin", PW)
    return db_url


def _run(page, role: str | None, name: str = "pat", **query) -> AppTest:
    at = AppTest.from_function(page, default_timeout=90)
    at.session_state["replay_player_live"] = True  # as the browser player does once its first frame is drawn
    for key, value in query.items():
        at.query_params[key] = value
    if role is not None:
        at.session_state[KEY] = SignedIn(name, role)
    at.run()
    assert not at.exception, at.exception
    return at


def _refused(at: AppTest) -> bool:
    return any(e.value.startswith("Not allowed:") for e in at.error)


def _buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_view_sessions(env, role):
    at = _run(_sessions, role)
    assert not _refused(at) and at.dataframe
    assert set(SESSIONS) <= set(at.dataframe[0].value["Session"])


def test_signed_out_is_refused_every_page(env, monkeypatch):
    monkeypatch.setenv("VIEWER_AUTH", "on")  # login required, and nobody signed in
    for page in (_sessions, _replay, _quality, _admin):
        at = _run(page, None)
        assert _refused(at), page.__name__
        assert "signed-out" in at.error[0].value and not at.dataframe
        assert "Traceback" not in str(at.error[0].value)


def test_reviewer_annotates_researcher_only_reads(env):
    reviewer = _run(_replay, "reviewer", session=SESSIONS[0])
    assert "Save status" in _buttons(reviewer)
    researcher = _run(_replay, "researcher", session=SESSIONS[0])
    assert not _refused(researcher)
    assert "Save status" not in _buttons(researcher) and "Add label" not in _buttons(researcher)
    assert any(t.value.startswith("Review status:") for t in researcher.text)


def test_view_session_is_logged_once_per_open(env):
    at = _run(_replay, "reviewer", name="rita", session=SESSIONS[0])
    at.run()
    at.run()  # reruns of the same open session add nothing
    at.selectbox(key="replay_session").set_value(SESSIONS[1]).run()
    at.selectbox(key="replay_session").set_value(SESSIONS[0]).run()  # opened again: logged again
    with Store.open(env) as store:
        views = [(e.who, e.session_id) for e in access.entries(store, action="view_session")]
    assert views == [("rita", SESSIONS[0]), ("rita", SESSIONS[1]), ("rita", SESSIONS[0])]


def test_quality_scan_needs_the_qa_role(env):
    reviewer = _run(_quality, "reviewer")
    assert not _refused(reviewer) and "Scan now" not in _buttons(reviewer)
    assert any("researcher or admin" in c.value for c in reviewer.caption)
    for role in ("researcher", "admin"):
        assert "Scan now" in _buttons(_run(_quality, role))


@pytest.mark.parametrize("role", ["reviewer", "researcher"])
def test_admin_page_refused_to_non_admins(env, role):
    at = _run(_admin, role)
    assert _refused(at) and "manage users" in at.error[0].value
    assert not at.dataframe and not at.text_input and not at.button


def test_admin_sees_the_access_log_newest_first_filtered_and_paginated(env):
    with Store.open(env) as store:
        for i in range(60):
            access.record(store, "rita", "view_session", f"s-{i:02d}")
        access.record(store, "remy", "export", detail="3 sessions")
    at = _run(_admin, "admin", name="adam")
    assert not _refused(at)
    log = at.dataframe[0].value
    assert len(log) == 50 and log.iloc[0]["who"] == "remy" and log.iloc[1]["session"] == "s-59"
    assert "61 entries; page 1 of 2" in at.caption[0].value
    at.number_input(key="admin_log_page").set_value(2).run()
    assert list(at.dataframe[0].value["session"]) == [f"s-{i:02d}" for i in range(10, -1, -1)]
    at.number_input(key="admin_log_page").set_value(1).run()
    at.selectbox(key="admin_log_action").set_value("export").run()
    assert list(at.dataframe[0].value["who"]) == ["remy"]
    at.selectbox(key="admin_log_action").set_value("(any)").run()
    at.text_input(key="admin_log_session").input("s-07").run()
    assert list(at.dataframe[0].value["session"]) == ["s-07"]


def test_admin_manages_users(env):
    at = _run(_admin, "admin", name="adam")
    inputs = {t.label: t for t in at.text_input}
    inputs["New user name"].input("Rita")
    at.selectbox(key="admin_add_role").set_value("reviewer")
    inputs["Password"].input("short")
    at.button(key="FormSubmitter:admin_add_user-Add user").click().run()
    assert any("at least" in e.value for e in at.error) and "short" not in at.error[0].value.split("at least")[0]
    inputs = {t.label: t for t in at.text_input}
    inputs["New user name"].input("Rita")
    inputs["Password"].input(PW)
    at.selectbox(key="admin_add_role").set_value("reviewer")
    at.button(key="FormSubmitter:admin_add_user-Add user").click().run()
    assert not at.exception and "Added rita (reviewer)." in at.success[0].value
    users = at.dataframe[1].value
    assert list(users["name"]) == ["adam", "rita"] and list(users["role"]) == ["admin", "reviewer"]
    at.selectbox(key="admin_pick_user").set_value("rita")
    at.selectbox(key="admin_new_role").set_value("researcher")
    at.button(key="admin_set_role").click().run()
    assert "rita is now researcher." in at.success[0].value
    at.selectbox(key="admin_pick_user").set_value("rita")
    at.button(key="admin_disable").click().run()
    at.selectbox(key="admin_pick_user").set_value("adam")
    at.button(key="admin_disable").click().run()
    assert any("last active admin" in e.value for e in at.error)
    with Store.open(env) as store:
        rita = accounts.get(store, "rita")
        assert rita.role == "researcher" and rita.disabled and accounts.verify(store, "rita", PW).reason == "disabled"
        log = [(e.who, e.action, e.detail) for e in access.entries(store)]
    assert log[:3] == [("adam", "user_disable", "rita"), ("adam", "user_set_role", "rita to researcher"),
                       ("adam", "user_add", "rita as reviewer")]
    assert all(PW not in e[2] for e in log)


def test_the_first_account_made_on_the_admin_page_is_an_admin(monkeypatch, tmp_path, sample_data):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("VIEWER_DATA", str(sample_data))
    monkeypatch.setenv("VIEWER_DB_URL", url)
    at = _run(_admin, "admin", name="local")
    assert any("first account must be an admin" in i.value for i in at.info)
    assert at.selectbox(key="admin_add_first_role").options == ["admin"]
    inputs = {t.label: t for t in at.text_input}
    inputs["New user name"].input("Ada")
    inputs["Password"].input(PW)
    at.button(key="FormSubmitter:admin_add_user-Add user").click().run()
    assert "Added ada (admin)." in at.success[0].value
    assert at.selectbox(key="admin_add_role").options == list(accounts.ROLES)  # any role from now on
    with Store.open(url) as store:
        assert [(u.name, u.role) for u in accounts.list_accounts(store)] == [("ada", "admin")]
    with Store.open(f"sqlite:///{tmp_path / 'empty.db'}") as empty, \
            pytest.raises(accounts.AccountError, match="first account must be an admin"):
        accounts.check_first_is_admin(empty, "reviewer")


def test_the_erase_section_names_the_random_erasure_id(env):
    at = _run(_admin, "admin", name="adam")
    said = " ".join(c.value for c in at.caption)
    assert "random erasure id" in said and "hash of the name" not in said


def test_admin_erases_a_data_subject_after_a_preview(env, monkeypatch, tmp_path):
    from tests.trace_factory import make_session

    data = tmp_path / "data"
    make_session(data, "mine", manifest={"user": "u-gone"})
    make_session(data, "other", manifest={"user": "u-stays"})
    monkeypatch.setenv("VIEWER_DATA", str(data))
    with Store.open(env) as store:
        store.add_comment("mine", "h", reviewer="rita", t=0.1, text="a note")
    at = _run(_admin, "admin", name="adam")
    at.text_input(key="admin_erase_subject").input("u-gone").run()
    at.button(key="admin_erase_preview_button").click().run()
    assert "1 session(s): mine" in at.text[-1].value and "row(s) in review_comment" in at.text[-1].value
    assert (data / "mine").is_dir()
    erase_button = at.button(key="admin_erase_button")
    assert erase_button.disabled  # until the box is ticked
    at.checkbox(key="admin_erase_sure").check().run()
    at.button(key="admin_erase_button").click().run()
    assert not at.exception and "Erased 1 session(s)" in at.success[0].value
    assert sorted(p.name for p in data.iterdir()) == ["other"]
    with Store.open(env) as store:
        assert store.comments("mine") == []
        assert access.entries(store, action="delete")[0].who == "adam"
