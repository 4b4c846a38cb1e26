"""Cells people read, for the pages' tables: short ids, lists and mappings as text, times as m:ss, no `None`,
no empty rows. Pure pandas (no streamlit), so the pages and their tests share one formatting."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

SHORT_ID = 8  # enough to tell a session's annotations apart; the full id stays in links and edit pickers


def short_id(value: object) -> str:
    """An id as a person reads it: long ones (a 32-character hex id) cut to their first 8 characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= SHORT_ID + 4 else text[:SHORT_ID] + "…"


def mmss(seconds: object) -> str:
    """Seconds as m:ss (h:mm:ss from an hour on); empty for a missing value."""
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return ""
    total = round(float(seconds))
    sign, total = ("-", -total) if total < 0 else ("", total)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h}:{m:02d}:{s:02d}" if h else f"{sign}{m}:{s:02d}"


def as_text(value: object) -> str:
    """A cell as text: lists joined with commas, mappings as `key value` pairs, nothing for None or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {as_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return ", ".join(as_text(v) for v in value)
    return str(value)


def region_text(regions: object) -> str:
    """Flag regions ([{screen, x, y, w, h}]) as `w×h at x,y (screen n)`."""
    if not regions:
        return ""
    out = []
    for r in regions if isinstance(regions, list) else [regions]:
        if isinstance(r, Mapping):
            out.append(f"{r.get('w')}×{r.get('h')} at {r.get('x')},{r.get('y')} (screen {r.get('screen', 0)})")
        else:
            out.append(as_text(r))
    return "; ".join(out)


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """No None/NaN cells in text columns and no rows without any value."""
    frame = frame.dropna(how="all")
    frame = frame[~frame.astype(str).apply(lambda col: col.str.strip().isin(["", "None", "nan"])).all(axis=1)]
    text = frame.select_dtypes(include=["object", "string"]).columns
    frame = frame.copy()
    frame[text] = frame[text].map(as_text)
    return frame.reset_index(drop=True)


def height(rows: int, most: int = 420) -> int:
    """A table exactly as tall as its rows (no blank rows below them), up to `most` pixels."""
    return min(most, 35 * (max(rows, 1) + 1) + 3)
