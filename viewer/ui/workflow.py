"""The review workflow's settings and store for a page or panel, or a clear error on the page instead."""

from __future__ import annotations

import streamlit as st

from viewer.review.errors import ReviewError
from viewer.review.store import Store
from viewer.team import workflow_settings
from viewer.ui import auth, state


def open_workflow(what: str) -> tuple[workflow_settings.QueueSettings, Store] | None:
    """(settings, store); None after saying on the page why `what` is unavailable (a bad setting names its
    variable; an unreachable database says so)."""
    try:
        return workflow_settings.settings(state.current_settings().env), auth.store()
    except (ValueError, ReviewError) as exc:
        st.error(f"{what} is unavailable: {exc}")
        return None
