"""Events redaction: input events inside an accepted events/both span are dropped, window titles there
become "[redacted]". JSONL keeps every untouched line byte for byte; Parquet is written back with the
source file's own schema (same column types, dictionary columns included) and compression."""

from __future__ import annotations

from pathlib import Path

import orjson
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from viewer.trace.events_io import EventsReadError, read_jsonl, read_parquet
from viewer.trace.schema import KEY_TYPES, POINTER_TYPES

from .base import EVENT_SCOPES, ExportError, spans, title_spans
from .text_redact import redact_event_list, redact_table_text

INPUT_TYPES = frozenset(POINTER_TYPES + KEY_TYPES)  # what a user typed or pointed at
REDACTED_TITLE = "[redacted]"


def redact_events(events: list[dict], flags, keep_titles: frozenset = frozenset()) -> tuple[list[dict], int, int]:
    """Drop input events inside an events/both span, replace focus titles there (but in spans of flags in
    `keep_titles`, whose value was replaced inside the title instead); (events, removed, titles)."""
    found = spans(flags, EVENT_SCOPES)
    retitle = title_spans(flags, keep_titles)
    lo = min((a for a, _ in found), default=0.0)
    hi = max((b for _, b in found), default=-1.0)
    out, removed, titles = [], 0, 0
    for e in events:
        t = float(e.get("t", 0.0))
        if lo <= t <= hi and any(a <= t <= b for a, b in found):  # most events lie outside every span
            if e.get("type") in INPUT_TYPES:
                removed += 1
                continue
            if e.get("type") == "focus" and "title" in e and any(a <= t <= b for a, b in retitle):
                e = {**e, "title": REDACTED_TITLE}
                titles += 1
        out.append(e)
    return out, removed, titles


def parse_jsonl(data: bytes, label: str) -> list[tuple[bytes, dict]]:
    """(line, event) for every non-blank line; a bad line is reported by number, never by content."""
    rows = []
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = orjson.loads(line)
        except orjson.JSONDecodeError:
            raise ExportError(f"{label}:{number}: invalid-json: the line is not JSON") from None
        if not isinstance(event, dict):
            raise ExportError(f"{label}:{number}: not-object: the line is not a JSON object")
        t = event.get("t", 0.0)
        if isinstance(t, bool) or not isinstance(t, (int, float)):
            raise ExportError(f"{label}:{number}: wrong-type: t: must be a number")
        rows.append((line, event))
    return rows


def redact_jsonl(rows: list[tuple[bytes, dict]], flags, text_targets=(), keep_titles: frozenset = frozenset()
                 ) -> tuple[bytes, int, int]:
    """The redacted file's bytes; lines of events left as they were are kept exactly. `text_targets`: known
    values replaced inside text fields first (viewer.export.text_redact)."""
    events, _ = redact_event_list([e for _, e in rows], list(text_targets))
    kept, removed, titles = redact_events(events, flags, keep_titles)
    originals = {id(e): line for line, e in rows}
    body = b"".join((originals.get(id(e)) or orjson.dumps(e)) + b"\n" for e in kept)
    return body, removed, titles


def jsonl_events(data: bytes, flags, label: str, text_targets=(), keep_titles: frozenset = frozenset()
                 ) -> tuple[bytes, list[dict], int, int]:
    """(redacted file, screenshot events, removed, titles). orjson line by line: on files of a few thousand
    events a columnar reader's fixed cost per call is more than the whole parse."""
    rows = parse_jsonl(data, label)
    shots = [e for _, e in rows if e.get("type") == "screenshot"]
    if not spans(flags, EVENT_SCOPES) and not text_targets:
        return data, shots, 0, 0
    body, removed, titles = redact_jsonl(rows, flags, text_targets, keep_titles)
    return body, shots, removed, titles


def _strings(column):
    return column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column


