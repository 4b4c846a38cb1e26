"""From the raw events frame to the typed events table: categoricals, pixel coordinates, ints.

Runs in polars (vectorised, multithreaded); the result is cached as Arrow and then handed out
as pandas, the type the rest of the package works with.
"""

from __future__ import annotations

import pandas as pd
import polars as pl
import pyarrow as pa

from .manifest import Manifest
from .schema import COLUMNS

_POLARS_TYPES = {"category": pl.Categorical, "Int32": pl.Int32, "Int16": pl.Int16, "float64": pl.Float64,
                 "str": pl.String}
_PANDAS_INTS = {pa.int32(): pd.Int32Dtype(), pa.int16(): pd.Int16Dtype(), pa.int64(): pd.Int64Dtype(),
                pa.int8(): pd.Int8Dtype()}


def _pixel_scale(manifest: Manifest) -> pl.Expr:
    """Per-event factor from logical points to pixels: the scale of the screen under the point."""
    screens = manifest.screens
    factor = pl.lit(screens[0].scale if screens else 1.0)
    x, y = pl.col("x"), pl.col("y")
    for s in reversed(screens):
        inside = (x >= s.x) & (x < s.x + s.width / s.scale) & (y >= s.y) & (y < s.y + s.height / s.scale)
        factor = pl.when(inside).then(pl.lit(s.scale)).otherwise(factor)
    return factor


def _coordinate(name: str, manifest: Manifest) -> pl.Expr:
    col = pl.col(name)
    if manifest.coords == "points":
        col = col * _pixel_scale(manifest)
    finite = col.is_finite()
    return pl.when(finite).then(col.round().clip(-(2**31), 2**31 - 1)).cast(pl.Int32).alias(name)


def _column(name: str, dtype: str, manifest: Manifest) -> pl.Expr:
    if name in ("x", "y"):
        return _coordinate(name, manifest)
    if name == "mods":
        return pl.col("mods").list.join("+").cast(pl.Categorical)
    return pl.col(name).cast(_POLARS_TYPES[dtype])


def normalize(frame: pl.LazyFrame, manifest: Manifest) -> pl.LazyFrame:
    """Typed columns in the order of COLUMNS; extra fields follow unchanged."""
    typed = frame.with_columns([_column(n, d, manifest) for n, d in COLUMNS.items() if n != "t"])
    extras = [c for c in frame.collect_schema().names() if c not in COLUMNS]
    return typed.select([*COLUMNS, *extras])


def to_arrow(frame: pl.DataFrame) -> pa.Table:
    """One chunk per column, so each categorical has one dictionary (what the IPC cache needs)."""
    return frame.rechunk().to_arrow()


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """Dictionary columns become categoricals, ints nullable Int, strings pandas' string dtype."""
    return table.to_pandas(types_mapper=_PANDAS_INTS.get)

