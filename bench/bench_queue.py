"""Review queue benchmark: what "Next session to review" costs, against one annotation write.

Run: .venv/bin/python bench/bench_queue.py [--sessions 1000 10000] [--calls 200]
For a dataset of N sessions (a tenth already reviewed), times next_session + set_review (approve) for
`--calls` sessions in a row, and as the baseline the same number of store.add_comment writes on the same
database in this process; prints p50/p99 of each and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viewer.review import Store  # noqa: E402
from viewer.team import queue  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import timed_ms  # noqa: E402


def p50_p99(ms: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return cuts[49], cuts[98]


def run(url: str, n_sessions: int, calls: int) -> None:
    sessions = [f"s{i:06d}" for i in range(n_sessions)]
    with Store.open(url) as store:
        with store.transaction("setup") as tx:  # a tenth reviewed already, spread over the dataset
            for sid in sessions[::10]:
                tx.set_review(sid, "h", "approved", None)
        baseline = timed_ms(lambda i: store.add_comment("bench", "h", reviewer="bench", t=i, text="x"), calls)

        def take_and_approve(i: int) -> None:
            held = queue.next_session(store, "bench", sessions, 30)
            store.set_review(held.session_id, "h", "approved", reviewer="bench")

        measured = timed_ms(take_and_approve, calls)
    b50, b99 = p50_p99(baseline)
    m50, m99 = p50_p99(measured)
    print(f"{n_sessions:>6} sessions: next_session + approve p50 {m50:6.1f} ms p99 {m99:6.1f} ms | "
          f"one annotation write p50 {b50:5.1f} ms p99 {b99:5.1f} ms | ratio of medians {m50 / b50:4.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sessions:
            run(f"sqlite:///{Path(tmp) / f'queue-{n}.db'}", n, args.calls)  # a new SQLite WAL file per size


if __name__ == "__main__":
    main()
