"""Loader benchmark: ratios against pandas.read_json(lines=True) on the same 1M-event file.

Run: .venv/bin/python bench/bench_load.py [--events N]
Prints the loader's speed-up over pandas (target >= 8x), the cached load as a fraction of the
first load (target <= 0.10), the validator against the loader, and the loader's peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synthetic  # noqa: E402

from viewer.trace import load_session, validate_session  # noqa: E402

MANIFEST = {"format": "trace/1", "session_id": "bench", "started_at": "2026-01-01T00:00:00Z",
            "screens": [{"id": 0, "x": 0, "y": 0, "width": 1920, "height": 1080, "scale": 1}]}


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def make_session(root: Path, n: int) -> Path:
    d = root / "bench"
    d.mkdir()
    (d / "session.json").write_text(json.dumps(MANIFEST))
    synthetic.write_events(d / "events.jsonl", n)
    return d


def peak_memory_mb(session: Path) -> float:
    """Peak RSS of a fresh process that only loads the session (no cache)."""
    code = ("import resource,sys; from viewer.trace import load_session; load_session(sys.argv[1], None);"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(session)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        session = make_session(root, args.events)
        path = session / "events.jsonl"
        size_mb = path.stat().st_size / 1e6
        pandas_s = best_of(lambda: pd.read_json(path, lines=True), args.repeat)
        cold_s = best_of(lambda: load_session(session, None), args.repeat)
        cache = root / "cache"
        load_session(session, cache)
        cached_s = best_of(lambda: load_session(session, cache), args.repeat)
        validate_s = best_of(lambda: validate_session(session), 1)
        mem = peak_memory_mb(session)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"events file: {args.events:,} events, {size_mb:.0f} MB; best of {args.repeat}")
    print(f"pandas.read_json(lines=True): {pandas_s:.3f} s (baseline)")
    print(f"load_session, no cache:       {cold_s:.3f} s  -> {pandas_s / cold_s:.1f}x faster than pandas (target >= 8x)")
    print(f"load_session, cached:         {cached_s:.3f} s  -> {cached_s / cold_s:.3f} of the first load (target <= 0.10)")
    print(f"validate_session:             {validate_s:.3f} s  -> {validate_s / cold_s:.1f}x the loader")
    print(f"peak memory, loading:         {mem:.0f} MB (target < 1024 MB)")


if __name__ == "__main__":
    main()
