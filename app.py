"""Streamlit entry point: page navigation only. Run with `make run`."""

import streamlit as st

from viewer.ui.pages import sessions

st.set_page_config(page_title="Trace viewer", layout="wide")
st.navigation([st.Page(sessions.render, title="Sessions", url_path="sessions", default=True)]).run()
