"""Quality-scan benchmark: cost against events (1x, 2x, 4x), 1 vs 2 local workers, incremental re-scan.

Run: .venv/bin/python bench/bench_quality.py [--events N] [--sessions S] [--dask]
Prints ratios measured in this run: the scan's cost should grow linearly with events (2x events ->
~2x time), divide across workers (speed-up of 2 workers over 1), and a re-scan of an unchanged
dataset should cost a small fraction of the first scan.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synthetic  # noqa: E402

from viewer.quality import Thresholds, scan_dataset, scan_session  # noqa: E402

MANIFEST = {"format": "trace/1", "started_at": "2026-01-01T00:00:00Z",
            "screens": [{"id": 0, "x": 0, "y": 0, "width": 1920, "height": 1080, "scale": 1}]}


def make_session(root: Path, name: str, n: int, seed: int = 0) -> Path:
    d = root / name
    d.mkdir(parents=True)
    (d / "session.json").write_text(json.dumps({**MANIFEST, "session_id": name}))
    synthetic.write_events(d / "events.jsonl", n, seed)
    return d


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def cpu_seconds(fn) -> float:
    """CPU time of this process and its (finished) children: independent of other load on the machine."""
    import resource

    def now():
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    start = now()
    fn()
    return now() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=200_000, help="events of the 1x session")
    ap.add_argument("--sessions", type=int, default=16, help="sessions of the worker / incremental dataset")
    ap.add_argument("--session-events", type=int, default=40_000)
    ap.add_argument("--dask", action="store_true", help="also time a 2-worker Dask LocalCluster")
    args = ap.parse_args()
    th = Thresholds()
    root = Path(tempfile.mkdtemp(prefix="bench-quality-"))
    try:
        # 1. cost against events: one session each at 1x, 2x, 4x (no load cache: the scan reads the file)
        sizes = {k: make_session(root / "scale", f"x{k}", args.events * k, seed=k) for k in (1, 2, 4)}
        cost = {k: best(lambda d=d: scan_session(d, th, None)) for k, d in sizes.items()}
        print(f"scan 1x ({args.events:,} events): {cost[1]:.3f} s; 2x: {cost[2]:.3f} s; 4x: {cost[4]:.3f} s")
        print(f"  ratio 2x/1x = {cost[2] / cost[1]:.2f} (linear: 2.00); 4x/1x = {cost[4] / cost[1]:.2f} "
              f"(linear: 4.00)")
        print(f"  per million events: {cost[4] / (4 * args.events) * 1e6:.2f} s")

        # 2. workers: the same dataset on 1 and 2 local worker processes
        data = root / "data"
        for i in range(args.sessions):
            make_session(data, f"s{i:03d}", args.session_events, seed=100 + i)
        one = best(lambda: scan_dataset(data, th, workers=1), 2)
        two = best(lambda: scan_dataset(data, th, workers=2), 2)
        total = args.sessions * args.session_events
        print(f"dataset {args.sessions} sessions x {args.session_events:,} events: 1 worker {one:.2f} s, "
              f"2 workers {two:.2f} s; speed-up {one / two:.2f}x (ideal 2.00x; "
              f"{total / two / 1e6:.2f} M events/s)")
        cpu_one, cpu_two = cpu_seconds(lambda: scan_dataset(data, th, workers=1)), \
            cpu_seconds(lambda: scan_dataset(data, th, workers=2))
        print(f"  CPU seconds (all processes): 1 worker {cpu_one:.2f}, 2 workers {cpu_two:.2f}; "
              f"ratio {cpu_two / cpu_one:.2f} (1.00: the work divides without overhead; "
              f"wall-clock speed-up <= 2 / ratio on 2 idle CPUs)")
        if args.dask:
            from distributed import LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
                scan_dataset(data, th, engine="dask", address=cluster.scheduler_address)  # warm the workers
                dask2 = best(lambda: scan_dataset(data, th, engine="dask", address=cluster.scheduler_address), 2)
            print(f"  dask 2 workers (warm LocalCluster): {dask2:.2f} s; speed-up over 1 local worker "
                  f"{one / dask2:.2f}x")

        # 3. incremental: a re-scan of the unchanged dataset against the full scan
        first = scan_dataset(data, th, workers=1)
        again = best(lambda: scan_dataset(data, th, workers=1, previous=first.report))
        check = scan_dataset(data, th, workers=1, previous=first.report)
        assert check.scanned == 0 and check.reused == args.sessions
        print(f"incremental re-scan (nothing changed): {again * 1000:.1f} ms vs full {first.seconds:.2f} s; "
              f"ratio {again / first.seconds:.4f} (target <= 0.05)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
