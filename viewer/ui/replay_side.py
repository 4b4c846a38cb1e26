"""Beside the player: the event log around the playhead (click a row to seek) and charts over the session."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from viewer.ui import replay_state, review_bands

LOG_BEFORE, LOG_AFTER = 8, 30
APP_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"]


def event_log(rows: pd.DataFrame, t: float, name: str) -> None:
    """The events near t (pointer moves left out); the row at the playhead is marked ▶. Typed text inside a
    flagged span is masked (unless revealed), as in the player."""
    rows = review_bands.masked_rows(rows, name)
    at = int(rows["t"].searchsorted(t, side="right")) - 1
    lo = max(0, at - LOG_BEFORE)
    window = rows.iloc[lo:at + LOG_AFTER].copy()
    window.insert(0, "", ["▶" if i == at else "" for i in range(lo, lo + len(window))])
    key = f"replay_log_{name}_{lo}"
    st.caption("Events (click a row to seek)")
    event = st.dataframe(window, hide_index=True, width="stretch", height=300, on_select="rerun",
                         selection_mode="single-row", key=key,
                         column_config={"t": st.column_config.NumberColumn("t (s)", format="%.3f")})
    picked = event.selection.rows if event and event.selection else []
    if picked and st.session_state.get("replay_log_done") != (key, picked[0]):
        st.session_state["replay_log_done"] = (key, picked[0])
        replay_state.seek_to(float(window["t"].iloc[picked[0]]), name)
        st.rerun()


def figure(series: pd.DataFrame, bands: list, t: float) -> go.Figure:
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.4, 0.4, 0.2],
                        subplot_titles=("cursor speed (px/s)", "keys per second", "active app"))
    fig.add_trace(go.Scatter(x=series["t"], y=series["cursor_px_s"], mode="lines", name="cursor",
                             line={"width": 1}), row=1, col=1)
    fig.add_trace(go.Bar(x=series["t"], y=series["keys_s"], name="keys"), row=2, col=1)
    colours = {}
    for start, end, app in bands:
        colour = colours.setdefault(app, APP_COLOURS[len(colours) % len(APP_COLOURS)])
        fig.add_trace(go.Bar(x=[end - start], y=["app"], base=[start], orientation="h", name=app, text=[app],
                             marker_color=colour, showlegend=False, hovertemplate="%{text}<extra></extra>",
                             textposition="inside", insidetextanchor="middle"), row=3, col=1)
    fig.add_vline(x=t, line_color="#e53935", line_width=2)
    fig.update_layout(height=380, margin={"l": 10, "r": 10, "t": 30, "b": 10}, showlegend=False, barmode="overlay")
    fig.update_yaxes(showticklabels=False, row=3, col=1)
    return fig
