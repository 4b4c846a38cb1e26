"""The Replay page's "other places" panel under AppTest: a flagged typed e-mail is followed in the background
when the reviewer asks, the flag shows "+N places" and their list, one place is rejected from the list (the
store records it, audited), and a later change of the flag recomputes its places without asking again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.follow_helpers import EMAIL, build
from viewer.review import Store
from viewer.sensitive.derived import pending
from viewer.trace import load_session
from viewer.ui.auth import KEY, SignedIn

SESSION = "follow-1"


def _page():
    from viewer.ui.pages import replay

    replay.render()


@pytest.fixture
def env(monkeypatch, tmp_path):
    _, info = build(tmp_path / "data", SESSION)
    url = f"sqlite:///{tmp_path / 'ann.db'}"
    monkeypatch.setenv("VIEWER_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("VIEWER_DB_URL", url)
    return url, info


def _app() -> AppTest:
    at = AppTest.from_function(_page, default_timeout=120)
    at.query_params["session"] = SESSION
    at.query_params["t"] = "1"
    at.session_state[KEY] = SignedIn("alice", "reviewer")
    at.session_state["replay_player_live"] = True
    at.run()
    assert not at.exception, at.exception
    return at


def _places_expander(at):
    return [e for e in at.expander if "places" in e.label]


def _pending(url: str, content_hash: str) -> bool:
    with Store.open(url) as store:
        return pending(store, SESSION, content_hash)


def _until_followed(at, done=None, timeout: float = 120.0):
    """Runs the page again until the background follow is done (bounded; not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at.run()
        assert not at.exception, at.exception
        if (done() if done else _places_expander(at)):
            return at
        time.sleep(0.5)
    raise AssertionError("the follow did not finish")


def test_follow_on_request_then_reject_one_place_and_recompute_on_change(env):
    url, info = env
    session = load_session(Path(os.environ["VIEWER_DATA"]) / SESSION)
    with Store.open(url) as store:
        src = store.add_flag(SESSION, session.content_hash, reviewer="alice", t_start=info["email_span"][0],
                             t_end=info["email_span"][1], scope="events", category="email")
    at = _app()
    find = [b for b in at.button if b.label.startswith("Find other places")]
    assert find and not _places_expander(at)
    find[0].click()
    _until_followed(at)
    (exp,) = _places_expander(at)
    assert exp.label.startswith("email") and "+4 places" in exp.label
    shown = " ".join(t.value for t in at.text)
    assert "window title" in shown and "screenshots" in shown and "task instruction" in shown
    assert EMAIL not in shown and EMAIL not in exp.label
    with Store.open(url) as store:
        title = next(f for f in store.flags(SESSION) if f.place == "title")
    at.button(key=f"fp_off_{title.id}").click().run()
    with Store.open(url) as store:
        assert store.get("flag", title.id).status == "rejected"
        assert [a.who for a in store.audit(entity_id=title.id)][-1] == "alice"
        store.update("flag", src.id, src.version, reviewer="alice", note="seen")
    _until_followed(at, lambda: not _pending(url, session.content_hash))
    # followed before: recomputed without asking
    with Store.open(url) as store:
        assert store.get("flag", title.id).status == "rejected"  # the rejected place stays out
        assert not [b for b in at.button if b.label.startswith("Find other places")]
