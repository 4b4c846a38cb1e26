"""verify-export's value check for an `hf` export: every applied flag's value is read back from the source
session (as for a trace export) and searched in the session's rows of every config (each text column, nested
ones included) and, by OCR, in the images of its steps taken during the flag's pixel spans. A problem names
the shard and the flag (id and category), never the value."""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
from PIL import Image

from viewer.sensitive import match
from viewer.sensitive.ocr import OcrUnavailable
from viewer.sensitive.ocr_cache import OcrCache
from ..base import PIXEL_SCOPES, scope, span
from ..verify_values import _category, _shown, source_values

BATCH_ROWS = 64


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _texts(out: Path) -> dict[str, list[tuple[str, str]]]:
    """session id -> (shard, text) of every string in its rows, images left out."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for shard in sorted((out / "data").glob("*/*.parquet")):
        columns = [c for c in pq.ParquetFile(shard).schema_arrow.names if c != "image"]
        rel = shard.relative_to(out).as_posix()
        for row in pq.read_table(shard, columns=columns).to_pylist():
            found[row["session_id"]] += [(rel, text) for text in _strings(row)]
    return found


def _images(out: Path, sid: str, spans_: list[tuple[float, float]]):
    """(shard, image) of the session's steps inside the spans."""
    for shard in sorted((out / "data" / "steps").glob("*.parquet")):
        rel = shard.relative_to(out).as_posix()
        for batch in pq.ParquetFile(shard).iter_batches(BATCH_ROWS, columns=["session_id", "t", "image"]):
            for row in batch.to_pylist():
                if row["session_id"] == sid and row["image"] and any(a <= row["t"] <= b for a, b in spans_):
                    yield rel, Image.open(io.BytesIO(row["image"]["bytes"])).convert("L")


def hf_value_problems(out: Path, body: dict, data: Path, store, cache_dir: Path | None, strict: bool
                      ) -> tuple[list[str], list[str]]:
    problems, notes = [], []
    texts = _texts(Path(out))
    for sid, info in sorted((body.get("sessions") or {}).items()):
        read = source_values(sid, info, data, store, cache_dir)
        if isinstance(read, str):
            (problems if strict else notes).append(read)
            continue
        session, flags, _by_id, values = read
        cache = OcrCache(cache_dir, session.session_id)
        for f in flags:
            vals = values.get(f.id) or []
            if not vals:
                continue
            source = f.data.get("derived_from") or f.id
            where = {rel for rel, text in texts.get(sid, [])
                     if any(match.find_raw(v.folded, match.fold(text).text, 1) for v in vals)}
            problems += [f"{rel}: flag {source} ({_category(f)}): its value can still be read in a text column"
                         for rel in sorted(where)]
            if scope(f) not in PIXEL_SCOPES:
                continue
            try:
                for rel, img in _images(Path(out), sid, [span(f)]):
                    if _shown(cache.words_of_image(img), vals):
                        problems.append(f"{rel}: flag {source} ({_category(f)}): its value can still be read in "
                                        "a step's image (OCR)")
                        break
            except OcrUnavailable as exc:
                problems.append(f"{sid}: images not re-checked: {exc}")
    return list(dict.fromkeys(problems)), notes
