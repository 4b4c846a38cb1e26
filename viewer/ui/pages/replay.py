"""The Replay page: pick a session (or follow ?session=ID&t=T), watch it in the browser player, seek from the
event log, see charts over its time, and download a clip."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from viewer.replay import media_tokens
from viewer.trace import TraceError
from viewer.ui import agreement_panel
from viewer.ui import auth, player, replay_data, replay_side, replay_state, review_panel, suggestions_panel
from viewer.ui import follow_panel, review_bands, session_pick

IDLE_CHOICES = (2.0, 5.0, 10.0, 30.0, 60.0)
MAX_CLIP_S = 300.0
PLAYER_LIVE = "replay_player_live"  # this tab's player has drawn a first frame (and reported it)
# Streamlit's default top padding (6rem) would push the timeline below the fold at 1366x768.
COMPACT = '<style>[data-testid="stMainBlockContainer"] { padding-top: 3rem; }</style>'


def _pick(names: list[str]) -> str | None:
    """The selectbox follows the URL's session when a link names one; choosing another updates the URL. A link
    naming no session of this dataset says so and offers the list, leaving the address (and its t) alone."""
    linked = st.query_params.get("session")
    if linked and linked not in names:
        session_pick.unknown_session(linked, names)
        return None
    if linked in names and st.session_state.get("replay_linked") != linked:
        st.session_state["replay_session"] = linked
    st.session_state["replay_linked"] = linked
    name = st.selectbox("Session", names, key="replay_session")
    if name != linked:
        st.query_params["session"] = name
        st.query_params.pop("t", None)
        st.session_state["replay_linked"] = name
    return name


def _problems(name: str, problems: list) -> None:
    st.error(f"Session {name} cannot be opened: {len(problems)} problem(s).")
    table = pd.DataFrame([{"file": p.path, "line": p.line, "code": p.code, "message": p.message}
                          for p in problems[:500]])
    st.dataframe(table, hide_index=True, width="stretch")


def _media_url(name: str) -> str:
    """Where the player loads this session's images from (a token for this tab's user is in the URL)."""
    try:
        return replay_data.media_url(name, auth.current_user())
    except media_tokens.SecretError as exc:
        st.error(f"Images cannot be shown: {exc}.")
        return ""


@st.fragment
def _side(session, tl, name: str) -> None:
    """The event log table and charts at the playhead; only this fragment reruns when the player reports it
    (after a pause or a seek: never while playing, so nothing on the page goes stale then; the player's own
    event log follows the playhead in the browser)."""
    pos = player.position_bridge(session.content_hash).get("pos")
    if isinstance(pos, dict) and isinstance(pos.get("t"), (int, float)):
        replay_state.set_position(float(pos["t"]), name)
        if not st.session_state.get(PLAYER_LIVE):
            st.session_state[PLAYER_LIVE] = True
            st.rerun()  # the whole page: the panels that waited for the player's first frame
    if not st.session_state.get(PLAYER_LIVE):
        # plotly's first draw and the log's grid are the page's heaviest browser work: they wait for the
        # player's first frame (the player has its own live event log meanwhile)
        st.caption("The event log and charts appear once the player has drawn its first frame.")
        return
    t = replay_state.position()
    series, bands, rows = replay_data.side_data(session, tl)
    replay_side.event_log(rows, t, name)
    st.plotly_chart(_chart(series, bands, t, session.content_hash), key="replay_chart", width="stretch")


def _chart(series, bands, t: float, content_hash: str):
    """Built once per session in this tab; a rerun only moves the playhead line. Building it costs tens of
    ms of plotly validation, which would fall on every second of playback and on the seeks that follow."""
    held = st.session_state.get("replay_chart_figure")
    if held is None or held[0] != (content_hash, id(series), id(bands)):
        held = ((content_hash, id(series), id(bands)), replay_side.figure(series, bands, t))
        st.session_state["replay_chart_figure"] = held
    t = _on_chart_pixel(series, t)
    if held[1].layout.shapes and held[1].layout.shapes[0].x0 != t:
        held[1].update_shapes(x0=t, x1=t, selector={"type": "line"})
    return held[1]


def _on_chart_pixel(series, t: float, pixels: int = 600) -> float:
    """The playhead rounded to what the chart can show: while playing, the chart (an expensive redraw in
    the browser) then changes only when its line would move by a pixel; the event log follows every time."""
    span = float(series["t"].iloc[-1] - series["t"].iloc[0]) if len(series) > 1 else 0.0
    step = span / pixels
    return round(t / step) * step if step > 0 else t


@st.fragment
def _clip(session, name: str) -> None:
    """In a fragment: choosing the stretch and rendering rerun only this part, never the player."""
    with st.expander("Download a clip (mp4 with the overlays)"):
        t = replay_state.position()
        cols = st.columns(3)
        start = cols[0].number_input("from (s)", 0.0, session.duration, min(t, session.duration), 1.0)
        end = cols[1].number_input("to (s)", 0.0, session.duration, min(t + 10, session.duration), 1.0)
        fps = cols[2].selectbox("fps", (5, 10, 15, 24, 30), index=1)
        if st.button("Render clip"):
            if end <= start or end - start > MAX_CLIP_S:
                st.error(f"Choose an end after the start, at most {MAX_CLIP_S:.0f} s later.")
            else:
                with st.spinner("Rendering…"):
                    st.session_state["replay_clip"] = (name, start, end, replay_data.clip_bytes(session, start, end, fps))
        made = st.session_state.get("replay_clip")
        if made and made[0] == name:
            st.download_button(f"Download {made[1]:.0f}–{made[2]:.0f} s", made[3], mime="video/mp4",
                               file_name=f"{name}_{made[1]:.0f}-{made[2]:.0f}.mp4")


def render() -> None:
    """The player, its controls and its timeline fit the window (1366x768 and larger) under one compact row
    (title, session, idle gaps); the review panel sits right under the player, then the suggestions; the
    event log table, charts and clip form beside them."""
    st.html(COMPACT)
    head = st.columns([1.3, 3, 3], vertical_alignment="bottom")
    with head[0]:
        st.title("Replay")
    user = auth.require_sessions()
    dirs, problems = replay_data.session_dirs()
    if user.is_subject:  # a recorded person sees their own sessions only; another's reads as no session at all
        dirs = {n: p for n, p in dirs.items() if auth.may_view(replay_data.recorded_user(p))}
        problems = []
    for problem in problems:
        st.error(str(problem))
    if not dirs:
        st.info("No sessions found. Point VIEWER_DATA at a directory of trace/1 sessions.")
        return
    linked = st.query_params.get("session")
    if linked and linked not in dirs:  # said below the title row, with the list of sessions
        session_pick.unknown_session(linked, list(dirs))
        return
    with head[1]:
        name = _pick(list(dirs))
    if name is None:
        return
    auth.log_session_view(name)
    try:
        session, tl = replay_data.load(dirs[name])
    except TraceError as exc:
        _problems(name, exc.problems)
        return
    replay_state.open_session(name, tl.start)
    with head[2]:
        idle = st.select_slider("Skip idle gaps longer than (s)", IDLE_CHOICES, value=5.0, key="replay_idle")
    seek = replay_state.seek()
    player.player(review_bands.player_payload(name, session, tl, idle), seek["t"], seek["n"], _media_url(name),
                  show_n=replay_state.show_number())
    review_bands.follow_marks(name, session)
    agreement_panel.panel(name)  # keeps a queue lease alive; a finished double review's agreement
    review, side = st.columns([3, 2])
    with side:
        _side(session, tl, name)
        if st.session_state.get(PLAYER_LIVE):
            _clip(session, name)
    with review:
        if not st.session_state.get(PLAYER_LIVE):
            # the panels' widgets are most of the page's browser work: they follow the player's first frame
            st.caption("The review panels appear once the player has drawn its first frame.")
            return
        review_panel.panel(name, session.content_hash, replay_state.position())
        suggestions_panel.panel(name, session)  # its "Go" brings the player back into view
        follow_panel.panel(name, session)
