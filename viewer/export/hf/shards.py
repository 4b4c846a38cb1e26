"""Rows streamed into Parquet shards, `data/<config>/<split>-NNNNN-of-NNNNN.parquet`: rows are buffered into
small row groups (bounded memory whatever the dataset's size), a shard is closed once it reaches the size
asked for, and the final names (which need the shard count) are given when everything is written. A split
with no rows has no shard (the card does not declare it)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_BYTES = 32 << 20  # a row group is flushed at ~32 MB of buffered rows (images dominate)
ROW_GROUP_ROWS = 1000


def _size(row: dict) -> int:
    """A cheap estimate of a row's bytes: its binary and text values."""
    total = 64
    for v in row.values():
        if isinstance(v, (bytes, str)):
            total += len(v)
        elif isinstance(v, dict):
            total += _size(v)
        elif isinstance(v, list):
            total += 8 * len(v) + sum(_size(x) if isinstance(x, dict) else len(x) if isinstance(x, str) else 8
                                      for x in v)
    return total


class _Split:
    def __init__(self, root: Path, config: str, split: str, schema: pa.Schema, shard_bytes: int):
        self.dir, self.split, self.schema, self.shard_bytes = root / "data" / config, split, schema, shard_bytes
        self.parts: list[Path] = []
        self.writer: pq.ParquetWriter | None = None
        self.rows: list[dict] = []
        self.buffered = self.written = 0
        self.count = 0

    def add(self, row: dict) -> None:
        self.rows.append(row)
        self.buffered += _size(row)
        self.count += 1
        if self.buffered >= ROW_GROUP_BYTES or len(self.rows) >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if self.writer is None:
            self.dir.mkdir(parents=True, exist_ok=True)
            path = self.dir / f"{self.split}-{len(self.parts):05d}.parquet.part"
            self.parts.append(path)
            self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.written += self.buffered
        self.rows, self.buffered = [], 0
        if self.written >= self.shard_bytes:
            self.close_shard()

    def close_shard(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer, self.written = None, 0

    def finish(self) -> list[Path]:
        self.flush()
        self.close_shard()
        # an empty split gets no shard: `datasets` cannot load a split with no rows, so the card leaves it out
        n = len(self.parts)
        final = []
        for i, part in enumerate(self.parts):
            target = part.with_name(f"{self.split}-{i:05d}-of-{n:05d}.parquet")
            part.rename(target)
            final.append(target)
        return final


class ShardWriter:
    """One writer per (config, split); `finish()` returns every shard written, by config and split."""

    def __init__(self, root: Path, schemas: dict[str, pa.Schema], splits: list[str], shard_bytes: int):
        self.splits = {(c, s): _Split(Path(root), c, s, schema, shard_bytes)
                       for c, schema in schemas.items() for s in splits}

    def add(self, config: str, split: str, row: dict) -> None:
        self.splits[(config, split)].add(row)

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for (c, s), w in self.splits.items():
            out.setdefault(c, {})[s] = w.count
        return out

    def finish(self) -> dict[tuple[str, str], list[Path]]:
        return {key: w.finish() for key, w in self.splits.items()}

    def abort(self) -> None:
        for w in self.splits.values():
            if w.writer is not None:
                w.writer.close()