def _span_mask(table: pa.Table, flags):
    t = pc.cast(table["t"], pa.float64())
    mask = pa.chunked_array([pa.array([False] * table.num_rows, pa.bool_())])
    for a, b in spans(flags, EVENT_SCOPES):
        mask = pc.or_(mask, pc.fill_null(pc.and_(pc.greater_equal(t, a), pc.less_equal(t, b)), False))
    return mask


def redact_table(table: pa.Table, flags, text_targets=(), keep_titles: frozenset = frozenset()
                 ) -> tuple[pa.Table, int, int]:
    """The Parquet counterpart of redact_events, on the table as stored."""
    if "t" not in table.column_names or "type" not in table.column_names:
        return table, 0, 0
    table, _ = redact_table_text(table, list(text_targets))
    inside = _span_mask(table, flags)
    retitle_mask = _span_mask(table, [{"t_start": a, "t_end": b, "scope": "events"}
                                      for a, b in title_spans(flags, keep_titles)])
    types = _strings(table["type"])
    drop = pc.and_(inside, pc.fill_null(pc.is_in(types, value_set=pa.array(sorted(INPUT_TYPES))), False))
    titles = 0
    if "title" in table.column_names:
        title = table["title"]
        focus = pc.fill_null(pc.equal(types, "focus"), False)
        retitle = pc.and_(pc.and_(retitle_mask, focus), pc.is_valid(title))
        titles = pc.sum(pc.and_(retitle, pc.invert(drop))).as_py() or 0
        new = pc.if_else(retitle, pa.scalar(REDACTED_TITLE), _strings(title)).cast(title.type)
        table = table.set_column(table.column_names.index("title"), table.schema.field("title"), new)
    removed = pc.sum(drop).as_py() or 0
    return table.filter(pc.invert(drop)), removed, titles


def read_parquet_table(path: Path, label: str) -> pa.Table:
    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError):
        raise ExportError(f"{label}: events-invalid: events.parquet cannot be read") from None


def write_parquet_like(table: pa.Table, src: Path, dst: Path) -> None:
    """Same schema (metadata included) and the source's compression codec."""
    meta = pq.ParquetFile(src).metadata
    codec = meta.row_group(0).column(0).compression.lower() if meta.num_row_groups and meta.num_columns else "snappy"
    pq.write_table(table.cast(table.schema), dst, compression=None if codec == "uncompressed" else codec)


def screenshot_rows_of_table(table: pa.Table) -> list[dict]:
    if "type" not in table.column_names or "file" not in table.column_names:
        return []
    shots = table.filter(pc.fill_null(pc.equal(_strings(table["type"]), "screenshot"), False))
    cols = [c for c in ("t", "type", "file", "screen") if c in shots.column_names]
    return shots.select(cols).to_pylist()


def read_events_frame(path: Path) -> pl.DataFrame:
    """The events of an exported session in the loader's columns, for verification."""
    try:
        return read_parquet(path) if path.suffix == ".parquet" else read_jsonl(path.read_bytes())
    except (EventsReadError, OSError):
        raise ExportError(f"{path}: events-invalid: the events cannot be read") from None


def leaks(frame: pl.DataFrame, flags) -> tuple[int, int]:
    """(input events, unredacted titles) left inside the accepted events spans of `flags` (titles only where
    the flag's value was not known: known values are checked inside the text by verify)."""
    found = spans(flags, EVENT_SCOPES)
    if not found or frame.is_empty():
        return 0, 0
    t = pl.col("t")
    inside = pl.any_horizontal([(t >= a) & (t <= b) for a, b in found])
    events = frame.filter(inside & pl.col("type").is_in(sorted(INPUT_TYPES))).height
    retitle = title_spans(flags, set())
    if not retitle:
        return events, 0
    in_title_span = pl.any_horizontal([(t >= a) & (t <= b) for a, b in retitle])
    titles = frame.filter(in_title_span & (pl.col("type") == "focus") & pl.col("title").is_not_null()
                          & (pl.col("title") != REDACTED_TITLE)).height
    return events, titles
