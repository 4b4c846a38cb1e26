"""Consent coverage for the pages: per session, "covered", "covered, N stretch(es) out of scope" or "not covered:
why", for the purpose in the settings. Nothing while the database holds no consent record (not enforced).
Cached per consent history and dataset, so a page rerun does not load every session again."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from sqlalchemy import func, select

from viewer.consent import check, records
from viewer.consent.consent_models import ConsentEvent
from viewer.db import reading
from viewer.trace.dataset import find_sessions
from viewer.trace.manifest import read_manifest
from viewer.trace.problems import TraceError
from viewer.trace.session import load_session
from viewer.ui import state


def _said(result) -> str:
    if not result.covered:
        return f"not covered: {result.reason}"
    if result.out_of_scope:
        return f"covered, {len(result.out_of_scope)} stretch(es) out of scope"
    return "covered"


@st.cache_data(show_spinner=False, max_entries=8)
def _coverage(_store, data: str, cache: str, purpose: str, history_key: tuple, signature: tuple) -> dict[str, str]:
    out, history = {}, {}
    paths, _ = find_sessions(Path(data))
    for path in paths:
        manifest, _problems, _raw = read_manifest(path)
        if manifest is None:
            continue
        try:
            session = load_session(path, Path(cache))
        except TraceError:
            continue
        subject = session.manifest.user
        if subject not in history:
            history[subject] = records.history(_store, subject) if subject else []
        out[session.session_id] = _said(check.session_coverage(session, history[subject], purpose))
    return out


def coverage(store, settings, session_ids: list[str]) -> dict[str, str] | None:
    """Session id -> coverage text for the settings' purpose; None when consent is not enforced."""
    with reading(store.engine) as db:
        count, last = db.execute(select(func.count(ConsentEvent.id), func.max(ConsentEvent.id))).one()
    if not count:
        return None
    found = _coverage(store, str(settings.data), str(settings.cache), settings.purpose, (count, last),
                      state.signature(Path(settings.data)))
    return {sid: found.get(sid, "") for sid in session_ids}
