"""The Export page's export as a background job on the app's one runner (viewer.jobs): `run_export` (the
command line's export) in the job's thread, with a store of its own, each progress snapshot as the job's
detail, and Cancel taking effect at the export's next step (nothing is left at the output then: the export
is renamed into place only once it is complete). One export per dataset at a time: every browser session
finds the running one by `job_name`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from viewer.review import Store

from .run import ExportProgress, ExportRequest, run_export


def job_name(data: Path) -> str:
    return f"export:{Path(data).resolve()}"


@dataclass(frozen=True)
class ExportResult:
    out: Path
    manifest: dict
    format: str  # "trace" | "hf"


def export_job(job, request: ExportRequest, db_url: str, key: bytes) -> ExportResult:
    """A viewer.jobs function: exports as asked; the job's detail is the last ExportProgress, its done/total the
    sessions of the current stage. Raises what run_export raises (the job keeps it for the page)."""

    def report(p: ExportProgress) -> None:
        job.report(p)
        job.progress(p.sessions_done, p.sessions_total)  # raises Cancelled once Cancel was pressed

    job.report(ExportProgress())
    with Store.open(db_url) as store:
        body = run_export(request, store, key, report)
    return ExportResult(Path(request.out), body, request.format)
