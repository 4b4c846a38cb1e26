"""Background jobs for the pages: `start` runs work in a thread of this process, `progress` tells how it goes,
`cancel` asks it to stop.

The work is `fn(report, cancel)`: it calls report(anything) with its progress as it goes and looks at `cancel`
(a threading.Event) between steps; what it returns is the job's result, what it raises its error. Jobs live in
this process only (a page's rerun finds them by id); nothing here touches the database or the disk.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

RUNNING, DONE, FAILED, CANCELLED = "running", "done", "failed", "cancelled"


@dataclass
class Job:
    id: str
    name: str
    state: str = RUNNING
    progress: object = None  # the last thing the work reported
    result: object = None
    error: str | None = None  # the error's message (never a traceback)
    cancel_event: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    @property
    def finished(self) -> bool:
        return self.state != RUNNING


_jobs: dict[str, Job] = {}
_lock = threading.Lock()


def start(fn: Callable[[Callable[[object], None], threading.Event], object], name: str = "job") -> str:
    """Run fn(report, cancel) in a background thread; returns the job's id (random, no data in it)."""
    job = Job(uuid.uuid4().hex[:12], name)

    def report(value: object) -> None:
        job.progress = value

    def body() -> None:
        try:
            job.result = fn(report, job.cancel_event)
            job.state = CANCELLED if job.cancel_event.is_set() else DONE
        except BaseException as exc:  # noqa: BLE001 - the page shows what went wrong
            job.state = CANCELLED if job.cancel_event.is_set() else FAILED
            job.error = str(exc) or type(exc).__name__

    job.thread = threading.Thread(target=body, name=f"job-{name}", daemon=True)
    with _lock:
        _jobs[job.id] = job
    job.thread.start()
    return job.id


def progress(job_id: str) -> Job | None:
    """The job (state, last progress, result or error); None for an unknown id."""
    with _lock:
        return _jobs.get(job_id)


def cancel(job_id: str) -> bool:
    """Ask the job to stop; True when it was running."""
    job = progress(job_id)
    if job is None or job.finished:
        return False
    job.cancel_event.set()
    return True


def wait(job_id: str, timeout: float | None = None) -> Job | None:
    """Block until the job ends (for commands and tests)."""
    job = progress(job_id)
    if job is not None and job.thread is not None:
        job.thread.join(timeout)
    return job
