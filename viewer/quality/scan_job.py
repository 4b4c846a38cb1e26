"""A dataset scan run as a background job (viewer.jobs): started from the Quality page, reporting progress,
stopping at the next session when cancelled, writing the report only when the scan completed."""

from __future__ import annotations

from pathlib import Path

from viewer.jobs import Job

from .config import Thresholds
from .report import write_report
from .scan import ScanResult, scan_dataset


def job_name(data: Path) -> str:
    return f"qa:{Path(data).resolve()}"


def scan_to_report(job: Job, data: Path, thresholds: Thresholds, cache_dir: Path, out: Path,
                   workers: int = 1) -> ScanResult:
    """Scan `data` (progress through `job`), then write the report to `out` atomically if any session was read."""
    result = scan_dataset(data, thresholds, cache_dir=cache_dir, workers=workers, progress=job.progress)
    if len(result.report):
        write_report(result.report, out)
    return result
