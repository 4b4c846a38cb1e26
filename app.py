"""Streamlit entry point: page navigation only. Run with `make run`."""

import streamlit as st

from viewer.ui import auth
from viewer.ui.pages import admin, export, my_data, quality, replay, sessions
from viewer.ui.pages import dashboard, queue

st.set_page_config(page_title="Trace viewer", layout="wide")
# The page is resolved from the URL before the login form, so a link (/replay?session=...) survives logging in;
# the menu shows only once signed in.
# Every page has its own address; the root (a hidden default page) forwards to /sessions (a recorded person's
# account: to /my-data). Pages a role may not use are left out of the menu and refuse it themselves.
SUBJECT = bool(auth.current_user() and auth.current_user().is_subject)
STAFF = "hidden" if SUBJECT else "visible"
SESSIONS = st.Page(sessions.render, title="Sessions", url_path="sessions", visibility=STAFF)
MY_DATA = st.Page(my_data.render, title="My data", url_path="my-data", visibility="visible" if SUBJECT else "hidden")


def _home() -> None:
    st.switch_page(MY_DATA if SUBJECT else SESSIONS, query_params=st.query_params.to_dict())


page = st.navigation([st.Page(_home, title="Home", url_path="home", default=True, visibility="hidden"),
                      SESSIONS, MY_DATA,
                      st.Page(replay.render, title="Replay", url_path="replay"),
                      st.Page(quality.render, title="Quality", url_path="quality", visibility=STAFF),
                      st.Page(queue.render, title="Queue", url_path="queue", visibility=STAFF),
                      st.Page(dashboard.render, title="Team", url_path="team", visibility=STAFF),
                      st.Page(export.render, title="Export", url_path="export", visibility=STAFF),
                      st.Page(admin.render, title="Admin", url_path="admin",  # refuses other roles itself
                              visibility="visible" if auth.can("manage_users") else "hidden")],
                     position="sidebar" if auth.current_user() else "hidden")
auth.gate()  # login (or the local user), or a refusal to serve; stops the run until signed in
page.run()
