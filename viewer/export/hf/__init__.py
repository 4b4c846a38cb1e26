"""`export --format hf`: the reviewed, redacted sessions as a dataset the Hugging Face `datasets` library loads
as it is. The trace export runs first into a hidden directory (one redaction path for both formats), then its
sessions are turned into Parquet shards and a dataset card; the result is renamed into place only when all of
it is written, and the hidden trace copy is removed."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from ..base import ExportError
from ..dataset import export_dataset
from .splits import SplitError, parse
from .write import HfOptions, write_hf

__all__ = ["HfOptions", "SplitError", "export_hf", "parse"]


def _quality(dataset: Path, cache: Path | None) -> dict[str, dict]:
    """The dataset's last quality report, by session id (empty when none was made)."""
    if cache is None:
        return {}
    from viewer.quality.report import cached_report_path, read_report

    path = cached_report_path(dataset, cache)
    if not path.is_file():
        return {}
    try:
        frame = read_report(path)
    except Exception:  # noqa: BLE001 - an unreadable cached report only costs the quality columns
        return {}
    return {str(r["session_id"]): r for r in frame.to_dict("records")}


def export_hf(dataset: Path, out: Path, store, key: bytes, options: HfOptions, *, progress=None, **trace) -> dict:
    """Writes the layout at `out` (which must not exist); `trace` are export_dataset's options (statuses,
    only, pending, config, purpose, recipient, who, cache). Returns the manifest."""
    out = Path(out)
    if out.exists():
        raise ExportError(f"{out}: already exists; choose a new output directory")
    out.parent.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:8]
    staging, tmp = out.parent / f".{out.name}.trace-{tag}", out.parent / f".{out.name}.partial-{tag}"
    statuses = trace.pop("statuses", ("approved",))
    try:
        # the hidden copy's manifest lists no file: one entry a file would make memory grow with the dataset
        body = export_dataset(dataset, staging, store, key, statuses, fmt="hf", keep_hashes=False, **trace)
        tmp.mkdir()
        manifest = write_hf(staging, body, Path(dataset), tmp, store, key, options,
                            _quality(Path(dataset), trace.get("cache")), progress)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest
