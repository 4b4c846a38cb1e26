"""Review store benchmark: the cost of one durable annotation write, and the Replay page with many annotations.

Run: .venv/bin/python bench/bench_review.py [--writes 2000] [--annotations 1000] [--runs 5] [--loads 5]
Prints
- p50/p99 latency of add_flag and of update on SQLite WAL (synchronous=FULL), each against a raw sqlite3
  INSERT + COMMIT on a WAL database with the same settings, measured in this process (target p99 < 50 ms);
- the Replay page (AppTest run, and time to an interactive player in Chromium) with N annotations on the
  session against 0, as ratios.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from review_page import SESSION, bench_page  # noqa: E402
from timing import timed_ms  # noqa: E402

from viewer.review import Store  # noqa: E402
from viewer.review.db import BUSY_TIMEOUT_MS  # noqa: E402


def percentiles(ms: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return cuts[49], cuts[98]


# -- a. one write ---------------------------------------------------------------------------------------
def raw_sqlite_inserts(path: Path, n: int) -> list[float]:
    """The floor: one row INSERT + COMMIT on a WAL database with the store's pragmas (synchronous=FULL)."""
    con = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE flag (id TEXT PRIMARY KEY, session_id TEXT, t_start REAL, t_end REAL, note TEXT)")

    def insert(i: int) -> None:
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO flag VALUES (?, ?, ?, ?, ?)", (f"id{i}", SESSION, i, i + 1, "n"))
        con.execute("COMMIT")

    try:
        return timed_ms(insert, n)
    finally:
        con.close()


def store_writes(url: str, n: int) -> tuple[list[float], list[float]]:
    with Store.open(url) as store:
        flags = []

        def add(i: int) -> None:
            flags.append(store.add_flag(SESSION, "h", reviewer="bench", t_start=i, t_end=i + 1, category="email",
                                        regions=[{"screen": 0, "x": 1, "y": 2, "w": 3, "h": 4}], note="n"))

        def update(i: int) -> None:
            store.update("flag", flags[i].id, flags[i].version, reviewer="bench", note=f"n{i}")

        return timed_ms(add, n), timed_ms(update, n)


def bench_writes(root: Path, n: int) -> None:
    base = raw_sqlite_inserts(root / "raw.db", n)
    adds, updates = store_writes(f"sqlite:///{root / 'store.db'}", n)
    b50, b99 = percentiles(base)
    print(f"one write, SQLite WAL synchronous=FULL, N={n} each:")
    print(f"  raw sqlite3 INSERT + COMMIT (baseline): p50 {b50:.2f} ms, p99 {b99:.2f} ms")
    for name, ms in (("Store.add_flag", adds), ("Store.update (flag)", updates)):
        p50, p99 = percentiles(ms)
        print(f"  {name:<22} p50 {p50:.2f} ms ({p50 / b50:.1f}x), p99 {p99:.2f} ms ({p99 / b99:.1f}x), "
              f"max {max(ms):.1f} ms; p99 < 50 ms: {'met' if p99 < 50 else 'NOT met'}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--writes", type=int, default=2000)
    ap.add_argument("--annotations", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5, help="AppTest reruns per case")
    ap.add_argument("--loads", type=int, default=5, help="Chromium page loads per case (0: no browser)")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-review-"))
    try:
        bench_writes(root, args.writes)
        bench_page(root, args.annotations, args.runs, args.loads)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
