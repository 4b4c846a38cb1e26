"""The browser player (a components-v2 component: plain JS + canvas shipped in this package, no iframe) and the
hidden bridge that carries the playhead to Python. Images are fetched by URL from the image route
(viewer/ui/media_route.py) with the token in `media_url`.

The player is several ES modules (main.js the entry: state.js the state machine, clock.js, images.js the
loader, render.js, input.js, view.js, model.js reading the versioned payload); bundle.py joins them into
the one script the component takes, once per process."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from .bundle import bundle

_HERE = Path(__file__).parent
_player = st.components.v2.component(
    "trace_viewer_replay_player", css=(_HERE / "player.css").read_text(), js=bundle("main"))
_bridge = st.components.v2.component("trace_viewer_replay_bridge", js=(_HERE / "bridge.js").read_text())


def _ignore() -> None:
    """Triggers only need a callback to be registered; the fragment reads their values."""


def player(payload: dict, seek_t: float, seek_n: int, media_url: str, image_width: int = 1280,
           key: str = "replay_player", show_n: int = 0) -> None:
    """Mount the player. It seeks to `seek_t` whenever `seek_n` changes (a seek done through Streamlit) and
    loads image `k` from `{media_url}/{k}?w={image_width}`. A changed `seek_n` or `show_n` after the first
    run scrolls the player into view."""
    _player(key=key, data={"payload": payload, "seek": {"t": seek_t, "n": seek_n}, "show": show_n,
                           "image_width": image_width, "media": media_url}, height="content")


def position_bridge(content_hash: str, key: str = "replay_position"):
    """Returns the component result; `.pos` holds {t} after a pause or seek in the player, and about once a
    second while it plays."""
    return _bridge(key=key, data={"role": "position", "hash": content_hash}, height="content",
                   on_pos_change=_ignore)


def mark_bridge(content_hash: str, on_mark, key: str = "replay_mark"):
    """`on_mark()` runs (before the whole page reruns, so the review forms follow) when the player sends a
    marked span: `.mark` holds {t0, t1, regions: [[screen, x, y, w, h], ...]} (all null/empty once cleared)."""
    return _bridge(key=key, data={"role": "mark", "hash": content_hash}, height="content", on_mark_change=on_mark)
