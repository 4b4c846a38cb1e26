"""The Replay page's logic under AppTest: the session and moment from the URL, switching, bad sessions."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.trace_factory import make_session


def _page():
    from viewer.ui.pages import replay

    replay.render()


def _run(monkeypatch, data, **query):
    monkeypatch.setenv("VIEWER_DATA", str(data))
    at = AppTest.from_function(_page, default_timeout=60)
    at.session_state["replay_player_live"] = True  # as the browser player does once its first frame is drawn
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def _player_data(at) -> dict:
    (player,) = [e for e in at.get("bidi_component") if e.key == "replay_player"]
    return json.loads(player.proto.json)


@pytest.fixture
def data(tmp_path):
    make_session(tmp_path, "alpha")
    make_session(tmp_path, "beta")
    return tmp_path


def test_session_and_moment_from_the_url(monkeypatch, data):
    at = _run(monkeypatch, data, session="beta", t="2.5")
    assert at.selectbox[0].value == "beta"
    sent = _player_data(at)
    assert sent["seek"]["t"] == 2.5 and sent["payload"]["session"] == "beta"
    assert at.query_params["t"] == ["2.5"] or at.query_params["t"] == "2.5"
    log = at.dataframe[0].value
    assert {"t", "type", "detail"} <= set(log.columns) and "move" not in set(log["type"])
    assert (log[""] == "▶").sum() == 1


def test_choosing_another_session_updates_the_url_and_starts_at_its_beginning(monkeypatch, data):
    at = _run(monkeypatch, data, session="beta", t="2.5")
    n = _player_data(at)["seek"]["n"]
    at.selectbox[0].set_value("alpha").run()
    assert not at.exception
    sent = _player_data(at)
    assert sent["payload"]["session"] == "alpha" and sent["seek"]["t"] == 0.0 and sent["seek"]["n"] > n
    assert "alpha" in str(at.query_params["session"])


def test_rerun_does_not_move_the_player(monkeypatch, data):
    at = _run(monkeypatch, data, session="beta", t="2.5")
    first = _player_data(at)["seek"]
    at.run()
    assert _player_data(at)["seek"] == first


def test_bad_session_shows_its_problems_not_a_traceback(monkeypatch, tmp_path):
    make_session(tmp_path, "good")
    make_session(tmp_path, "broken", raw_lines=[b'{"t": 0, "type": "move", "x": 1}', b"{oops"])
    at = _run(monkeypatch, tmp_path, session="broken")
    assert "cannot be opened" in at.error[0].value
    table = at.dataframe[0].value
    assert list(table.columns) == ["file", "line", "code", "message"]
    assert set(table["line"]) >= {1, 2} and "missing-field" in set(table["code"])
    assert table["file"].str.endswith("events.jsonl").all()
    assert not [e for e in at.get("bidi_component") if e.key == "replay_player"]


def test_unknown_session_in_a_link_is_said_as_text_and_nothing_else_opens(monkeypatch, data):
    at = _run(monkeypatch, data, session="<b>nope</b>](x)")
    assert [e.value for e in at.error] == [r"No session \<b\>nope\</b\>\]\(x\) in this dataset."]  # markdown-escaped
    assert [e.proto.label for e in at.get("page_link")] == ["alpha", "beta"]
    assert not at.selectbox and not [e for e in at.get("bidi_component") if e.key == "replay_player"]


def test_empty_dataset(monkeypatch, tmp_path):
    at = _run(monkeypatch, tmp_path)
    assert "no-sessions" in at.error[0].value


def test_clip_download(monkeypatch, data):
    at = _run(monkeypatch, data, session="alpha")
    next(n for n in at.number_input if n.label == "to (s)").set_value(2.0)
    next(b for b in at.button if b.label == "Render clip").click().run()
    assert not at.exception
    assert at.get("download_button")


def test_the_first_run_sends_the_player_before_the_heavy_panels(monkeypatch, data):
    """Until the tab's player has drawn a first frame, the page holds back the event log, the chart and the
    review panels (most of the browser's work), so the player is up first; the player's report brings them."""
    monkeypatch.setenv("VIEWER_DATA", str(data))
    at = AppTest.from_function(_page, default_timeout=60)
    at.query_params["session"] = "alpha"
    at.run()
    assert not at.exception, at.exception
    assert _player_data(at)["payload"]["session"] == "alpha"
    assert not at.get("plotly_chart") and not at.dataframe
    assert not [s for s in at.subheader if s.value == "Review"]
    captions = " ".join(c.value for c in at.caption)
    assert "once the player has drawn its first frame" in captions
    at.session_state["replay_player_live"] = True
    at.run()
    assert at.get("plotly_chart") and [s for s in at.subheader if s.value == "Review"]
