"""The review panel and the player's bands under AppTest: forms follow the marked span, edits of flags and
labels (stale ones refused), reveal of masked typed text (logged, never with the text), shortcuts."""

import pytest

from tests.replay_apptest import SESSION, replay_app, sample_env
from viewer.review.marks import Mark
from viewer.review.masking import MASKED_DETAIL
from viewer.review.store import Store
from viewer.team import access
from viewer.ui.review_bands import MARK


@pytest.fixture
def env(monkeypatch, tmp_path):
    return sample_env(monkeypatch, tmp_path)[0]


def _app(role="reviewer", t="3", mark=None):
    # a mark is what the mark bridge's callback keeps when the player sends one
    return replay_app(role, t, {MARK: (SESSION, mark), f"{MARK}_n": 1} if mark is not None else None)


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _content_hash():
    from viewer.ui import replay_data

    dirs, _ = replay_data.session_dirs()
    return replay_data.load(dirs[SESSION])[0].content_hash


def _event_log(at):
    return next(d.value for d in at.dataframe if list(d.value.columns)[:3] == ["", "t", "type"])


def test_label_and_flag_forms_start_from_the_mark_and_keep_its_regions(env):
    mark = Mark(16.4, 21.5, ((0, 100, 200, 300, 40),))
    at = _app(mark=mark)
    at.text_input(key="rp_label_instruction").set_value("fill in the address")
    _button(at, "Add label").click().run()
    assert not at.exception, at.exception
    assert any(s.value == "Label added." for s in at.success)
    _button(at, "Add flag").click().run()
    assert not at.exception and not at.error
    with Store.open(env) as db:
        (label,) = db.labels(SESSION)
        (flag,) = db.flags(SESSION)
    assert (label.t_start, label.t_end, label.instruction) == (16.4, 21.5, "fill in the address")
    assert (flag.t_start, flag.t_end) == (16.4, 21.5)
    assert flag.regions == [{"screen": 0, "x": 100, "y": 200, "w": 300, "h": 40}]


def test_without_a_mark_the_forms_start_at_the_playhead(env):
    at = _app(t="7")
    _button(at, "Add label").click().run()
    with Store.open(env) as db:
        (label,) = db.labels(SESSION)
    assert (label.t_start, label.t_end) == (7.0, 17.0)


def test_edit_a_flag_times_and_fields(env):
    with Store.open(env) as db:
        flag = db.add_flag(SESSION, _content_hash(), reviewer="bob", t_start=1.0, t_end=2.0, scope="pixels",
                           category="email")
    at = _app(mark=Mark(30.0, 40.0))
    key = f"rp_edit_flag_{flag.id}_v{flag.version}"
    at.checkbox(key=f"{key}_use_mark").check()
    at.selectbox(key=f"{key}_category").set_value("password")
    at.selectbox(key=f"{key}_scope").set_value("events")
    at.text_area(key=f"{key}_note").set_value("typed at the login prompt")
    _button(at, "Save flag").click().run()
    assert not at.exception and not at.error, at.error
    with Store.open(env) as db:
        (saved,) = db.flags(SESSION)
    assert (saved.t_start, saved.t_end, saved.category, saved.scope) == (30.0, 40.0, "password", "events")
    assert saved.note == "typed at the login prompt" and saved.version == flag.version + 1


def test_a_stale_flag_edit_is_refused(env):
    with Store.open(env) as db:
        flag = db.add_flag(SESSION, _content_hash(), reviewer="bob", t_start=1.0, t_end=2.0, category="email")
    at = _app()
    with Store.open(env) as db:
        db.update("flag", flag.id, flag.version, reviewer="bob", category="phone")
    at.selectbox(key=f"rp_edit_flag_{flag.id}_v{flag.version}_category").set_value("password")
    _button(at, "Save flag").click().run()
    assert not at.exception and at.error and "bob" in at.error[0].value
    assert any('"category": "password"' in c.value for c in at.code)  # the refused values are still on screen
    with Store.open(env) as db:
        assert db.flags(SESSION)[0].category == "phone"


