"""Masking typed text inside flagged spans, before it reaches a browser or a table.

A flag whose scope includes events (events, both) and that is not rejected hides the characters typed in
its span: key presses that type a character become "•", text chunks "•••". Named keys (Enter, Tab,
Backspace, arrows) and shortcuts with Ctrl/Cmd stay, so a reviewer still sees what was done, not what
was typed. A reviewer may reveal one flag's text (the page logs it); its span is then left out here.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

MASK_CHAR = "•"
MASK_TEXT = "•••"
MASKED_DETAIL = "••• (masked)"
KEY_TYPES = ("key_down", "key_up", "key", "text")
COMMAND_MODS = ("Ctrl", "Cmd", "Control", "Meta")
_MASKING_SCOPES = ("events", "both")


def masking_spans(flags: Iterable, revealed: Iterable[str] = ()) -> list[tuple[float, float]]:
    """(t_start, t_end) of every live flag that hides typed text, except the revealed ones (by flag id)."""
    shown = set(revealed)
    return sorted((float(f.data["t_start"]), float(f.data["t_end"])) for f in flags
                  if f.data.get("scope") in _MASKING_SCOPES and f.data.get("status") != "rejected"
                  and f.id not in shown)


def inside(times, spans: list[tuple[float, float]]) -> np.ndarray:
    """Which of `times` fall in any span (ends included)."""
    t = np.asarray(times, dtype=float)
    hit = np.zeros(t.shape, dtype=bool)
    for t0, t1 in spans:
        hit |= (t >= t0) & (t <= t1)
    return hit


def types_a_character(label: str) -> bool:
    """A key label that types something ("a", "Space", "Shift+A", "AltGraph+Q"), not a command ("Ctrl+V")."""
    if label == "Space":
        return True
    parts = label.split("+") if len(label) > 1 else [label]
    last = parts[-1] or "+"  # "Shift++" ends with the plus key itself
    return len(last) == 1 and not any(m in COMMAND_MODS for m in parts[:-1])


def mask_keys(keys: dict, spans: list[tuple[float, float]]) -> dict:
    """The player's key arrays ({t, label, kind, held}) with typed characters in `spans` masked (a new dict)."""
    hit = inside(keys["t"], spans)
    labels = list(keys["label"])
    for i in np.flatnonzero(hit):
        if keys["kind"][i] == "text":
            labels[i] = MASK_TEXT
        elif types_a_character(labels[i]):
            labels[i] = MASK_CHAR
    return {**keys, "label": labels}


def mask_rows(rows: pd.DataFrame, spans: list[tuple[float, float]]) -> pd.DataFrame:
    """Event-log rows ({t, type, detail}) with the detail of key and text events in `spans` masked."""
    if not spans or rows.empty:
        return rows
    hit = inside(rows["t"].to_numpy(), spans) & rows["type"].isin(KEY_TYPES).to_numpy()
    if not hit.any():
        return rows
    out = rows.copy()
    out.loc[hit, "detail"] = MASKED_DETAIL
    return out
