"""`suggest` at dataset scale: the same flags on local worker processes, a Dask LocalCluster and this process;
unchanged sessions skipped on a re-run; a worker killed mid-task loses nothing; no OCR fails clearly."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from viewer.engine import Cancelled, Engine, EngineOptions
from viewer.review.store import Store
from viewer.sample import generate_dataset
from viewer.sensitive.batch import (SuggestOptions, SuggestState, VersionMismatch, job_versions,
                                    suggest_dataset)
from viewer.sensitive.suggest import store_findings, suggest_session
from viewer.trace import load_session

SESSIONS, MINUTES, SEED = 3, 0.1, 21
needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("batch")
    generate_dataset(root / "data", SESSIONS, MINUTES, SEED)
    return root / "data"


@pytest.fixture(scope="module")
def screens(tmp_path_factory) -> Path:
    """Sessions whose screens show an e-mail and a card number (real Tesseract reads them)."""
    from tests.follow_helpers import build

    root = tmp_path_factory.mktemp("screens") / "data"
    for n in range(4):
        build(root, f"screens-{n}")
    return root


def flag_keys(store) -> list[tuple]:
    return sorted((r.session_id, r.source, r.category, round(r.t_start, 3), round(r.t_end, 3), r.data["status"],
                   str(r.data.get("regions"))) for r in store.find("flag"))


def dirs_of(dataset: Path) -> list[Path]:
    return sorted(p for p in dataset.iterdir() if (p / "session.json").is_file())


def in_process(dataset: Path, cache: Path, url: str, ocr: bool) -> list[tuple]:
    """Today's path, one session after another in this process: the reference."""
    with Store.open(url) as store:
        for d in dirs_of(dataset):
            session = load_session(d, cache)
            store_findings(store, session, suggest_session(session, ocr=ocr, cache_dir=cache))
        return flag_keys(store)


def run_batch(dataset: Path, cache: Path, url: str, engine: EngineOptions, ocr: bool, chunk_shots: int = 400, **kw):
    options = SuggestOptions(ocr=ocr, cache_dir=str(cache), chunk_shots=chunk_shots)
    with Store.open(url) as store, Engine(engine) as eng:
        state = SuggestState.for_job(cache, dataset, url)
        result = suggest_dataset(dirs_of(dataset), options, eng, store, state=state, **kw)
        return result, flag_keys(store), eng


def test_local_and_dask_store_what_one_process_stores_and_skip_unchanged_sessions(dataset, tmp_path):
    cache = tmp_path / "cache"
    want = in_process(dataset, cache, f"sqlite:///{tmp_path / 'ref.db'}", ocr=False)
    assert want, "the sample sessions have typed secrets: the reference finds some"
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    first, got, _ = run_batch(dataset, cache, local_url, EngineOptions("local", 2), ocr=False)
    assert got == want
    assert first.progress.sessions_done == SESSIONS and first.progress.skipped == 0
    again, got_again, _ = run_batch(dataset, cache, local_url, EngineOptions("local", 2), ocr=False)
    assert got_again == want and again.progress.skipped == SESSIONS and again.progress.added == 0

    dask, got_dask, _ = run_batch(dataset, cache, f"sqlite:///{tmp_path / 'dask.db'}", EngineOptions("dask", 2),
                                  ocr=False)
    assert got_dask == want and dask.progress.added == len(want)


def test_a_changed_session_is_done_again(dataset, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(dataset, data)
    cache, url = tmp_path / "cache", f"sqlite:///{tmp_path / 'a.db'}"
    run_batch(data, cache, url, EngineOptions("local", 1), ocr=False)
    touched = dirs_of(data)[1] / "events.jsonl"
    touched.write_bytes(touched.read_bytes() + b"\n")
    again, _, _ = run_batch(data, cache, url, EngineOptions("local", 1), ocr=False)
    assert (again.progress.skipped, again.progress.sessions_done) == (SESSIONS - 1, SESSIONS)


def worker_processes() -> list[psutil.Process]:
    """This process's spawned workers: the local engine's pool, or a LocalCluster's Dask workers."""
    return [p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline())]


def _reads_now(worker: psutil.Process) -> bool:
    """The worker has a Tesseract child: it is mid-task."""
    try:
        return any("tesseract" in c.name() for c in worker.children())
    except psutil.Error:  # it or its child ended meanwhile
        return False


@pytest.fixture(scope="module")
def calm(screens, tmp_path_factory) -> dict:
    """The reference: an uninterrupted run on local workers from an empty cache, each session's screenshots read
    in chunks of 2 first (as a long one's are)."""
    tmp = tmp_path_factory.mktemp("calm")
    result, want, _ = run_batch(screens, tmp / "cache", f"sqlite:///{tmp / 'calm.db'}", EngineOptions("local", 2),
                                ocr=True, chunk_shots=2)
    assert any(k[1].startswith("ocr:") for k in want), "the screens show values the OCR finds"
    assert any(k[1] == "follow" for k in want), "the values found are followed to their other places"
    return {"want": want, "cache": tmp / "cache", "result": result}


