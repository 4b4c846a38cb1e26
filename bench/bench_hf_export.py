"""`export --format hf` benchmark: steps per second and MB/s against the trace export of the same sessions, in
the same process, and the peak memory of each (a child process per run, so one run's peak is not another's).

Run: .venv/bin/python bench/bench_hf_export.py [--copies N ...] [--minutes M]
Each --copies value makes a dataset of 3 generated sessions copied N times; a peak memory that stays flat as
the dataset grows is what "bounded" means here.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_export import KEY, annotate, make_dataset  # noqa: E402


def _run(kind: str, data: str, url: str, out: str, queue) -> None:
    from viewer.export import export_dataset
    from viewer.export.hf import HfOptions, export_hf, parse
    from viewer.review import Store

    start = time.perf_counter()
    with Store.open(url) as store:
        if kind == "trace":
            export_dataset(Path(data), Path(out), store, KEY)
            steps = 0
        else:
            body = export_hf(Path(data), Path(out), store, KEY, HfOptions(parse(None), unknown_split="train"))
            steps = sum(body["splits"]["steps"].values())
    queue.put((time.perf_counter() - start, steps, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def measure(kind: str, data: Path, url: str, out: Path) -> tuple[float, int, float]:
    """(seconds, steps, peak MB) of one export in a fresh process."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run, args=(kind, str(data), url, str(out), queue))
    proc.start()
    result = queue.get()
    proc.join()
    shutil.rmtree(out)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, nargs="+", default=[4, 16])
    ap.add_argument("--minutes", type=float, default=1.0)
    args = ap.parse_args()
    for copies in args.copies:
        root = Path(tempfile.mkdtemp(prefix="bench-hf-"))
        try:
            data = make_dataset(root, args.minutes, copies)
            mb = sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 1e6
            url = f"sqlite:///{root / 'db.sqlite'}"
            annotate(data, url, True, False)
            trace_s, _, trace_mb = measure("trace", data, url, root / "out")
            hf_s, steps, hf_mb = measure("hf", data, url, root / "out")
            print(f"{copies * 3} sessions, {mb:.1f} MB: trace {trace_s:.2f} s ({mb / trace_s:.1f} MB/s, peak "
                  f"{trace_mb:.0f} MB); hf {hf_s:.2f} s ({mb / hf_s:.1f} MB/s, {steps / hf_s:.0f} steps/s, "
                  f"{steps} steps, peak {hf_mb:.0f} MB); hf / trace = {hf_s / trace_s:.2f}x")
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
