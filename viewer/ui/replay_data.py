"""Cached loads for the Replay page: a session with its timeline, the player payload, images, clips."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from viewer.replay import charts, clip, feed, payload
from viewer.replay.timeline import Timeline
from viewer.trace import Session, load_session
from viewer.trace.dataset import find_sessions
from viewer.ui import state


def session_dirs() -> tuple[dict[str, Path], list]:
    """Session directory name -> path under VIEWER_DATA, and problems with the dataset itself."""
    paths, problems = find_sessions(state.current_settings().data)
    return {p.name: p for p in paths}, problems


def _stamp(path: Path) -> tuple:
    return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in os.scandir(path) if e.is_file()))


@st.cache_resource(max_entries=4, show_spinner="Loading session…")
def _load(path: str, cache: str, stamp: tuple) -> tuple[Session, Timeline]:
    session = load_session(Path(path), Path(cache))
    return session, Timeline(session.events)


def load(path: Path) -> tuple[Session, Timeline]:
    """Raises TraceError (with its problems) when the session cannot be loaded."""
    return _load(str(path), str(state.current_settings().cache), _stamp(path))


@st.cache_resource(max_entries=8)
def _payload(content_hash: str, idle: float, _session: Session, _tl: Timeline) -> dict:
    return payload.build(_session, _tl, idle, payload.task_spans(_session))


def player_payload(session: Session, tl: Timeline, idle: float) -> dict:
    return _payload(session.content_hash, idle, session, tl)


@st.cache_resource(max_entries=8)
def _series(content_hash: str, _session: Session, _tl: Timeline):
    return charts.per_second(_tl), charts.app_bands(_tl), charts.event_rows(_session.events)


def side_data(session: Session, tl: Timeline):
    """(per-second series, app bands, event log rows)."""
    return _series(session.content_hash, session, tl)


def images(session: Session, keys: list, width: int) -> dict:
    width = int(width) if isinstance(width, (int, float)) and 160 <= width <= 2560 else 1280
    return feed.images(session, keys, width)


def clip_bytes(session: Session, start: float, end: float, fps: float) -> bytes:
    return clip.clip_bytes(session, start, end, fps)
