"""Reading an events file (JSONL or Parquet) into a polars frame with the trace/1 columns.

JSONL goes through polars' multithreaded reader with the known schema; polars silently drops
fields it was not told about, so the result is checked against the file: the number of JSON keys
in the file must equal the number of values read. Any difference (an extra field, a key with a
null value, odd spacing) falls back to pyarrow's reader, which keeps unknown fields.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

ARROW_SCHEMA = pa.schema([
    ("t", pa.float64()), ("type", pa.string()), ("x", pa.float64()), ("y", pa.float64()),
    ("button", pa.string()), ("count", pa.int64()), ("dx", pa.float64()), ("dy", pa.float64()),
    ("key", pa.string()), ("mods", pa.list_(pa.string())), ("text", pa.string()), ("app", pa.string()),
    ("title", pa.string()), ("file", pa.string()), ("screen", pa.int64()), ("label", pa.string()),
])
_POLARS_SCHEMA = pl.Schema(pl.from_arrow(ARROW_SCHEMA.empty_table()).schema)


class EventsReadError(ValueError):
    """The events file does not parse as the trace format; the validator says where and why."""


def _non_null_values(frame: pl.DataFrame) -> int:
    return frame.height * frame.width - sum(frame.null_count().row(0))


def _keys_match(frame: pl.DataFrame, data: bytes) -> bool:
    """Every key in the file was read: one value per `":`. A ':' count is the cheap first try."""
    values = _non_null_values(frame)
    return data.count(b":") == values or data.count(b'":') == values


def _read_polars(data: bytes) -> pl.DataFrame | None:
    """The fast path, or None when it might have lost a field."""
    try:
        frame = pl.read_ndjson(data, schema=_POLARS_SCHEMA)
    except (pl.exceptions.PolarsError, ValueError):
        return None
    return frame if _keys_match(frame, data) else None


def _read_pyarrow(data: bytes) -> pa.Table:
    options = pa_json.ParseOptions(explicit_schema=ARROW_SCHEMA, unexpected_field_behavior="infer")
    try:
        return pa_json.read_json(io.BytesIO(data), read_options=pa_json.ReadOptions(block_size=1 << 20),
                                 parse_options=options)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise EventsReadError("events do not parse as trace/1 JSON lines") from exc


def read_jsonl(data: bytes) -> pl.DataFrame:
    if not data or data.isspace():  # isspace stops at the first other byte: cheap on real files
        return pl.DataFrame(schema=_POLARS_SCHEMA)
    frame = _read_polars(data)
    return frame if frame is not None else pl.from_arrow(_read_pyarrow(data))


def _conform(table: pa.Table) -> pa.Table:
    """Give a Parquet table every known column, in the known types; extras stay as they are."""
    columns, names = [], []
    for f in ARROW_SCHEMA:
        if f.name in table.column_names:
            col = table[f.name]
            if pa.types.is_dictionary(col.type):
                col = col.cast(col.type.value_type)
            columns.append(col.cast(f.type))
        else:
            columns.append(pa.nulls(table.num_rows, f.type))
        names.append(f.name)
    for name in table.column_names:
        if name not in names:
            columns.append(table[name])
            names.append(name)
    return pa.table(columns, names=names)


def read_parquet(path: Path) -> pl.DataFrame:
    try:
        return pl.from_arrow(_conform(pq.read_table(path)))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OSError) as exc:
        raise EventsReadError("events.parquet cannot be read as trace/1 columns") from exc
