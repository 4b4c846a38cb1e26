"""The Replay page's session state: which session is open, and seeks made through Streamlit.

A seek is (t, n): the player jumps to t whenever n changes, so a rerun for another reason never moves it.
The URL (?session=ID&t=T) follows every seek, so a moment can be shared as a link.
"""

from __future__ import annotations

import streamlit as st

SEEK, OPEN, POS, SHOW = "replay_seek", "replay_open", "replay_pos", "replay_show"


def query_time() -> float | None:
    try:
        t = float(st.query_params.get("t", ""))
    except ValueError:
        return None
    return t if t == t and abs(t) != float("inf") else None


def open_session(name: str, start: float) -> None:
    """First run for this session: start at the URL's t when the link names it, else at the start."""
    if st.session_state.get(OPEN) == name:
        return
    t = query_time() if st.query_params.get("session") == name else None
    st.session_state[OPEN] = name
    st.session_state[POS] = start if t is None else max(start, t)
    seek_to(st.session_state[POS], name)


def seek_to(t: float, name: str) -> None:
    n = st.session_state.get(SEEK, {}).get("n", 0) + 1
    st.session_state[SEEK] = {"t": float(t), "n": n}
    st.session_state[POS] = float(t)
    st.query_params["session"] = name
    st.query_params["t"] = f"{t:.1f}"


def seek() -> dict:
    return st.session_state.get(SEEK, {"t": 0.0, "n": 0})


def position() -> float:
    return float(st.session_state.get(POS, 0.0))


def set_position(t: float, name: str) -> None:
    """The player paused or seeked: remember it (log, charts) and keep the URL in step."""
    st.session_state[POS] = float(t)
    st.query_params["session"] = name
    st.query_params["t"] = f"{t:.1f}"


def bring_player_into_view() -> None:
    """The player scrolls into view on the next run (a seek does so too)."""
    st.session_state[SHOW] = show_number() + 1


def show_number() -> int:
    """Counts the requests to bring the player into view: the player scrolls when it changes."""
    return int(st.session_state.get(SHOW, 0))
