"""Background jobs: progress, results, failures and cancellation, with real threads (no sleeps)."""

from __future__ import annotations

import threading

from viewer.jobs import CANCELLED, DONE, FAILED, Job, Jobs


def test_a_job_reports_progress_and_its_result():
    gate = threading.Event()
    seen = threading.Event()

    def work(job: Job, n: int) -> int:
        job.progress(1, n)
        seen.set()
        gate.wait()
        job.progress(n, n)
        return n * 10

    jobs = Jobs()
    job = jobs.start("scan", work, 4)
    assert seen.wait(30)
    assert (job.done, job.total, job.fraction, job.finished) == (1, 4, 0.25, False)
    assert jobs.start("scan", work, 4) is job  # the running job, not a second one
    gate.set()
    assert job.wait(30)
    assert (job.state, job.result, job.fraction) == (DONE, 40, 1.0)
    assert jobs.get("scan") is job


def test_cancel_stops_the_job_at_its_next_report():
    started, reported = threading.Event(), []

    def work(job: Job) -> str:
        started.set()
        job._cancel.wait()  # the page's cancel() arrives while the job works
        for i in range(1, 100):
            job.progress(i, 100)
            reported.append(i)
        return "finished anyway"

    job = Jobs().start("scan", work)
    assert started.wait(30)
    job.cancel()
    assert job.wait(30)
    assert (job.state, job.result, reported) == (CANCELLED, None, [])


def test_a_failure_is_kept_for_the_page_and_the_name_can_start_again():
    def broken(job: Job) -> None:
        raise OSError("disk gone")

    jobs = Jobs()
    first = jobs.start("scan", broken)
    assert first.wait(30)
    assert first.state == FAILED and isinstance(first.error, OSError)
    second = jobs.start("scan", lambda job: "ok")
    assert second is not first and second.wait(30) and second.result == "ok"


def test_only_the_most_recent_finished_jobs_are_kept():
    jobs = Jobs(keep=2)
    for name in ("a", "b", "c", "d"):
        assert jobs.start(name, lambda job: name).wait(30)
    # trimmed when a job starts: "d" was running then, so the two finished before it stay with it
    assert [n for n in "abcd" if jobs.get(n) is not None] == ["b", "c", "d"]
    gate = threading.Event()
    running = jobs.start("slow", lambda job: gate.wait(30))
    for name in ("e", "f", "g"):
        assert jobs.start(name, lambda job: 1).wait(30)
    assert jobs.get("slow") is running  # a running job is never dropped
    gate.set()
    assert running.wait(30)
