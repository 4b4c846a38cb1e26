"""Streamlit entry point: page navigation only. Run with `make run`."""

import streamlit as st

from viewer.ui import auth
from viewer.ui.pages import quality, replay, sessions

st.set_page_config(page_title="Trace viewer", layout="wide")
auth.gate()  # login (or the local user), or a refusal to serve; stops the run until signed in
st.navigation([st.Page(sessions.render, title="Sessions", url_path="sessions", default=True),
               st.Page(replay.render, title="Replay", url_path="replay"),
               st.Page(quality.render, title="Quality", url_path="quality")]).run()
