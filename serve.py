"""The server entry point: `streamlit run serve.py` serves the app (app.py, the page script) plus the image
route the Replay player loads screenshots and video frames from (viewer/ui/media_route.py)."""

import streamlit as st

from viewer.ui import media_route

app = st.App("app.py", routes=media_route.routes())