@needs_ocr
@pytest.mark.parametrize("kind", ["local", "dask"])
def test_a_worker_killed_mid_task_loses_nothing(screens, calm, tmp_path, kind):
    """A worker process is killed (SIGKILL) while the other sessions are being read; the flags stored, the
    followed places included, are those of an uninterrupted run."""
    killed, busy = [], []

    def kill_one_worker(progress):
        if progress.sessions_done == 1 and not killed:  # the other sessions are being read now
            workers = worker_processes()
            # a worker with a Tesseract child is mid-task for sure; under load the others may be done already
            reading = [w for w in workers if _reads_now(w)]
            victim = (reading or workers)[0]
            busy.append(bool(reading))
            victim.kill()
            killed.append(victim.pid)

    url = f"sqlite:///{tmp_path / 'killed.db'}"
    result, got, eng = run_batch(screens, tmp_path / "cache", url, EngineOptions(kind, 2), ocr=True,
                                 progress=kill_one_worker)
    assert killed and killed[0] not in [p.pid for p in worker_processes()]
    if kind == "local" and busy[0]:
        assert eng.restarts >= 1  # its task was retried on a new pool
    assert result.progress.sessions_done == 4
    assert got == calm["want"]


@needs_ocr
def test_the_engine_follows_the_values_found_as_one_process_does(screens, calm, tmp_path):
    """`suggest --engine`: findings stored, then their values followed on the workers (one task a session);
    the flags are those `suggest` stores in one process, where the values are followed in place."""
    from viewer.sensitive.derived import sync_session

    p = calm["result"].progress
    assert p.to_follow == p.followed > 0 and p.derived > 0
    cache = calm["cache"]
    with Store.open(f"sqlite:///{tmp_path / 'one.db'}") as store:  # the same OCR cache: no image read twice
        for d in dirs_of(screens):
            session = load_session(d, cache)
            store_findings(store, session, suggest_session(session, ocr=True, cache_dir=cache))
            assert sync_session(store, session, cache).ocr_reads == 0
        want = flag_keys(store)
    assert calm["want"] == want


@needs_ocr
@pytest.mark.parametrize("kind", ["local", "dask"])
def test_a_worker_without_ocr_fails_the_job_with_a_clear_message(screens, tmp_path, monkeypatch, kind):
    from viewer.cli import cli

    monkeypatch.setenv("PATH", str(tmp_path))  # the spawned workers find no tesseract
    monkeypatch.setenv("VIEWER_CACHE", str(tmp_path / "cache"))
    res = CliRunner().invoke(cli, ["suggest", str(screens), "--ocr", "--engine", kind, "--workers", "1",
                                   "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert res.exit_code == 1, res.output
    assert "a worker cannot run Tesseract OCR" in res.output and "Traceback" not in res.output
    with Store.open(f"sqlite:///{tmp_path / 'x.db'}") as store:
        assert store.find("flag") == []


def test_cancel_stops_before_the_next_session_is_stored(dataset, tmp_path):
    cancel = threading.Event()

    def stop_after_first(progress):
        if progress.sessions_done >= 1:
            cancel.set()

    url = f"sqlite:///{tmp_path / 'c.db'}"
    with pytest.raises(Cancelled):
        run_batch(dataset, tmp_path / "cache", url, EngineOptions("local", 1), ocr=False,
                  progress=stop_after_first, cancel=cancel)
    state = SuggestState.for_job(tmp_path / "cache", dataset, url)
    assert len(state.done) == 1  # the one session stored is marked; the rest run on the next job


@needs_ocr
def test_a_job_refuses_to_mix_versions(screens, tmp_path):
    """A Dask cluster of two workers, one of which has no Tesseract on its PATH: the workers report different
    OCR versions and the job stops before any work, naming what differs."""
    from distributed import Nanny, Scheduler, SpecCluster

    workers = {"with": {"cls": Nanny, "options": {"nthreads": 1}},
               "without": {"cls": Nanny, "options": {"nthreads": 1, "env": {"PATH": str(tmp_path)}}}}
    with SpecCluster(scheduler={"cls": Scheduler, "options": {"dashboard_address": None}}, workers=workers) as cl:
        options = EngineOptions("dask", address=cl.scheduler_address)
        url = f"sqlite:///{tmp_path / 'v.db'}"
        with pytest.raises(VersionMismatch, match=r"different ocr versions: \['none', 'tesseract-"):
            run_batch(screens, tmp_path / "cache", url, options, ocr=True)
        with Store.open(url) as store:
            assert store.find("flag") == []
        with Engine(options) as eng:  # without OCR the job runs: the detectors and options agree
            assert job_versions(eng, SuggestOptions())["detectors"]


def test_a_background_job_reports_progress_and_can_be_cancelled(dataset, tmp_path):
    from viewer import jobs
    from viewer.sensitive.batch_command import start_job

    runner = jobs.Jobs()
    url = f"sqlite:///{tmp_path / 'j.db'}"
    options = SuggestOptions(cache_dir=str(tmp_path / "cache"))
    done = start_job(runner, dirs_of(dataset), options, EngineOptions("local", 1), url)
    assert done.wait(300)
    assert done.state == jobs.DONE and done.detail.sessions_done == SESSIONS
    assert done.result.progress.added > 0

    job = start_job(runner, dirs_of(dataset), options, EngineOptions("dask", 1), f"sqlite:///{tmp_path / 'k.db'}")
    assert not job.finished
    job.cancel()
    assert job.wait(300)
    assert job.state == jobs.CANCELLED


def test_the_progress_line_says_sessions_screenshots_rate_and_time_left():
    import time

    from viewer.sensitive.batch import BatchProgress
    from viewer.sensitive.batch_command import describe

    p = BatchProgress(sessions_done=30, sessions_total=130, skipped=10, screenshots=400,
                      started=time.perf_counter() - 200)
    line = describe(p)
    assert line.startswith("30/130 session(s) (10 unchanged), 400 screenshot(s), 2.0 screenshot(s)/s")
    assert line.endswith("about 16m40s left")  # 20 sessions read in 200 s, 100 to go
    assert "left" not in describe(BatchProgress(sessions_total=5))
