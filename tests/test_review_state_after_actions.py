"""After every action on the Replay page each control shows what is stored (AppTest): the status select after
Approve, the flag picker and edit form after accepting a suggestion, a form after its own save; the reviewer's
own change never makes their next edit stale, another tab's still does; new suggestions' bands appear in the
same click; decided suggestions stay in place until the list is refreshed; a link to no session says so."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.replay_apptest import SESSION, replay_app, sample_env
from viewer.review.store import Store
from viewer.sensitive.decide import find_in_session, suggestions
from viewer.ui.auth import KEY, SignedIn


@pytest.fixture
def env(monkeypatch, tmp_path):
    return sample_env(monkeypatch, tmp_path)


def _session(data):
    from viewer.trace import load_session

    return load_session(data / SESSION)


def _ok(at):
    assert not at.exception, at.exception
    return at


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _status_select(at):
    return next(s for s in at.selectbox if s.label == "Review status")


def _flag_bands(at) -> int:
    (player,) = [e for e in at.get("bidi_component") if e.key == "replay_player"]
    return sum(1 for s in json.loads(player.proto.json)["payload"]["spans"] if s["kind"] == "flag")


def test_approve_shows_approved_in_the_status_select(env):
    url, _ = env
    at = replay_app()
    assert _status_select(at).value == "unreviewed"
    _ok(_button(at, "Approve").click().run())
    assert _status_select(at).value == "approved"
    assert [s.value for s in at.success] == ["Review status: approved"]
    with Store.open(url) as db:
        assert db.review(SESSION).status == "approved"
    # a status set elsewhere (another reviewer, the command line) shows on the next run
    with Store.open(url) as db:
        db.set_review(SESSION, "h", "needs_changes", reviewer="bob", version=db.review(SESSION).version)
    _ok(at.run())
    assert _status_select(at).value == "needs_changes"


def test_a_stale_status_is_refused_then_the_select_shows_the_stored_one(env):
    url, data = env
    at = replay_app()
    with Store.open(url) as db:
        db.set_review(SESSION, _session(data).content_hash, "rejected", reviewer="bob")
    _status_select(at).set_value("approved")
    _ok(_button(at, "Save status").click().run())
    assert at.error and "bob" in at.error[0].value and not at.success
    assert _status_select(at).value == "rejected"
    with Store.open(url) as db:
        assert db.review(SESSION).status == "rejected"


def test_accepting_a_suggestion_updates_the_picker_and_the_edit_form_and_my_next_edit_saves(env):
    url, data = env
    session = _session(data)
    with Store.open(url) as db:
        find_in_session(db, session)
        pick = suggestions(db, SESSION, session.content_hash)[0]
    at = replay_app()
    flag_picker = next(s for s in at.selectbox if s.label == "Flag")
    flag_picker.set_value(pick.id)
    _ok(at.run())
    assert f"{pick.category} suggested" in next(s for s in at.selectbox if s.label == "Flag").format_func(pick.id)
    _ok(at.button(key=f"sg_accepted_{pick.id}").click().run())
    picker = next(s for s in at.selectbox if s.label == "Flag")
    assert picker.value == pick.id  # still the same flag, now shown as accepted
    assert f"{pick.category} accepted" in picker.format_func(pick.id)
    key = f"rp_edit_flag_{pick.id}_v{pick.version + 1}"
    assert at.selectbox(key=f"{key}_status").value == "accepted"
    at.text_area(key=f"{key}_note").set_value("checked")
    _ok(_button(at, "Save flag").click().run())
    assert not at.error, [e.value for e in at.error]
    assert [s.value for s in at.success] == ["Saved."]
    with Store.open(url) as db:
        rec = db.get("flag", pick.id)
    assert (rec.status, rec.note, rec.version) == ("accepted", "checked", pick.version + 2)
    # the form took the new version: it shows what was saved, and a second save is not refused
    key = f"rp_edit_flag_{pick.id}_v{rec.version}"
    assert at.text_area(key=f"{key}_note").value == "checked"
    at.text_area(key=f"{key}_note").set_value("checked twice")
    _ok(_button(at, "Save flag").click().run())
    assert not at.error and [s.value for s in at.success] == ["Saved."]


def test_the_same_reviewer_in_a_second_tab_is_still_refused(env):
    url, data = env
    with Store.open(url) as db:
        flag = db.add_flag(SESSION, _session(data).content_hash, reviewer="alice", t_start=1, t_end=2,
                           category="email")
    first, second = replay_app(), replay_app()  # two tabs of one reviewer
    key = f"rp_edit_flag_{flag.id}_v{flag.version}"
    first.text_area(key=f"{key}_note").set_value("from the first tab")
    _ok(_button(first, "Save flag").click().run())
    assert [s.value for s in first.success] == ["Saved."]
    second.text_area(key=f"{key}_note").set_value("from the second tab")
    _ok(_button(second, "Save flag").click().run())
    assert second.error and "alice" in second.error[0].value and not second.success
    with Store.open(url) as db:
        assert db.get("flag", flag.id).note == "from the first tab"


def test_found_suggestions_are_bands_in_the_same_click(env):
    at = replay_app()
    assert _flag_bands(at) == 0
    _ok(at.button(key="sg_find").click().run())
    assert at.success and "new suggestion(s) stored" in at.success[0].value
    assert _flag_bands(at) >= 5


def test_decided_suggestions_stay_in_place_until_refreshed(env):
    url, data = env
    session = _session(data)
    with Store.open(url) as db:
        find_in_session(db, session)
        pending = suggestions(db, SESSION, session.content_hash)
    at = replay_app()
    order = [b.key for b in at.button if b.key and b.key.startswith("sg_go_")]
    _ok(at.button(key=f"sg_accepted_{pending[0].id}").click().run())
    assert [b.key for b in at.button if b.key and b.key.startswith("sg_go_")] == order  # nothing moved up
    assert at.button(key=f"sg_accepted_{pending[0].id}").disabled
    assert at.button(key=f"sg_rejected_{pending[0].id}").disabled
    assert not at.button(key=f"sg_accepted_{pending[1].id}").disabled
    assert any(t.value.endswith("\naccepted by alice") for t in at.text)
    _ok(at.button(key="sg_refresh").click().run())
    assert f"sg_go_{pending[0].id}" not in {b.key for b in at.button}
    assert len([b for b in at.button if b.key and b.key.startswith("sg_go_")]) == len(pending) - 1


def test_a_link_to_no_session_says_so_and_keeps_the_address(env):
    from tests.replay_apptest import _page

    at = AppTest.from_function(_page, default_timeout=60)
    at.query_params["session"] = "nope"
    at.query_params["t"] = "12"
    at.session_state[KEY] = SignedIn("alice", "reviewer")
    _ok(at.run())
    assert [e.value for e in at.error] == ["No session nope in this dataset."]
    assert at.query_params["session"] in ("nope", ["nope"]) and at.query_params["t"] in ("12", ["12"])
    links = [e.proto.label for e in at.get("page_link")]
    assert SESSION in links
    assert not [e for e in at.get("bidi_component") if e.key == "replay_player"]  # nothing else opened


def test_a_comment_is_listed_in_the_same_click(env):
    url, _ = env
    at = replay_app()
    at.text_area(key="rp_comment_text").set_value("the cursor jumps here")
    _ok(_button(at, "Add comment").click().run())
    assert [s.value for s in at.success] == ["Comment added."]
    with Store.open(url) as db:
        (comment,) = db.comments(SESSION)
    assert comment.text == "the cursor jumps here"
    # the comments list: one plain-text line per comment (its time m:ss, text, who, version, short id)
    assert f"0:03 · the cursor jumps here · by {comment.reviewer} · v1 · id {comment.id[:8]}…" in [
        t.value for t in at.text]
