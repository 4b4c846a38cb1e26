"""Cached loads for the Replay page: a session with its timeline, the player payload, images, clips."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from viewer.replay import charts, clip, media_tokens, payload
from viewer.replay.timeline import Timeline
from viewer.trace import Session, load_session
from viewer.trace.dataset import find_sessions
from viewer.ui import media_route, state
from viewer.ui.auth import SignedIn

TOKEN_KEY = "replay_media_token"


def session_dirs() -> tuple[dict[str, Path], list]:
    """Session directory name -> path under VIEWER_DATA, and problems with the dataset itself."""
    paths, problems = find_sessions(state.current_settings().data)
    return {p.name: p for p in paths}, problems


@st.cache_resource(max_entries=4, show_spinner="Loading session…")
def _load(path: str, cache: str, stamp: tuple) -> tuple[Session, Timeline]:
    session = load_session(Path(path), Path(cache))
    return session, Timeline(session.events)


def load(path: Path) -> tuple[Session, Timeline]:
    """Raises TraceError (with its problems) when the session cannot be loaded. The image route gets it too."""
    stamp = media_route.dir_stamp(path)
    session, tl = _load(str(path), str(state.current_settings().cache), stamp)
    media_route.offer(path, stamp, session)
    return session, tl


@st.cache_resource(max_entries=8)
def _payload(content_hash: str, idle: float, _session: Session, _tl: Timeline) -> dict:
    return payload.build(_session, _tl, idle, payload.task_spans(_session))


def player_payload(session: Session, tl: Timeline, idle: float) -> dict:
    return _payload(session.content_hash, idle, session, tl)


CHART_POINTS = 360  # the charts redraw about once a second while playing: a long session is binned to this


def binned(series, points: int = CHART_POINTS):
    """Per-second rates averaged over bins of whole seconds, so no more than `points` rows reach the chart."""
    size = -(-len(series) // points)
    if size <= 1:
        return series
    groups = series.groupby(series.index // size)
    return groups.mean().assign(t=groups["t"].first())


@st.cache_resource(max_entries=8)
def _series(content_hash: str, _session: Session, _tl: Timeline):
    return binned(charts.per_second(_tl)), charts.app_bands(_tl), charts.event_rows(_session.events)


def side_data(session: Session, tl: Timeline):
    """(per-second series, app bands, event log rows)."""
    return _series(session.content_hash, session, tl)


def media_url(name: str, user: SignedIn | None) -> str:
    """Where the player fetches this session's images: the route plus a token for this session and user.
    The token is kept for the browser tab (the same URLs hit the browser's cache) until its last hour.
    Raises media_tokens.SecretError when VIEWER_MEDIA_SECRET is set but unusable."""
    who = None if user is None or user.local else user.name
    hours = state.current_settings().session_hours
    held = st.session_state.get(TOKEN_KEY)
    now = time.time()
    if not held or held["for"] != (name, who) or held["expires"] - now < min(3600.0, hours * 1800):
        ends = now + hours * 3600
        if user is not None and user.expires is not None:
            ends = min(ends, user.expires.timestamp())
        token = media_tokens.issue(media_tokens.key(state.current_settings().env), name, who, max(60.0, ends - now), now)
        held = {"for": (name, who), "expires": max(now + 60.0, ends), "token": token}
        st.session_state[TOKEN_KEY] = held
    return f"{media_route.PATH}/{held['token']}"


def clip_bytes(session: Session, start: float, end: float, fps: float) -> bytes:
    return clip.clip_bytes(session, start, end, fps)


def recorded_user(session_dir) -> str | None:
    """The manifest's `user` of a session directory (None when it cannot be read)."""
    from viewer.trace.manifest import read_manifest

    manifest, _problems, _raw = read_manifest(session_dir)
    return None if manifest is None else manifest.user
