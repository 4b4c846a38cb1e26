"""Running one function over many tasks on local worker processes or a Dask cluster, the same way on both.

`Engine` is a context manager: `run(fn, tasks)` yields (task index, result) as tasks finish, in any order.
Contracts, the same on each engine:
- a worker that dies mid-task (killed, out of memory) loses nothing: its unfinished tasks run again on a
  new worker (at most `retries` times each, then EngineError); a task's result is only ever seen whole;
- an exception raised by `fn` is not retried: it ends the run (the caller decides what it means);
- `cancel` (a threading.Event) stops the run between results: Cancelled is raised, queued tasks are dropped
  and running ones are abandoned (their results are never yielded);
- `fn` and its arguments travel to other processes (pickled), so they are module-level and plain data.
Workers never see the caller's database or open files: they get paths and options, and return data.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

ENGINES = ("local", "dask")
POLL_S = 0.2  # how often a waiting run looks at `cancel`


class EngineError(RuntimeError):
    """The run cannot go on (a task keeps killing its worker, no cluster at the address)."""


class Cancelled(RuntimeError):
    """The run was cancelled; no result after the cancel was yielded."""


@dataclass(frozen=True)
class EngineOptions:
    kind: str = "local"  # local | dask
    workers: int | None = None  # worker processes (default: CPUs, at most 8)
    address: str | None = None  # a running Dask scheduler; None: a LocalCluster
    retries: int = 2  # runs of a task after the first when its worker dies

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise ValueError(f"unknown engine '{self.kind}' (local or dask)")


# A LocalCluster's processes watch themselves by default: a stack sampler every 10 ms in each worker, an event
# loop tick every 20 ms and a system monitor every 0.5 s in every process, work stealing every 100 ms in the
# scheduler (which runs in the calling process). Tasks here are few and long (a session each): none of that
# helps them, and on 2 cores it cost about a tenth of the CPU per screenshot (BENCHMARKS.md, dataset scale).
# The scheduler also hands each one-thread worker two tasks at once by default (saturation 1.1, rounded up):
# the second waits on a busy worker while another worker may sit idle at the end of a run; with 1.0 a task
# leaves the scheduler's queue only for a free thread, which is what stealing would otherwise have to undo.
QUIET_CLUSTER = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                 "distributed.admin.system-monitor.interval": "5s", "distributed.scheduler.work-stealing": False,
                 "distributed.scheduler.worker-saturation": 1.0}


def local_cluster(workers: int, env: dict[str, str]):
    """A Dask LocalCluster of `workers` single-threaded worker processes with `env`, no dashboard, and the
    self-monitoring of QUIET_CLUSTER (read by each process as it starts)."""
    import dask
    from distributed import LocalCluster

    with _bare_main(), dask.config.set(QUIET_CLUSTER):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                            env=env)


def default_workers(workers: int | None) -> int:
    return max(1, workers or min(os.cpu_count() or 1, 8))


@contextmanager
def _bare_main():
    """Spawned workers re-run the parent's __main__ script; under Streamlit that is a page script, which must
    not run in a worker: while workers start, __main__ is a bare module."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class Engine:
    """See the module docstring. `env`: environment variables for the worker processes (thread limits)."""

    def __init__(self, options: EngineOptions | None = None, env: dict[str, str] | None = None) -> None:
        self.options = options or EngineOptions()
        self.env = dict(env or {})
        self.workers = default_workers(self.options.workers)
        self._pool = None
        self._client = None
        self._cluster = None
        self.restarts = 0  # local worker pools started again after a worker died

    # -- lifecycle ------------------------------------------------------------------------------------
    def __enter__(self) -> Engine:
        if self.options.kind == "dask":
            self._start_dask()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._stop_pool()
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _start_dask(self) -> None:
        from distributed import Client

        if self.options.address:
            try:
                self._client = Client(self.options.address, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise EngineError(f"no Dask scheduler at {self.options.address}: {type(exc).__name__}") from None
            return
        self._cluster = local_cluster(self.workers, self.env)
        self._client = self._cluster.get_client()

    def _new_pool(self):
        from concurrent.futures import ProcessPoolExecutor

        # spawn: OCR, pandas and polars start threads, and forking a threaded process can deadlock
        ctx = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_worker_env,
                                         initargs=(self.env,))
        return self._pool

    def _stop_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:  # running tasks are abandoned: stop them now rather than let them finish unseen
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(5)

    # -- work -----------------------------------------------------------------------------------------
    def everywhere(self, fn: Callable, *args) -> list:
        """fn(*args) on each worker (Dask) or on one fresh local worker (local workers are all alike)."""
        if self.options.kind == "dask":
            return list(self._client.run(fn, *args).values())
        return [result for _, result in self.run(fn, [args])]

    def run(self, fn: Callable, tasks: list[tuple], cancel: threading.Event | None = None
            ) -> Iterator[tuple[int, object]]:
        """Yields (index into `tasks`, fn(*tasks[index])) as tasks finish."""
        if not tasks:
            return
        if self.options.kind == "dask":
            yield from self._run_dask(fn, tasks, cancel)
        else:
            yield from self._run_local(fn, tasks, cancel)

    def _run_local(self, fn, tasks, cancel):
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        left = set(range(len(tasks)))
        tries = dict.fromkeys(left, 0)
        try:
            while left:
                pool = self._pool or self._new_pool()
                with _bare_main():  # the pool starts its processes on these submits
                    running = {pool.submit(fn, *tasks[i]): i for i in sorted(left)}
                for i in left:
                    tries[i] += 1
                broken = False
                while running:
                    if cancel is not None and cancel.is_set():
                        raise Cancelled("cancelled")
                    done, _ = wait(running, timeout=POLL_S, return_when=FIRST_COMPLETED)
                    for future in done:
                        i = running.pop(future)
                        try:
                            result = future.result()
                        except BrokenProcessPool:
                            broken = True  # a worker died: this task (and every unfinished one) runs again
                            continue
                        left.discard(i)
                        if cancel is not None and cancel.is_set():
                            raise Cancelled("cancelled")
                        yield i, result
                    if broken:
                        break
                if broken:
                    self._stop_pool()
                    self.restarts += 1
                    worst = max(tries[i] for i in left) if left else 0
                    if worst > self.options.retries:
                        raise EngineError(f"workers died {worst} times during this run; giving up")
        except BaseException:
            self._stop_pool()
            raise

    def _run_dask(self, fn, tasks, cancel):
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        client = self._client
        futures = [client.submit(fn, *args, pure=False, key=f"{getattr(fn, '__name__', 'task')}-{i}-{os.urandom(4).hex()}")
                   for i, args in enumerate(tasks)]
        index = {f.key: i for i, f in enumerate(futures)}
        pending = as_completed(futures)
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    raise Cancelled("cancelled")
                batch = pending.next_batch(block=False) if hasattr(pending, "next_batch") else []
                if not batch:
                    if pending.is_empty():
                        break
                    threading.Event().wait(POLL_S)
                    continue
                for future in batch:
                    try:
                        result = future.result()
                    except KilledWorker:
                        raise EngineError("a worker died running the same task several times; giving up") from None
                    future.release()
                    if cancel is not None and cancel.is_set():
                        raise Cancelled("cancelled")
                    yield index[future.key], result
        except BaseException:
            client.cancel(futures)
            raise


def _worker_env(env: dict[str, str]) -> None:
    """A local worker's start: its environment, and Ctrl-C left to the coordinating process (which stops
    the workers itself, so a task never reports an interrupt as its result)."""
    import signal

    from viewer import settings

    settings.set_in_process(env, override=True)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
