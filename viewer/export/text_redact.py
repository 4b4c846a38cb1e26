"""Value-level redaction of text fields: where a flag's value is known (read back from the trace), the value
inside a window title, a `text` event, a marker or a task instruction is replaced by a placeholder naming
its category ("[email]") and the rest of the string is kept.

Which strings: those inside the span of an accepted flag whose value is known (any text field), and those
at the place of an accepted derived text flag (its field only: a title place changes titles). A derived
place a reviewer rejected is not accepted, so it is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from viewer.review.fields import TEXT_PLACES
from viewer.sensitive.match import replace

from .base import _data, span

FIELD_OF = {"focus": ("title", "title"), "text": ("text", "text"), "marker": ("label", "marker")}
EPS = 0.0015


@dataclass(frozen=True)
class Target:
    t_start: float
    t_end: float
    place: str | None  # None: every text field in the span; else only that place's field
    values: tuple[tuple[str, str], ...]  # (category, value): memory only
    flag_id: str


def targets(flags, values: dict[str, list]) -> list[Target]:
    """One target per accepted flag with known values (values: flag id -> [Value])."""
    out = []
    for f in flags:
        found = values.get(f.id if not isinstance(f, dict) else f.get("id")) or []
        if not found:
            continue
        place = _data(f).get("place")
        if place is not None and place not in TEXT_PLACES:
            continue  # a pixel place: nothing to replace in text
        a, b = span(f)
        out.append(Target(a, b, place, tuple((v.category, v.text) for v in found), getattr(f, "id", "")))
    return out


def known(flags, values: dict[str, list]) -> set[str]:
    """Ids of the flags whose value is known: their titles are redacted value by value, not whole."""
    return {f.id for f in flags if values.get(f.id)}


def _matching(tgts: list[Target], t: float, place: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for g in tgts:
        if g.t_start - EPS <= t <= g.t_end + EPS and (g.place is None or g.place == place):
            out += g.values
    return out


def redact_event(e: dict, tgts: list[Target]) -> tuple[dict, int]:
    """The event with known values replaced in its text field; (event, replacements)."""
    field, place = FIELD_OF.get(e.get("type"), (None, None))
    if field is None or not isinstance(e.get(field), str):
        return e, 0
    vals = _matching(tgts, float(e.get("t", 0.0)), place)
    if not vals:
        return e, 0
    text, n = replace(e[field], vals)
    return ({**e, field: text}, n) if n else (e, 0)


def redact_event_list(events: list[dict], tgts: list[Target]) -> tuple[list[dict], int]:
    if not tgts:
        return events, 0
    out, total = [], 0
    for e in events:
        e, n = redact_event(e, tgts)
        out.append(e)
        total += n
    return out, total


def redact_tasks(manifest: dict, tgts: list[Target]) -> int:
    """Task instructions in the manifest (changed in place); a task matches a target overlapping its span."""
    total = 0
    for task in manifest.get("tasks") or []:
        if not isinstance(task, dict) or not isinstance(task.get("instruction"), str):
            continue
        a, b = float(task.get("t_start", 0.0)), float(task.get("t_end", 0.0))
        vals = [v for g in tgts if g.t_start - EPS <= b and a <= g.t_end + EPS and g.place in (None, "task")
                for v in g.values]
        if vals:
            task["instruction"], n = replace(task["instruction"], vals)
            total += n
    return total


def redact_table_text(table: pa.Table, tgts: list[Target]) -> tuple[pa.Table, int]:
    """The Parquet counterpart: the title, text and label columns rewritten where a target applies."""
    if not tgts or "t" not in table.column_names or "type" not in table.column_names:
        return table, 0
    ts = table["t"].to_pylist()
    types = table["type"].to_pylist()
    total = 0
    for kind, (field, place) in FIELD_OF.items():
        if field not in table.column_names:
            continue
        col = table[field]
        values = col.to_pylist()
        changed = False
        for i, (t, typ, text) in enumerate(zip(ts, types, values)):
            if typ != kind or not isinstance(text, str):
                continue
            vals = _matching(tgts, float(t), place)
            if vals:
                new, n = replace(text, vals)
                if n:
                    values[i], changed, total = new, True, total + n
        if changed:
            typ = col.type.value_type if pa.types.is_dictionary(col.type) else col.type
            arr = pa.array(values, type=typ)
            if pa.types.is_dictionary(col.type):
                arr = arr.dictionary_encode().cast(col.type)
            table = table.set_column(table.column_names.index(field), table.schema.field(field), arr)
    return table, total
