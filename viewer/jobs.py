"""Background jobs: work started from a page that outlives the page run (a dataset scan, dataset-wide
suggestions), with progress and cancellation. No streamlit here: the app keeps one `Jobs` per process.

A job's function gets the `Job` as its first argument and reports through `job.progress(done, total)`, which
raises `Cancelled` once someone called `cancel()`, so the work stops at its next report. Work that reports a
richer object (sessions, screenshots, rate) hands it to `job.report(detail)` and watches `job.cancelled`
between its own steps. One job per name at a
time: starting a name that is still running returns the running job.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RUNNING, DONE, FAILED, CANCELLED = "running", "done", "failed", "cancelled"


class Cancelled(Exception):
    """Raised inside a job's function at its next progress report after cancel()."""


@dataclass(eq=False)
class Job:
    name: str
    state: str = RUNNING
    done: int = 0
    total: int | None = None
    detail: Any = None  # the last richer progress object the work reported (e.g. a suggestion batch's)
    result: Any = None
    error: BaseException | None = None  # the failure, for the page to describe (its type; never a traceback)
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    _finished: threading.Event = field(default_factory=threading.Event, repr=False)

    def progress(self, done: int, total: int | None) -> None:
        """Report progress; raises Cancelled when the job was cancelled."""
        self.done, self.total = done, total
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, detail: Any) -> None:
        """Report a richer progress object; the work checks `cancelled` itself."""
        self.detail = detail

    @property
    def cancelled(self) -> threading.Event:
        """Set once cancel() was called: for work that stops between its own steps."""
        return self._cancel

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the job has finished (done, failed or cancelled)."""
        return self._finished.wait(timeout)

    def _run(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        try:
            self.result = fn(self, *args, **kwargs)
            self.state = CANCELLED if self._cancel.is_set() else DONE
        except Cancelled:
            self.state = CANCELLED
        except Exception as exc:  # noqa: BLE001 - kept for the page to report; the thread must not die loudly
            # work that stops on its own cancel check raises its own kind of stop: still a cancellation
            self.error, self.state = exc, CANCELLED if self._cancel.is_set() else FAILED
        finally:
            self._finished.set()


class Jobs:
    """The jobs of one process, by name. Finished jobs are kept for their pages to show, the `keep` most recent
    of them: a server running for months does not grow without bound."""

    def __init__(self, keep: int = 256) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self.keep = keep

    def start(self, name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Job:
        """Run `fn(job, *args, **kwargs)` in a background thread; the running job if `name` already runs."""
        with self._lock:
            job = self._jobs.get(name)
            if job is not None and not job.finished:
                return job
            self._jobs.pop(name, None)  # re-inserted last: dicts keep insertion order, oldest first
            job = self._jobs[name] = Job(name)
            finished = [n for n, j in self._jobs.items() if j.finished]
            for old in finished[:max(0, len(finished) - self.keep)]:
                del self._jobs[old]
        threading.Thread(target=job._run, args=(fn, args, kwargs), name=f"job:{name}", daemon=True).start()
        return job

    def get(self, name: str) -> Job | None:
        with self._lock:
            return self._jobs.get(name)

    def forget(self, name: str) -> None:
        """Drop a finished job (a running one is cancelled first)."""
        with self._lock:
            job = self._jobs.pop(name, None)
        if job is not None:
            job.cancel()
