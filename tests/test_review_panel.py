"""The review panel on the Replay page under AppTest: labels, flags, review status, stale edits, delete/undo."""

import pytest

from tests.replay_apptest import SESSION, replay_app, sample_env
from viewer.review.store import Store


@pytest.fixture
def env(monkeypatch, tmp_path):
    return sample_env(monkeypatch, tmp_path)[0]


def _run(role="reviewer"):
    return replay_app(role)


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_add_label_and_flag_through_the_forms(env):
    at = _run()
    at.text_input(key="rp_label_instruction").set_value("open the settings")
    at.text_input(key="rp_label_tags").set_value("a, b")
    _button(at, "Add label").click().run()
    assert not at.exception, at.exception
    assert at.number_input(key="rp_flag_x")  # no region drawn: the hand-typed box is offered
    at.selectbox(key="rp_flag_category").set_value("password")
    at.checkbox(key="rp_flag_use_region").check()
    _button(at, "Add flag").click().run()
    assert not at.exception, at.exception
    with Store.open(env) as db:
        (label,) = db.labels(SESSION)
        assert label.instruction == "open the settings" and label.reviewer == "alice"
        assert label.t_start == 3.0 and label.t_end == 13.0 and label.tags == ["a", "b"]
        (flag,) = db.flags(SESSION)
        assert flag.category == "password" and flag.status == "accepted" and flag.source == "human"
        assert len(flag.regions) == 1
    assert not at.error


def test_flag_category_is_a_fixed_list_with_the_configured_categories(env, monkeypatch, tmp_path):
    cfg = tmp_path / "viewer.toml"
    cfg.write_text('[[names]]\nname = "clients"\ncategory = "customer"\nvalues = ["Brightwater Logistics"]\n'
                   '[[pattern]]\nname = "emp"\nregex = "EMP-\\\\d{6}"\ncategory = "employee_id"\n')
    monkeypatch.setenv("VIEWER_CONFIG", str(cfg))
    at = _run()
    box = at.selectbox(key="rp_flag_category")
    assert box.value == "other"
    assert box.options[:3] == ["secret", "password", "email"] and box.options[-3:] == ["employee_id", "customer",
                                                                                        "other"]
    assert {"person", "organisation", "handle", "channel", "repository", "private_url", "account_id",
            "date_of_birth", "address"} <= set(box.options)
    box.set_value("customer")
    _button(at, "Add flag").click().run()
    assert not at.exception
    with Store.open(env) as db:
        (flag,) = db.flags(SESSION)
        assert flag.category == "customer" and flag.regions == []


def test_a_bad_config_file_leaves_the_built_in_categories(env, monkeypatch, tmp_path):
    cfg = tmp_path / "viewer.toml"
    cfg.write_text("[[names]\n")
    monkeypatch.setenv("VIEWER_CONFIG", str(cfg))
    at = _run()
    assert "other" in at.selectbox(key="rp_flag_category").options
    assert any("config file is not used" in w.value and "viewer.toml" in w.value for w in at.warning)


def _status(at):
    return next(s for s in at.selectbox if s.label == "Review status")


def test_change_review_status(env):
    at = _run()
    _status(at).set_value("approved")
    _button(at, "Save status").click().run()
    assert not at.exception and not at.error
    with Store.open(env) as db:
        assert db.review(SESSION).status == "approved"


def test_stale_status_edit_is_refused_and_both_values_are_audited(env):
    at = _run()
    with Store.open(env) as other:
        chash = _content_hash(at)
        other.set_review(SESSION, chash, "rejected", reviewer="bob", version=None)
    _status(at).set_value("approved")
    _button(at, "Save status").click().run()
    assert not at.exception
    assert at.error and "bob" in at.error[0].value
    with Store.open(env) as db:
        assert db.review(SESSION).status == "rejected"
        trail = db.audit(session_id=SESSION)
        assert any(a.who == "bob" for a in trail)
    # after the refusal the select shows the stored status; choosing again is a deliberate overwrite
    assert _status(at).value == "rejected"
    _status(at).set_value("approved")
    _button(at, "Save status").click().run()
    with Store.open(env) as db:
        assert db.review(SESSION).status == "approved"
        statuses = [(a.after or {}).get("status") for a in db.audit(session_id=SESSION)]
        assert "rejected" in statuses and "approved" in statuses


def test_stale_label_edit_keeps_the_other_edit(env):
    at = _run()
    at.text_input(key="rp_label_instruction").set_value("first")
    _button(at, "Add label").click().run()
    with Store.open(env) as other:
        (label,) = other.labels(SESSION)
        other.update("label", label.id, label.version, reviewer="bob", instruction="bob's")
    _button(at, "Save label").click().run()
    assert not at.exception and at.error and "bob" in at.error[0].value
    with Store.open(env) as db:
        assert db.labels(SESSION)[0].instruction == "bob's"


def test_delete_then_undo(env):
    at = _run()
    at.text_input(key="rp_label_instruction").set_value("to delete")
    _button(at, "Add label").click().run()
    at.run()
    _button(at, "Delete label").click().run()
    assert not at.exception, at.exception
    with Store.open(env) as db:
        assert db.labels(SESSION) == []
    next(b for b in at.button if b.label.startswith("Undo delete")).click().run()
    assert not at.exception, at.exception
    with Store.open(env) as db:
        assert [r.instruction for r in db.labels(SESSION)] == ["to delete"]


def test_viewer_role_sees_no_forms(env):
    at = _run(role="viewer")
    labels = [b.label for b in at.button]
    assert "Add label" not in labels and "Save status" not in labels


def _content_hash(at):
    from viewer.ui import replay_data

    dirs, _ = replay_data.session_dirs()
    session, _ = replay_data.load(dirs[SESSION])
    return session.content_hash


def test_warns_about_annotations_on_another_trace_version(env):
    with Store.open(env) as db:
        db.add_comment(SESSION, "0" * 64, reviewer="bob", t=1.0, text="<b>old</b>")
    at = _run()
    assert any("another version" in w.value for w in at.warning)
    assert not at.markdown or all("<b>old</b>" not in m.value for m in at.markdown)


def test_history_is_read_when_opened(env):
    with Store.open(env) as db:
        db.add_comment(SESSION, "h", reviewer="bob", t=1.0, text="look here")
    at = _run()
    has_history = lambda: any("action" in f.value.columns for f in at.dataframe)  # noqa: E731
    assert not has_history()
    at.session_state["rp_history"] = True  # what opening the expander sets
    at.run()
    assert not at.exception, at.exception
    (frame,) = [f.value for f in at.dataframe if "action" in f.value.columns]
    assert list(frame["action"]) == ["create"] and list(frame["who"]) == ["bob"]
