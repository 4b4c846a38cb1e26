"""What the Replay page's player and event log get from the annotation store: label and flag bands, typed
text masked inside flagged spans (unless this reviewer revealed that flag), and the span marked in the player.

Reveals and the mark live in this browser tab's session state; a reveal is written to the access log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from viewer.replay import payload
from viewer.replay.timeline import Timeline
from viewer.review import bands, marks, masking
from viewer.review.errors import ReviewError
from viewer.team import blind
from viewer.trace import Session
from viewer.ui import auth, player, replay_data

REVEALED, MARK = "rp_revealed", "rp_mark"


def revealed(session_id: str) -> set[str]:
    """Ids of the flags whose typed text this tab has revealed."""
    return st.session_state.setdefault(REVEALED, {}).setdefault(session_id, set())


def reveal(session_id: str, flag_id: str) -> None:
    """Show the typed text of one flag (roles with reveal_text only); logged without the text."""
    if not auth.can("reveal_text"):
        st.error("Not allowed: your role may not reveal typed text.")
        return
    revealed(session_id).add(flag_id)
    auth.log_access("reveal_text", session_id, detail=flag_id)


def hide(session_id: str, flag_id: str) -> None:
    revealed(session_id).discard(flag_id)


EVERYTHING = [(float("-inf"), float("inf"))]


def _flags_and_labels(session_id: str) -> tuple[list | None, list, list]:
    """Every live flag (for masking), and the flags and labels this user may see (for bands: a blind second
    reviewer does not see the first review). Flags None (with a warning) when the database cannot be read."""
    try:
        db = auth.store()
        every = db.flags(session_id)
        seen = blind.view(db, session_id, getattr(auth.current_user(), "name", None))
        return every, seen.flags(session_id), seen.labels(session_id)
    except ReviewError as exc:
        st.warning(f"Labels and flags cannot be read, so all typed text is masked: {exc}")
        return None, [], []


def _mask_spans(session_id: str, flags: list | None) -> list[tuple[float, float]]:
    """Unknown flags (the database is down) mask all typed text: a flagged password must not show."""
    return EVERYTHING if flags is None else masking.masking_spans(flags, revealed(session_id))


def player_payload(session_id: str, session: Session, tl: Timeline, idle: float) -> dict:
    """The player's data with the bands and the masking applied (the shared cached payload stays untouched)."""
    every, flags, labels = _flags_and_labels(session_id)
    base = replay_data.player_payload(session, tl, idle)
    return payload.with_review(base, bands.review_spans(labels, flags), _mask_spans(session_id, every))


def masked_rows(rows: pd.DataFrame, session_id: str) -> pd.DataFrame:
    """The Python event log's rows with typed text in flagged spans masked."""
    every, _, _ = _flags_and_labels(session_id)
    return masking.mask_rows(rows, _mask_spans(session_id, every))


def current_mark(session_id: str) -> marks.Mark | None:
    held = st.session_state.get(MARK)
    return held[1] if held and held[0] == session_id else None


def mark_number() -> int:
    """Counts marks received, so the forms' span inputs start again from each new mark."""
    return int(st.session_state.get(f"{MARK}_n", 0))


def follow_marks(session_id: str, session: Session) -> None:
    """Mount the hidden mark bridge; a mark sent by the player is checked and kept for the review forms."""
    screens = {s.id: (s.width, s.height) for s in session.manifest.screens}
    key = "replay_mark"

    def on_mark() -> None:
        value = st.session_state[key].get("mark")
        st.session_state[MARK] = (session_id, marks.parse(value, 0.0, float(session.duration), screens))
        st.session_state[f"{MARK}_n"] = mark_number() + 1

    player.mark_bridge(session.content_hash, on_mark, key=key)
