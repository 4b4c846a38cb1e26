"""The browser player (a components-v2 component: plain JS + canvas shipped in this package, no iframe, no
network) and the hidden bridge that carries image requests and the playhead between it and Python."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_HERE = Path(__file__).parent
_player = st.components.v2.component(
    "trace_viewer_replay_player", css=(_HERE / "player.css").read_text(), js=(_HERE / "player.js").read_text())
_bridge = st.components.v2.component("trace_viewer_replay_bridge", js=(_HERE / "bridge.js").read_text())


def _ignore() -> None:
    """Triggers only need a callback to be registered; the fragment reads their values."""


def player(payload: dict, seek_t: float, seek_n: int, image_width: int = 1280, key: str = "replay_player") -> None:
    """Mount the player. It seeks to `seek_t` whenever `seek_n` changes (a seek done through Streamlit)."""
    _player(key=key, data={"payload": payload, "seek": {"t": seek_t, "n": seek_n}, "image_width": image_width},
            height="content")


def image_bridge(content_hash: str, images: dict, seq: int, on_need, key: str = "replay_images"):
    """`on_need(request)` runs (before the fragment reruns) when the player asks for images: {keys, w}."""
    def callback() -> None:
        on_need(st.session_state[key].get("need"))

    return _bridge(key=key, data={"role": "images", "hash": content_hash, "images": images, "seq": seq},
                   height="content", on_need_change=callback)


def position_bridge(content_hash: str, key: str = "replay_position"):
    """Returns the component result; `.pos` holds {t} after the user paused or seeked in the player."""
    return _bridge(key=key, data={"role": "position", "hash": content_hash}, height="content",
                   on_pos_change=_ignore)
