"""The Dask LocalCluster the engine starts: its processes do not watch themselves (stack sampling, work
stealing), a worker is handed one task at a time, the caller's own Dask configuration is left as it was, and
tasks still run on every worker."""

from __future__ import annotations

import os

import dask
import distributed  # noqa: F401 - loads the distributed configuration the test reads

from viewer.engine import Engine, EngineOptions


def _worker_view() -> tuple[bool, int]:
    return dask.config.get("distributed.worker.profile.enabled"), os.getpid()


def _scheduler_view(dask_scheduler) -> tuple[bool, float]:
    return "stealing" in dask_scheduler.extensions, dask_scheduler.WORKER_SATURATION


def test_the_local_cluster_runs_quiet_workers_and_leaves_the_callers_config_alone():
    before = dask.config.get("distributed.worker.profile.enabled")
    with Engine(EngineOptions("dask", 2)) as eng:
        views = eng.everywhere(_worker_view)
        steals, saturation = eng._client.run_on_scheduler(_scheduler_view)
        squares = sorted(result for _, result in eng.run(pow, [(i, 2) for i in range(5)]))
    assert [profiled for profiled, _ in views] == [False, False]
    assert len({pid for _, pid in views} | {os.getpid()}) == 3  # two worker processes, neither this one
    assert steals is False
    assert saturation == 1.0  # a one-thread worker is handed one task at a time, never a second to sit on
    assert squares == [0, 1, 4, 9, 16]
    assert dask.config.get("distributed.worker.profile.enabled") == before is True