def test_edit_a_label_outcome_and_quality(env):
    with Store.open(env) as db:
        label = db.add_label(SESSION, _content_hash(), reviewer="bob", t_start=1.0, t_end=2.0, instruction="x")
    at = _app()
    key = f"rp_edit_label_{label.id}_v{label.version}"
    at.selectbox(key=f"{key}_outcome").set_value("partial")
    at.select_slider(key=f"{key}_quality").set_value(5)
    at.number_input(key=f"{key}_t1").set_value(9.5)
    _button(at, "Save label").click().run()
    assert not at.exception and not at.error
    with Store.open(env) as db:
        (saved,) = db.labels(SESSION)
    assert (saved.outcome, saved.quality, saved.t_end) == ("partial", 5, 9.5)


def test_delete_a_flag_then_undo(env):
    with Store.open(env) as db:
        db.add_flag(SESSION, _content_hash(), reviewer="bob", t_start=1.0, t_end=2.0)
    at = _app()
    _button(at, "Delete flag").click().run()
    with Store.open(env) as db:
        assert db.flags(SESSION) == []
    next(b for b in at.button if b.label.startswith("Undo delete")).click().run()
    with Store.open(env) as db:
        assert len(db.flags(SESSION)) == 1


def test_typed_text_is_masked_in_the_event_log_until_revealed_and_the_reveal_is_logged(env):
    with Store.open(env) as db:
        flag = db.add_flag(SESSION, _content_hash(), reviewer="bob", t_start=16.4, t_end=22.0, scope="events",
                           category="email")
    at = _app(t="18")
    log = _event_log(at)
    keys = log[log["type"] == "key_down"]
    assert len(keys) > 5 and (keys["detail"] == MASKED_DETAIL).all()
    _button(at, "Reveal typed text").click().run()
    assert not at.exception, at.exception
    keys = _event_log(at).query("type == 'key_down'")
    assert "c" in set(keys["detail"]) and MASKED_DETAIL not in set(keys["detail"])
    with Store.open(env) as db:
        (entry,) = access.entries(db, action="reveal_text")
    assert (entry.who, entry.session_id, entry.detail) == ("alice", SESSION, flag.id)
    _button(at, "Hide typed text again").click().run()
    assert (_event_log(at).query("type == 'key_down'")["detail"] == MASKED_DETAIL).all()


def test_a_role_without_reveal_text_gets_no_reveal(env):
    with Store.open(env) as db:
        db.add_flag(SESSION, _content_hash(), reviewer="bob", t_start=16.4, t_end=22.0, scope="events")
    at = _app(role="researcher", t="18")
    assert "Reveal typed text" not in [b.label for b in at.button]
    assert (_event_log(at).query("type == 'key_down'")["detail"] == MASKED_DETAIL).all()


def test_frequent_actions_have_keyboard_shortcuts(env):
    at = _app()
    shortcuts = {b.label: b.proto.shortcut for b in at.button}
    assert shortcuts["Add label"] and shortcuts["Add flag"] and shortcuts["Approve"]
    _button(at, "Approve").click().run()
    with Store.open(env) as db:
        assert db.review(SESSION).status == "approved"


def test_when_the_flags_cannot_be_read_all_typed_text_is_masked(env, monkeypatch, tmp_path):
    (tmp_path / "a_file").write_text("not a directory")
    monkeypatch.setenv("VIEWER_DB_URL", f"sqlite:///{tmp_path / 'a_file' / 'ann.db'}")
    at = _app(t="7")
    keys = _event_log(at).query("type == 'key_down'")
    assert len(keys) > 3 and (keys["detail"] == MASKED_DETAIL).all()
    assert any("masked" in w.value for w in at.warning)
