"""Loader benchmark: ratios against pandas.read_json(lines=True) on the same 1M-event file.

Run: .venv/bin/python bench/bench_load.py [--events N]
Prints the loader's speed-up over pandas (target >= 8x), the cached load as a fraction of the
first load (target <= 0.10), the validator against the loader, the loader's peak memory, and the first load
of the same events as `events.parquet` (what importers write; target: under 1 s on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
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


def best_of(fn, repeat: int) -> tuple[float, float]:
    """(wall, cpu) seconds, each the best of `repeat` runs. CPU time counts every thread, so its
    ratio says how much less work is done, whatever the machine's load or core count."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def make_session(root: Path, n: int) -> Path:
    d = root / "bench"
    d.mkdir()
    (d / "session.json").write_text(json.dumps(MANIFEST))
    synthetic.write_events(d / "events.jsonl", n)
    settled = time.time() - 3600  # a recording finished an hour ago, as real traces are when opened
    os.utime(d / "events.jsonl", (settled, settled))
    return d


def parquet_copy(session: Path, root: Path) -> Path:
    """The same session with its events written as importers write them (events.parquet)."""
    from viewer.trace.writer import write_events

    root.mkdir()
    d = root / session.name
    d.mkdir()
    shutil.copy(session / "session.json", d / "session.json")
    rows = [json.loads(line) for line in (session / "events.jsonl").read_bytes().splitlines() if line.strip()]
    write_events(d, rows, fmt="parquet")
    return d


def peak_memory_mb(session: Path) -> float:
    """Peak RSS (VmHWM) of a fresh process that only loads the session (no cache).

    Not ru_maxrss: Linux carries that across exec, so a child of this big process would report the
    parent's size."""
    code = ("import sys; from viewer.trace import load_session; load_session(sys.argv[1], None);"
            "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])")
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
        validate_s = best_of(lambda: validate_session(session), 1)[0]
        mem = peak_memory_mb(session)
        parquet = parquet_copy(session, root / "parquet")
        parquet_s = best_of(lambda: load_session(parquet, None), args.repeat)
        parquet_mb = (parquet / "events.parquet").stat().st_size / 1e6
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"events file: {args.events:,} events, {size_mb:.0f} MB; best of {args.repeat}")
    (pw, pc), (cw, cc), (kw, kc) = pandas_s, cold_s, cached_s
    print(f"pandas.read_json(lines=True): {pw:.3f} s wall, {pc:.3f} s cpu (baseline)")
    print(f"load_session, no cache:       {cw:.3f} s wall, {cc:.3f} s cpu -> {pw / cw:.1f}x faster than pandas "
          f"(cpu {pc / cc:.1f}x; target >= 8x)")
    print(f"load_session, cached:         {kw:.3f} s wall, {kc:.3f} s cpu -> {kw / cw:.3f} of the first load "
          f"(target <= 0.10)")
    print(f"validate_session:             {validate_s:.3f} s wall -> {validate_s / cw:.1f}x the loader")
    print(f"peak memory, loading:         {mem:.0f} MB (target < 1024 MB)")
    (qw, qc) = parquet_s
    print(f"events.parquet ({parquet_mb:.0f} MB), no cache: {qw:.3f} s wall, {qc:.3f} s cpu -> {pw / qw:.1f}x "
          f"faster than pandas on the JSONL, {cw / qw:.1f}x the JSONL first load (target: first load < 1 s)")


if __name__ == "__main__":
    main()
