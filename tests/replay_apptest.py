"""The Replay page under AppTest, as a signed-in user on a copy of the sample data with its own database."""

from __future__ import annotations

import shutil
from pathlib import Path

from streamlit.testing.v1 import AppTest

from viewer.ui.auth import KEY, SignedIn

SESSION = "sample-7-0"


def _page():
    from viewer.ui.pages import replay

    replay.render()


def sample_env(monkeypatch, tmp_path: Path) -> tuple[str, Path]:
    """A copy of sample_data and a fresh SQLite database, named by VIEWER_DATA / VIEWER_DB_URL."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "sample_data", data)
    url = f"sqlite:///{tmp_path / 'ann.db'}"
    monkeypatch.setenv("VIEWER_DATA", str(data))
    monkeypatch.setenv("VIEWER_DB_URL", url)
    return url, data


def replay_app(role: str = "reviewer", t: str = "3", state: dict | None = None, timeout: float = 120) -> AppTest:
    """The page run once on SESSION at `t` by alice with `role`, after the player's first frame (as the browser
    player reports it); `state`: more session state to start from."""
    at = AppTest.from_function(_page, default_timeout=timeout)
    at.query_params["session"] = SESSION
    at.query_params["t"] = t
    at.session_state[KEY] = SignedIn("alice", role)
    at.session_state["replay_player_live"] = True
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at
