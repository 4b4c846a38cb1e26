"""Links to a session on the Replay page, and what a link naming no session of the dataset shows."""

from __future__ import annotations

import re

import streamlit as st

MAX_LINKS = 200  # a huge dataset: the Sessions page lists and filters them all
MAX_SHOWN = 80  # characters of an unknown id that are echoed
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$:])")


def plain(text: str) -> str:
    """Text from an address, shown in a message as the characters it is (markdown escaped, never a link or
    markup), cut to MAX_SHOWN characters."""
    cut = text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
    return _MARKDOWN.sub(r"\\\1", cut)


def _registered_replay() -> None:
    """Stands for the Replay page app.py registers: pages are matched by their url_path, so this is never run."""


def replay_page() -> st.Page:
    return st.Page(_registered_replay, title="Replay", url_path="replay")


def open_replay(session_id: str) -> None:
    """Go to the Replay page of this session in the same tab (stops this run)."""
    st.switch_page(replay_page(), query_params={"session": session_id})


def unknown_session(linked: str, names: list[str]) -> None:
    """The address (with its `t`) stays as it was, so it can be corrected or reported; nothing else opens."""
    st.error(f"No session {plain(linked)} in this dataset.")
    st.caption("The address is left as it was. Open one of these instead:")
    page = replay_page()
    for name in names[:MAX_LINKS]:
        st.page_link(page, label=name, query_params={"session": name})
    if len(names) > MAX_LINKS:
        st.text(f"… and {len(names) - MAX_LINKS} more on the Sessions page.")
