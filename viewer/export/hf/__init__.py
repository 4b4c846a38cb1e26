"""`export --format hf`: the reviewed, redacted sessions as a dataset the Hugging Face `datasets` library loads
as it is. The trace export runs first into a hidden directory (one redaction path for both formats), then its
sessions are turned into Parquet shards and a dataset card; the result is renamed into place only when all of
it is written, and the hidden trace copy is removed."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from .. import consent_gate
from ..base import ExportError
from ..dataset import export_dataset
from .splits import SplitError, parse
from .write import HfOptions, write_hf

__all__ = ["HfOptions", "SplitError", "export_hf", "hf_options", "parse"]

SHARDS = "writing Parquet shards"


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


def export_hf(dataset: Path, out: Path, store, key: bytes, options: HfOptions, *, progress=None, stage=None,
              **trace) -> dict:
    """Writes the layout at `out` (which must not exist); `trace` are export_dataset's options (statuses,
    only, pending, config, purpose, recipient, who, cache, follow...). `progress(done, total, session)` counts
    the sessions twice: as the redacted copy is written, then as the shards are; `stage(what, session)` says
    which. Returns the manifest; an exception (a callback's included) leaves nothing at `out`."""
    out = Path(out)
    if out.exists():
        raise ExportError(f"{out}: already exists; choose a new output directory")
    out.parent.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:8]
    staging, tmp = out.parent / f".{out.name}.trace-{tag}", out.parent / f".{out.name}.partial-{tag}"
    statuses = trace.pop("statuses", ("approved",))
    try:
        # the hidden copy's manifest lists no file: one entry a file would make memory grow with the dataset
        body = export_dataset(dataset, staging, store, key, statuses, fmt="hf", progress=progress, stage=stage,
                              record=False, keep_hashes=False, **trace)
        tmp.mkdir()
        if stage is not None:
            stage(SHARDS, None)
        manifest = write_hf(staging, body, Path(dataset), tmp, store, key, options,
                            _quality(Path(dataset), trace.get("cache")), progress)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    included = [(sid, Path(dataset) / info["dir"]) for sid, info in (body.get("sessions") or {}).items()]
    consent_gate.record_recipients(store, body["export_id"], trace.get("who", "?"),
                                   trace.get("purpose", "agent-training"), trace.get("recipient", ""), "hf",
                                   included)  # only once the layout is in place: a stopped export went nowhere
    return manifest


def hf_options(split: str | None, seed: int = 0, unknown_split: str | None = None, shard_mb: int = 256,
               license: str = "other") -> HfOptions:
    """The hf export's options as `export --format hf` takes them (the command line and the Export page both
    build them here). Raises SplitError naming the option that is wrong."""
    ratios = parse(split)
    if unknown_split is not None and unknown_split not in ratios:
        raise SplitError(f"--unknown-split {unknown_split}: not one of the splits ({', '.join(ratios)})")
    if not isinstance(shard_mb, int) or shard_mb < 1:
        raise SplitError(f"--shard-size {shard_mb}: must be a whole number of MB, at least 1")
    spec = ",".join(f"{name}={ratio:g}" for name, ratio in ratios.items())
    command = f"python -m viewer export DATASET OUT --format hf --split {spec} --seed {seed}"
    if unknown_split:
        command += f" --unknown-split {unknown_split}"
    return HfOptions(ratios, int(seed), unknown_split, shard_mb << 20, license, command)
