"""Local scan scaling: 1 vs N worker processes on the same dataset, cold (the pool starts) and warm (reused).

Run: .venv/bin/python bench/bench_scan_scaling.py [--sessions 32] [--session-events 20000] [--workers 2]
Prints wall-clock seconds and the speed-up of N workers over 1 measured in this run (ideal: N); on a machine
shared with other work the ratio, not the seconds, is the figure to compare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_quality import make_session  # noqa: E402

from viewer.quality import Thresholds, scan_dataset  # noqa: E402
from viewer.quality import scan as scan_module  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=32)
    ap.add_argument("--session-events", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 8))
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    th = Thresholds()
    root = Path(tempfile.mkdtemp(prefix="bench-scan-"))
    try:
        data = root / "data"
        for i in range(args.sessions):
            make_session(data, f"s{i:03d}", args.session_events, seed=100 + i)
        one = min(timed(lambda: scan_dataset(data, th, workers=1)) for _ in range(args.repeat))
        scan_module._shutdown_pools()
        cold = timed(lambda: scan_dataset(data, th, workers=args.workers))
        warm = min(timed(lambda: scan_dataset(data, th, workers=args.workers)) for _ in range(args.repeat))
        scan_module._shutdown_pools()
        n = args.workers
        print(f"{args.sessions} sessions x {args.session_events:,} events, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"  1 worker {one:.2f} s; {n} workers cold (pool starts) {cold:.2f} s: {one / cold:.2f}x; "
              f"warm (pool reused) {warm:.2f} s: {one / warm:.2f}x (ideal {n:.2f}x; aim {0.7 * n:.2f}x)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
